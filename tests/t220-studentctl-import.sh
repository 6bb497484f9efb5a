# SPDX-License-Identifier: ISC
# studentctl import: a CSV file (header Name,ID,Age) is added whole or not
# at all; every malformed file is refused with FILE:LINE and leaves the
# database file byte for byte as it was.
. "$TOP/tests/lib.sh"
new_db Student_log.db; DB=$NEW_DB
"$BIN/studentctl" --db "$DB" init

run() {
	"$BIN/studentctl" "$@" >"$T/out" 2>"$T/err"
	RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}
list() { "$BIN/studentctl" --db "$DB" list; }

run --db "$DB" import "$TOP/sql/student_sample.csv"
t_is "the sample CSV imports" "$RC" 0
t_is "and reports the count" "$OUT" "imported 4 students"
t_is "with the original four students" "$(list)" "Name,ID,Age
Suzan,1709,22
Karam,1711,23
Sara,1800,23
Ali,1866,23"

# refuse DESC STATUS MESSAGE: imports $T/in.csv, expecting that exit
# status and that one-line message, with the file and list unchanged.
refuse() {
	sum=$(db_sum "$DB") before=$(list)
	"$BIN/studentctl" --db "$DB" import "$T/in.csv" >"$T/out" 2>"$T/err"
	rc=$?
	ERR=$(cat "$T/err")
	if [ "$rc" -eq "$2" ] && [ "$ERR" = "studentctl: $T/in.csv:$3" ] &&
	    [ "$(wc -l <"$T/err")" -eq 1 ] && [ ! -s "$T/out" ] &&
	    [ "$(db_sum "$DB")" = "$sum" ] && [ "$(list)" = "$before" ]; then
		_t_result 0 "$1"
	else
		_t_result 1 "$1" "exit $rc (want $2)
stderr: $ERR
want:   studentctl: $T/in.csv:$3
stdout: $(cat "$T/out")"
	fi
}
# csv TEXT: writes TEXT (printf format) to $T/in.csv.
csv() { printf "$1" >"$T/in.csv"; }

H='Name,ID,Age\n'
csv ''
refuse "empty file" 2 "1: empty file, expected header Name,ID,Age"
for h in 'Name,ID' 'Name,ID,Age,Email' 'ID,Name,Age' 'Name;ID' \
    'Name,ID,Age ' ' Name,ID,Age' 'Nom,ID,Age' 'Name;ID,Age' 'Ann,1,20'; do
	csv "$h\nAnn,1,20\n"
	refuse "bad header '$h'" 2 "1: header must be Name,ID,Age"
done
csv '\n'
refuse "a blank line alone is an empty file" 2 \
    "1: empty file, expected header Name,ID,Age"
csv '\nName,ID,Age\nAnn,1,20\n'
refuse "blank header line" 2 "1: header must be Name,ID,Age"
csv 'Name;ID;Age\nAnn,1,20\n'
refuse "a header of ';' makes ',' data" 2 \
    "2: expected 3 fields (Name,ID,Age), found 1"
csv '\357\273\277\357\273\277Name,ID,Age\nAnn,1,20\n'
refuse "two byte order marks" 2 "1: header must be Name,ID,Age"

csv "${H}Ann,1,20\nBob,2\n"
refuse "missing column" 2 "3: expected 3 fields (Name,ID,Age), found 2"
csv "${H}Ann,1,20,x\n"
refuse "extra column" 2 "2: expected 3 fields (Name,ID,Age), found 4"
csv "${H}Ann,1,20,\n"
refuse "trailing comma" 2 "2: expected 3 fields (Name,ID,Age), found 4"
csv "${H}Ann\n"
refuse "one column" 2 "2: expected 3 fields (Name,ID,Age), found 1"
csv "${H}Ann,1,20\n\nBob,2,21\n"
refuse "blank line in the middle" 2 "3: blank line"
csv "${H}Ann,1,20\n\n\n"
refuse "two blank lines at the end" 2 "3: blank line"
BADID="bad ID: must be a decimal integer from 1 to 9223372036854775807"
csv "${H}Ann,1,20\nBob,0,21\n"
refuse "ID 0" 2 "3: $BADID"
for id in -5 +5 ' 5' '5 ' 5x 1.0 '' 9223372036854775808 99999999999999999999; do
	csv "${H}Ann,$id,20\n"
	refuse "bad ID '$id'" 2 "2: $BADID"
done
for age in -1 151 x '' ' 20' 2.5; do
	csv "${H}Ann,1,$age\n"
	refuse "bad age '$age'" 2 "2: bad age: must be an integer from 0 to 150"
done
csv "${H}Ann,1,20\n,2,20\n"
refuse "empty name" 2 "3: bad name: empty"
csv "${H}\" Ann\",1,20\n"
refuse "name with a leading space" 2 "2: bad name: leading or trailing space"
csv "${H}\"A\nB\",1,20\n"
refuse "quoted name with a newline" 2 "2: bad name: control character"
csv "${H}A\tB,1,20\n"
refuse "name with a tab" 2 "2: bad name: control character"
csv "${H}Zo\353,1,20\n"
refuse "Latin-1 name" 2 "2: bad name: invalid UTF-8"
csv "${H}$(printf 'x%.0s' $(seq 201)),1,20\n"
refuse "201-byte name" 2 "2: bad name: longer than 200 bytes"

