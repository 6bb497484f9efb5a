# SPDX-License-Identifier: ISC
# studentctl update ID [--name N] [--age A]; clear asks on a terminal,
# takes --yes from scripts, and refuses without either.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"
new_db Student_log.db; DB=$NEW_DB
"$BIN/studentctl" --db "$DB" init
"$BIN/studentctl" --db "$DB" import "$TOP/sql/student_sample.csv" >/dev/null

run() {
	"$BIN/studentctl" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?; OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
}
show() { "$BIN/studentctl" --db "$DB" show "$1" | tr '\n' ' '; }

run --db "$DB" update 1711 --name "Karam Ali"
t_is "update --name" "$RC/$OUT/$ERR" "0//"
t_is "changes the name only" "$(show 1711)" "Name: Karam Ali ID: 1711 Age: 23 "
run --db "$DB" update 1711 --age=24
t_is "update --age=A" "$RC" 0
t_is "changes the age only" "$(show 1711)" "Name: Karam Ali ID: 1711 Age: 24 "
run --db "$DB" update 1800 --age 30 --name=Sarah
t_is "both, in any order" "$RC" 0
t_is "changes both" "$(show 1800)" "Name: Sarah ID: 1800 Age: 30 "
run --db "$DB" update 4242 --name Nobody
t_is "no such student: exit 1" "$RC/$ERR" "1/studentctl: no student with ID 4242"
sum=$(db_sum "$DB")
run --db "$DB" update 1711
t_is "neither option: exit 2" "$RC/$ERR" \
    "2/studentctl: update: give --name NAME, --age AGE or both (see studentctl --help)"
run --db "$DB" update 1711 --age 200
t_is "a bad age: exit 2" "$RC/$ERR" \
    "2/studentctl: bad age: must be an integer from 0 to 150"
run --db "$DB" update 1711 --name " x"
t_is "a bad name: exit 2" "$RC/$ERR" \
    "2/studentctl: bad name: leading or trailing space"
t_is "refusals change nothing" "$(db_sum "$DB")" "$sum"

# clear without a terminal and without --yes: refused, nothing deleted.
run --db "$DB" clear
t_is "clear without a terminal or --yes: exit 2" "$RC" 2
t_is "says how to confirm" "$ERR" \
    "studentctl: clear deletes every student of $DB: confirm with 'clear --yes' (standard input is not a terminal)"
t_is "and deletes nothing" "$(db_sum "$DB")" "$sum"

# On a terminal it asks; anything but y or yes keeps the students.
pty_start "'$BIN/studentctl' --db '$DB' clear; echo \"rc=\$?\""
t_ok "clear asks on the terminal" pty_wait "Delete every student of $DB? [y/N] "
pty_type 'n
'
pty_wait "rc=" ; pty_end
t_like "no: nothing deleted" "$(screen)" "^studentctl: nothing deleted\$"
t_like "exit 1" "$(screen)" '^rc=1$'
t_is "the students are still there" "$(db_sum "$DB")" "$sum"
pty_start "'$BIN/studentctl' --db '$DB' clear; echo \"rc=\$?\""
pty_wait "[y/N] "
pty_type 'yes
'
pty_wait "rc=" ; pty_end
t_like "yes: deleted" "$(screen)" '^deleted 4 students$'
t_like "exit 0" "$(screen)" '^rc=0$'
t_is "the table is empty" "$("$BIN/studentctl" --db "$DB" list)" "Name,ID,Age"

"$BIN/studentctl" --db "$DB" add Ann 1 20
run --db "$DB" clear --yes
t_is "--yes: no question, one student, singular" "$RC/$OUT/$ERR" \
    "0/deleted 1 student/"
t_done
