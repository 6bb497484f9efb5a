# SPDX-License-Identifier: ISC
# studentctl and examctl alike: one table of cases, run on both commands,
# for the options before the command (--db PATH, --db=PATH, --help,
# --version, "--"), the messages and the exit statuses (0 done; 1 no such
# row, or a database, file or output failure; 2 bad usage or input), the
# messages that lead to the fix, and plurals.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"	# EXAM_USER owns $T: it runs the refusals

version=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
printf 'Q: One?\na) yes\nb) no\nA: a\n' >"$T/one-question.txt"
printf 'Name,ID,Age\nAnn,1,20\n' >"$T/one-student.csv"

# Per command: its variable, a reading command, a writing command, a
# missing row, and an import of one entry (its output).
setup() {
	case $1 in
	studentctl)
		ENV=STUDENT_DB LIST=list WRITE="add Bea 2 21" MISS="delete 42"
		IMPORT1="import $T/one-student.csv" IMPORTED="imported 1 student"
		IMPORTBAD="import $T/none.csv";;
	examctl)
		ENV=EXAM_DB LIST=users WRITE=reset-count MISS="deluser nobody42"
		IMPORT1="questions import $T/one-question.txt"
		IMPORTED="imported 1 question"
		IMPORTBAD="questions import $T/none.txt";;
	esac
	DB=$T/$1.db
	rm -f "$DB"
	"$BIN/$1" --db "$DB" init >/dev/null || return 1
}

# The table: description | exit | stdout (ERE, or -) | stderr (ERE, or
# -) | arguments. In the strings, DB is the command's database (put in
# first), NAME the command, ENV its variable, LIST/WRITE/MISS/IMPORT1/IMPORTBAD its commands,
# IMPORTED the import's output, VERSION the project's version.
CASES='--version|0|^NAME VERSION$|-|--version
--help|0|^usage: NAME \[--db PATH\] COMMAND \[ARGUMENT \.\.\.\]$|-|--help
--help shows the two forms of --db|0|^  --db PATH, --db=PATH  the database|-|--help
--help shows the variable|0|\$ENV if set, else$|-|--help
--help shows the default path|0|^                        /[^ ]+\.db\)$|-|--help
--help shows the exit statuses|0|^Exit status: 0 done; 1 no such entry|-|--help
-h is --help|0|^usage: NAME |-|-h
no command|2|-|^NAME: missing command \(see NAME --help\)$|--db DB
an unknown command|2|-|^NAME: unknown command .frob. \(see NAME --help\)$|--db DB frob
an unknown long option|2|-|^NAME: unknown option .--bogus. \(see NAME --help\)$|--bogus LIST
an unknown short option|2|-|^NAME: unknown option .-x. \(see NAME --help\)$|-x LIST
--db without its path|2|-|^NAME: option .--db. needs an argument \(see NAME --help\)$|--db
--db with an empty path|2|-|^NAME: --db needs a non-empty path \(see NAME --help\)$|--db= LIST
--db PATH|0|-|^$|--db DB LIST
--db=PATH|0|-|^$|--db=DB LIST
-- ends the options|0|-|^$|--db DB -- LIST
after --, --help is a command|2|-|^NAME: unknown command .--help.|--db DB -- --help
a missing database, with the fix|1|-|^NAME: [^ ]*/missing\.db: no such database file; create it with .NAME init., or name another with --db PATH or \$ENV$|--db=/nonexistent/missing.db LIST
a missing row|1|-|^NAME: no |--db DB MISS
an input file that cannot be opened|2|-|^NAME: [^ ]*/none\.[a-z]+: No such file or directory$|--db DB IMPORTBAD
one imported entry, singular|0|^IMPORTED$|-|--db DB IMPORT1'

# expand TEXT: TEXT with the command's names put in.
expand() {
	printf '%s' "$1" | sed -e "s|DB|$DB|g" -e "s|IMPORTBAD|$IMPORTBAD|g" \
	    -e "s|IMPORTED|$IMPORTED|g" -e "s|IMPORT1|$IMPORT1|g" \
	    -e "s|NAME|$cmd|g" -e "s|ENV|$ENV|g" -e "s|VERSION|$version|g" \
	    -e "s|MISS|$MISS|g" -e "s|WRITE|$WRITE|g" -e "s|LIST|$LIST|g"
}

