# SPDX-License-Identifier: ISC
# studentctl on PostgreSQL: every command answers as on SQLite (same
# output, messages and exit statuses, compared line by line), init sets up
# the pages' read-only role, and import-sqlite moves a SQLite
# Student_log.db in, all or nothing (on either back end).
. "$TOP/tests/lib.sh"

run() {
	"$BIN/studentctl" "$@" >"$T/out" 2>"$T/err"
	RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}

# A SQLite Student_log.db to move: the sample, a NULL age, a quote.
SRC=$T/old.db
"$BIN/studentctl" --db "$SRC" init
"$BIN/studentctl" --db "$SRC" import "$TOP/sql/student_sample.csv" >/dev/null
sqlite3 "$SRC" "INSERT INTO Fifth_students VALUES ('O''Brien, \"Jo\"', 7, NULL)"

new_db Student_log.db; DB=$NEW_DB
run --db "$DB" import-sqlite "$SRC"
t_is "import-sqlite of an uninitialised database exits 1" "$RC" 1
run --db "$DB" init
t_is "init exits 0" "$RC/$OUT/$ERR" "0//"
run --db "$DB" init
t_is "init again is harmless" "$RC/$OUT/$ERR" "0//"
run --db "$DB" import-sqlite "$SRC"
t_is "import-sqlite moves every student" "$RC/$OUT" "0/imported 5 students"
t_is "the copy lists as the file" "$("$BIN/studentctl" --db "$DB" list)" \
    "$("$BIN/studentctl" --db "$SRC" list)"
run --db "$DB" show 7
t_is "a NULL age stays empty" "$OUT" 'Name: O'"'"'Brien, "Jo"
ID: 7
Age: '
# The new student comes first (by ID), so it was added before the taken
# ID was found, and rolled back.
sqlite3 "$SRC" "INSERT INTO Fifth_students VALUES ('New', 1, 30)"
run --db "$DB" import-sqlite "$SRC"
t_is "a taken ID: exit 1, nothing imported" "$RC/$ERR" \
    "1/studentctl: student ID 7 already exists; nothing imported"
run --db "$DB" show 1
t_is "not even the new student before it" "$RC" 1
cp "$SRC" "$T/bad.db"
sqlite3 "$T/bad.db" "DELETE FROM Fifth_students WHERE ID <> 1;
    INSERT INTO Fifth_students VALUES ('Tab' || char(9) || 'bed', 20, 20)"
run --db "$DB" import-sqlite "$T/bad.db"
t_is "a name that breaks the rules: exit 2, nothing imported" "$RC/$ERR" \
    "2/studentctl: $T/bad.db: student ID 20: bad name: control character; nothing imported"
sqlite3 "$T/bad.db" "UPDATE Fifth_students SET Name = 'Ok', Age = 151 WHERE ID = 20"
run --db "$DB" import-sqlite "$T/bad.db"
t_is "so does an age out of range" "$RC/$ERR" \
    "2/studentctl: $T/bad.db: student ID 20: bad age: must be an integer from 0 to 150; nothing imported"
sqlite3 "$T/bad.db" "UPDATE Fifth_students SET ID = 0, Age = 1 WHERE ID = 20"
run --db "$DB" import-sqlite "$T/bad.db"
t_is "and an ID below 1" "$RC/$ERR" \
    "2/studentctl: $T/bad.db: student ID 0: bad ID: must be a decimal integer from 1 to 9223372036854775807; nothing imported"
run --db "$DB" show 1
t_is "and nothing of it came in" "$RC" 1
t_is "(the list as before)" "$("$BIN/studentctl" --db "$DB" list | wc -l)" 6
run --db "$DB" import-sqlite "$T/none.db"
t_is "a missing file is a bad argument" "$RC/$ERR" \
    "2/studentctl: $T/none.db: No such file or directory"
run --db "$DB" import-sqlite "postgresql://127.0.0.1/x"
t_is "a URI is a bad argument" "$RC/$ERR" \
    "2/studentctl: import-sqlite reads a SQLite file, not postgresql://127.0.0.1/x"
