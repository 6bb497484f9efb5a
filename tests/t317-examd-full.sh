# SPDX-License-Identifier: ISC
# A connection past xinetd's limits is told why, not just closed: at
# instances (the whole service) and at per_source (one address), xinetd
# sends the file of banner_fail, `The exam server is full; try again in a
# minute.`, and starts no examd (nothing counted). A slot that frees is
# taken again. The installed file names the same banner. (systemd's
# MaxConnections and MaxConnectionsPerSource can only close: see README,
# Capacity.) Loopback addresses 127.0.0.2 and .3 are other clients.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

FULL='The exam server is full; try again in a minute.'
t_ok "test database created" exam_db_create
exam_no_seventh
printf 'cps = 200 5\ninstances = 3\nper_source = 2\n' >"$T/limits"
EXAM_LIMITS=$T/limits
t_ok "xinetd serves examd, instances 3, per_source 2" start_exam 20
t_ok "the shipped file names the same banner" \
    grep -q '^	banner_fail    = @PKGDATADIR@/exam-full.txt$' "$TOP/conf/xinetd.d/examd"
t_is "which says it in one CRLF line" "$(grep -c '' "$TOP/conf/exam-full.txt")|$(tail -c 2 "$TOP/conf/exam-full.txt" | od -An -c | tr -d ' ')" '1|\r\n'

# hold FD ADDRESS: a connection from ADDRESS held open on FD (bash's
# /dev/tcp cannot choose its source: nc -s, fed from a fifo).
hold() {
	mkfifo "$T/in$1"
	# Without the other holds' fifo ends: each closes only its own.
	timeout 60 nc -N -s "$2" 127.0.0.1 "$EXAM_PORT" <"$T/in$1" >"$T/out$1" \
	    5>&- 6>&- 7>&- 8>&- 9>&- &
	eval "exec $1>\"\$T/in$1\""
}
first_line() { # FILE: its first line, waiting for it a little
	_i=0
	while [ ! -s "$1" ] && [ "$_i" -lt 40 ]; do sleep 0.05; _i=$((_i + 1)); done
	sleep 0.2
	head -n 1 "$1" | tr -d '\r'
}
count0=$(exam_sql 'SELECT count FROM counter')
hold 5 127.0.0.1
hold 6 127.0.0.1
t_is "one address: a first session" "$(first_line "$T/out5")" "Welcome to the exam server."
t_is "and a second" "$(first_line "$T/out6")" "Welcome to the exam server."
hold 7 127.0.0.1
t_is "a third from the same address: told the server is full" "$(first_line "$T/out7")" "$FULL"
hold 8 127.0.0.2
t_is "another address: a session (the third of three)" "$(first_line "$T/out8")" "Welcome to the exam server."
hold 9 127.0.0.3
t_is "a fourth, from a third address: told the server is full" "$(first_line "$T/out9")" "$FULL"
t_is "only the sessions were counted" "$(exam_sql 'SELECT count FROM counter')" "$((count0 + 3))"
t_like "xinetd's log names both limits" "$(cat "$T/xinetd-svc.log")" \
    'FAIL: examd per_source_limit from=127.0.0.1'
t_like "the whole service's too" "$(cat "$T/xinetd-svc.log")" \
    'FAIL: examd service_limit from=127.0.0.3'
# One session leaves: its slot is taken again.
exec 5>&-
_i=0
while [ "$(grep -c 'EXIT: examd' "$T/xinetd-svc.log")" -lt 1 ] && [ "$_i" -lt 60 ]; do
	sleep 0.1; _i=$((_i + 1))
done
out=$(printf 'z\npw\npw\n%s\n' "$EXAM_RIGHT" |
    timeout 20 nc -N -s 127.0.0.3 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_like "a freed slot serves the next student" "$out" 'Goodbye z\.$'
exec 6>&- 7>&- 8>&- 9>&-
t_done