# check DESC WANT-RC OUT-ERE ERR-ERE CMD...: runs CMD and compares.
check() {
	_d=$1 _rc=$2 _out=$3 _err=$4; shift 4
	"$@" >"$T/out" 2>"$T/err" </dev/null
	_got=$?
	_why=
	[ "$_got" = "$_rc" ] || _why="exit $_got, want $_rc"
	if [ "$_out" != - ] && ! grep -Eq -- "$_out" "$T/out"; then
		_why="$_why; stdout does not match /$_out/"
	fi
	if [ "$_err" = '^$' ] && [ -s "$T/err" ]; then
		_why="$_why; stderr not empty"
	elif [ "$_err" != - ] && [ "$_err" != '^$' ] &&
	    ! grep -Eq -- "$_err" "$T/err"; then
		_why="$_why; stderr does not match /$_err/"
	fi
	if [ -z "$_why" ]; then
		_t_result 0 "$_d"
	else
		_t_result 1 "$_d" "$_why
stdout: $(cat "$T/out")
stderr: $(cat "$T/err")"
	fi
}

for cmd in studentctl examctl; do
	t_ok "$cmd: a database to work on" setup "$cmd"
	while IFS='|' read -r d rc out err args; do
		# shellcheck disable=SC2046
		check "$cmd: $d" "$rc" "$(expand "$out")" "$(expand "$err")" \
		    "$BIN/$cmd" $(expand "$args")
	done <<EOF2
$CASES
EOF2
	# The variable, and an empty one counting as unset.
	check "$cmd: \$$ENV names the database" 0 - '^$' \
	    env "$ENV=$DB" "$BIN/$cmd" $LIST
	check "$cmd: --db wins over \$$ENV" 0 - '^$' \
	    env "$ENV=$T/missing.db" "$BIN/$cmd" --db "$DB" $LIST
	check "$cmd: \$$ENV missing: the same fix" 1 - \
	    "^$cmd: $T/missing\\.db: no such database file; create it with '$cmd init'" \
	    env "$ENV=$T/missing.db" "$BIN/$cmd" $LIST
	t_is "$cmd: -h and --help print the same" \
	    "$("$BIN/$cmd" -h)" "$("$BIN/$cmd" --help)"

	# Permissions, for the user examd runs as (not root, so they bite).
	cp "$DB" "$T/ro-$cmd.db"
	chmod 444 "$T/ro-$cmd.db"
	# shellcheck disable=SC2086
	check "$cmd: a read-only database is called so, for whom" 1 - \
	    "^$cmd: $T/ro-$cmd\\.db: read-only for user $EXAM_USER: make it writable" \
	    exam_as_user "$BIN/$cmd" --db "$T/ro-$cmd.db" $WRITE
	t_unlike "$cmd: not 'init'" "$(cat "$T/err")" "init"
	cp "$DB" "$T/no-$cmd.db"
	chmod 000 "$T/no-$cmd.db"
	# shellcheck disable=SC2086
	check "$cmd: an unreadable database names the permission" 1 - \
	    "^$cmd: $T/no-$cmd\\.db: permission denied: user $EXAM_USER may not read it \\(owner [a-z]+, mode 0000\\)$" \
	    exam_as_user "$BIN/$cmd" --db "$T/no-$cmd.db" $LIST
done

# Both print the same help layout: the same lines around the commands.
layout() { "$BIN/$1" --help | sed -e "s/$1/NAME/g" -e 's/[A-Z_]*_DB/ENV/' \
    -e 's|/[^ ]*\.db)|PATH)|' | grep -v '^  [a-z]' | grep -v '^      '; }
t_is "one --help layout" "$(layout studentctl)" "$(layout examctl)"

# One version for the project: the Makefile's, in every program and in the
# Debian changelog's first entry.
t_like "the Makefile has a VERSION" "$version" '^[0-9][0-9.]*$'
# examgui is built only where GTK 4 is installed.
progs="studentctl examctl examd examclient"
[ -x "$BIN/examgui" ] && progs="$progs examgui"
for p in $progs; do
	t_is "$p --version" "$("$BIN/$p" --version </dev/null 2>&1; echo "rc=$?")" \
	    "$p $version
rc=0"
done
if [ -f "$TOP/debian/changelog" ]; then
	t_is "debian/changelog's first entry is that version" \
	    "$(sed -n '1s/^[^ ]* (\([^)-]*\).*/\1/p' "$TOP/debian/changelog")" \
	    "$version"
fi
t_done
