# SPDX-License-Identifier: ISC
# `make run` stops everything on Ctrl-C (INT), TERM and a closed terminal
# (HUP): lighttpd, xinetd and the exam sessions in progress, none left
# running under PID 1, with exit status 0; `make run` itself prints no
# error for it.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"

# up PORT: a TCP socket listens on PORT (read from the kernel's tables,
# never by connecting: that would be a counted exam connection).
up() {
	awk -v port="$(printf '%04X' "$1")" '
	    $4 == "0A" { n = split($2, a, ":"); if (a[n] == port) found = 1 }
	    END { exit !found }' /proc/net/tcp /proc/net/tcp6
}
# gone PID: PID has ended (waits up to 5 s).
gone() {
	_i=0
	while kill -0 "$1" 2>/dev/null; do
		_i=$((_i + 1)); [ "$_i" -gt 100 ] && return 1; sleep 0.05
	done
}
# orphans: processes under PID 1 that belong to this story's state.
orphans() { ps -eo ppid=,pid=,args= | awk -v s="$T/state" '$1 == 1 && index($0, s)'; }

# story HOW CMD: starts CMD (a `make run` or scripts/run) in a terminal,
# opens an exam session that waits at its first prompt, stops the run
# HOW (INT, TERM or HUP) and checks that everything is gone.
story() {
	how=$1 cmd=$2
	wp=$(free_port); ep=$(free_port)
	while [ "$ep" = "$wp" ]; do ep=$(free_port); done
	tp=$(free_port)
	while [ "$tp" = "$wp" ] || [ "$tp" = "$ep" ]; do tp=$(free_port); done
	export EXAM_TLS_PORT=$tp
	rm -rf "$T/state" "$T/session.out"
	pty_start "trap : INT; echo \$\$ >$T/shell.pid;
STATE_DIR=$T/state WEB_PORT=$wp EXAM_PORT=$ep $cmd; echo status=\$?"
	t_ok "$how: the run starts" pty_wait 'Press Ctrl-C to stop.'
	web=$(ps -C lighttpd -o pid=,args= | awk -v c="$T/state/" 'index($0, c) { print $1 }')
	exam=$(ps -C xinetd -o pid=,args= | awk -v c="$T/state/" 'index($0, c) { print $1 }')
	t_ok "$how: lighttpd and xinetd run" test -n "$web" -a -n "$exam"
	[ -n "$web" ] && [ -n "$exam" ] || { screen | sed 's/^/# /'; ps -eo pid,ppid,args | grep -F "$T" | sed 's/^/# /'; }
	# A session in progress: connected, at the username prompt.
	(sleep 30 | nc 127.0.0.1 "$ep" >"$T/session.out" 2>&1) &
	client=$!
	_i=0
	until grep -q 'Username: ' "$T/session.out" 2>/dev/null; do
		_i=$((_i + 1)); [ "$_i" -gt 100 ] && break; sleep 0.05
	done
	session=$(pgrep -P "$exam")
	t_ok "$how: an exam session is open" test -n "$session"
	case $how in
	INT) pty_type "$(printf '\003')" ;;
	TERM) kill -TERM "$(pgrep -P "$(cat "$T/shell.pid")" | head -n 1)" ;;
	HUP) # The terminal closes: script(1), which holds it, is killed.
	     kill -TERM "$(pgrep -P "$_pty")" ;;
	esac
	t_ok "$how: lighttpd ends" gone "${web:-0}"
	t_ok "$how: xinetd ends" gone "${exam:-0}"
	t_ok "$how: the exam session ends" gone "${session:-0}"
	t_fails "$how: nothing listens on the web port" up "$wp"
	t_fails "$how: nor on the exam port" up "$ep"
	t_is "$how: nothing is left under PID 1" "$(orphans)" ""
	if [ "$how" != HUP ]; then
		t_ok "$how: the run ends" pty_wait 'status='
		t_like "$how: saying so" "$(screen)" 'stopped$'
	fi
	pty_end
	pkill -P "$client" sleep 2>/dev/null
	wait "$client" 2>/dev/null
}

story INT "sh $TOP/scripts/run $BUILD"
t_like "INT: exit status 0" "$(screen)" '^status=0$'
story TERM "sh $TOP/scripts/run $BUILD"
t_like "TERM: exit status 0" "$(screen)" '^status=0$'
story HUP "sh $TOP/scripts/run $BUILD"

# Through make, as a user types it: Ctrl-C is no error.
story INT "make -s -C $TOP run"
t_unlike "make run, Ctrl-C: make reports no error" "$(screen)" 'make: \*\*\*|Error'
story HUP "make -s -C $TOP run"
t_done
