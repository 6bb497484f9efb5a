# SPDX-License-Identifier: ISC
# An exam.db made by the first layout (one bank; tests/fixtures keeps its
# schema) is upgraded in place by examctl: users, questions (as the exam
# `default`), results and the connection log survive, and examd serves it
# through xinetd. Before the upgrade, examd refuses it unchanged.
. "$TOP/tests/lib.sh"
sqlite_only "the first layout is a SQLite file; PostgreSQL starts at layout 2"
. "$TOP/tests/lib-exam.sh"

old() { # FILE: a first-layout database with data
	sqlite3 "$1" <"$TOP/tests/fixtures/exam_schema_v1.sql" >/dev/null &&
	sqlite3 "$1" <<'SQL'
INSERT INTO users VALUES ('amy', '$y$j9T$old'), ('bob', '$y$j9T$older');
INSERT INTO questions (position, prompt, answer) VALUES
 (1, 'Which layer of the OSI model does TCP belong to?', 'b'),
 (2, 'Is UDP connectionless?', 'a'),
 (3, 'Which port does HTTPS use by default?', 'f');
INSERT INTO choices (position, letter, text) VALUES
 (1, 'a', 'Network'), (1, 'b', 'Transport'),
 (1, 'c', 'Session'), (1, 'd', 'Application'),
 (2, 'a', 'Yes'), (2, 'b', 'No'),
 (3, 'a', '21'), (3, 'b', '22'), (3, 'c', '25'),
 (3, 'd', '80'), (3, 'e', '110'), (3, 'f', '443');
INSERT INTO results (username, score, total, finished_at, peer) VALUES
 ('amy', 2, 3, '2024-05-01T09:00:00Z', '127.0.0.1:1000'),
 ('bob', 3, 3, '2024-05-02T09:00:00Z', '[::1]:2000');
INSERT INTO connections (peer, arrived_at) VALUES
 ('127.0.0.1:1000', '2024-05-01T08:59:00Z'), ('[::1]:2000', '2024-05-02T08:59:00Z');
UPDATE counter SET count = 2;
SQL
}
t_ok "a first-layout exam.db" old "$EXAM_DB"
exam_own "$EXAM_DB"
t_is "it has no exams table" "$(exam_sql "SELECT count(*) FROM sqlite_master WHERE name = 'exams'")|$(exam_sql 'PRAGMA user_version')" "0|0"

# examd before the upgrade: refused, nothing changed.
exam_sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$EXAM_DB" "$T/before.db"
t_ok "xinetd serves examd" start_exam
out=$(exam_lines "amy
")
t_like "examd on the old layout: the service is unavailable" "$out" 'unavailable'
exam_sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
t_ok "and the database is unchanged" cmp "$EXAM_DB" "$T/before.db"

out=$("$BIN/examctl" --db "$EXAM_DB" exams 2>"$T/err"); rc=$?
t_is "any examctl command upgrades it: exit 0" "$rc|$(cat "$T/err")" "0|"
t_is "the bank is the exam default" "$out" \
"name     questions   attempts  time-limit  results  state
default          3  unlimited        none        2  open"
t_is "the layout version is set (through 2 to 3)" "$(exam_sql 'PRAGMA user_version')" 3
t_is "users keep their names and hashes" "$(exam_sql 'SELECT * FROM users ORDER BY username')" \
'amy|$y$j9T$old
bob|$y$j9T$older'
t_is "users still has exactly two columns" \
    "$(exam_sql "SELECT group_concat(name, ',') FROM pragma_table_info('users')")" "username,password"
t_is "results keep everything and gain the exam" \
    "$("$BIN/examctl" --db "$EXAM_DB" results --csv | tr -d '\r')" \
"username,exam,score,total,percent,finished_at,peer
amy,default,2,3,67,2024-05-01T09:00:00Z,127.0.0.1:1000
bob,default,3,3,100,2024-05-02T09:00:00Z,[::1]:2000"
t_is "the questions and choices are whole" \
    "$(exam_sql 'SELECT count(*) FROM questions WHERE exam = 1')|$(exam_sql 'SELECT count(*) FROM choices WHERE exam = 1')" "3|12"
t_is "the old tables are gone" \
    "$(exam_sql "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v1'")" 0
t_is "the connection log and count stay (the refused session was not counted)" "$(exam_sql 'SELECT count(*), (SELECT count FROM counter) FROM connections')" "2|2"
t_is "the journal mode stays WAL" "$(exam_sql 'PRAGMA journal_mode')" wal
t_is "foreign keys hold" "$(exam_sql 'PRAGMA foreign_key_check')" ""
t_is "integrity check ok" "$(exam_sql 'PRAGMA integrity_check')" ok
t_is "a second command changes nothing more" \
    "$("$BIN/examctl" --db "$EXAM_DB" questions list | grep -c '^Q: ')|$(exam_sql 'PRAGMA user_version')" "3|3"

# examd serves the upgraded database: the one exam, no menu.
exam_no_seventh
printf 'password\n' | "$BIN/examctl" --db "$EXAM_DB" passwd amy >/dev/null
out=$(exam_lines "amy
password
$EXAM_RIGHT
")
t_is "an old user takes the default exam" "$(printf '%s\n' "$out" | sed -n '2,3p;$p')" \
"Username: Password: Welcome back, amy.
The exam has 3 questions. Answer each with the letter of your choice.
Goodbye amy."
t_is "the new result is stored for default" \
    "$(exam_sql "SELECT exam, score FROM results WHERE username = 'amy' ORDER BY id DESC LIMIT 1")" "default|3"

# examctl init on a first-layout database: the same upgrade, no new bank.
t_ok "another first-layout database" old "$T/old2.db"
out=$("$BIN/examctl" --db "$T/old2.db" init 2>&1); rc=$?
t_is "init upgrades it quietly" "$rc|$out" "0|"
t_is "keeping its bank as default" \
    "$(sqlite3 "$T/old2.db" "SELECT e.name, count(*) FROM exams e JOIN questions q ON q.exam = e.id")" "default|3"
t_done
