# SPDX-License-Identifier: ISC
# `make run` with EXAM_DB a postgresql:// URI: examctl init makes the
# tables in that database (once: a second run keeps its data), xinetd
# hands the URI to examd as one word, sessions are stored there, the
# terminal never shows the URI's password, and Ctrl-C stops it all.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"
if [ -z "${PG_URI:-}" ]; then
	echo "1..0 # SKIP no PostgreSQL cluster (tests/run starts one when postgresql-15 is installed)"
	exit 0
fi
BACKEND=postgresql new_db exam
# A password the loopback trust ignores, and a query string with '&':
# both must reach examd whole through xinetd's server_args.
uri=$(echo "$NEW_DB" | sed 's|//postgres@|//postgres:sekrit013@|')?application_name=examd-run\&connect_timeout=5

wp=$(free_port)
ep=$(free_port)
while [ "$ep" = "$wp" ]; do ep=$(free_port); done
# The exam over TLS on a port of its own (9443 may be taken).
tp=$(free_port)
while [ "$tp" = "$wp" ] || [ "$tp" = "$ep" ]; do tp=$(free_port); done
export EXAM_TLS_PORT=$tp
run() {
	pty_start "trap : INT; STATE_DIR=$T/state WEB_PORT=$wp EXAM_PORT=$ep EXAM_DB='$uri' sh $TOP/scripts/run $BUILD; echo status=\$?"
	t_ok "run starts ($1)" pty_wait 'Press Ctrl-C to stop.'
}
run "first"
t_like "the admin hint names the database" "$(screen)" \
    "examctl --db postgresql://postgres@127\\.0\\.0\\.1:[0-9]+/[a-z0-9_]+\\?application_name"
t_unlike "and never the password" "$(screen)" sekrit
t_ok "no exam.db file was made" test ! -e "$T/state/exam/exam.db" -a ! -e "$T/state/exam.db"
t_like "xinetd passes the URI whole" "$(cat "$T/state/xinetd.conf")" \
    "server_args[[:space:]]*= --db postgresql://postgres:sekrit013@[^ ]*&connect_timeout=5 --timeout"
printf 'Q: One?\na) yes\nb) no\nA: a\n' >"$T/one.txt"
"$BIN/examctl" --db "$uri" questions import "$T/one.txt" >/dev/null
out=$(printf 'rita\npassword\npassword\na\n' | timeout 10 nc -N 127.0.0.1 "$ep" | tr -d '\r')
t_like "a session on the PostgreSQL database" "$out" '^Goodbye rita\.$'
t_is "stored there" "$(pg_sql "$NEW_DB" "SELECT username, score FROM results")" "rita|1"
{ printf 'sam\n'; sleep 3; } | timeout 10 nc -N 127.0.0.1 "$ep" >/dev/null &
held=$!
i=0
until [ "$(pg_sql "$NEW_DB" "SELECT count(*) FROM pg_stat_activity
    WHERE application_name = 'examd-run'")" = 1 ] || [ "$i" -ge 40 ]; do
	sleep 0.05; i=$((i + 1))
done
t_ok "examd's session carries the URI's query string (application_name)" \
    test "$i" -lt 40
wait "$held"
pty_type "$(printf '\003')"
t_ok "Ctrl-C stops it" pty_wait 'status='
pty_end
t_fails "xinetd is gone" nc -z 127.0.0.1 "$ep"

run "again"
t_is "a second run keeps the results" \
    "$(pg_sql "$NEW_DB" "SELECT count(*) FROM results")" 1
t_is "and the bank imported (init did not load the default again)" \
    "$(pg_sql "$NEW_DB" "SELECT count(*) FROM questions")" 1
pty_type "$(printf '\003')"
t_ok "Ctrl-C stops it again" pty_wait 'status='
pty_end
t_done