printf 'not a database\n' >"$T/junk.db"
run --db "$DB" import-sqlite "$T/junk.db"
t_is "a file that is not a database exits 1" "$RC" 1
t_like "and says so" "$ERR" ': file is not a database$'

if [ "$BACKEND" != postgresql ]; then t_done; exit; fi

# The pages' role, as init left it: it reads and nothing else.
t_is "student_pages may SELECT" "$(pg_sql "$DB" "SELECT
    has_table_privilege('student_pages', 'fifth_students', 'SELECT')")" t
for p in INSERT UPDATE DELETE TRUNCATE; do
	t_is "student_pages may not $p" "$(pg_sql "$DB" "SELECT
	    has_table_privilege('student_pages', 'fifth_students', '$p')")" f
done

# The same commands on a SQLite file and on PostgreSQL: the same answers.
script() { # DB
	for c in "add Ann 1 20" "add Ann 1 20" "add Bob 2 150" "show 1" \
	    "show 3" "list" "delete 3" "delete 2" "list" "add Cy 3 0" \
	    "clear" "clear --yes" "clear --yes" "list" \
	    "add Dee 9223372036854775807 5" "show 9223372036854775807" \
	    "update 9223372036854775807 --age 6" "update 4 --name X" \
	    "update 9223372036854775807 --name Di" "list"; do
		# shellcheck disable=SC2086
		"$BIN/studentctl" --db "$1" $c >"$T/o" 2>"$T/e" </dev/null
		out="$c => $? $(cat "$T/o" "$T/e")"
		echo "${out//"$1"/DB}"
	done
	printf 'Name,ID,Age\nEd,5,20\nDi,9223372036854775807,7\n' |
	    "$BIN/studentctl" --db "$1" import --replace - 2>&1
	"$BIN/studentctl" --db "$1" list
}
new_db cmp; PGDB=$NEW_DB
"$BIN/studentctl" --db "$PGDB" init
"$BIN/studentctl" --db "$T/cmp.db" init
t_is "every command answers as on SQLite" "$(script "$PGDB")" \
    "$(script "$T/cmp.db")"
t_like "(and the comparison saw the answers)" "$(script "$PGDB")" \
    '^add Ann 1 20 => 1 studentctl: student ID 1 already exists$'

# Failures name the server and database, never a password.
run --db "${PG_URI%@*}:s3cret@${PG_URI#*@}/nope" list
t_is "a missing database exits 1" "$RC" 1
t_like "names it" "$ERR" '^studentctl: postgresql://postgres@127\.0\.0\.1:[0-9]+/nope: .*does not exist'
t_unlike "without the password" "$ERR" 's3cret'
t_is "on one line" "$(printf '%s\n' "$ERR" | wc -l)" 1
new_db bare; BARE=$NEW_DB
run --db "$BARE" list
t_like "a database without the table is not initialised" "$RC/$ERR" \
    '^1/studentctl: .*bare: not initialised \(no table Fifth_students\)$'
run --db "postgres://${PG_URI#postgresql://}/${DB##*/}" show 1711
t_is "postgres:// works as well" "$RC" 0

# libpq is loaded on the first connection, not linked: without it the
# SQLite file works and a URI says what to install. Hidden here by a
# mount namespace (root only), as on a machine without the package.
pq=$(ldconfig -p | awk '$1 == "libpq.so.5" { print $NF; exit }')
if [ "$(id -u)" -eq 0 ] && [ -n "$pq" ] && unshare -m true 2>/dev/null; then
	"$BIN/studentctl" --db "$T/cmp.db" add Lee 77 30 >/dev/null
	hidden() {
		unshare -m sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' \
		    sh "$pq" "$@"
	}
	out=$(hidden "$BIN/studentctl" --db "$T/cmp.db" show 77 2>&1)
	t_like "without libpq a SQLite file still works" "$out" 'Lee'
	out=$(hidden "$BIN/studentctl" --db "$DB" show 1711 2>&1)
	t_is "and a URI exits 1" "$?" 1
	t_like "saying to install libpq5" "$out" \
	    '^studentctl: postgresql: .*libpq\.so\.5.*apt-get install libpq5\)$'
else
	t_skip "libpq hidden: needs root, unshare and libpq.so.5 in ldconfig"
fi
t_done
