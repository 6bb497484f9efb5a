# SPDX-License-Identifier: ISC
# studentctl: each command on a fresh database, the database path from
# --db, STUDENT_DB or the default, and the exit status of every outcome.
. "$TOP/tests/lib.sh"
sqlite_only "SQLite files and sqlite3; t250 runs every command on PostgreSQL"
DB=$T/Student_log.db

# run ARGS...: runs studentctl, keeping RC, OUT and ERR.
run() {
	"$BIN/studentctl" "$@" >"$T/out" 2>"$T/err"
	RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}
# errline DESC: passes when stderr is exactly one "studentctl: " line.
errline() {
	t_is "$1: one line on stderr" "$(wc -l <"$T/err")" 1
	t_like "$1: names the program" "$ERR" '^studentctl: '
}

run --db "$DB" init
t_is "init exits 0" "$RC" 0
t_ok "init creates the file" test -f "$DB"
t_is "init is silent" "$OUT$ERR" ""
t_is "init creates table Fifth_students and the access codes' two" \
    "$(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name")" \
    "Access_codes
Access_key
Fifth_students"
t_like "and the access codes' key, 32 random bytes in hex" \
    "$(sqlite3 "$DB" "SELECT Key FROM Access_key WHERE Id = 1")" '^[0-9a-f]{64}$'
key=$(sqlite3 "$DB" "SELECT Key FROM Access_key")
t_is "rollback journal, not WAL" "$(sqlite3 "$DB" 'PRAGMA journal_mode')" \
    delete
t_is "no -wal file left" "$(ls "$T" | grep -c -- '-wal$')" 0

run --db "$DB" list
t_is "list of an empty table exits 0" "$RC" 0
t_is "list of an empty table is the header" "$OUT" "Name,ID,Age"

run --db "$DB" add Karam 1711 23
t_is "add exits 0" "$RC" 0
t_is "add is silent" "$OUT$ERR" ""
run --db "$DB" add Ali 1866 23
run --db "$DB" add Suzan 1709 22
run --db "$DB" add Sara 1800 23
run --db "$DB" show 1711
t_is "show exits 0" "$RC" 0
t_is "show prints the student" "$OUT" "Name: Karam
ID: 1711
Age: 23"
run --db "$DB" show 0001711
t_is "show accepts leading zeros" "$OUT" "Name: Karam
ID: 1711
Age: 23"

run --db "$DB" list
t_is "list is CSV ordered by ID" "$OUT" "Name,ID,Age
Suzan,1709,22
Karam,1711,23
Sara,1800,23
Ali,1866,23"
t_is "the rows are in the table as given" \
    "$(sqlite3 "$DB" 'SELECT Name, ID, Age FROM Fifth_students ORDER BY ID')" \
    "Suzan|1709|22
Karam|1711|23
Sara|1800|23
Ali|1866|23"

# A missing student and a taken ID: exit 1, data untouched.
before=$(cksum <"$DB")
run --db "$DB" show 42
t_is "show of a missing ID exits 1" "$RC" 1
t_is "show of a missing ID prints nothing" "$OUT" ""
t_is "show of a missing ID says so" "$ERR" "studentctl: no student with ID 42"
run --db "$DB" add Other 1711 30
t_is "add of a taken ID exits 1" "$RC" 1
t_is "add of a taken ID says so" "$ERR" \
    "studentctl: student ID 1711 already exists"
run --db "$DB" add Other 0001711 30
t_is "a taken ID with leading zeros is the same ID" "$RC" 1
run --db "$DB" delete 42
t_is "delete of a missing ID exits 1" "$RC" 1
t_is "delete of a missing ID says so" "$ERR" \
    "studentctl: no student with ID 42"
t_is "the database file is unchanged" "$(cksum <"$DB")" "$before"
run --db "$DB" show 1711
t_is "Karam still has his age" "$OUT" "Name: Karam
ID: 1711
Age: 23"

run --db "$DB" delete 1800
t_is "delete exits 0" "$RC" 0
t_is "delete is silent" "$OUT$ERR" ""
run --db "$DB" show 1800
t_is "a deleted student is gone" "$RC" 1
run --db "$DB" list
t_is "delete removes only that student" "$OUT" "Name,ID,Age
Suzan,1709,22
Karam,1711,23
Ali,1866,23"

