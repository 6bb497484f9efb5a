# SPDX-License-Identifier: ISC
# A PostgreSQL password kept out of sight (SPEC 5): a cluster of the
# story's own wants SCRAM on TCP; examd (under xinetd, which passes no
# environment) and examctl find the password in a file named by the URI's
# passfile=, never on a command line: no `ps` output holds it while a
# session runs. A password file others may read, a missing one, or a
# PGPASSFILE open to others is refused, by examctl with a clear message
# and by examd with its one-line apology to the client and the reason in
# its log, never the password.
. "$TOP/tests/lib.sh"
postgresql_only "a PostgreSQL story: runs in the postgresql pass"
. "$TOP/tests/lib-pg.sh"
. "$TOP/tests/lib-exam.sh"

PG_PASSWORD=pw345-$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')
PG_PORT=$(free_port)
t_ok "a PostgreSQL server of the story's own, SCRAM on TCP" \
    pg_start "$T/pg" "$PG_PORT"
at_exit pg_stop
t_is "password_encryption is scram-sha-256" \
    "$(pg_sql "$PG_URI/postgres" 'SHOW password_encryption')" scram-sha-256
t_like "and postgres's password is a SCRAM verifier" \
    "$(pg_sql "$PG_URI/postgres" "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")" \
    '^SCRAM-SHA-256\$'
t_ok "test database created" exam_db_create
exam_no_seventh
BASE=$EXAM_DB

# Without the password: refused by the server, and said so.
out=$(env -u PGPASSFILE "$BIN/examctl" --db "$BASE" connections 2>&1); rc=$?
t_is "no password: examctl exits 1" "$rc" 1
t_like "saying the server wants one" "$out" \
    "^examctl: postgresql://postgres@127\\.0\\.0\\.1:$PG_PORT/.*(password|SCRAM)"

# examd's own password file, its user's alone.
PF=$T/examd.pgpass
cp "$PG_PASSFILE" "$PF"
chmod 600 "$PF"
exam_own "$PF"
EXAM_DB="$BASE?passfile=$PF"
EXAM_LOG=$T/examd.log
: >"$EXAM_LOG"
exam_own "$EXAM_LOG"
t_ok "xinetd serves examd with passfile= in its URI" start_exam 30
session_at_last_answer pat "$T/pat"
t_ok "a session runs on the SCRAM server" grep -q 'Question 3/3' "$T/pat"
ps -eo args >"$T/ps"
t_ok "ps shows examd with its URI" grep -q "passfile=$PF" "$T/ps"
t_fails "but no process's arguments hold the password" grep -q "$PG_PASSWORD" "$T/ps"
t_fails "nor does xinetd's configuration" grep -q "$PG_PASSWORD" "$T/xinetd.conf"
touch "$T/go"
wait "$_sess"
t_like "the session ends with its score" "$(the_end "$T/pat")" 'Goodbye pat\.$'
t_is "its result is stored" \
    "$(exam_sql "SELECT COUNT(*) FROM results WHERE username = 'pat'")" 1
kill -TERM "$_exam_xinetd"; wait "$_exam_xinetd" 2>/dev/null

# A password file group members may read: refused before connecting.
chmod 640 "$PF"
out=$("$BIN/examctl" --db "$EXAM_DB" connections 2>&1); rc=$?
t_is "a group-readable password file: examctl exits 1" "$rc" 1
t_is "saying which file, why and what to do" "$out" \
    "examctl: postgresql://postgres@127.0.0.1:$PG_PORT/${BASE##*/}: refusing the password file $PF: others than its owner may read it (mode 0640); make it 0600 (chmod 600 $PF)"
chmod 604 "$PF"
out=$("$BIN/examctl" --db "$EXAM_DB" connections 2>&1)
t_like "a world-readable one too" "$out" "refusing the password file $PF: .*(mode 0604)"
t_ok "xinetd serves examd with the open password file" start_exam 30
out=$(exam_lines 'x
')
t_is "examd: the client gets the one-line apology, nothing else" \
    "$out" "$APOLOGY_START"
t_like "and examd's log says why" "$(cat "$EXAM_LOG")" \
    "refusing the password file $PF: others than its owner may read it \\(mode 0604\\)"
t_fails "the log never holds the password" grep -q "$PG_PASSWORD" "$EXAM_LOG"
kill -TERM "$_exam_xinetd"; wait "$_exam_xinetd" 2>/dev/null
chmod 600 "$PF"

# A password file named but missing.
out=$("$BIN/examctl" --db "$BASE?passfile=$T/none" connections 2>&1); rc=$?
t_is "a missing password file: exit 1" "$rc" 1
t_like "saying so" "$out" "cannot use the password file $T/none: No such file or directory\$"

# PGPASSFILE, for the commands, under the same rule.
chmod 644 "$PG_PASSFILE"
out=$("$BIN/examctl" --db "$BASE" connections 2>&1); rc=$?
t_is "PGPASSFILE open to others: exit 1" "$rc" 1
t_like "refused by name" "$out" "refusing the password file $PG_PASSFILE: "
chmod 600 "$PG_PASSFILE"
t_like "at 0600 it works" "$("$BIN/examctl" --db "$BASE" connections 2>&1)" '^count: '
t_done
