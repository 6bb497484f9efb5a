# SPDX-License-Identifier: ISC
# examctl backup FILE through the real service: a copy taken while
# sessions through xinetd write results is consistent (integrity, every
# result whole, between the counts before and after); it never overwrites
# a file; a database of an older layout is copied as it is. Then the
# restore of README's Backups section: break exam.db, stop the service,
# remove the -wal and -shm, put the copy back, start: examd serves it with
# its users and results. On PostgreSQL it says to use pg_dump.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
t_ok "test database created" exam_db_create
if exam_is_pg; then
	ectl backup "$T/copy.db" >"$T/out" 2>"$T/err"; rc=$?
	t_is "on PostgreSQL: exit 2, nothing written" "$rc|$(cat "$T/out")|$(test -e "$T/copy.db" && echo made)" "2||"
	t_like "and it names pg_dump" "$(cat "$T/err")" \
	    '^examctl: postgresql://[^ ]+: a PostgreSQL database is backed up with pg_dump'
	t_done; exit
fi
exam_no_seventh
t_ok "xinetd serves examd" start_exam

# Sessions that each register and finish the exam, in the background.
# Four at a time; in a subshell of its own, so that wait is only theirs.
sessions() { ( # FROM TO
	i=$1
	while [ "$i" -le "$2" ]; do
		exam_lines "u$i
pw-$i
pw-$i
b
a
f
" >/dev/null &
		[ $((i % 4)) -eq 0 ] && wait
		i=$((i + 1))
	done
	wait
) }
sessions 1 8
t_is "eight results before" "$(exam_sql 'SELECT count(*) FROM results')" 8
sessions 9 40 &
load=$!
sleep 0.3
before=$(exam_sql 'SELECT count(*) FROM results')
out=$(ectl backup "$T/copy.db" 2>&1); rc=$?
after=$(exam_sql 'SELECT count(*) FROM results')
wait "$load"
t_is "backup while sessions write: exit 0, one line" "$rc|$out" "0|copied $EXAM_DB to $T/copy.db"
t_ok "sessions were under way meanwhile" test "$before" -lt 40
copied=$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM results')
t_ok "the copy holds the results of one moment ($before <= $copied <= $after)" \
    test "$before" -le "$copied" -a "$copied" -le "$after"
t_is "the copy is whole" "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" ok
t_is "every result has its user" \
    "$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM results r WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.username = r.username)')" 0
t_is "of this layout" "$(sqlite3 "$T/copy.db" 'PRAGMA user_version')" 3
t_is "all forty results are in the service's database" "$(exam_sql 'SELECT count(*) FROM results')" 40

# Never over a file; nothing changed by a refused backup.
echo keep >"$T/taken"
ectl backup "$T/taken" 2>"$T/err"; rc=$?
t_is "a FILE that exists: exit 2, kept" "$rc|$(cat "$T/taken")" "2|keep"
t_is "and it says why" "$(cat "$T/err")" "examctl: $T/taken exists (a backup never overwrites a file)"
ln -s "$T/nowhere" "$T/link"
ectl backup "$T/link" 2>/dev/null; rc=$?
t_is "a dangling symbolic link is not followed: exit 2" "$rc|$(test -e "$T/nowhere" && echo made)" "2|"
ectl backup "$T/no/such/dir/x.db" 2>"$T/err"; rc=$?
t_is "a folder that does not exist: exit 1, one line" "$rc|$(wc -l <"$T/err")" "1|1"

# An older layout is copied as it is, not upgraded first.
sqlite3 "$T/v2.db" <"$TOP/tests/fixtures/exam_schema_v2.sql" >/dev/null
"$BIN/examctl" --db "$T/v2.db" backup "$T/v2-copy.db" >/dev/null
t_is "a layout-2 database is copied as layout 2, and left so" \
    "$(sqlite3 "$T/v2-copy.db" 'PRAGMA user_version')|$(sqlite3 "$T/v2.db" 'PRAGMA user_version')" "2|2"

# Break, restore (README: Backups), serve.
exam_sql 'SELECT 1' >/dev/null
dd if=/dev/urandom of="$EXAM_DB" bs=1024 count=4 conv=notrunc 2>/dev/null
out=$(exam_lines "u1
")
t_like "a broken exam.db: the service is unavailable" "$out" 'unavailable'
kill -TERM "$_exam_xinetd"; wait "$_exam_xinetd" 2>/dev/null
rm -f "$EXAM_DB-wal" "$EXAM_DB-shm"
cp "$T/copy.db" "$EXAM_DB" && exam_own "$EXAM_DB"
t_ok "examctl checks the restored copy" ectl exams
t_ok "xinetd serves examd again" start_exam
out=$(exam_lines "u1
pw-1
b
a
f
")
t_like "a user of the copy logs in and takes the exam" "$out" 'Welcome back, u1\.'
t_like "and is scored" "$out" 'Your score: 3/3 \(100%\)'
t_is "the copy's results are there, and the new one" \
    "$(exam_sql 'SELECT count(*) FROM results')" "$((copied + 1))"
t_done