# Names that need CSV quoting, HTML escaping or UTF-8 survive.
run --db "$DB" add 'Doe, "JJ" <b>&amp;' 5 40
t_is "add a name with , \" < &" "$RC" 0
run --db "$DB" add 'Zoë Łukasz 李小龍 كرم' 6 19
t_is "add a UTF-8 name" "$RC" 0
run --db "$DB" add '-Dash' 7 20
t_is "a name may start with a dash" "$RC" 0
run --db "$DB" show 5
t_is "show prints the name as stored" "$OUT" 'Name: Doe, "JJ" <b>&amp;
ID: 5
Age: 40'
run --db "$DB" show 6
t_like "show prints UTF-8" "$OUT" '^Name: Zoë Łukasz 李小龍 كرم$'
run --db "$DB" list
t_is "list quotes the CSV fields that need it" "$OUT" 'Name,ID,Age
"Doe, ""JJ"" <b>&amp;",5,40
Zoë Łukasz 李小龍 كرم,6,19
-Dash,7,20
Suzan,1709,22
Karam,1711,23
Ali,1866,23'

# Extreme values.
run --db "$DB" add Max 9223372036854775807 150
t_is "the largest ID and age are accepted" "$RC" 0
run --db "$DB" add Baby 00000000000000000008 0
t_is "a 20-digit ID with leading zeros is accepted" "$RC" 0
run --db "$DB" show 8
t_is "and means the number" "$OUT" "Name: Baby
ID: 8
Age: 0"
run --db "$DB" show 9223372036854775807
t_is "show the largest ID" "$OUT" "Name: Max
ID: 9223372036854775807
Age: 150"
n=$(printf 'x%.0s' $(seq 200))
run --db "$DB" add "$n" 9 20
t_is "a 200-byte name is accepted" "$RC" 0

# A round trip: list's output imports into a new database unchanged.
run --db "$DB" list
printf '%s\n' "$OUT" >"$T/dump.csv"
run --db "$T/copy.db" init
run --db "$T/copy.db" import "$T/dump.csv"
t_is "list output re-imports" "$RC" 0
t_is "import reports the count" "$OUT" "imported 9 students"
t_is "the copy lists the same" "$("$BIN/studentctl" --db "$T/copy.db" list)" \
    "$("$BIN/studentctl" --db "$DB" list)"

run --db "$DB" clear --yes
t_is "clear exits 0" "$RC" 0
t_is "clear reports the count" "$OUT" "deleted 9 students"
run --db "$DB" list
t_is "clear deletes every student" "$OUT" "Name,ID,Age"
run --db "$DB" clear --yes
t_is "clear of an empty table exits 0" "$RC" 0
t_is "and deletes nothing" "$OUT" "deleted 0 students"
t_ok "the table still exists" sqlite3 "$DB" 'SELECT 1 FROM Fifth_students'

# init again keeps the data, and puts a WAL database back in rollback mode.
run --db "$DB" add Karam 1711 23
run --db "$DB" init
t_is "init again exits 0" "$RC" 0
run --db "$DB" show 1711
t_is "init again keeps the access codes' key" \
    "$(sqlite3 "$DB" "SELECT Key FROM Access_key")" "$key"
t_is "init again keeps the students" "$RC" 0
sqlite3 "$DB" 'PRAGMA journal_mode=WAL' >/dev/null
run --db "$DB" init
t_is "init turns WAL back to rollback journal" \
    "$(sqlite3 "$DB" 'PRAGMA journal_mode')" delete
t_ok "integrity check passes" \
    test "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok

# The path: --db, else STUDENT_DB, else the compiled-in default.
STUDENT_DB=$T/env.db "$BIN/studentctl" init
t_ok "STUDENT_DB names the database" test -f "$T/env.db"
STUDENT_DB=$T/env.db "$BIN/studentctl" add Env 1 20
STUDENT_DB=$T/env.db "$BIN/studentctl" --db "$DB" add Flag 2 20
run --db "$T/env.db" show 2
t_is "--db wins over STUDENT_DB" "$RC" 1
run --db="$DB" show 2
t_is "--db=PATH works too" "$RC" 0
run -h
t_is "-h exits 0" "$RC" 0
t_like "-h prints the usage" "$OUT" '^usage: studentctl \[--db PATH\]'
t_like "-h lists import" "$OUT" "import \\[--replace\\] FILE\\.csv"
t_like "-h names the default database" "$OUT" 'Student_log\.db'
t_is "-h writes nothing on stderr" "$ERR" ""
run --help
t_is "--help exits 0" "$RC" 0

