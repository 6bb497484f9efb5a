# SPDX-License-Identifier: ISC
# examgui in a virtual X server against examd under xinetd, driven with
# the keyboard through xdotool: a whole session as the seventh user
# (banner, register, answer with letter keys, score, checked with examctl
# results), then a returning user at 200% text scale (wrong password,
# then the exam). Screenshots of every screen go to
# BUILD/screenshots/examgui/.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-gui.sh"
gui_skip_unless_ready
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
start_exam 30; rc=$?
t_is "xinetd serves examd" "$rc" 0
gui_display; rc=$?
t_is "Xvfb and a session bus run" "$rc" 0
examctl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }

# A fresh count, then six connections before the window's: it is the
# seventh and gets the congratulation with all seven addresses.
t_ok "examctl reset-count" examctl reset-count
for i in 1 2 3 4 5 6; do
	printf '' | timeout 10 nc -N 127.0.0.1 "$EXAM_PORT" >/dev/null
done
t_is "six connections counted" "$(examctl connections | grep -c '127\.0\.0\.1:')" 6

t_ok "examgui opens a window" gui_start 127.0.0.1
t_ok "HOST alone: the connect screen, host filled in" gui_wait '^Exam — Connect$'
gui_shot 01-connect
t_is "nothing connected yet" "$(examctl connections | grep -c '127\.0\.0\.1:')" 6
gui_key alt+p ctrl+a
gui_type "$EXAM_PORT"
gui_key Return
t_ok "Alt+P, the port, Enter: connected, the server asks for a name" \
	gui_wait '^Exam — Username$'
gui_shot 02-username-seventh-banner
t_ok "the seventh-user banner is shown (its colour is on screen)" \
	gui_colour_in 02-username-seventh-banner F6D32D
t_is "the window's own connection was the seventh" \
	"$(examctl connections | grep -c '127\.0\.0\.1:')" 7

gui_type gina; gui_key Return
t_ok "a new name: asked to choose a password twice" gui_wait '^Exam — New password$'
gui_type 'S3cret pw'
gui_key Return
gui_type 'Secret pw'
gui_key Return
sleep 1
t_ok "passwords that differ: asked again" gui_wait '^Exam — New password$'
gui_shot 03-passwords-differ
t_ok "with the server's message in the error colour" \
	gui_colour_in 03-passwords-differ A51D2D
gui_type 'S3cret pw'
gui_key Tab
gui_type 'S3cret pw'
gui_shot 03-new-password-typed
gui_key Return
t_ok "registered: the first question" gui_wait '^Exam — Question 1 of 3$'
gui_key b
gui_shot 04-question-1
gui_key Return
t_ok "Enter answers: the second question" gui_wait '^Exam — Question 2 of 3$'
gui_key a Return
t_ok "the third question" gui_wait '^Exam — Question 3 of 3$'
gui_key f
gui_shot 05-question-3-six-choices
size100=$(gui_size)
gui_key Return
t_ok "the score screen" gui_wait '^Exam — Score$'
gui_shot 06-score
t_like "the stored result (examctl results)" "$(examctl results gina)" \
	'gina.*3.*3'
t_is "the password is stored as a hash, never as typed" \
	"$(exam_sql "SELECT count(*) FROM users WHERE username = 'gina' AND password LIKE '\$y\$%'")" 1
t_unlike "nothing said on stderr" "$(cat "$T/gui.err")" '.'
gui_key Return
t_ok "Enter on the score screen closes the window" gui_gone 5
t_is "exit status 0" "$GUI_RC" 0

# The same user again at 200% text scale, a wrong password first.
t_ok "text scale 200%" gui_text_scale 2
t_ok "examgui opens at 200%" gui_start 127.0.0.1 "$EXAM_PORT"
t_ok "200%: username" gui_wait '^Exam — Username$'
gui_shot 10-username-200
t_fails "the eighth connection gets no banner" \
	gui_colour_in 10-username-200 F6D32D
gui_type gina; gui_key Return
t_ok "200%: an existing user is asked for the password once" \
	gui_wait '^Exam — Password$'
gui_key Return
sleep 0.5
gui_shot 11-empty-password-200
t_ok "Enter on an empty password: a message, nothing sent" \
	gui_colour_in 11-empty-password-200 A51D2D
gui_type wrong1; gui_key Return
sleep 1
gui_wait '^Exam — Password$'
gui_type wrong2; gui_key Return
sleep 1
t_ok "200%: still the password screen after two wrong passwords" \
	gui_wait '^Exam — Password$'
gui_shot 11-wrong-password-200
t_ok "the server's message is shown in the error colour" \
	gui_colour_in 11-wrong-password-200 A51D2D
gui_type 'S3cret pw'; gui_key Return
t_ok "200%: the third try logs in (the empty Enter cost no attempt)" \
	gui_wait '^Exam — Question 1 of 3$'
gui_key a
gui_shot 12-question-1-200
gui_key Return
gui_wait '^Exam — Question 2 of 3$' && gui_key B Return
gui_wait '^Exam — Question 3 of 3$'
gui_shot 13-question-3-200
size200=$(gui_size)
gui_key a Return
t_ok "200%: the score screen" gui_wait '^Exam — Score$'
gui_shot 14-score-200
t_like "both results are stored" "$(examctl results gina | grep -c gina)" '^2$'
t_like "the second one is 0/3 (capital B picked choice b)" \
	"$(exam_sql "SELECT score || '/' || total FROM results WHERE username = 'gina' ORDER BY id DESC LIMIT 1")" '^0/3$'
h100=${size100#*x} h200=${size200#*x} w200=${size200%x*}
t_ok "at 200% the window grows to show the whole question ($size100 -> $size200)" \
	test "$h200" -gt "$h100"
t_ok "and still fits a 1280x1024 screen" test "$w200" -le 1280 -a "$h200" -le 1024
gui_key ctrl+q
t_ok "Ctrl+Q closes the window" gui_gone 5
t_done
