# SPDX-License-Identifier: ISC
# An exam.db of layout 2 (tests/fixtures keeps its schemas for both back
# ends) is brought to layout 3 in place by any examctl command: users,
# exams, results and the connection log stay, the attempts tables arrive,
# and examd serves it (and keeps attempts in it). Before that, examd
# refuses it unchanged. On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

# old DB: a layout-2 database with a user, the known bank and a result.
old() {
	if exam_is_pg "$1"; then
		psql -X -q -v ON_ERROR_STOP=1 "$1" \
		    -f "$TOP/tests/fixtures/exam_schema_v2_pg.sql" >/dev/null &&
		    _exam_bank | psql -X -q -v ON_ERROR_STOP=1 "$1" >/dev/null
	else
		sqlite3 "$1" <"$TOP/tests/fixtures/exam_schema_v2.sql" \
		    >/dev/null && _exam_bank | sqlite3 "$1" && exam_own "$1"
	fi || return 1
	exam_db_sql "$1" "INSERT INTO users VALUES ('amy', '\$y\$j9T\$old');
	    INSERT INTO results (username, score, total, finished_at, peer, exam)
	    VALUES ('amy', 2, 3, '2024-05-01T09:00:00Z', '127.0.0.1:1000', 'default');
	    UPDATE counter SET count = 1000;"
}
version() {
	if exam_is_pg "$1"; then
		exam_db_sql "$1" 'SELECT max(version) FROM exam_schema'
	else
		exam_db_sql "$1" 'PRAGMA user_version'
	fi
}
tables() {
	if exam_is_pg "$1"; then
		exam_db_sql "$1" "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('attempts', 'answers')"
	else
		exam_db_sql "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('attempts', 'answers')"
	fi
}

new_db exam2.db && EXAM_DB=$NEW_DB
t_ok "a layout-2 exam.db" old "$EXAM_DB"
t_is "of layout 2, without attempts" "$(version "$EXAM_DB")|$(tables "$EXAM_DB")" "2|0"

t_ok "xinetd serves examd" start_exam
out=$(exam_lines "amy
")
t_like "examd on layout 2: the service is unavailable" "$out" 'unavailable'
t_is "and nothing changed" "$(version "$EXAM_DB")|$(tables "$EXAM_DB")|$(exam_sql 'SELECT count FROM counter')" "2|0|1000"

out=$("$BIN/examctl" --db "$EXAM_DB" exams 2>"$T/err"); rc=$?
t_is "any examctl command upgrades it: exit 0, quietly" "$rc|$(cat "$T/err")" "0|"
t_is "to layout 3, with the attempts tables" "$(version "$EXAM_DB")|$(tables "$EXAM_DB")" "3|2"
t_is "attempts has its columns" "$(exam_columns attempts)" \
    "id,username,exam,started_at,deadline_at,ord,total,finished_at,result"
t_is "answers has its columns" "$(exam_columns answers)" \
    "attempt,position,letter,correct,answered_at"
t_is "the old result is still a result" \
    "$("$BIN/examctl" --db "$EXAM_DB" results --csv | tr -d '\r' | tail -n 1)" \
    "amy,default,2,3,67,2024-05-01T09:00:00Z,127.0.0.1:1000"
t_is "users keep their hashes" "$(exam_sql 'SELECT * FROM users')" 'amy|$y$j9T$old'
out=$("$BIN/examctl" --db "$EXAM_DB" exams 2>&1)
t_is "a second command changes nothing more" "$(version "$EXAM_DB")|$(tables "$EXAM_DB")" "3|2"

# The old result counts against a limit of 2: one attempt is left, and
# examd keeps it in the new tables.
"$BIN/examctl" --db "$EXAM_DB" exams set default attempts 2 >/dev/null
printf 'password\n' | "$BIN/examctl" --db "$EXAM_DB" passwd amy
out=$(exam_lines "amy
password
$EXAM_RIGHT
")
t_is "examd serves the upgraded database" "$(printf '%s\n' "$out" | tail -n 2)" \
"Your score: 3/3 (100%)
Goodbye amy."
t_is "the attempt and its answers are stored" \
    "$(exam_sql "SELECT a.total, count(a.finished_at), (SELECT count(*) FROM answers n WHERE n.attempt = a.id), r.score FROM attempts a JOIN results r ON r.id = a.result WHERE a.username = 'amy' GROUP BY a.id, r.score")" \
    "3|1|3|3"
out=$(exam_lines "amy
password
")
t_like "and the old result still counts: no attempt left" "$out" 'You have no attempts left for default\.'

# examctl init on a layout-2 database: the same upgrade, no new bank.
new_db exam2b.db && second=$NEW_DB
t_ok "another layout-2 database" old "$second"
out=$("$BIN/examctl" --db "$second" init 2>&1); rc=$?
t_is "init upgrades it quietly" "$rc|$out" "0|"
t_is "to layout 3" "$(version "$second")|$(tables "$second")" "3|2"
t_is "keeping its bank" "$(exam_db_sql "$second" 'SELECT count(*) FROM questions')" 3
t_is "integrity check ok" "$(exam_sql 'PRAGMA integrity_check')" ok

# The upgraded layout is the one init makes: the same columns (types,
# defaults, NULL or not), indexes and constraints, on either back end.
layout() {
	if exam_is_pg "$1"; then
		exam_db_sql "$1" "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1, ordinal_position" &&
		exam_db_sql "$1" "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname" &&
		exam_db_sql "$1" "SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY conrelid::regclass::text, conname"
	else
		exam_db_sql "$1" "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1, 2" &&
		exam_db_sql "$1" "SELECT name, tbl_name, replace(sql, char(10) || '    ', ' ') FROM sqlite_master WHERE type = 'index' ORDER BY 1" &&
		exam_db_sql "$1" "SELECT m.name, f.* FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 1, 2, 3"
	fi
}
new_db exam3.db && fresh=$NEW_DB
"$BIN/examctl" --db "$fresh" init --empty >/dev/null
layout "$fresh" >"$T/layout-fresh"
layout "$second" >"$T/layout-upgraded"
t_is "the upgraded layout is init's" \
    "$(diff "$T/layout-fresh" "$T/layout-upgraded" && wc -l <"$T/layout-fresh")" \
    "$(wc -l <"$T/layout-fresh")"
t_done
