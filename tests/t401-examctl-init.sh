# SPDX-License-Identifier: ISC
# examctl init: creates exam.db with the schema (in WAL mode on SQLite),
# loads the default bank once, is idempotent; bad arguments and paths are
# refused. On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
exam_new_db; DB=$EXAM_DB
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { exam_db_sql "$DB" "$1"; }
# is_exam_db DB: init has made DB an exam database.
is_exam_db() { [ "$(exam_db_sql "$1" 'SELECT count(*) FROM exams' 2>/dev/null)" = 1 ]; }

out=$(ectl init 2>"$T/err"); rc=$?
t_is "init exits 0" "$rc" 0
t_like "init says it loaded the default bank" "$out" '^loaded [0-9]+ default questions$'
t_is "init writes nothing on stderr" "$(cat "$T/err")" ""
if [ "$BACKEND" = sqlite ]; then
	t_is "the database is in WAL mode" "$(q 'PRAGMA journal_mode')" wal
	cols="SELECT group_concat(name, ',') FROM pragma_table_info('users')"
	choices="SELECT group_concat(letter || ') ' || text, ';') FROM (SELECT * FROM choices WHERE position = 1 ORDER BY letter)"
else
	t_is "the layout's version is 3" "$(q 'SELECT version FROM exam_schema')" 3
	cols="SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'users' AND table_schema = current_schema()"
	choices="SELECT string_agg(letter || ') ' || text, ';' ORDER BY letter) FROM choices WHERE position = 1"
fi
t_is "users has exactly username and password" "$(q "$cols")" \
	"username,password"
n=$(q 'SELECT count(*) FROM questions')
t_ok "the default bank has at least 10 questions ($n)" test "$n" -ge 10
t_is "question 1 is the SPEC example" \
	"$(q 'SELECT prompt, answer FROM questions WHERE position = 1')" \
	"Which layer of the OSI model does TCP belong to?|b"
t_is "its choices" "$(q "$choices")" \
	"a) Network;b) Transport;c) Session;d) Application"
t_is "every question has 2 to 6 choices" \
	"$(q 'SELECT count(*) FROM (SELECT position FROM choices GROUP BY position HAVING count(*) < 2 OR count(*) > 6) AS x')" 0
[ "$BACKEND" = sqlite ] &&
    t_is "the database is private (0600)" "$(stat -c %a "$DB")" 600

# A second init keeps everything, including a bank replaced since.
printf 'Q: Only one?\na) yes\nb) no\nA: a\n' >"$T/one.txt"
ectl questions import "$T/one.txt" >/dev/null
q "INSERT INTO users VALUES ('alice', 'x')"
out=$(ectl init 2>&1); rc=$?
t_is "init again exits 0" "$rc" 0
t_is "and says nothing" "$out" ""
t_is "and keeps the imported bank" "$(q 'SELECT count(*) FROM questions')" 1
t_is "and keeps the users" "$(q 'SELECT username FROM users')" alice
[ "$BACKEND" = sqlite ] &&
    t_ok "integrity check ok" test "$(q 'PRAGMA integrity_check')" = ok

# The path: --db first, then EXAM_DB.
new_db env.db; ENV=$NEW_DB
new_db env2.db; ENV2=$NEW_DB
new_db opt.db; OPT=$NEW_DB
EXAM_DB=$ENV "$BIN/examctl" init >/dev/null
t_ok "EXAM_DB names the database" is_exam_db "$ENV"
EXAM_DB=$ENV2 "$BIN/examctl" --db "$OPT" init >/dev/null
t_ok "--db wins over EXAM_DB" is_exam_db "$OPT"
if [ "$BACKEND" = sqlite ]; then
	t_fails "and EXAM_DB is then not touched" test -e "$ENV2"
else
	t_is "and EXAM_DB is then not touched" "$(exam_db_sql "$ENV2" \
	    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0
fi

# Argument errors: exit 2 with one line on stderr.
bad_args() { # description, args...
	d=$1; shift
	"$BIN/examctl" "$@" >"$T/out" 2>"$T/err"; rc=$?
	t_is "$d: exit 2" "$rc" 2
	t_like "$d: one-line error" "$(cat "$T/err")" '^examctl: '
	t_is "$d: only one line" "$(wc -l <"$T/err")" 1
}
bad_args "no command" --db "$DB"
bad_args "unknown command" --db "$DB" frobnicate
bad_args "unknown option" --db "$DB" --verbose init
bad_args "--db without a path" --db
bad_args "init with an argument" --db "$DB" init extra
bad_args "questions without a subcommand" --db "$DB" questions
bad_args "questions with an unknown subcommand" --db "$DB" questions drop
bad_args "questions import without a file" --db "$DB" questions import
bad_args "questions list with an argument" --db "$DB" questions list x
bad_args "users with an argument" --db "$DB" users x
bad_args "passwd without a name" --db "$DB" passwd
bad_args "passwd with two names" --db "$DB" passwd a b
bad_args "deluser with a bad name" --db "$DB" deluser 'bad name'
bad_args "results with two names" --db "$DB" results a b
bad_args "reset-count with an argument" --db "$DB" reset-count now
out=$("$BIN/examctl" --help); rc=$?
t_is "--help exits 0" "$rc" 0
t_like "--help prints the usage" "$out" '^usage: examctl'

# Operational failures: exit 1.
if [ "$BACKEND" = sqlite ]; then MISSING=$T/missing.db
else MISSING=$PG_URI/t401_missing_db; fi
"$BIN/examctl" --db "$MISSING" users >/dev/null 2>"$T/err"; rc=$?
t_is "a missing database: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" '^examctl: .*missing[._]db'
if [ "$BACKEND" = sqlite ]; then
	t_fails "and does not create it" test -e "$T/missing.db"
else
	t_is "and does not create it" "$(exam_db_sql "$PG_URI/postgres" \
	    "SELECT count(*) FROM pg_database WHERE datname = 't401_missing_db'")" 0
fi
new_db other.db; OTHER=$NEW_DB
exam_db_sql "$OTHER" 'CREATE TABLE x(y INTEGER)'
"$BIN/examctl" --db "$OTHER" users >/dev/null 2>"$T/err"; rc=$?
t_is "a database without the exam tables: exit 1" "$rc" 1
t_like "and init is suggested" "$(cat "$T/err")" "examctl init"
"$BIN/examctl" --db "$OTHER" init >/dev/null 2>"$T/err"; rc=$?
t_is "init on a foreign database: exit 1" "$rc" 1
t_like "and refuses to change it" "$(cat "$T/err")" 'not an exam database; refusing to change it'
t_is "which still holds only its own table" "$(exam_db_sql "$OTHER" \
    'SELECT count(*) FROM x')" 0
[ "$BACKEND" = sqlite ] || { t_done; exit; }
printf 'not a database at all, just text that is long enough to be a header\n' >"$T/junk.db"
"$BIN/examctl" --db "$T/junk.db" init >/dev/null 2>"$T/err"; rc=$?
t_is "init on a file that is not a database: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" '^examctl: '
"$BIN/examctl" --db "$T/nodir/exam.db" init >/dev/null 2>"$T/err"; rc=$?
t_is "init in a missing folder: exit 1" "$rc" 1
t_done
