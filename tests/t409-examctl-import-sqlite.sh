# SPDX-License-Identifier: ISC
# examctl import-sqlite: a SQLite exam.db (users with their hashes, exams
# with gaps in their ids, banks, results, the connection log and counter)
# moves into a new PostgreSQL database in one transaction: the rows come
# out identical, table by table; the file is opened read-only and left
# byte for byte as it was; ids go on after the imported ones; a target
# that holds anything is refused, and a bad source leaves the target
# without a row.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

run() {
	"$BIN/examctl" "$@" >"$T/out" 2>"$T/err"
	RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}

# The source, made by examctl itself and by hand (what examd writes).
SRC=$T/old.db
s() { sqlite3 "$SRC" "$1"; }
"$BIN/examctl" --db "$SRC" init >/dev/null
"$BIN/examctl" --db "$SRC" questions import --exam gone "$TOP/sql/python.txt" >/dev/null
"$BIN/examctl" --db "$SRC" questions import --exam math "$TOP/sql/math.txt" >/dev/null
"$BIN/examctl" --db "$SRC" exams delete gone
"$BIN/examctl" --db "$SRC" exams set math attempts 2
"$BIN/examctl" --db "$SRC" exams set math time-limit 30
printf 'pw-amy-secret\n' | "$BIN/examctl" --db "$SRC" adduser amy
printf 'pw-bob-secret\n' | "$BIN/examctl" --db "$SRC" adduser bob
s "INSERT INTO users VALUES ('legacy', '$(printf '%064d%0128d' 1 2)');
INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
 ('amy', 5, 6, '2024-05-01T09:00:00Z', '127.0.0.1:4000', 'math'),
 ('bob', 1, 12, '2024-05-01T09:01:00Z', '[::1]:4001', 'default'),
 ('gone', 0, 3, '2024-05-01T09:02:00Z', 'a,b \"c\"', 'gone'),
 ('amy', 6, 6, '2024-05-02T09:00:00Z', '127.0.0.1:4002', 'math');
DELETE FROM results WHERE username = 'gone';
INSERT INTO connections (peer, arrived_at) VALUES
 ('127.0.0.1:4000', '2024-05-01T08:59:00Z'), ('[::1]:4001', '2024-05-01T09:00:30Z'),
 ('127.0.0.1:4002', '2024-05-02T08:59:00Z');
UPDATE counter SET count = 3;"
"$BIN/examctl" --db "$SRC" reset-count >/dev/null
# The settings and the failed logins' records come over too: a school
# that closed registration keeps it closed.
"$BIN/examctl" --db "$SRC" settings set registration closed >/dev/null
"$BIN/examctl" --db "$SRC" settings set password-min 10 >/dev/null
s "INSERT INTO login_failures VALUES ('amy', '127.0.0.5', 4, 4000000000, 4000000600);
INSERT INTO login_known VALUES ('bob', '127.0.0.1', 1714550000);"
s "INSERT INTO connections (peer, arrived_at) VALUES ('10.0.0.9:5000', '2024-05-03T10:00:00Z');
UPDATE counter SET count = 1;"
cp "$SRC" "$T/old.copy"

# Into a SQLite file, or from a URI, a missing file, a folder: exit 2.
run --db "$T/target.db" import-sqlite "$SRC"
t_is "into a SQLite file: exit 2, one line" "$RC|$(wc -l <"$T/err")" "2|1"
t_is "and says why" "$ERR" "examctl: import-sqlite moves into PostgreSQL: --db must be a postgresql:// URI, not $T/target.db"
t_fails "and makes no file" test -e "$T/target.db"
if [ "$BACKEND" != postgresql ]; then t_done; exit; fi

new_db target; DST=$NEW_DB
d() { exam_db_sql "$DST" "$1"; }
run --db "$DST" import-sqlite "postgresql://127.0.0.1/x"
t_is "from a URI: exit 2" "$RC|$ERR" \
    "2|examctl: import-sqlite reads a SQLite file, not postgresql://127.0.0.1/x"
