# SPDX-License-Identifier: ISC
# exam.db on PostgreSQL, the locks that stand for SQLite's one writer,
# each held by another session (as another exam host would) while examd
# waits on it: the counter row orders the counted connections (the one
# counted later is logged later), the user's row makes the attempts check
# see a result committed meanwhile, and a lock held past the 10 s busy
# timeout gives the one-line apology, as a locked SQLite file does.
. "$TOP/tests/lib.sh"
postgresql_only "a PostgreSQL story: runs in the postgresql pass"
. "$TOP/tests/lib-pg.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
EXAM_LOG=$T/examd.log
: >"$EXAM_LOG"
exam_own "$EXAM_LOG"
t_ok "xinetd serves examd" start_exam 30

# hold SQL...: another session runs SQL inside a transaction and keeps it
# open until $T/release exists, then runs $AFTER and commits (its pid in
# $holder).
hold() {
	rm -f "$T/release"
	{
		echo "BEGIN;"
		for _s; do echo "$_s"; done
		echo "SELECT 'held';"
		while [ ! -e "$T/release" ]; do sleep 0.05; done
		echo "${AFTER:-}"
		echo "COMMIT;"
	} | psql -X -q -At -v ON_ERROR_STOP=1 "$EXAM_DB" >"$T/held" 2>&1 &
	holder=$!
	_i=0
	until grep -q '^held$' "$T/held" || [ "$_i" -ge 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
}
# examd_waiting: examd's session waits on a lock.
examd_waiting() {
	_i=0
	until [ "$(exam_sql "SELECT count(*) FROM pg_stat_activity
	    WHERE datname = current_database() AND wait_event_type = 'Lock'")" = 1 ] ||
	    [ "$_i" -ge 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ "$_i" -lt 100 ]
}

# The counter: another host counts first and holds its transaction; it
# logs its connection only once examd waits (a count that logged before
# taking the lock would come first in the log, though counted second).
AFTER="INSERT INTO connections (peer, arrived_at) VALUES ('10.9.9.9:1', 'x');" \
    hold "UPDATE counter SET count = count + 1 WHERE id = 1;"
t_ok "another host holds the counter row" grep -q '^held$' "$T/held"
exam_lines 'x y
x y
x y
x y
x y
' >"$T/c1" &
c1=$!
t_ok "examd waits for it" examd_waiting
touch "$T/release"
wait "$holder"
wait "$c1"
t_like "then counts its connection" "$(cat "$T/c1")" '^Username: '
t_is "logged after the one counted before it" \
    "$(exam_sql "SELECT peer ~ '^127\.0\.0\.1:' FROM connections ORDER BY seq DESC LIMIT 2" | tr '\n' ' ')" "t f "
t_is "and numbered after it" "$(exam_sql 'SELECT count FROM counter')" 1002

# The attempts check: the user's last attempt taken on another host while
# this session begins its attempt.
exam_sql "INSERT INTO exams (name, attempts) VALUES ('once', 1);
    INSERT INTO questions (exam, position, prompt, answer)
    SELECT id, 1, 'Once?', 'a' FROM exams WHERE name = 'once';
    INSERT INTO choices (exam, position, letter, text)
    SELECT id, 1, l, t FROM exams, (VALUES ('a', 'yes'), ('b', 'no')) v(l, t)
    WHERE name = 'once';"
out=$(exam_lines 'ona
pw
pw
2
a
')
t_like "ona takes 'once' through the menu" "$out" '^Your score: 1/1 \(100%\)$'
exam_sql "DELETE FROM results WHERE username = 'ona'"
hold "SELECT 1 FROM users WHERE username = 'ona' FOR UPDATE;" \
    "INSERT INTO results (username, score, total, finished_at, peer, exam)
     VALUES ('ona', 0, 1, '2026-01-01T00:00:00Z', '10.9.9.9:2', 'once');"
exam_lines 'ona
pw
2
a
' >"$T/ona" &
ona=$!
t_ok "examd's attempt waits for the user's row" examd_waiting
touch "$T/release"
wait "$holder"
wait "$ona"
t_like "then sees the attempt taken meanwhile" "$(cat "$T/ona")" \
    '(^|: )You have no attempts left for once\.$'
t_is "one result for 'once', the other host's" \
    "$(exam_sql "SELECT count(*), min(peer) FROM results WHERE username = 'ona'")" "1|10.9.9.9:2"

# A lock held past the busy timeout (10 s).
n0=$(exam_sql 'SELECT count FROM counter')
hold "SELECT 1 FROM counter FOR UPDATE;"
start=$(date +%s)
out=$(exam_lines 'x
')
took=$(( $(date +%s) - start ))
touch "$T/release"
wait "$holder"
t_is "a lock held past the busy timeout: the one-line apology" "$out" \
    "Welcome to the exam server.
The exam service is unavailable. Please try again later."
t_ok "after the 10 s busy timeout ($took s)" test "$took" -ge 9 -a "$took" -le 20
t_like "the log says why, naming the server" "$(cat "$EXAM_LOG")" \
    'error: database: postgresql://[^ ]*: UPDATE counter .*: canceling statement due to lock timeout$'
t_is "nothing counted" "$(exam_sql 'SELECT count FROM counter')" "$n0"
t_is "no session left in a transaction" "$(exam_sql 'PRAGMA integrity_check')" ok
t_like "served again once it is released" "$(exam_lines 'x
')" '^Username: '
t_done
