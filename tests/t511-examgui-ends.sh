# SPDX-License-Identifier: ISC
# examgui when things end early: nobody listening, the server ending the
# session (three wrong passwords), the window closed mid-exam and while
# the server is silent (a scripted one: examd always greets at once, so
# the interface never waiting for the network needs a server that does
# not); then, against examd, the menu of exams chosen with the keyboard,
# a time limit running out, no attempts left (the menu again, then the
# goodbye); and over IPv6 as the seventh user.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-gui.sh"
gui_skip_unless_ready
. "$TOP/tests/lib-exam.sh"

# Wrong arguments: exit 2 with a usage line, before any window opens.
for args in "a 1 2" "-x" "host 0" "host 65536" "host 9000x"; do
	# shellcheck disable=SC2086
	DISPLAY= "$BIN/examgui" $args >/dev/null 2>"$T/err"; rc=$?
	t_is "arguments '$args': exit 2" "$rc" 2
	t_like "arguments '$args': says why" "$(cat "$T/err")" '^(usage: examgui \[--tls\] \[--ca FILE\] \[HOST \[PORT\]\]|examgui: the port is a number from 1 to 65535: )'
done
t_is "--help: exit 0" "$(DISPLAY= "$BIN/examgui" --help >/dev/null 2>&1; echo $?)" 0
env -u DISPLAY -u WAYLAND_DISPLAY ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" \
    "$BIN/examgui" 127.0.0.1 9 >/dev/null 2>"$T/err"; rc=$?
t_is "no display: exit 1" "$rc" 1
t_like "saying so" "$(cat "$T/err")" 'cannot open display'

t_ok "test database created" exam_db_create
exam_no_seventh
start_exam 30; rc=$?
t_is "xinetd serves examd" "$rc" 0
gui_display; rc=$?
t_is "Xvfb and a session bus run" "$rc" 0
exam_talk 'hank
hank-pw
hank-pw
' >/dev/null
t_is "user hank exists" "$(exam_sql "SELECT COUNT(*) FROM users WHERE username = 'hank'")" 1

# Nobody listening: the connect screen again, with the reason.
port=$(free_port)
t_ok "examgui opens" gui_start 127.0.0.1 "$port"
t_ok "nobody listening: back on the connect screen" gui_wait '^Exam — Connect$'
gui_shot 20-cannot-connect
t_ok "the reason, in the error colour" gui_colour_in 20-cannot-connect A51D2D
t_is "and on stderr" "$(cat "$T/gui.err")" \
	"examgui: Cannot reach 127.0.0.1 port $port: Connection refused"
# The fields can be corrected and the connection tried again.
xdotool windowfocus --sync "$GUI_WIN"
gui_key alt+p ctrl+a
gui_type "$EXAM_PORT"
gui_key Return
t_ok "a corrected port, then Enter: connected" gui_wait '^Exam — Username$'

# The server ends the session: three wrong passwords.
gui_type hank; gui_key Return
for i in 1 2 3; do
	gui_wait '^Exam — Password$' && gui_type "wrong$i" && gui_key Return
	sleep 0.5
done
t_ok "the server closed: back on the connect screen" gui_wait '^Exam — Connect$'
gui_shot 21-server-closed
t_like "the reason is the server's last line" "$(cat "$T/gui.err")" \
	'^examgui: The server closed the connection: Too many failed attempts\.$'

