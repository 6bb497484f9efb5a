# SPDX-License-Identifier: ISC
# examd never runs as root: started as root it refuses, says why on a
# terminal and tells a client only that the service is unavailable. The
# suite, started as root, runs it as an unprivileged user (EXAM_USER,
# scripts/exam-user) through xinetd's user attribute, and examctl run as
# root on the same database leaves every file usable by that user.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
. "$TOP/tests/lib-pty.sh"

t_ok "test database created" exam_db_create
t_ok "xinetd serves examd" start_exam
exam_no_seventh
early="The exam service is unavailable. Please try again later."

# A session held open (the server waits for the password) shows who runs
# examd.
{ printf 'pat\n'; sleep 3; } | timeout 20 nc 127.0.0.1 "$EXAM_PORT" >/dev/null &
client=$!
pid= i=0
while [ -z "$pid" ] && [ "$i" -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
	pid=$(pgrep -P "$_exam_xinetd" | head -n 1)
done
t_ok "an examd is serving (pid ${pid:-none})" test -n "$pid"
uids=$(awk '/^Uid:/ { print $2, $3 }' "/proc/$pid/status" 2>/dev/null)
t_is "it runs as $EXAM_USER (real and effective uid)" "$uids" \
    "$(id -u "$EXAM_USER") $(id -u "$EXAM_USER")"
t_unlike "never as root" "$uids" '(^| )0( |$)'

# examctl as root while that examd holds the database open (its -wal and
# -shm files are there, examd's), then as the first to open it: examctl
# blocked writing a long listing into a full pipe keeps the -wal and -shm
# it created open while a session runs beside it.
rows() { exam_sql 'SELECT count(*) FROM connections'; }
not_theirs() { find "$T" -maxdepth 1 -name 'exam.db*' ! -user "$EXAM_USER"; }
out=$("$BIN/examctl" --db "$EXAM_DB" reset-count 2>&1); rc=$?
t_is "examctl reset-count beside a live examd: exit 0" "$rc" 0
t_is "the files examd holds stay $EXAM_USER's" "$(not_theirs)" ""
wait "$client"
"$BIN/examctl" --db "$EXAM_DB" questions list >"$T/bank.txt"
t_is "examctl questions list: exit 0" "$?" 0
"$BIN/examctl" --db "$EXAM_DB" questions import "$T/bank.txt" >/dev/null
t_is "examctl questions import: exit 0" "$?" 0
exam_sql "INSERT INTO users VALUES ('pat', 'x');
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
    INSERT INTO results (username, score, total, finished_at, peer, exam)
    SELECT 'pat', 1, 3, '2024-01-01T00:00:00Z', '127.0.0.1:' || i,
        'default' FROM n;"
printf 'newpw\n' | "$BIN/examctl" --db "$EXAM_DB" passwd pat
t_is "examctl passwd: exit 0" "$?" 0
t_is "every exam.db file is still $EXAM_USER's" "$(not_theirs)" ""
"$BIN/examctl" --db "$EXAM_DB" results | { sleep 2; cat >/dev/null; } &
lister=$!
i=0
if exam_is_pg; then
	# No file to see it by: its server session.
	until [ "$(exam_sql "SELECT count(*) FROM pg_stat_activity WHERE
	    datname = current_database() AND pid <> pg_backend_pid()")" -gt 0 ] ||
	    [ "$i" -ge 40 ]; do sleep 0.05; i=$((i + 1)); done
	t_ok "examctl holds exam.db open" test "$i" -lt 40
else
	until [ -e "$EXAM_DB-shm" ] || [ "$i" -ge 40 ]; do sleep 0.05; i=$((i + 1)); done
	t_ok "examctl holds exam.db open" test -e "$EXAM_DB-shm"
fi
t_is "the -wal and -shm it made as root are $EXAM_USER's" "$(not_theirs)" ""
before=$(rows)
out=$(exam_lines "pat
newpw
$EXAM_RIGHT
")
t_like "a session beside examctl, as root, works" "$out" '^Goodbye pat\.$'
t_is "and is counted" "$(rows)" $((before + 1))
wait "$lister"
t_is "the listing was whole" \
    "$("$BIN/examctl" --db "$EXAM_DB" results | grep -c '^pat')" 5001
t_unlike "no examd failed" "$(cat "$T/xinetd-svc.log")" 'status=[1-9]'

# examd started as root.
if [ "$(id -u)" -ne 0 ]; then
	echo "ok $((_t_n + 1)) # skip not root: examd cannot be started as root"
	_t_n=$((_t_n + 1))
	t_done
	exit
fi
before=$(rows)
printf 'pat\nnewpw\n' | timeout 20 "$BIN/examd" --db "$EXAM_DB" \
    >"$T/out" 2>"$T/err"; rc=$?
t_is "as root on a socket or pipe: the generic message" \
    "$(tr -d '\r' <"$T/out")" "$early"
t_is "exit status 1" "$rc" 1
t_is "nothing on stderr (it may be the client's socket)" "$(cat "$T/err")" ""
t_is "the connection is not counted" "$(rows)" "$before"
pty_start "$BIN/examd --db $EXAM_DB; echo status=\$?"
t_ok "as root on a terminal: it ends" pty_wait 'status='
pty_end
t_like "and says why on the terminal" "$(screen)" \
    '^examd: refusing to run as root \(effective uid 0\): run examd as an unprivileged user'
t_like "with status 1" "$(screen)" '^status=1$'
t_is "the database is intact" "$(exam_sql 'PRAGMA integrity_check')" ok
t_done
