# SPDX-License-Identifier: ISC
# exam.db on a PostgreSQL server that goes away: its server stopped while
# a session is at its last answer, or examd's own server connection cut.
# The session ends with the same one-line apology as a broken SQLite
# file, nothing is half-written, examd's log names the server (never the
# password), and service returns once the server is back, with the same
# xinetd. Registrations and results wait for the server's disk even when
# the database's default is not to (synchronous_commit).
. "$TOP/tests/lib.sh"
postgresql_only "a PostgreSQL story: runs in the postgresql pass"
. "$TOP/tests/lib-pg.sh"
. "$TOP/tests/lib-exam.sh"

# A cluster of the story's own, which it may stop and start.
PG_PORT=$(free_port)
t_ok "a PostgreSQL server of the story's own starts" \
    pg_start "$T/pg" "$PG_PORT"
at_exit pg_stop
t_ok "test database created" exam_db_create
exam_no_seventh
# examd gets a password in its URI (the loopback trust ignores it): it
# must never reach the log. And a query string, which xinetd passes as is.
pg_sql "$PG_URI/postgres" "ALTER ROLE postgres PASSWORD 'sekrit-pw-343'"
PLAIN_DB=$EXAM_DB
dbname=${EXAM_DB##*/}
EXAM_DB="postgresql://postgres:sekrit-pw-343@127.0.0.1:$PG_PORT/$dbname?connect_timeout=3&application_name=examd"
EXAM_LOG=$T/examd.log
: >"$EXAM_LOG"
exam_own "$EXAM_LOG"
t_ok "xinetd serves examd on PostgreSQL" start_exam 30
xinetd_pid=$_exam_xinetd

db() { pg_sql "$PLAIN_DB" "$1"; }
served() { # DESC NAME
	out=$(exam_lines "$2
pw
pw
$EXAM_RIGHT
")
	t_like "$1" "$out" "Goodbye $2\\.\$"
}

served "a session on PostgreSQL" amy
t_is "its result is stored" \
    "$(db "SELECT score, total, peer ~ '^127\.0\.0\.1:[0-9]+\$' FROM results WHERE username = 'amy'")" "3|3|t"

# The server stopped while a session is at its last answer.
session_at_last_answer pdown "$T/pdown"
t_ok "a session waits at its last answer" grep -q 'Question 3/3' "$T/pdown"
pg_stop
touch "$T/go"
wait "$_sess"
t_is "the server stopped: the finishing session apologises" \
    "$(the_end "$T/pdown")" "$APOLOGY_SAVE"
t_is "a new session gets one line of apology" \
    "$(exam_lines 'x
')" "$APOLOGY_START"
t_like "the log names the server it could not reach" "$(cat "$EXAM_LOG")" \
    "error: database: postgresql://postgres@127\\.0\\.0\\.1:$PG_PORT/$dbname: connection to server .*$PG_PORT failed"
t_like "and the statement that was cut" "$(cat "$EXAM_LOG")" \
    "error: database: postgresql://postgres@127\\.0\\.0\\.1:$PG_PORT/$dbname: (BEGIN|SELECT 1 FROM users|terminating)"
t_unlike "and never the password" "$(cat "$EXAM_LOG")" 'sekrit'
t_ok "xinetd kept running" kill -0 "$xinetd_pid"

t_ok "the server starts again" pg_restart "$PG_PORT"
t_is "nothing half-written: the cut session's user, no result" \
    "$(db "SELECT count(*) FROM users WHERE username = 'pdown'")|$(db \
    "SELECT count(*) FROM results WHERE username = 'pdown'")" "1|0"
t_is "every count has its connection row" \
    "$(db "SELECT (SELECT count FROM counter) - 1000 = (SELECT count(*) FROM connections)")" t
t_is "no session was left inside a transaction" \
    "$(exam_sql 'PRAGMA integrity_check')" ok
served "the server back: served again, by the same xinetd" back1
t_is "and stored" "$(db "SELECT count(*) FROM results WHERE username = 'back1'")" 1
t_is "xinetd was never restarted" "$_exam_xinetd" "$xinetd_pid"

# examd's own connection cut (the server stays up): the same apology.
session_at_last_answer cut "$T/cut"
t_is "examd's server connection cut" "$(db "SELECT count(*) FROM
    (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE application_name = 'examd') t")" 1
touch "$T/go"
wait "$_sess"
t_is "the session apologises" "$(the_end "$T/cut")" "$APOLOGY_SAVE"
t_is "and stored nothing" "$(db "SELECT count(*) FROM results WHERE username = 'cut'")" 0
served "the next session is served" cut

# Durability: with a synchronous standby configured that never comes,
# every commit that waits for the disk also waits for it, visibly
# (wait_event SyncRep). The database's default is off, as some servers
# are tuned: examd still waits for registrations and results, and only
# the connection count is committed without waiting.
db "ALTER DATABASE \"$dbname\" SET synchronous_commit = off" >/dev/null
db "ALTER SYSTEM SET synchronous_standby_names = 'phantom'" >/dev/null
db "SELECT pg_reload_conf()" >/dev/null
{ printf 'dur\npw\npw\n'; sleep 6; } | timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" \
    >"$T/dur" &
dur=$!
waiting() {
	db "SELECT count(*) FROM pg_stat_activity WHERE application_name =
	    'examd' AND wait_event = 'SyncRep' AND query LIKE '$1%'"
}
j=0
# The registration is a transaction of its own (the name's lock, then the
# insert): what waits is its COMMIT, the only commit of this session that
# waits for the disk before the user is told.
while [ "$(waiting 'COMMIT')" != 1 ] && [ "$j" -lt 50 ]; do
	sleep 0.1; j=$((j + 1))
done
t_is "the registration waits for the disk (and the standby)" \
    "$(waiting 'COMMIT')" 1
t_like "the count did not wait: the session was asked for a name" \
    "$(cat "$T/dur")" 'Username: '
t_unlike "nor is the user told registered before that" "$(cat "$T/dur")" \
    'Registered dur'
db "ALTER SYSTEM RESET synchronous_standby_names" >/dev/null
db "SELECT pg_reload_conf()" >/dev/null
wait "$dur"
t_like "released, the registration completes" "$(tr -d '\r' <"$T/dur")" \
    'Registered dur\.'
t_done
