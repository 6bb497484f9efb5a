# SPDX-License-Identifier: ISC
# examclient against examd under xinetd: piped stdin passes the whole
# conversation; under a pseudo-terminal the password is not echoed and the
# terminal is restored on exit, Ctrl-C, SIGTERM and SIGHUP.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
. "$TOP/tests/lib-pty.sh"

t_ok "test database created" exam_db_create
start_exam; rc=$?
t_is "xinetd serves examd" "$rc" 0
[ "$rc" -eq 0 ] || { t_done; exit 1; }
client() { timeout 20 "$BIN/examclient" 127.0.0.1 "$EXAM_PORT"; }

# Piped stdin: no terminal handling, every line passed through, the end of
# input half-closes and the rest of the reply is still shown.
out=$(printf 'dave\npipe-pw\npipe-pw\n%s\n' "$EXAM_RIGHT" | client 2>"$T/err"); rc=$?
t_is "piped session: exit 0 when the server closes" "$rc" 0
t_is "nothing on stderr" "$(cat "$T/err")" ""
t_like "the welcome is shown" "$out" '^Welcome to the exam server'
t_like "the score is shown" "$out" '^Your score: 3/3'
t_is "the last line is the goodbye" "$(printf '%s\n' "$out" | tr -d '\r' | tail -n 1)" "Goodbye dave."
t_is "the server's CRLF is passed through unchanged" \
	"$(printf '%s\n' "$out" | head -n 1 | od -An -c | tr -d ' \n')" \
	'Welcometotheexamserver.\r\n'
t_is "the result is stored" "$(exam_sql "SELECT score || '/' || total FROM results WHERE username = 'dave'")" 3/3
out=$(printf 'erin\n' | client); rc=$?
t_is "input ending early: exit 0" "$rc" 0
t_like "and the server's reply after the end of input is shown" "$out" 'Choose a password: '
out=$(printf 'dave\r\npipe-pw\r\na\r\nb\r\na\r\n' | client)
t_like "CRLF input works too" "$out" '^Your score: 0/3'

# Under a pseudo-terminal, driven step by step (tests/lib-pty.sh).
# The command: note the terminal settings, run the client (its pid in
# $T/pid), note its status and whether the settings came back the same.
session="trap : INT; before=\$(stty -g);
sh -c 'echo \$\$ >$T/pid; exec $BIN/examclient 127.0.0.1 $EXAM_PORT';
echo status=\$?; [ \"\$before\" = \"\$(stty -g)\" ] && echo SETTINGS-RESTORED;
stty -a | grep -q ' -echo ' || echo ECHO-ON"

pty_start "$session"
t_ok "pty: username prompt" pty_wait 'Username: '
pty_type 'carol
'
t_ok "pty: new user password prompt" pty_wait 'Choose a password: '
pty_type 'Tr0ub4dor
'
t_ok "pty: repeat prompt" pty_wait 'Repeat password: '
pty_type 'Tr0ub4dor
'
t_ok "pty: first question" pty_wait 'Answer: '
pty_type 'b
'
pty_wait 'Question 2/3' && pty_type 'a
'
pty_wait 'Question 3/3' && pty_type 'f
'
t_ok "pty: session ends" pty_wait 'status='
pty_end
t_like "the typed user name is echoed" "$(screen)" '^Username: carol$'
t_unlike "the password is never echoed" "$(screen)" 'Tr0ub4dor'
t_like "Enter after the password still starts a new line" "$(screen)" '^Repeat password: $'
t_like "answers are echoed again after the password" "$(screen)" '^Answer: b$'
t_like "the exam ends normally" "$(screen)" '^Goodbye carol\.$'
t_like "exit status 0" "$(screen)" '^status=0$'
t_like "the terminal settings are restored" "$(screen)" '^SETTINGS-RESTORED$'
t_like "echo is on after the client" "$(screen)" '^ECHO-ON$'
t_ok "the password was stored as a hash" \
	test "$(exam_sql "SELECT substr(password, 1, 3) FROM users WHERE username = 'carol'")" = '$y$'

# Ctrl-C at the password prompt: the client dies of SIGINT, echo restored.
pty_start "$session"
pty_wait 'Username: ' && pty_type 'carol
'
t_ok "pty: returning user password prompt" pty_wait 'Password: '
sleep 0.2
pty_type "$(printf 'typed-then-interrupted\003')"
t_ok "pty: Ctrl-C ends the client" pty_wait 'status='
pty_end
t_like "killed by SIGINT (status 130)" "$(screen)" 'Password: status=130$'
t_like "settings restored after Ctrl-C" "$(screen)" '^SETTINGS-RESTORED$'
t_unlike "what was typed at the prompt was not echoed" "$(screen)" 'typed-then'

# SIGTERM and SIGHUP at the password prompt.
for sig in TERM HUP; do
	pty_start "$session"
	pty_wait 'Username: ' && pty_type 'carol
'
	t_ok "pty: password prompt before SIG$sig" pty_wait 'Password: '
	sleep 0.2
	kill -"$sig" "$(cat "$T/pid")"
	t_ok "pty: SIG$sig ends the client" pty_wait 'status='
	pty_end
	want=$((128 + $(kill -l "$sig")))
	t_like "died of SIG$sig (status $want)" "$(screen)" "^status=$want\$"
	t_like "settings restored after SIG$sig" "$(screen)" '^SETTINGS-RESTORED$'
done

# examctl passwd, then logging in with the new password through the client.
printf 'N3w-pass\n' | "$BIN/examctl" --db "$EXAM_DB" passwd carol
out=$(printf 'carol\nN3w-pass\n%s\n' "$EXAM_RIGHT" | client)
t_like "the password set by examctl passwd logs in" "$out" 'Password: Welcome back, carol\.'
out=$(printf 'carol\nTr0ub4dor\nTr0ub4dor\nTr0ub4dor\n' | client)
t_like "the old one no longer does" "$out" 'Too many failed attempts\.'

# Connection failures and bad arguments.
port=$(free_port)
"$BIN/examclient" 127.0.0.1 "$port" </dev/null >"$T/out" 2>"$T/err"; rc=$?
t_is "nobody listening: exit 1" "$rc" 1
t_like "with a message" "$(cat "$T/err")" "^examclient: cannot connect to 127\\.0\\.0\\.1 port $port: "
"$BIN/examclient" no-such-host.invalid 9 </dev/null >/dev/null 2>"$T/err"; rc=$?
t_is "unknown host: exit 1" "$rc" 1
t_like "with a message" "$(cat "$T/err")" '^examclient: no-such-host\.invalid'
# A port is a number from 1 to 65535: no service names, no wrapping.
for p in no-such-service abc 99999 0 -1 65536 ' 80' ''; do
	"$BIN/examclient" 127.0.0.1 "$p" </dev/null >/dev/null 2>"$T/err"; rc=$?
	t_is "port '$p': exit 2" "$rc" 2
	[ -n "$p" ] || continue
	t_is "port '$p': says the port is bad" "$(cat "$T/err")" \
	    "examclient: bad port '$p': $(case $p in 99999|0|65536) echo out of range ;; *) echo not a decimal number ;; esac); want a number from 1 to 65535"
done
for args in "" "127.0.0.1" "127.0.0.1 1 2"; do
	# shellcheck disable=SC2086
	"$BIN/examclient" $args </dev/null >/dev/null 2>"$T/err"; rc=$?
	t_is "arguments '$args': exit 2" "$rc" 2
	t_like "arguments '$args': usage" "$(cat "$T/err")" '^usage: examclient \[--tls \[--ca FILE\]\] HOST PORT'
done
t_done
