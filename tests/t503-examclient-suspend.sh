# SPDX-License-Identifier: ISC
# examclient and job control: Ctrl-Z suspends the client for real (state
# T, no CPU used while stopped, the terminal handed back as it was found),
# and `fg` resumes it with the echo state of the prompt that is open.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
. "$TOP/tests/lib-pty.sh"

t_ok "test database created" exam_db_create
start_exam; rc=$?
t_is "xinetd serves examd" "$rc" 0
[ "$rc" -eq 0 ] || { t_done; exit 1; }

# state PID: the process state letter (R, S, T...).
state() { awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null; }
# cpu PID: user + system clock ticks used so far.
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }

# A shell with job control (set -m) runs the client in the foreground;
# when it stops, the shell goes on: it reports the stop, whether the
# terminal is as before, waits for a line (typed below) and resumes it.
cat >"$T/session.sh" <<SH
set -m
before=\$(stty -g)
sh -c 'echo \$\$ >$T/pid; exec $BIN/examclient 127.0.0.1 $EXAM_PORT'
echo stopped=\$?
[ "\$before" = "\$(stty -g)" ] && echo TERMINAL-HANDED-BACK
read -r go
fg
echo status=\$?
[ "\$before" = "\$(stty -g)" ] && echo SETTINGS-RESTORED
SH

# suspend: Ctrl-Z, then checks the client is stopped and idle.
suspend() { # what
	pty_type "$(printf '\032')"
	t_ok "$1: Ctrl-Z gives the shell back" pty_wait 'stopped='
	pid=$(cat "$T/pid")
	sleep 0.3
	t_is "$1: the client is stopped (state T)" "$(state "$pid")" T
	c0=$(cpu "$pid")
	sleep 1
	t_is "$1: and uses no CPU while stopped" "$(cpu "$pid")" "$c0"
	t_like "$1: the shell saw a stop (status 148)" "$(screen)" 'stopped=148$'
	t_like "$1: with the terminal as it was" "$(screen)" '^TERMINAL-HANDED-BACK$'
}

# Ctrl-Z at an answer prompt, then fg: echo stays on.
pty_start "bash --norc --noprofile $T/session.sh"
pty_wait 'Username: ' && pty_type 'zoe
'
pty_wait 'Choose a password: ' && pty_type 'zoe-secret
'
pty_wait 'Repeat password: ' && pty_type 'zoe-secret
'
t_ok "pty: first question" pty_wait 'Answer: '
suspend "at Answer:"
pty_type 'go
'
sleep 0.3
t_is "fg: the client runs again" "$(state "$pid")" S
pty_type 'b
'
t_ok "fg: the answer reaches the server" pty_wait 'Question 2/3'
pty_type 'a
'
pty_wait 'Question 3/3' && pty_type 'f
'
t_ok "the session ends" pty_wait 'status='
pty_end
t_like "the answer typed after fg was echoed" "$(screen)" '^b$'
t_like "the exam finished" "$(screen)" '^Your score: 3/3'
t_like "exit status 0" "$(screen)" '^status=0$'
t_like "the terminal settings are restored" "$(screen)" '^SETTINGS-RESTORED$'

# Ctrl-Z at a password prompt: echo is back on for the shell, off again
# after fg.
pty_start "bash --norc --noprofile $T/session.sh"
pty_wait 'Username: ' && pty_type 'zoe
'
t_ok "pty: password prompt" pty_wait 'Password: '
suspend "at Password:"
pty_type 'shell-line-is-echoed
'
sleep 0.3
pty_type 'zoe-secret
'
t_ok "fg: the password logs in" pty_wait 'Welcome back, zoe.'
pty_wait 'Answer: ' && pty_type 'b
'
pty_wait 'Question 2/3' && pty_type 'a
'
pty_wait 'Question 3/3' && pty_type 'f
'
t_ok "the session ends" pty_wait 'status='
pty_end
t_like "the shell's line was echoed while stopped" "$(screen)" 'shell-line-is-echoed'
t_unlike "the password typed after fg was not" "$(screen)" 'zoe-secret'
t_like "exit status 0" "$(screen)" '^status=0$'
t_like "the terminal settings are restored" "$(screen)" '^SETTINGS-RESTORED$'
t_done
