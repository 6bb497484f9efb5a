# SPDX-License-Identifier: ISC
# Each admin command refuses the other's database and leaves it byte for
# byte as it was: studentctl on exam.db (which WAL and a student table
# would damage) and examctl on Student_log.db (which WAL would make
# unreadable for the pages' read-only reader). On PostgreSQL, each
# refuses the other's database the same way, and a dump of it (schema and
# rows) is unchanged.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
exam_new_db; E=$EXAM_DB
new_db Student_log.db; S=$NEW_DB
"$BIN/examctl" --db "$E" init >/dev/null
printf 'password\n' | "$BIN/examctl" --db "$E" adduser amy
"$BIN/studentctl" --db "$S" init >/dev/null
"$BIN/studentctl" --db "$S" add Karam 1711 23 >/dev/null
# same DB COPY: DB is as COPY holds it (a file's bytes, a database's dump).
if [ "$BACKEND" = sqlite ]; then
	sqlite3 "$E" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	snap() { cp "$1" "$2"; }
	same() { cmp "$1" "$2"; }
else
	# (without pg_dump's random \restrict key)
	dump() { pg_dump --no-owner "$1" | grep -v '^\\\(un\)\{0,1\}restrict '; }
	snap() { dump "$1" >"$2"; }
	same() { dump "$1" | cmp - "$2"; }
fi
snap "$E" "$T/exam.copy"
snap "$S" "$T/student.copy"
printf 'Name,ID,Age\nAnn,1,20\n' >"$T/in.csv"
printf 'Q: One?\na) yes\nb) no\nA: a\n' >"$T/bank.txt"

while read -r args; do
	# shellcheck disable=SC2086
	"$BIN/studentctl" --db "$E" $args >"$T/out" 2>"$T/err"; rc=$?
	t_is "studentctl $args on exam.db: exit 1, one line" "$rc|$(wc -l <"$T/err")" "1|1"
	t_like "studentctl $args: says it is not a student database" "$(cat "$T/err")" \
	    'not (a student database|initialised)'
	t_ok "studentctl $args: exam.db is byte for byte unchanged" same "$E" "$T/exam.copy"
done <<EOF2
init
list
show 1711
add Ann 1 20
delete 1711
clear --yes
import $T/in.csv
EOF2
if [ "$BACKEND" = sqlite ]; then
	t_is "exam.db is still in WAL mode" "$(sqlite3 "$E" 'PRAGMA journal_mode')" wal
	t_is "and has no student table" "$(sqlite3 "$E" "SELECT count(*) FROM sqlite_master WHERE name = 'Fifth_students'")" 0
else
	t_is "exam.db has no student table" "$(exam_db_sql "$E" "SELECT count(*) FROM pg_tables WHERE tablename = 'fifth_students'")" 0
fi

while read -r args; do
	# shellcheck disable=SC2086
	printf 'pw\n' | "$BIN/examctl" --db "$S" $args >"$T/out" 2>"$T/err"; rc=$?
	t_is "examctl $args on Student_log.db: exit 1, one line" "$rc|$(wc -l <"$T/err")" "1|1"
	t_like "examctl $args: says it is not an exam database" "$(cat "$T/err")" 'not an exam database'
	t_ok "examctl $args: Student_log.db is byte for byte unchanged" same "$S" "$T/student.copy"
done <<EOF2
init
exams
exams set default attempts 1
exams delete default
questions import $T/bank.txt
questions list
users
adduser bob
passwd amy
deluser amy
results
results --csv
connections
reset-count
EOF2
if [ "$BACKEND" = postgresql ]; then
	sqlite3 "$T/src.db" <"$TOP/sql/exam_schema.sql" >/dev/null
	"$BIN/examctl" --db "$S" import-sqlite "$T/src.db" >"$T/out" 2>"$T/err"; rc=$?
	t_is "examctl import-sqlite into Student_log.db: exit 1, one line" "$rc|$(wc -l <"$T/err")" "1|1"
	t_like "examctl import-sqlite: says it is not an exam database" "$(cat "$T/err")" 'not an exam database'
	t_ok "examctl import-sqlite: Student_log.db is unchanged" same "$S" "$T/student.copy"
else
	t_is "Student_log.db is still in rollback-journal mode" "$(sqlite3 "$S" 'PRAGMA journal_mode')" delete
	t_fails "and has no -wal beside it" test -e "$S-wal"
fi
t_is "the pages' student is still there" "$(exam_db_sql "$S" 'SELECT Name FROM Fifth_students')" Karam
# Each still works on its own database.
t_like "studentctl still works on its own" "$("$BIN/studentctl" --db "$S" show 1711)" 'Karam'
t_is "examctl still lists its own" "$("$BIN/examctl" --db "$E" users)" amy
t_done