csv "${H}Ann,7,20\nBob,8,21\nCid,7,22\n"
refuse "an ID twice in the file" 2 "4: duplicate ID 7 (first on line 2)"
csv "${H}Ann,7,20\nBob,0007,21\n"
refuse "the same ID with leading zeros" 2 "3: duplicate ID 7 (first on line 2)"
csv "${H}Ann,7,20\nBob,1711,21\n"
refuse "an ID already in the database" 1 "3: student ID 1711 already exists"

csv "${H}\"Ann,7,20\nBob,8,21\n"
refuse "unterminated quote" 2 "2: quoted field not closed"
csv "${H}A\"nn,7,20\n"
refuse "quote inside an unquoted field" 2 "2: quote inside an unquoted field"
csv "${H}\"Ann\"x,7,20\n"
refuse "text after a closing quote" 2 \
    "2: unexpected character after closing quote"
csv "${H}Ann,7,20\rBob,8,21\n"
refuse "bare CR" 2 "2: carriage return without line feed"
csv "${H}Ann,7,20\nB\000b,8,21\n"
refuse "NUL byte" 2 "3: NUL byte"
csv "${H}$(printf 'x%.0s' $(seq 70000)),7,20\n"
refuse "a record over 64 KiB" 2 "2: record too long"

# A bad last row (no line end) after many good ones: nothing is kept.
{ printf 'Name,ID,Age\n'; seq 100000 102999 | sed 's/.*/S&,&,20/'
  printf 'Last,5,200'; } >"$T/in.csv"
refuse "a bad row after 3000 good ones" 2 \
    "3002: bad age: must be an integer from 0 to 150"
{ printf 'Name,ID,Age\n'; seq 100000 102999 | sed 's/.*/S&,&,20/'
  printf 'Karam,1711,23\n'; } >"$T/in.csv"
refuse "a taken ID after 3000 good ones" 1 \
    "3002: student ID 1711 already exists"
if [ "$BACKEND" = sqlite ]; then
	t_ok "integrity check passes" \
	    test "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok
fi

# Files that are accepted.
run --db "$DB" clear --yes
csv 'Name,ID,Age\r\nAnn,1,20\r\nBob,2,21\r\n'
run --db "$DB" import "$T/in.csv"
t_is "CRLF lines" "$RC/$OUT" "0/imported 2 students"
csv 'Name,ID,Age\nCid,3,22\nDee,4,23'
run --db "$DB" import "$T/in.csv"
t_is "no line end after the last row" "$RC/$OUT" "0/imported 2 students"
csv '\357\273\277Name,ID,Age\r\nEve,5,24\r\n'
run --db "$DB" import "$T/in.csv"
t_is "a UTF-8 byte order mark (as spreadsheets write)" "$RC/$OUT" \
    "0/imported 1 student"
csv 'Name,ID,Age\n'
run --db "$DB" import "$T/in.csv"
t_is "header only imports nothing" "$RC/$OUT" "0/imported 0 students"
cat >"$T/in.csv" <<'CSV'
"Name","ID","Age"
"Doe, Jane",6,25
"say ""hi"" <b>",7,26
"Zoë 李",00000000000000000008,27
Max,9223372036854775807,150
Baby,9,0
CSV
run --db "$DB" import "$T/in.csv"
t_is "quoted fields, UTF-8, a 20-digit ID and extreme values" "$RC/$OUT" \
    "0/imported 5 students"
t_is "everything imported, in ID order" "$(list)" 'Name,ID,Age
Ann,1,20
Bob,2,21
Cid,3,22
Dee,4,23
Eve,5,24
"Doe, Jane",6,25
"say ""hi"" <b>",7,26
Zoë 李,8,27
Baby,9,0
Max,9223372036854775807,150'
run --db "$DB" show 7
t_is "show after import" "$OUT" 'Name: say "hi" <b>
ID: 7
Age: 26'
printf 'Name,ID,Age\nFay,10,30\n' | "$BIN/studentctl" --db "$DB" import - \
    >"$T/out" 2>&1
t_is "- reads standard input" "$(cat "$T/out")" "imported 1 student"
printf 'Name,ID,Age\nGus,1,30\n' | "$BIN/studentctl" --db "$DB" import - \
    >"$T/out" 2>&1
t_is "errors on standard input say stdin" "$(cat "$T/out")" \
    "studentctl: stdin:2: student ID 1 already exists"

# What spreadsheets write. LibreOffice Calc and Excel, saving "CSV UTF-8"
# in a locale whose decimal mark is ',', write a byte order mark, ';'
# between fields, CRLF line ends and often a blank last line.
run --db "$DB" clear --yes
printf '\357\273\277name;id;age\r\n"Doe; Jane";21;11\r\nZo\303\253;22;12\r\n\r\n' \
    >"$T/calc.csv"
