# SPDX-License-Identifier: ISC
# examctl on PostgreSQL answers as on SQLite: one script of every command
# (good and bad cases) run on a SQLite file and on a PostgreSQL database,
# with the same output, messages and exit statuses, compared line by line;
# then what only PostgreSQL can show: registrations happen exactly once
# when two examctl processes race, and a failure names the server, never
# a password.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
postgresql_only "compares with PostgreSQL: runs on the postgresql pass"

printf 'Q: One?\na) yes\nb) no\nA: a\n' >"$T/one.txt"
printf 'Q: Bad?\na) yes\nA: a\n' >"$T/bad.txt"
/usr/bin/python3 - "$T/legacy.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE users (username TEXT, password TEXT)")
for name, pw in (("lea", "a" * 192), ("amy", "b" * 192), ("bad name", "c" * 192)):
    db.execute("INSERT INTO users VALUES (?, ?)", (name, pw))
db.commit()
PY

# script DB: every command, one answer a line: the command, its status,
# its output and messages (the database's name replaced by DB).
script() {
	while IFS= read -r c; do
		# shellcheck disable=SC2086
		printf 'pw-123456\n' | "$BIN/examctl" --db "$1" $c >"$T/o" 2>"$T/e"
		out="$c => $? $(cat "$T/o" "$T/e")"
		echo "${out//"$1"/DB}"
	done <<EOF
users
init
init
exams
questions list
questions import --exam math $TOP/sql/math.txt
questions import --exam math $T/one.txt
questions import --exam chem $T/bad.txt
questions import --exam python $TOP/sql/python.txt
questions list --exam math
questions list --exam chem
exams set math attempts 2
exams set math time-limit 45
exams set chem attempts 1
exams set python attempts unlimited
exams set python closed
exams set chem open
exams
exams delete python
exams delete python
exams
adduser amy
adduser amy
adduser bob
passwd bob
passwd cy
users
import-users $T/legacy.db
import-users --skip-bad $T/legacy.db
users
attempts grant amy math
attempts grant amy math 2
attempts grant amy chem
attempts grant nobody math
deluser bob
deluser --yes bob
deluser --yes bob
results
results amy
results --exam math
results --csv
connections
reset-count
connections
EOF
}
new_db cmp; PGDB=$NEW_DB
: >"$T/cmp.db"	# both exist, uninitialised
t_is "every command answers as on SQLite" "$(script "$PGDB")" \
    "$(script "$T/cmp.db")"
t_like "(and the comparison saw the answers)" "$(script "$PGDB")" \
    "^adduser amy => 1 examctl: user 'amy' exists"

# The same data on both: results, connections, a reset, as examd would
# write them.
data="INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
 ('amy', 5, 6, '2024-05-01T09:00:00Z', '127.0.0.1:4000', 'math'),
 ('lea', 0, 12, '2024-05-02T09:00:00Z', '[::1]:4001', 'default'),
 ('amy', 1, 3, '2024-05-03T09:00:00Z', 'a,b \"c\"', 'gone');
INSERT INTO connections (peer, arrived_at) VALUES
 ('127.0.0.1:4000', '2024-05-01T08:59:00Z'), ('[::1]:4001', '2024-05-02T08:59:00Z');
UPDATE counter SET count = 2;"
exam_db_sql "$PGDB" "$data"
exam_db_sql "$T/cmp.db" "$data"
t_is "with results and connections too" "$(script "$PGDB" | tail -n 12)" \
    "$(script "$T/cmp.db" | tail -n 12)"
t_like "(which were listed)" "$(script "$PGDB" | tail -n 12)" \
    '^results --exam math => 0 username  exam  score  percent +finished +peer'