# Databases that cannot be used: exit 1, nothing created.
run --db "$T/missing.db" list
t_is "a missing database exits 1" "$RC" 1
errline "missing database"
t_like "and names the path" "$ERR" 'missing\.db'
t_ok "and is not created" test ! -e "$T/missing.db"
run --db "$T/missing.db" add A 1 2
t_is "add to a missing database exits 1" "$RC" 1
t_ok "and does not create it" test ! -e "$T/missing.db"
run --db "$T/no/such/dir/x.db" init
t_is "init in a missing folder exits 1" "$RC" 1
errline "init in a missing folder"
: >"$T/empty.db"
run --db "$T/empty.db" show 1
t_is "an uninitialised database exits 1" "$RC" 1
t_like "and says so" "$ERR" 'not initialised'
printf 'hello\n' >"$T/text.db"
run --db "$T/text.db" list
t_is "a file that is not a database exits 1" "$RC" 1
errline "not a database"
t_is "and is left alone" "$(cat "$T/text.db")" hello
t_is "and says which statement failed, with SQLite's message" "$ERR" \
    "studentctl: SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'Fifth_students': file is not a database"
run --db "$T/text.db" init
t_is "init refuses a file that is not a database" "$RC" 1
t_is "and leaves it alone" "$(cat "$T/text.db")" hello
t_is "saying, before writing anything, which statement failed and why" "$ERR" \
    "studentctl: SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'Fifth_students': file is not a database"

# A statement the database refuses (here a trigger) is a failure: exit 1,
# one line naming the SQL, with the database's own message.
"$BIN/studentctl" --db "$T/guarded.db" init
"$BIN/studentctl" --db "$T/guarded.db" add Karam 1711 23
sqlite3 "$T/guarded.db" "CREATE TRIGGER no_add BEFORE INSERT ON Fifth_students
    BEGIN SELECT RAISE(ABORT, 'adding is closed'); END;
    CREATE TRIGGER no_del BEFORE DELETE ON Fifth_students
    BEGIN SELECT RAISE(ABORT, 'deleting is closed'); END;"
run --db "$T/guarded.db" add Ali 1866 23
t_is "a refused insert exits 1" "$RC" 1
errline "refused insert"
t_is "and names the insert" "$ERR" \
    "studentctl: INSERT INTO Fifth_students (Name, ID, Age) VALUES (?1, ?2, ?3) ON CONFLICT (ID) DO NOTHING: adding is closed"
run --db "$T/guarded.db" delete 1711
t_is "a refused delete exits 1" "$RC" 1
t_is "and names the delete" "$ERR" \
    "studentctl: DELETE FROM Fifth_students WHERE ID = ?1: deleting is closed"
run --db "$T/guarded.db" clear --yes
t_is "a refused clear exits 1" "$RC/$OUT" "1/"
t_is "and names its statement" "$ERR" \
    "studentctl: DELETE FROM Fifth_students: deleting is closed"
printf 'Name,ID,Age\nAli,1866,23\n' >"$T/one.csv"
run --db "$T/guarded.db" import "$T/one.csv"
t_is "a refused import exits 1" "$RC/$OUT" "1/"
errline "refused import"
t_is "and names the insert once" "$ERR" \
    "studentctl: INSERT INTO Fifth_students (Name, ID, Age) VALUES (?1, ?2, ?3) ON CONFLICT (ID) DO NOTHING: adding is closed"
t_is "the student is still the only one" \
    "$(sqlite3 "$T/guarded.db" 'SELECT ID FROM Fifth_students')" 1711

# Read-only access is enough for show and list; writes then fail with 1.
if [ "$(id -u)" -ne 0 ]; then
	chmod 444 "$DB"
	run --db "$DB" show 1711
	t_is "show works on a read-only file" "$RC" 0
	run --db "$DB" add New 3 4
	t_is "add to a read-only file exits 1" "$RC" 1
	errline "read-only file"
	chmod 644 "$DB"
fi
t_ok "the manual page lints clean" \
    mandoc -T lint -W warning "$TOP/man/studentctl.8"
t_done
