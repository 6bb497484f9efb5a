# SPDX-License-Identifier: ISC
# examclient when the server hangs up while a password prompt is open
# (examd's idle timeout, 1 s here): the client shows the server's last
# words, exits 0 and leaves the terminal as it found it.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
. "$TOP/tests/lib-pty.sh"

t_ok "test database created" exam_db_create
start_exam 1; rc=$?
t_is "xinetd serves examd with a 1 s idle timeout" "$rc" 0
[ "$rc" -eq 0 ] || { t_done; exit 1; }

pty_start "before=\$(stty -g);
$BIN/examclient 127.0.0.1 $EXAM_PORT; echo status=\$?;
[ \"\$before\" = \"\$(stty -g)\" ] && echo SETTINGS-RESTORED"
pty_wait 'Username: ' && pty_type 'frank
'
# Nothing more is typed: the server gives up while echo is off.
pty_wait 'status='
pty_end
screen=$(screen)
t_like "the password prompt was open" "$screen" 'Choose a password: '
t_like "the client exits 0 when the server hangs up" "$screen" 'status=0$'
t_like "the terminal settings are restored" "$screen" '^SETTINGS-RESTORED$'
t_is "no user was registered" \
	"$(exam_sql "SELECT count(*) FROM users WHERE username = 'frank'")" 0
t_done
