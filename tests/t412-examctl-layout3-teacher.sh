# SPDX-License-Identifier: ISC
# An exam.db of layout 2 (tests/fixtures keeps its schemas) is upgraded to
# layout 3 in place by any examctl command, on both back ends: everything
# stays, the exams gain open|closed (open) and the grants table comes;
# before it, examd refuses the database unchanged; after it, examd serves it.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

exam_new_db
if exam_is_pg; then
	psql -X -q -v ON_ERROR_STOP=1 "$EXAM_DB" \
	    -f "$TOP/tests/fixtures/exam_schema_v2_pg.sql" >/dev/null
	version() { exam_sql 'SELECT version FROM exam_schema'; }
else
	sqlite3 "$EXAM_DB" <"$TOP/tests/fixtures/exam_schema_v2.sql" >/dev/null
	exam_own "$EXAM_DB"
	version() { exam_sql 'PRAGMA user_version'; }
fi
exam_sql "INSERT INTO users VALUES ('amy', '\$y\$j9T\$old');
INSERT INTO exams (id, name, attempts) VALUES (1, 'math', 1);
INSERT INTO questions (exam, position, prompt, answer) VALUES (1, 1, 'Two?', 'a');
INSERT INTO choices (exam, position, letter, text) VALUES (1, 1, 'a', '2'), (1, 1, 'b', '3');
INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
 ('amy', 1, 1, '2024-05-01T09:00:00Z', '127.0.0.1:1', 'math');
UPDATE counter SET count = 1000;" >/dev/null
t_is "a database of layout 2" "$(version)" 2

t_ok "xinetd serves examd" start_exam
out=$(exam_lines "amy
")
t_like "examd on layout 2: the service is unavailable" "$out" 'unavailable'
t_is "and nothing was counted" "$(exam_sql 'SELECT count FROM counter')" 1000

out=$("$BIN/examctl" --db "$EXAM_DB" exams 2>"$T/err"); rc=$?
t_is "any examctl command upgrades it: exit 0" "$rc|$(cat "$T/err")" "0|"
t_is "the exams are kept, open" "$out" \
"name  questions   attempts  time-limit  results  state
math          1          1        none        1  open"
t_is "the layout is 3" "$(version)" 3
t_is "users, results and the count stay" \
    "$(exam_sql "SELECT username, password FROM users")|$(exam_sql 'SELECT count(*) FROM results')|$(exam_sql 'SELECT count FROM counter')" \
    'amy|$y$j9T$old|1|1000'
t_is "a grant can be stored" "$("$BIN/examctl" --db "$EXAM_DB" attempts grant amy math)" \
    "amy: 1 more attempt at math (1 granted in all)"
t_is "a second command changes nothing more" \
    "$("$BIN/examctl" --db "$EXAM_DB" exams | tail -n 1)|$(version)" \
    "math          1          1        none        1  open|3"
printf 'amy-pw-12\n' | "$BIN/examctl" --db "$EXAM_DB" passwd amy >/dev/null
out=$(exam_lines "amy
amy-pw-12
a
")
t_like "examd serves it, with amy's grant" "$out" 'Your score: 1/1 \(100%\)'
if ! exam_is_pg; then
	t_is "foreign keys hold" "$(exam_sql 'PRAGMA foreign_key_check')" ""
	t_is "integrity check ok" "$(exam_sql 'PRAGMA integrity_check')" ok
fi
t_done
