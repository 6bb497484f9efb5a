# SPDX-License-Identifier: ISC
# studentctl: every malformed argument is refused with exit status 2 and a
# one-line error, before the database is touched.
. "$TOP/tests/lib.sh"
new_db Student_log.db; DB=$NEW_DB
"$BIN/studentctl" --db "$DB" init
"$BIN/studentctl" --db "$DB" import "$TOP/sql/student_sample.csv" >/dev/null
LIST=$("$BIN/studentctl" --db "$DB" list)
SUM=$(db_sum "$DB")

# bad DESC ARGS...: studentctl ARGS exits 2 with one "studentctl: " line
# on stderr, nothing on stdout, and the database unchanged.
bad() {
	d=$1; shift
	"$BIN/studentctl" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	ERR=$(cat "$T/err")
	if [ "$rc" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
	    [ ! -s "$T/out" ] && grep -q '^studentctl: ' "$T/err" &&
	    [ "$(db_sum "$DB")" = "$SUM" ]; then
		_t_result 0 "$d"
	else
		_t_result 1 "$d" \
		    "exit $rc, stdout: $(cat "$T/out"), stderr: $ERR"
	fi
}

bad "no command" --db "$DB"
t_is "no command: message" "$ERR" \
    "studentctl: missing command (see studentctl --help)"
bad "unknown command" --db "$DB" frobnicate
t_is "unknown command: message" "$ERR" \
    "studentctl: unknown command 'frobnicate' (see studentctl --help)"
bad "unknown short option" -x list
t_is "unknown short option: message" "$ERR" \
    "studentctl: unknown option '-x' (see studentctl --help)"
bad "unknown long option" --nope list
t_is "unknown long option: message" "$ERR" \
    "studentctl: unknown option '--nope' (see studentctl --help)"
bad "--db without a path" --db
t_is "--db without a path: message" "$ERR" \
    "studentctl: option '--db' needs an argument (see studentctl --help)"
bad "--db with an empty path" --db "" list
bad "--db after the command" list --db "$DB"

for args in "init x" "add A 1" "add A 1 2 3" "show" "show 1 2" "list x" \
    "delete" "delete 1 2" "clear x" "clear --yes x" "import" "import a b" \
    "import --replace a b" "update" "update 1" "update 1 --name" \
    "update 1 --age" "update 1 --nick x" "update 1 --name A B" \
    "update x --name A" "update 1 --age 151"; do
	# shellcheck disable=SC2086
	bad "wrong argument count: $args" --db "$DB" $args
done
bad "usage names the command's arguments" --db "$DB" add A 1
t_is "usage message for add" "$ERR" \
    "studentctl: usage: studentctl [--db PATH] add NAME ID AGE"

# Names.
bad "empty name" --db "$DB" add "" 1 20
t_is "empty name: message" "$ERR" "studentctl: bad name: empty"
bad "name with a leading space" --db "$DB" add " Ann" 1 20
bad "name with a trailing space" --db "$DB" add "Ann " 1 20
bad "name of spaces" --db "$DB" add "   " 1 20
bad "name with a tab" --db "$DB" add "$(printf 'A\tB')" 1 20
bad "name with a newline" --db "$DB" add "$(printf 'A\nB')" 1 20
t_is "control character: message" "$ERR" \
    "studentctl: bad name: control character"
bad "name with an escape" --db "$DB" add "$(printf 'A\033[31mB')" 1 20
bad "name with DEL" --db "$DB" add "$(printf 'A\177B')" 1 20
bad "name with a C1 control" --db "$DB" add "$(printf 'A\302\205B')" 1 20
bad "name with a bad byte" --db "$DB" add "$(printf 'A\377B')" 1 20
t_is "bad UTF-8: message" "$ERR" "studentctl: bad name: invalid UTF-8"
bad "name with Latin-1" --db "$DB" add "$(printf 'Zo\353')" 1 20
bad "name with an overlong slash" --db "$DB" add "$(printf 'A\300\257')" 1 20
bad "name with a surrogate" --db "$DB" add "$(printf 'A\355\240\200')" 1 20
bad "name past U+10FFFF" --db "$DB" add "$(printf 'A\364\220\200\200')" 1 20
bad "name with a cut sequence" --db "$DB" add "$(printf 'A\342\202')" 1 20
bad "name of 201 bytes" --db "$DB" add "$(printf 'x%.0s' $(seq 201))" 1 20
t_is "long name: message" "$ERR" "studentctl: bad name: longer than 200 bytes"

# IDs, for add, show and delete alike.
idmsg="studentctl: bad ID: must be a decimal integer from 1 to"
idmsg="$idmsg 9223372036854775807"
for id in 0 000 -1 +1 " 1" "1 " 1x 0x10 1e3 1.5 "" 9223372036854775808 \
    99999999999999999999 18446744073709551617 "$(printf '\331\243')"; do
	bad "add with ID '$id'" --db "$DB" add Ann "$id" 20
	bad "show with ID '$id'" --db "$DB" show "$id"
	bad "delete with ID '$id'" --db "$DB" delete "$id"
done
t_is "bad ID: message" "$ERR" "$idmsg"

# Ages.
for age in -1 151 1000 abc "" 1.5 +3 " 3" 99999999999999999999; do
	bad "add with age '$age'" --db "$DB" add Ann 1 "$age"
done
t_is "bad age: message" "$ERR" \
    "studentctl: bad age: must be an integer from 0 to 150"

# Arguments are checked before the database is opened or created.
bad "bad arguments leave a missing database alone" \
    --db "$T/none.db" add "" 1 20
t_ok "no file was created" test ! -e "$T/none.db"
bad "a missing import file is a bad argument" --db "$DB" import "$T/nope.csv"
t_like "and is named" "$ERR" 'nope\.csv: No such file or directory$'

t_is "the students are unchanged" "$("$BIN/studentctl" --db "$DB" list)" \
    "$LIST"
t_done