run --db "$DST" import-sqlite "$T/none.db"
t_is "from a missing file: exit 2" "$RC|$ERR" \
    "2|examctl: $T/none.db: No such file or directory"
run --db "$DST" import-sqlite "$T"
t_is "from a folder: exit 2" "$RC|$ERR" "2|examctl: $T: not a regular file"
run --db "$DST" import-sqlite
t_is "without a file: exit 2" "$RC" 2

# Bad sources: exit 1, and the target has no table at all.
"$BIN/studentctl" --db "$T/students.db" init
run --db "$DST" import-sqlite "$T/students.db"
t_is "from the student database: exit 1" "$RC|$ERR" \
    "1|examctl: $T/students.db: not an exam database"
printf 'not a database at all, just text that is long enough\n' >"$T/junk.db"
run --db "$DST" import-sqlite "$T/junk.db"
t_is "from a file that is not a database: exit 1" "$RC" 1
t_like "and says so" "$ERR" 'not a database'
sqlite3 "$T/v1.db" <"$TOP/tests/fixtures/exam_schema_v1.sql" >/dev/null
run --db "$DST" import-sqlite "$T/v1.db"
t_is "from the first layout: exit 1" "$RC" 1
t_is "and says how to upgrade it" "$ERR" "examctl: $T/v1.db: an older layout; any examctl command on it (e.g. 'examctl --db $T/v1.db exams') upgrades it first"
"$BIN/examctl" --db "$T/v1.db" exams >/dev/null
run --db "$DST" import-sqlite "$T/v1.db"
t_is "which works" "$RC|$OUT" "0|imported 1 exam (0 questions), 0 users, 0 results, 0 connections"
new_db target2; DST=$NEW_DB
t_is "none of them touched the target" \
    "$(d "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0

# A row PostgreSQL refuses (SQLite stored text in an integer column),
# after good ones: nothing at all is imported.
cp "$SRC" "$T/bad.db"
sqlite3 "$T/bad.db" "INSERT INTO results (username, score, total, finished_at, peer, exam)
    VALUES ('bob', 1, 'many', '2024-06-01T00:00:00Z', '1.2.3.4:5', 'math')"
cp "$T/bad.db" "$T/bad.copy"
run --db "$DST" import-sqlite "$T/bad.db"
t_is "a row PostgreSQL refuses: exit 1" "$RC" 1
t_like "it names the statement and the value" "$ERR" 'INSERT INTO results.*many'
t_is "and nothing was imported" "$(d 'SELECT (SELECT count(*) FROM exams) +
    (SELECT count(*) FROM questions) + (SELECT count(*) FROM choices) +
    (SELECT count(*) FROM users) + (SELECT count(*) FROM results) +
    (SELECT count(*) FROM connections)')|$(d 'SELECT count, reset_seq FROM counter')" "0|0|0"
t_ok "that source is unchanged too" cmp "$T/bad.db" "$T/bad.copy"

# The move.
run --db "$DST" import-sqlite "$SRC"
t_is "import-sqlite exits 0" "$RC|$ERR" "0|"
t_is "and says what it moved" "$OUT" \
    "imported 2 exams (18 questions), 3 users, 3 results, 4 connections"
t_ok "the source is byte for byte unchanged" cmp "$SRC" "$T/old.copy"
t_fails "and no journal was left beside it" \
    ls "$SRC-journal" "$SRC-wal" 2>/dev/null
