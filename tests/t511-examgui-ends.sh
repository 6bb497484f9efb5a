# examgui when things end early: nobody listening, the server ending the
# session (three wrong passwords), the window closed mid-exam and while
# the server is silent (the interface never waits for the network), and
# the menu of exams with a time limit, played from SPEC's conversation by
# a scripted server until examd offers several exams; and over IPv6 as
# the seventh user.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-gui.sh"
gui_skip_unless_ready
. "$TOP/tests/lib-exam.sh"

# Wrong arguments: exit 2 with a usage line, before any window opens.
for args in "a 1 2" "-x" "host 0" "host 65536" "host 9000x"; do
	# shellcheck disable=SC2086
	DISPLAY= "$BIN/examgui" $args >/dev/null 2>"$T/err"; rc=$?
	t_is "arguments '$args': exit 2" "$rc" 2
	t_like "arguments '$args': says why" "$(cat "$T/err")" '^(usage: examgui \[HOST \[PORT\]\]|examgui: the port is a number from 1 to 65535: )'
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
t_is "Xvfb runs" "$rc" 0
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
gui_key Return
t_ok "connect again" gui_wait '^Exam — Username$'
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

# The menu of exams and a time limit, from SPEC's conversation: a
# scripted server sends each part once the window has answered the last.
# wait_line FILE N: FILE has N lines.
wait_line() {
	_i=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && [ "$_i" -lt 200 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
}
port=$(free_port)
heard=$T/heard
: >"$heard"
{
	printf 'Welcome to the exam server.\r\nUsername: '
	wait_line "$heard" 1
	printf 'Password: '
	wait_line "$heard" 2
	printf 'Welcome back, ivy.\r\nExams:\r\n  1) math\r\n  2) python\r\n  3) networks\r\nChoose an exam: '
	wait_line "$heard" 3
	printf 'The exam has 2 questions. Answer each with the letter of your choice.\r\nYou have 10 minutes.\r\n\r\n'
	printf 'Question 1/2: What does len([1, 2, 3]) return?\r\n  a) 2\r\n  b) 3\r\n  c) 6\r\nAnswer: '
	wait_line "$heard" 4
	printf 'Time is up.\r\nYour score: 1/2 (50%%)\r\nGoodbye ivy.\r\n'
} | nc -l 127.0.0.1 "$port" >"$heard" &
scripted=$!
at_exit "kill $scripted 2>/dev/null"
listening "$port"
t_ok "examgui opens against the scripted server" gui_start 127.0.0.1 "$port"
gui_wait '^Exam — Username$' && gui_type ivy && gui_key Return
gui_wait '^Exam — Password$' && gui_type ivy-pw && gui_key Return
t_ok "the menu of exams" gui_wait '^Exam — Choose an exam$'
gui_key 2
gui_shot 23-menu
gui_key Return
t_ok "a question with the time left" gui_wait '^Exam — Question 1 of 2$'
gui_key b
gui_shot 24-question-time-left
gui_key Return
t_ok "time is up: the score" gui_wait '^Exam — Score$'
gui_shot 25-time-up-score
t_is "what the window sent: name, password, exam number 2, answer" \
	"$(tr -d '\r' <"$heard" | tr '\n' ' ')" "ivy ivy-pw 2 b "
gui_key ctrl+q
t_ok "closed" gui_gone 3

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