# Closed mid-exam: the session ends at once and stores nothing.
: >"$T/gui.err"
gui_key alt+c
t_ok "Alt+C (the Connect button) connects again" gui_wait '^Exam — Username$'
gui_type hank; gui_key Return
gui_wait '^Exam — Password$' && gui_type hank-pw && gui_key Return
t_ok "logged in: question 1" gui_wait '^Exam — Question 1 of 3$'
gui_key b Return
t_ok "question 2" gui_wait '^Exam — Question 2 of 3$'
before=$(grep -c 'EXIT: examd' "$T/xinetd-svc.log")
start=$(date +%s%N)
gui_key ctrl+w
t_ok "Ctrl+W mid-exam closes the window" gui_gone 3
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# closed mid-exam in $ms ms"
t_is "exit status 0" "$GUI_RC" 0
i=0
while [ "$(grep -c 'EXIT: examd' "$T/xinetd-svc.log")" -le "$before" ] && [ "$i" -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
t_ok "and the server's session ended with it (not at its idle timeout)" \
	test "$(grep -c 'EXIT: examd' "$T/xinetd-svc.log")" -gt "$before"
t_is "no result stored for the cut session" \
	"$(exam_sql "SELECT COUNT(*) FROM results WHERE username = 'hank'")" 0

# listening PORT: something listens on PORT (seen in /proc/net/tcp, as a
# probe would be the one connection nc -l takes).
listening() {
	_hex=$(printf '%04X' "$1")
	_i=0
	while ! awk -v p=":$_hex" '$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 } END { exit !f }' /proc/net/tcp; do
		[ "$_i" -ge 100 ] && return 1
		sleep 0.05; _i=$((_i + 1))
	done
}

# A server that accepts and then says nothing: the window stays live
# (title, keys) and closes at once.
port=$(free_port)
{ sleep 30; } | nc -l 127.0.0.1 "$port" >/dev/null 2>&1 &
silent=$!
at_exit "kill $silent 2>/dev/null"
listening "$port"
t_ok "examgui opens against a silent server" gui_start 127.0.0.1 "$port"
t_ok "it waits for the server" gui_wait '^Exam — Connecting$'
gui_shot 22-waiting
start=$(date +%s%N)
gui_key ctrl+q
t_ok "Ctrl+Q while the read waits closes the window" gui_gone 3
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# closed while waiting in $ms ms"
t_ok "within a second" test "$ms" -lt 1000
kill "$silent" 2>/dev/null

# The menu of exams, attempts and a time limit, against examd itself:
# three exams, math timed at 2 minutes of 6 s (--minute-seconds, examd's
# test aid) and allowed once per user.
ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
ectl questions import --exam math "$TOP/sql/math.txt" >/dev/null &&
    ectl questions import --exam python "$TOP/sql/python.txt" >/dev/null
ectl exams set math time-limit 2 >/dev/null && ectl exams set math attempts 1 >/dev/null
t_like "three exams, math timed and allowed once" "$(ectl exams)" 'math +6 +1 +2 min'
EXAM_ARGS='--minute-seconds 6' start_exam 30; rc=$?
t_is "xinetd serves examd with short minutes" "$rc" 0
t_ok "examgui opens" gui_start 127.0.0.1 "$EXAM_PORT"
gui_wait '^Exam — Username$' && gui_type ivy && gui_key Return
t_ok "a new user" gui_wait '^Exam — New password$'
gui_type ivy-pw; gui_key Tab; gui_type ivy-pw; gui_key Return
t_ok "registered: the menu of exams" gui_wait '^Exam — Choose an exam$'
gui_shot 23-menu
# The first exam is selected; Down moves to the second, Enter starts it.
gui_key Down
gui_shot 23-menu-math-selected
t_fails "Down moves the selection" cmp -s "$SHOTS/23-menu.png" \
	"$SHOTS/23-menu-math-selected.png"
gui_key Return
t_ok "Down, Enter: math, a question of six" gui_wait '^Exam — Question 1 of 6$'
gui_key b
sleep 0.5
gui_shot 24-question-time-left
sleep 1.5
gui_shot 24-question-time-left-later
t_ok "the time left counts down (the screen changes by itself)" \
	gui_differ 24-question-time-left 24-question-time-left-later
gui_key Return
t_ok "the second question" gui_wait '^Exam — Question 2 of 6$'
t_ok "the server ends the exam at its limit: the score" gui_wait '^Exam — Score$' 20
gui_shot 25-time-up-score
t_ok "with 'Time is up.' in the error colour" gui_colour_in 25-time-up-score A51D2D
t_is "the stored result: one answer of six, under math (examctl results --csv)" \
	"$(ectl results ivy --csv | tr -d '\r' | cut -d, -f1-5)" "username,exam,score,total,percent
ivy,math,1,6,17"
gui_key alt+c
t_ok "Alt+C (the Close button) closes" gui_gone 5

# No attempts left for math: said, and the menu comes again.
t_ok "examgui opens" gui_start 127.0.0.1 "$EXAM_PORT"
gui_wait '^Exam — Username$' && gui_type ivy && gui_key Return
gui_wait '^Exam — Password$' && gui_type ivy-pw && gui_key Return
t_ok "the menu" gui_wait '^Exam — Choose an exam$'
gui_key 2 Return
sleep 1
t_ok "2, Enter (math): the menu again" gui_wait '^Exam — Choose an exam$'
gui_shot 26-no-attempts-menu
t_ok "with the server's message in the error colour" \
	gui_colour_in 26-no-attempts-menu A51D2D
gui_key 1 Return
t_ok "1, Enter: default, untimed" gui_wait '^Exam — Question 1 of 3$'
gui_key b
sleep 0.5
gui_shot 27-question-untimed
sleep 1.5
gui_shot 27-question-untimed-later
t_fails "no time left shown: the screen stays as it is" \
	gui_differ 27-question-untimed 27-question-untimed-later
gui_key Return
gui_wait '^Exam — Question 2 of 3$' && gui_key a Return
gui_wait '^Exam — Question 3 of 3$' && gui_key f Return
t_ok "the score" gui_wait '^Exam — Score$'
gui_shot 28-score
t_fails "a score in time has no error colour" gui_colour_in 28-score A51D2D
gui_key Return
t_ok "closed" gui_gone 5

# Every exam used up: the message, then the server's goodbye.
ectl exams set default attempts 1 >/dev/null && ectl exams delete python >/dev/null
t_ok "examgui opens" gui_start 127.0.0.1 "$EXAM_PORT"
gui_wait '^Exam — Username$' && gui_type ivy && gui_key Return
gui_wait '^Exam — Password$' && gui_type ivy-pw && gui_key Return
t_ok "the menu" gui_wait '^Exam — Choose an exam$'
gui_key 2 Return
t_ok "math, with no exam left to take: the goodbye screen" gui_wait '^Exam — Goodbye$'
gui_shot 29-no-attempts-goodbye
t_ok "the reason in the error colour" gui_colour_in 29-no-attempts-goodbye A51D2D
sleep 0.5
t_unlike "the server's goodbye is no failure: nothing on stderr" "$(cat "$T/gui.err")" '.'
t_ok "still the goodbye screen after the server closed" gui_wait '^Exam — Goodbye$' 1
t_is "no result added (examctl results --csv)" \
	"$(ectl results ivy --csv | tr -d '\r' | cut -d, -f2-5 | tail -n +2 | tr '\n' ' ')" \
	"math,1,6,17 default,3,3,100 "
gui_key Return
t_ok "Enter closes" gui_gone 5
t_is "exit status 0" "$GUI_RC" 0

# Over IPv6 (an address literal), as the seventh user again: the banner
# lists [::1]:port addresses.
EXAM_BIND=::1 start_exam 30; rc=$?
t_is "xinetd serves examd on [::1]" "$rc" 0
exam_reset_count
for i in 1 2 3 4 5 6; do
	printf '' | timeout 10 nc -N -6 ::1 "$EXAM_PORT" >/dev/null
done
t_ok "examgui ::1 PORT opens" gui_start ::1 "$EXAM_PORT"
t_ok "connected over IPv6" gui_wait '^Exam — Username$'
gui_shot 26-ipv6-seventh-banner
t_ok "the seventh-user banner again" gui_colour_in 26-ipv6-seventh-banner F6D32D
t_is "seven [::1] connections counted" \
	"$("$BIN/examctl" --db "$EXAM_DB" connections | grep -c '\[::1\]:')" 7
gui_key ctrl+q
t_ok "closed" gui_gone 3
t_done