for q in "SELECT id, name, attempts, time_limit FROM exams ORDER BY id" \
    "SELECT exam, position, prompt, answer FROM questions ORDER BY exam, position" \
    "SELECT exam, position, letter, text FROM choices ORDER BY exam, position, letter" \
    "SELECT username, password FROM users ORDER BY username" \
    "SELECT id, username, score, total, finished_at, peer, exam FROM results ORDER BY id" \
    "SELECT seq, peer, arrived_at FROM connections ORDER BY seq" \
    "SELECT id, count, reset_seq FROM counter" \
    "SELECT name, value FROM settings ORDER BY name" \
    "SELECT name, source, failures, wait_until, expires_at FROM login_failures ORDER BY name, source" \
    "SELECT name, source, last_at FROM login_known ORDER BY name, source"; do
	tbl=${q#* FROM }; tbl=${tbl%% *}
	t_is "$tbl: the same rows" "$(d "$q")" "$(s "$q")"
done
t_is "(the comparison saw the rows)" "$(d 'SELECT id, name FROM exams ORDER BY id')" \
    "1|default
3|math"
t_is "the hashes are the same" "$(d "SELECT password FROM users WHERE username = 'amy'")" \
    "$(s "SELECT password FROM users WHERE username = 'amy'")"
t_is "(and the settings' rows)" "$(d 'SELECT count(*) FROM settings')|$(d 'SELECT count(*) FROM login_failures')|$(d 'SELECT count(*) FROM login_known')" "2|1|1"
for c in exams users "results --csv" "questions list --exam math" connections settings; do
	# shellcheck disable=SC2086
	t_is "examctl $c answers as on the file" \
	    "$("$BIN/examctl" --db "$DST" $c)" "$("$BIN/examctl" --db "$SRC" $c)"
done
cp "$T/old.copy" "$SRC"

# Ids go on after the imported ones, as they would have in the file.
cp "$SRC" "$T/next.db"
printf 'Q: One?\na) yes\nb) no\nA: a\n' >"$T/one.txt"
"$BIN/examctl" --db "$DST" questions import --exam chem "$T/one.txt" >/dev/null
"$BIN/examctl" --db "$T/next.db" questions import --exam chem "$T/one.txt" >/dev/null
t_is "a new exam gets the next id" "$(d "SELECT id FROM exams WHERE name = 'chem'")" \
    "$(sqlite3 "$T/next.db" "SELECT id FROM exams WHERE name = 'chem'")"
t_is "(which is 4)" "$(d "SELECT id FROM exams WHERE name = 'chem'")" 4
d "INSERT INTO results (username, score, total, finished_at, peer, exam)
    VALUES ('bob', 1, 1, '2024-06-01T00:00:00Z', '1.2.3.4:5', 'chem')"
t_is "a new result gets the next id" "$(d "SELECT max(id) FROM results")" 5
d "INSERT INTO connections (peer, arrived_at) VALUES ('1.2.3.4:5', '2024-06-01T00:00:00Z')"
t_is "a new connection the next seq" "$(d "SELECT max(seq) FROM connections")" 5

# A target that holds anything is refused, and left as it was.
sum() { for t in exams questions choices users results connections counter; do
	d "SELECT * FROM $t ORDER BY 1, 2"; done | md5sum; }
before=$(sum)
run --db "$DST" import-sqlite "$SRC"
t_is "into a database with data: exit 1, one line" "$RC|$(wc -l <"$T/err")" "1|1"
t_like "and says why" "$ERR" \
    "^examctl: postgresql://.*/[a-z0-9_]*target2: not empty \(3 exams, 3 users, 4 results, 5 connections\); import-sqlite fills a new database, without init$"
t_is "the target is unchanged" "$(sum)" "$before"
new_db inited; INIT=$NEW_DB
"$BIN/examctl" --db "$INIT" init >/dev/null
run --db "$INIT" import-sqlite "$SRC"
t_is "into one where init ran: exit 1" "$RC" 1
t_like "the exam default is what it holds" "$ERR" 'not empty \(1 exam, 0 users, 0 results, 0 connections\)'
t_is "and it keeps only its default bank" \
    "$(exam_db_sql "$INIT" 'SELECT count(*) FROM exams')|$(exam_db_sql "$INIT" 'SELECT count(*) FROM users')" "1|0"
t_ok "the source is still unchanged" cmp "$SRC" "$T/old.copy"
t_done
