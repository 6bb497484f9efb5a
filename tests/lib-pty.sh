# SPDX-License-Identifier: ISC
# Driving a program under a pseudo-terminal (script(1)) step by step: each
# line is typed only once its prompt is on the screen. Source after lib.sh.

# pty_start CMD: runs the shell command CMD inside a new terminal, for 60
# seconds at most (PTY_TIMEOUT= seconds).
pty_start() {
	rm -f "$T/pty.in"; mkfifo "$T/pty.in"
	# Emptied now, not by the background job: a pty_wait right after
	# must not find the previous terminal's text.
	: >"$T/pty.out"
	SHELL=/bin/sh timeout "${PTY_TIMEOUT:-60}" script -q -e -c "$1" /dev/null \
	    <"$T/pty.in" >"$T/pty.out" 2>&1 &
	_pty=$!
	exec 3>"$T/pty.in"
}
# pty_wait TEXT [SECONDS]: waits (15 s at most) for the fixed TEXT on the
# screen.
pty_wait() {
	_i=0
	while ! grep -qF -- "$1" "$T/pty.out" 2>/dev/null; do
		_i=$((_i + 1)); [ "$_i" -gt $((${2:-15} * 20)) ] && return 1
		sleep 0.05
	done
}
# pty_type TEXT: types TEXT. Typing into a terminal that is gone would
# kill the story with SIGPIPE, hence the check.
pty_type() { kill -0 "$_pty" 2>/dev/null && printf '%s' "$1" >&3; }
# pty_end: closes the keyboard and waits for the terminal to end.
pty_end() { exec 3>&-; wait "$_pty"; }
# screen: what the terminal showed, without carriage returns.
screen() { tr -d '\r' <"$T/pty.out"; }
