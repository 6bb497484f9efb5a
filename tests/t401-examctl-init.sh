# examctl init: creates exam.db with the schema in WAL mode, loads the
# default bank once, is idempotent; bad arguments and paths are refused.
. "$TOP/tests/lib.sh"
DB=$T/exam.db
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }

out=$(ectl init 2>"$T/err"); rc=$?
t_is "init exits 0" "$rc" 0
t_like "init says it loaded the default bank" "$out" '^loaded [0-9]+ default questions$'
t_is "init writes nothing on stderr" "$(cat "$T/err")" ""
t_is "the database is in WAL mode" "$(q 'PRAGMA journal_mode')" wal
t_is "users has exactly username and password" \
	"$(q "SELECT group_concat(name, ',') FROM pragma_table_info('users')")" \
	"username,password"
n=$(q 'SELECT count(*) FROM questions')
t_ok "the default bank has at least 10 questions ($n)" test "$n" -ge 10
t_is "question 1 is the SPEC example" \
	"$(q 'SELECT prompt, answer FROM questions WHERE position = 1')" \
	"Which layer of the OSI model does TCP belong to?|b"
t_is "its choices" \
	"$(q "SELECT group_concat(letter || ') ' || text, ';') FROM (SELECT * FROM choices WHERE position = 1 ORDER BY letter)")" \
	"a) Network;b) Transport;c) Session;d) Application"
t_is "every question has 2 to 6 choices" \
	"$(q 'SELECT count(*) FROM (SELECT position, count(*) AS n FROM choices GROUP BY position HAVING n < 2 OR n > 6)')" 0
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
t_ok "integrity check ok" test "$(q 'PRAGMA integrity_check')" = ok

# The path: --db first, then EXAM_DB.
EXAM_DB=$T/env.db "$BIN/examctl" init >/dev/null
t_ok "EXAM_DB names the database" test -s "$T/env.db"
EXAM_DB=$T/env2.db "$BIN/examctl" --db "$T/opt.db" init >/dev/null
t_ok "--db wins over EXAM_DB" test -s "$T/opt.db"
t_fails "and EXAM_DB is then not touched" test -e "$T/env2.db"

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
"$BIN/examctl" --db "$T/missing.db" users >/dev/null 2>"$T/err"; rc=$?
t_is "a missing database: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" '^examctl: .*missing\.db'
t_fails "and does not create it" test -e "$T/missing.db"
sqlite3 "$T/other.db" 'CREATE TABLE x(y)'
"$BIN/examctl" --db "$T/other.db" users >/dev/null 2>"$T/err"; rc=$?
t_is "a database without the exam tables: exit 1" "$rc" 1
t_like "and init is suggested" "$(cat "$T/err")" "examctl init"
printf 'not a database at all, just text that is long enough to be a header\n' >"$T/junk.db"
"$BIN/examctl" --db "$T/junk.db" init >/dev/null 2>"$T/err"; rc=$?
t_is "init on a file that is not a database: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" '^examctl: '
"$BIN/examctl" --db "$T/nodir/exam.db" init >/dev/null 2>"$T/err"; rc=$?
t_is "init in a missing folder: exit 1" "$rc" 1
t_done
