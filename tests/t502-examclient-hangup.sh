# examclient when the server hangs up while a password prompt is open
# (examd's idle timeout, 1 s here): the client shows the server's last
# words, exits 0 and leaves the terminal as it found it.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
start_exam 1; rc=$?
t_is "xinetd serves examd with a 1 s idle timeout" "$rc" 0
[ "$rc" -eq 0 ] || { t_done; exit 1; }

rm -f "$T/pty.in"; mkfifo "$T/pty.in"
SHELL=/bin/sh timeout 60 script -q -e -c "before=\$(stty -g);
$BIN/examclient 127.0.0.1 $EXAM_PORT; echo status=\$?;
[ \"\$before\" = \"\$(stty -g)\" ] && echo SETTINGS-RESTORED" /dev/null \
    <"$T/pty.in" >"$T/pty.out" 2>&1 &
pty=$!
exec 3>"$T/pty.in"
i=0
while ! grep -qF 'Username: ' "$T/pty.out" && [ "$i" -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
kill -0 "$pty" 2>/dev/null && printf 'frank\n' >&3
# Nothing more is typed: the server gives up while echo is off.
i=0
while ! grep -q 'status=' "$T/pty.out" && [ "$i" -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
exec 3>&-
wait "$pty"
screen=$(tr -d '\r' <"$T/pty.out")
t_like "the password prompt was open" "$screen" 'Choose a password: '
t_like "the client exits 0 when the server hangs up" "$screen" 'status=0$'
t_like "the terminal settings are restored" "$screen" '^SETTINGS-RESTORED$'
t_is "no user was registered" \
	"$(exam_sql "SELECT count(*) FROM users WHERE username = 'frank'")" 0
t_done