# The teacher's report and the answers, on the same attempts on both
# (layout 3's attempts and answers, as examd would store them): every
# figure, text, CSV and page alike.
report_script() {
	while IFS= read -r c; do
		# shellcheck disable=SC2086
		"$BIN/examctl" --db "$1" $c >"$T/o" 2>"$T/e"
		out="$c => $? $(cat "$T/o" "$T/e")"
		echo "${out//"$1"/DB}"
	done <<EOF
report
report --csv
report --all-attempts
report --exam math --since 2024-05-02
report --exam math --all-attempts --csv
report --exam nope
answers
answers --csv
answers --exam math
exams set math shuffle both
exams set math shuffle sideways
exams set nope shuffle none
EOF
	"$BIN/examctl" --db "$1" report --all-attempts --html "$T/page.html"
	echo "page => $? $(md5sum <"$T/page.html")"
}
data="INSERT INTO attempts (id, username, exam, started_at, total, finished_at) VALUES
 (1, 'amy', 'math', '2024-05-01T09:00:00.000Z', 2, '2024-05-01T09:10:00.000Z'),
 (2, 'lea', 'math', '2024-05-01T09:00:00.000Z', 2, '2024-05-01T09:11:00.000Z'),
 (3, 'amy', 'math', '2024-05-02T09:00:00.000Z', 2, '2024-05-02T09:10:00.000Z'),
 (4, 'zed', 'math', '2024-05-02T09:00:00.000Z', 2, '2024-05-02T09:12:00.000Z'),
 (5, 'bo', 'math', '2024-05-03T09:00:00.000Z', 2, NULL),
 (6, 'cy', 'math', '2024-05-03T09:00:00.000Z', 2, '2024-05-03T09:01:00.000Z');
INSERT INTO answers (attempt, position, letter, correct, answered_at) VALUES
 (1, 1, 'a', 1, 'x'), (1, 2, 'b', 0, 'x'), (2, 1, 'b', 0, 'x'), (2, 2, 'a', 1, 'x'),
 (3, 1, 'a', 1, 'x'), (3, 2, 'a', 1, 'x'), (4, 1, 'a', 1, 'x'), (4, 2, 'a', 1, 'x'),
 (5, 1, 'b', 0, 'x');"
exam_db_sql "$PGDB" "$data"
exam_db_sql "$T/cmp.db" "$data"
t_is "report and answers answer as on SQLite" "$(report_script "$PGDB")" \
    "$(report_script "$T/cmp.db")"
t_like "(and the comparison saw the figures)" "$(report_script "$PGDB")" \
    "report --exam math --since 2024-05-02 => 0 exam math: 2 attempts \\(first attempts, since 2024-05-02\\)"

# Exactly once: eight processes add the same user at once; one wins.
new_db race; RACE=$NEW_DB
"$BIN/examctl" --db "$RACE" init >/dev/null
for i in 1 2 3 4 5 6 7 8; do
	(printf 'password\n' | "$BIN/examctl" --db "$RACE" adduser same >/dev/null \
	    2>"$T/race.$i"; echo $? >"$T/race.$i.rc") &
done
wait
t_is "eight adduser at once: one succeeds" "$(cat "$T"/race.*.rc | sort | uniq -c | tr -s ' ')" \
    " 1 0
 7 1"
t_is "the others say the name exists" "$(cat "$T"/race.[0-9] | sort -u)" \
    "examctl: user 'same' exists, in this or another case (use passwd to change the password)"
t_is "one row" "$(exam_db_sql "$RACE" "SELECT count(*) FROM users WHERE username = 'same'")" 1
for i in 1 2 3 4 5 6; do
	("$BIN/examctl" --db "$RACE" questions import --exam new "$T/one.txt" \
	    >"$T/imp.$i" 2>&1; echo $? >"$T/imp.$i.rc") &
done
wait
t_is "six imports into a new exam at once all succeed" "$(cat "$T"/imp.*.rc | sort -u)" 0
t_is "one of them created it" "$(grep -l created "$T"/imp.[0-9] | wc -l)" 1
t_is "one exam, one bank" "$(exam_db_sql "$RACE" "SELECT count(*) FROM exams WHERE name = 'new'")|$(exam_db_sql "$RACE" 'SELECT count(*) FROM questions q JOIN exams e ON e.id = q.exam WHERE e.name = '"'new'")" "1|1"

# Failures name the server and database, never the password.
"$BIN/examctl" --db "${PG_URI%@*}:s3cret@${PG_URI#*@}/nope" users >"$T/o" 2>"$T/e"; rc=$?
t_is "a missing database: exit 1" "$rc" 1
t_like "names it" "$(cat "$T/e")" '^examctl: postgresql://postgres@127\.0\.0\.1:[0-9]+/nope: .*does not exist'
t_unlike "without the password" "$(cat "$T/e")" 's3cret'
t_is "on one line" "$(wc -l <"$T/e")" 1
run_pg() { "$BIN/examctl" --db "postgres://${PG_URI#postgresql://}/${PGDB##*/}" "$@"; }
t_is "postgres:// works as well" "$(run_pg users)" "$("$BIN/examctl" --db "$PGDB" users)"
t_done
