# SPDX-License-Identifier: ISC
# examd started by hand in a terminal says what is wrong there (usage, the
# reason) with exit 0 for --help and --version, 2 for bad usage; under
# xinetd (stdin a socket) the client gets only the one-line message and
# the reason goes to the log. Also how database problems are worded.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
. "$TOP/tests/lib-pty.sh"

t_ok "test database created" exam_db_create
early="The exam service is unavailable. Please try again later."
version=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")

# by_hand DESC WANT_RC ARGS...: examd ARGS (as EXAM_USER) in a terminal;
# SCREEN is what the terminal showed, without the exit status line.
by_hand() {
	_d=$1 _want=$2; shift 2
	pty_start "sh '$TOP/scripts/exam-user' --run '$BIN/examd' $*; echo \"rc=\$?\""
	pty_wait "rc=" || true
	pty_end
	SCREEN=$(screen | grep -v '^rc=')
	t_is "$_d: exit $_want" "$(screen | sed -n 's/^rc=//p')" "$_want"
	t_unlike "$_d: not the client's message" "$SCREEN" "unavailable"
}

by_hand "--help" 0 --help
t_like "--help prints the usage" "$SCREEN" \
    '^usage: examd \[--db PATH\|URI\] \[--timeout SECONDS\] \[--log FILE\]$'
t_like "and names the default database and EXAM_DB" \
    "$(printf '%s\n' "$SCREEN" | tr '\n' ' ')" \
    'URI \(postgresql://\.\.\.\), else \$EXAM_DB, else /.*/exam\.db\. *$'
by_hand "--version" 0 --version
t_is "--version prints the project's version" "$SCREEN" "examd $version"

by_hand "a bad option" 2 --bogus
t_like "says which option" "$SCREEN" '^examd: bad option --bogus'
t_like "and prints the usage" "$SCREEN" '^usage: examd '
by_hand "a bad timeout" 2 --db "$EXAM_DB" --timeout 0
t_like "says what is allowed" "$SCREEN" \
    '^examd: --timeout 0: want 1 to 86400 seconds$'
by_hand "a missing argument" 2 --db
t_like "says it is missing" "$SCREEN" '^examd: option --db needs an argument$'
by_hand "an extra argument" 2 --db "$EXAM_DB" extra
t_like "names it" "$SCREEN" '^examd: unexpected argument extra$'

by_hand "a missing database" 1 --db "$T/missing.db" --log "$T/hand.log"
t_like "says it is missing, with the fix" "$SCREEN" \
    "^examd: database: $T/missing\\.db: no such database file; create it with 'examctl init', or name another with --db PATH or \\\$EXAM_DB\$"
t_like "the log says the same" "$(cat "$T/hand.log")" \
    "error: database: $T/missing\\.db: no such database file; create it"

# A SQLite file's permissions, whatever the story's back end.
BACKEND=sqlite exam_db_create "$T/ro.db"
chmod 444 "$T/ro.db"
by_hand "a read-only database" 1 --db "$T/ro.db"
t_like "is called read-only, for the user examd runs as" "$SCREEN" \
    "^examd: database: $T/ro\\.db: read-only for user $EXAM_USER: "
t_unlike "and not a database to init" "$SCREEN" "init"
BACKEND=sqlite exam_db_create "$T/unreadable.db"
chmod 000 "$T/unreadable.db"
by_hand "an unreadable database" 1 --db "$T/unreadable.db"
t_like "names the permission" "$SCREEN" \
    "^examd: database: $T/unreadable\\.db: permission denied: user $EXAM_USER may not read it \\(owner [a-z]+, mode 0000\\)\$"
if exam_is_pg; then
	down=$(free_port)
	by_hand "a PostgreSQL server nobody runs" 1 \
	    --db "postgresql://amy:sekrit308@127.0.0.1:$down/exam"
	t_like "names the server and why" "$SCREEN" \
	    "^examd: database: postgresql://amy@127\\.0\\.0\\.1:$down/exam: connection to server at \"127\\.0\\.0\\.1\", port $down failed: Connection refused"
	t_unlike "and never the password" "$SCREEN" sekrit
	# libpq is opened only now (lib/pq.c); without it, the one line.
	lib=$(ldconfig -p | awk '/libpq\.so\.5 / { print $NF; exit }')
	if [ "$(id -u)" -eq 0 ] && [ -n "$lib" ] && command -v unshare >/dev/null; then
		: >"$T/nolib.log"
		exam_own "$T/nolib.log"
		out=$(printf 'amy\n' | unshare -m sh -c "mount --bind /dev/null '$lib' &&
		    exec sh '$TOP/scripts/exam-user' --run '$BIN/examd' \
		    --db '$EXAM_DB' --log '$T/nolib.log'" 2>&1 | tr -d '\r')
		t_is "libpq missing: the client's one line" "$out" "$early"
		t_like "the log says libpq could not be loaded, and what to install" \
		    "$(cat "$T/nolib.log")" 'error: database: postgresql: .*libpq\.so\.5.*apt-get install libpq5'
	fi
fi

# Not a terminal (a pipe, as a socket under xinetd): as before, nothing on
# fd 2, the one line to the client.
for args in "--bogus" "--timeout 0" "--db $T/ro.db"; do
	# shellcheck disable=SC2086
	out=$(printf 'amy\n' | exam_as_user "$BIN/examd" $args 2>"$T/err" |
	    tr -d '\r')
	t_is "no terminal ($args): the client's one line" "$out" "$early"
	t_is "no terminal ($args): nothing on fd 2" "$(cat "$T/err")" ""
done

# Through xinetd: the client hears the one line, the log says why.
EXAM_LOG=$T/xinetd-examd.log
: >"$EXAM_LOG"
exam_own "$EXAM_LOG"
GOOD_DB=$EXAM_DB
EXAM_DB=$T/ro.db
t_ok "xinetd starts examd on a read-only database" start_exam
out=$(exam_lines 'amy
')
t_is "the client gets the one-line message" "$out" "$early"
t_like "the log says read-only, for whom" "$(cat "$EXAM_LOG")" \
    "error: database: $T/ro\\.db: read-only for user $EXAM_USER: "
t_unlike "not 'run examctl init'" "$(cat "$EXAM_LOG")" "init"
EXAM_DB=$GOOD_DB
t_done