run --db "$DB" import "$T/calc.csv"
t_is "a spreadsheet's file: BOM, lower-case header, ';', CRLF, blank end" \
    "$RC/$OUT" "0/imported 2 students"
t_is "read as written (list quotes a ';')" "$(list)" 'Name,ID,Age
"Doe; Jane",21,11
Zoë,22,12'
printf 'NAME,Id,AGE\nIvy,23,13\n\n' >"$T/upper.csv"
run --db "$DB" import "$T/upper.csv"
t_is "a header in any case, a blank last line" "$RC/$OUT" \
    "0/imported 1 student"
"$BIN/studentctl" --db "$DB" list >"$T/listed.csv"
run --db "$T/copy.db" init
run --db "$T/copy.db" import "$T/listed.csv"
t_is "list's output, with a ';' in a name, imports again" "$RC/$OUT" \
    "0/imported 3 students"
t_is "the same students" "$("$BIN/studentctl" --db "$T/copy.db" list)" \
    "$(list)"

# import --replace: an updated class list imported again.
printf 'Name;ID;Age\r\nJane Doe;21;12\r\nZo\303\253;22;12\r\nNew;24;10\r\n\r\n' \
    >"$T/calc2.csv"
run --db "$DB" import "$T/calc2.csv"
t_is "without --replace an updated list is refused" "$RC/$ERR" \
    "1/studentctl: $T/calc2.csv:2: student ID 21 already exists"
run --db "$DB" import --replace "$T/calc2.csv"
t_is "with --replace it imports" "$RC/$OUT" \
    "0/imported 3 students (1 added, 2 updated)"
t_is "adding the new and updating the others" "$(list)" 'Name,ID,Age
Jane Doe,21,12
Zoë,22,12
Ivy,23,13
New,24,10'
run --db "$DB" import --replace "$T/calc2.csv"
t_is "again: nothing new" "$RC/$OUT" \
    "0/imported 3 students (0 added, 3 updated)"
printf 'Name,ID,Age\nOne,25,1\n' >"$T/one.csv"
run --db "$DB" import --replace "$T/one.csv"
t_is "one student, singular" "$OUT" "imported 1 student (1 added, 0 updated)"
printf 'Name,ID,Age\nChanged,21,40\nNewer,26,9\nBad,27,999\n' >"$T/bad.csv"
refuse_replace() {
	sum=$(cksum <"$DB")
	run --db "$DB" import --replace "$T/bad.csv"
	t_is "$1" "$RC/$ERR" "$2"
	t_is "and nothing changed" "$(cksum <"$DB")" "$sum"
}
refuse_replace "--replace is all or nothing: a bad row refuses the file" \
    "2/studentctl: $T/bad.csv:4: bad age: must be an integer from 0 to 150"
printf 'Name,ID,Age\nChanged,21,40\nAgain,21,41\n' >"$T/bad.csv"
refuse_replace "an ID twice in the file is still refused" \
    "2/studentctl: $T/bad.csv:3: duplicate ID 21 (first on line 2)"
run --db "$DB" import -- --replace
t_is "-- ends import's options" "$RC/$ERR" \
    "2/studentctl: --replace: No such file or directory"
run --db "$DB" import --replace
t_is "--replace without a file" "$RC/$ERR" \
    "2/studentctl: --replace: No such file or directory"

# Where the data cannot go.
csv 'Name,ID,Age\nAnn,1,20\n'
if [ "$BACKEND" = sqlite ]; then
	run --db "$T/missing.db" import "$T/in.csv"
	t_is "import into a missing database exits 1" "$RC" 1
	t_ok "and does not create it" test ! -e "$T/missing.db"
else
	run --db "${DB%/*}/missing_db" import "$T/in.csv"
	t_is "import into a missing database exits 1" "$RC" 1
	t_like "and names the database" "$ERR" \
	    '^studentctl: postgresql://.*/missing_db: .*does not exist'
fi
run --db "$DB" import "$T"
t_is "a folder as FILE exits 2" "$RC" 2
t_is "and says so" "$ERR" "studentctl: $T: Is a directory"

# A writer holding the lock briefly makes import wait, not fail.
if [ "$BACKEND" = postgresql ]; then
	psql -X -q "$DB" -c 'BEGIN' \
	    -c 'LOCK TABLE Fifth_students IN EXCLUSIVE MODE' \
	    -c 'SELECT pg_sleep(1)' -c 'COMMIT' >/dev/null &
	lockpid=$!
	sleep 0.3
	csv 'Name,ID,Age\nHal,11,30\n'
	run --db "$DB" import "$T/in.csv"
	t_is "import waits for a lock held by another writer" "$RC/$OUT" \
	    "0/imported 1 student"
	wait "$lockpid"
	t_done
	exit
fi
{ echo 'BEGIN IMMEDIATE;'; sleep 1; echo 'COMMIT;'; } | sqlite3 "$DB" &
lockpid=$!
sleep 0.3
csv 'Name,ID,Age\nHal,11,30\n'
run --db "$DB" import "$T/in.csv"
t_is "import waits for a lock held by another writer" "$RC/$OUT" \
    "0/imported 1 student"
wait "$lockpid"
t_done
