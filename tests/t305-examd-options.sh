# SPDX-License-Identifier: ISC
# examd run by hand (a pipe instead of a socket): options, EXAM_DB, a
# broken database or bank, closed standard fds; and scripts/exam-conf.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
unavailable="Welcome to the exam server.
The exam service is unavailable. Please try again later."
early="The exam service is unavailable. Please try again later."
session="amy
password
password
$EXAM_RIGHT
"
# run INPUT ARGS...: examd (as EXAM_USER) with INPUT on a pipe; prints its
# output, CRs removed, then "rc=N".
run() {
	_in=$1; shift
	printf '%s' "$_in" | timeout 20 sh "$TOP/scripts/exam-user" --run \
	    "$BIN/examd" "$@" 2>"$T/stderr" | tr -d '\r'
	echo "rc=${PIPESTATUS[1]}"
}
rc() { printf '%s\n' "$1" | tail -n 1; }

out=$(EXAM_DB=$EXAM_DB run "$session")
t_like "EXAM_DB names the database" "$out" '^Goodbye amy\.$'
t_is "exit status 0 after an exam" "$(rc "$out")" "rc=0"
t_is "a piped session's peer is local" \
    "$(exam_sql "SELECT peer FROM results WHERE username = 'amy'")" local
out=$(EXAM_DB=$T/nowhere.db run "amy
password
$EXAM_RIGHT
" --db "$EXAM_DB")
t_like "--db wins over EXAM_DB" "$out" 'Welcome back, amy\.$'
out=$(EXAM_DB= run "$session" --db "$EXAM_DB" --timeout 5)
t_like "--timeout N is accepted" "$out" '^Goodbye amy\.$'

out=$(run "$session" --db "$T/missing.db")
t_is "a missing database: a generic message, status 1" "$out" "$early
rc=1"
t_fails "and it is not created" test -e "$T/missing.db"

for bad in "--timeout 0" "--timeout -3" "--timeout 86401" "--timeout 1x" \
    "--timeout" "--bogus" "extra"; do
	# shellcheck disable=SC2086
	out=$(run "$session" --db "$EXAM_DB" $bad)
	t_is "bad arguments ($bad): a generic message, status 2" "$out" "$early
rc=2"
done
# The timeout is digits only (lib/intparse): strtol took these.
for bad in ' 30' '+30' '30 ' '0x1e' ''; do
	out=$(run "$session" --db "$EXAM_DB" --timeout "$bad")
	t_is "--timeout '$bad' is refused, status 2" "$out" "$early
rc=2"
done
out=$(run "$session" --db "$EXAM_DB" --timeout 030)
t_like "--timeout 030 is 30 (leading zeros are digits)" "$out" '^Goodbye amy\.$'
t_is "nothing was ever written to stderr" "$(cat "$T/stderr")" ""

# bad SQL: a copy of the database, changed by SQL (as it is), in $bad.
bad() { exam_copy_db bad && bad=$COPY_DB && exam_db_sql "$bad" "$1"; }
if exam_is_pg; then
	c1="'x' || chr(155) || '2J'"
	new_db empty && exam_db_sql "$NEW_DB" \
	    "$(cat "$TOP/sql/exam_schema_pg.sql")" >/dev/null
else
	c1="'x' || char(155) || '2J'"
	NEW_DB=$T/empty.db
	sqlite3 "$NEW_DB" <"$TOP/sql/exam_schema.sql" >/dev/null
	exam_own "$NEW_DB"
fi
out=$(run "$session" --db "$NEW_DB")
t_is "no exam with questions: said after login, then goodbye" \
    "$(printf '%s\n' "$out" | tail -n 3)" "There is no exam to take yet.
Goodbye amy.
rc=0"

bad "DELETE FROM choices WHERE position = 2 AND letter = 'b'"
out=$(run "$session" --db "$bad")
t_is "a question with one choice is refused" \
    "$(printf '%s\n' "$out" | tail -n 2)" "$early
rc=1"
bad "DELETE FROM choices WHERE position = 3 AND letter = 'c'"
out=$(run "$session" --db "$bad")
t_is "so is a gap in the letters" "$(printf '%s\n' "$out" | tail -n 2)" \
    "$early
rc=1"
bad "DELETE FROM choices WHERE position = 1 AND letter = 'd';
    UPDATE questions SET answer = 'd' WHERE position = 1"
out=$(run "$session" --db "$bad")
t_is "and an answer that is not a choice" \
    "$(printf '%s\n' "$out" | tail -n 2)" "$early
rc=1"
bad "UPDATE questions SET prompt = $c1 WHERE position = 2"
out=$(run "$session" --db "$bad")
t_is "a stored question with a C1 control (the CSI) is refused" \
    "$(printf '%s\n' "$out" | tail -n 2)" "$early
rc=1"
bad "DELETE FROM counter"
out=$(run "$session" --db "$bad")
t_is "a database without its counter row" "$out" "$unavailable
rc=1"
if exam_is_pg; then
	new_db other && other=$NEW_DB
else
	other=$T/other.db
fi
exam_db_sql "$other" "CREATE TABLE t (x INTEGER)"
exam_own "$T/other.db" 2>/dev/null
out=$(run "$session" --db "$other" --log "$T/layout.log")
t_is "a database that is not an exam database" "$out" "$early
rc=1"
t_like "the log says so" "$(cat "$T/layout.log")" \
    'error: database: [^ ]+: not an exam database'

# A layout examd does not know, newer or older, on either back end: the
# same refusal, before anything is counted or written.
for v in 4 2; do
	if exam_is_pg; then
		bad "UPDATE exam_schema SET version = $v"
	else
		bad "PRAGMA user_version = $v"
	fi
	n0=$(exam_db_sql "$bad" 'SELECT count FROM counter')
	rm -f "$T/layout.log"
	out=$(run "$session" --db "$bad" --log "$T/layout.log")
	t_is "a database of layout $v is refused" "$out" "$early
rc=1"
	t_like "the log names the layout" "$(cat "$T/layout.log")" \
	    "error: database: [^ ]+: layout $v, not 3: "
	t_is "and nothing was counted" \
	    "$(exam_db_sql "$bad" 'SELECT count FROM counter')" "$n0"
done

# --log FILE: examd's diagnostics go to FILE instead of syslog, one line
# each, wherever --log stands among the options; fd 2 gets nothing.
out=$(run "$session" --db "$T/missing.db" --log "$T/examd.log")
t_is "--log: the client still gets the generic message" "$out" "$early
rc=1"
t_like "--log: the reason is in the file" "$(cat "$T/examd.log")" \
    "^[0-9T:Z-]+ examd\[[0-9]+\]: error: database: $T/missing\.db: no such database file; create it with 'examctl init', or name another with --db PATH or \\\$EXAM_DB\$"
t_is "--log: nothing on stderr" "$(cat "$T/stderr")" ""
out=$(run "" --timeout abc --log "$T/examd.log")
t_like "--log after a bad option still gets its error" "$(tail -n 1 "$T/examd.log")" \
    'error: --timeout abc: want 1 to 86400 seconds$'
for v in 0 10081 1h; do
	out=$(run "" --max-session "$v" --log "$T/examd.log")
	t_like "--max-session $v is refused" "$(tail -n 1 "$T/examd.log")" \
	    "error: --max-session $v: want 1 to 10080 minutes\$"
done
out=$(run "$session" --log "$T/examd.log" --db "$EXAM_DB")
t_like "--log: sessions are logged too" "$(tail -n 3 "$T/examd.log")" \
    'info: result amy default 3/3 from local$'
out=$(run "$session" --log "$T/no-such-dir/examd.log" --db "$EXAM_DB")
t_like "an unusable --log file: the exam still runs (syslog instead)" "$out" '^Goodbye amy\.$'
c=$(sh "$TOP/scripts/exam-conf" --bin "$BIN" --db "$EXAM_DB" --port 9000 \
    --examd-log "$T/examd.log")
t_like "exam-conf --examd-log passes --log to examd" "$c" \
    "server_args[[:space:]]*= --db $EXAM_DB --timeout 120 --log $T/examd.log\$"

# Started with fds 0-2 closed: examd must not take exam.db for one of them.
exam_copy_db fds
n0=$(exam_db_sql "$COPY_DB" 'SELECT count(*) FROM connections')
exam_as_user "$BIN/examd" --db "$COPY_DB" <&- >&- 2>&-
t_is "closed standard fds: a normal end (EOF at once)" "$?" 0
if exam_is_pg; then
	# Its server connection is not fd 0, 1 or 2 either: the session
	# was counted, and ended at the EOF of /dev/null.
	t_is "the session was counted, once" \
	    "$(exam_db_sql "$COPY_DB" 'SELECT count(*) FROM connections')" \
	    $((n0 + 1))
else
	t_is "the database is intact" \
	    "$(sqlite3 "$COPY_DB" 'PRAGMA integrity_check')" ok
fi

# scripts/exam-conf
conf() { sh "$TOP/scripts/exam-conf" "$@" 2>/dev/null; }
c=$(conf --bin "$BIN" --db "$EXAM_DB" --port 9000 --timeout 7 \
    --env A=1 --env B=x:y)
t_ok "exam-conf renders" test -n "$c"
t_unlike "no placeholder is left" "$c" '@[A-Z_]*@'
t_unlike "no comment after a value" "$c" '^[[:space:]]*[a-z_]+[[:space:]]*[+]?=.*#'
t_like "the user line is there" "$c" "^[[:space:]]*user[[:space:]]*= $(id -un)\$"
t_like "loopback only" "$c" '^[[:space:]]*bind[[:space:]]*= 127\.0\.0\.1$'
t_unlike "not IPv6 (it would ignore bind)" "$c" 'IPv6[[:space:]]*$'
t_like "one process per connection" "$c" '^[[:space:]]*wait[[:space:]]*= no$'
t_like "the rate limit is raised" "$c" '^[[:space:]]*cps[[:space:]]*= [0-9]+ '
t_like "server_args" "$c" "server_args[[:space:]]*= --db $EXAM_DB --timeout 7\$"
t_like "environment" "$c" "env[[:space:]]*= EXAM_DB=$EXAM_DB A=1 B=x:y\$"
t_fails "exam-conf needs --port" conf --bin "$BIN" --db "$EXAM_DB"
t_fails "a relative database path" conf --bin "$BIN" --db exam.db --port 1
t_fails "a port that is not a number" conf --bin "$BIN" --db "$EXAM_DB" --port x
t_fails "a value with a blank" conf --bin "$BIN" --db "$EXAM_DB" --port 1 --env "A=a b"
t_fails "a value with #" conf --bin "$BIN" --db "$EXAM_DB#x" --port 1
t_fails "a bin folder without examd" conf --bin "$T" --db "$EXAM_DB" --port 1
t_done
