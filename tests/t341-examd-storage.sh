# SPDX-License-Identifier: ISC
# exam.db read-only, locked past the busy timeout, or on a full disk:
# the session ends with a one-line apology, nothing is half-written, and
# service returns once the fault is gone, without a restart.
. "$TOP/tests/lib.sh"
sqlite_only "a read-only, locked or full exam.db file (t343 is the PostgreSQL server stopped)"
. "$TOP/tests/lib-exam.sh"

# no_examd: waits (at most 5 s) until no examd runs under our xinetd.
no_examd() {
	j=0
	while pgrep -P "$_exam_xinetd" >/dev/null && [ "$j" -lt 50 ]; do
		sleep 0.1; j=$((j + 1))
	done
}
results() { exam_sql 'SELECT count(*) FROM results'; }
check_ok() { t_is "$1: integrity ok" "$(exam_sql 'PRAGMA integrity_check')" ok; }
served() { # DESC NAME
	out=$(exam_lines "$2
pw
pw
$EXAM_RIGHT
")
	t_like "$1: served again" "$out" "Goodbye $2\\.\$"
}

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "xinetd serves examd" start_exam 30

# Read-only: examd refuses a file it may not write as soon as it is
# opened, before anything is read (a read-only connection that went on
# would leave -wal and -shm files behind with the same mode, and every
# examd would fail on them once the file was writable again: the
# recovery below checks that). A session already running keeps its open
# file.
n0=$(results)
session_at_last_answer ro1 "$T/ro1"
chmod 444 "$EXAM_DB"
t_is "read-only: a new session gets one line of apology" "$(exam_lines "ro2
pw
pw
$EXAM_RIGHT
")" "$APOLOGY_START"
touch "$T/go"; wait "$_sess"
t_is "a session already running still finishes" "$(the_end "$T/ro1")" "Goodbye ro1."
t_is "read-only: only its result row" "$(results)" "$((n0 + 1))"
t_is "no user was half-registered" \
    "$(exam_sql "SELECT count(*) FROM users WHERE username = 'ro2'")" 0
chmod 644 "$EXAM_DB"
check_ok "read-only"
served "read-only" ro3

# Locked past the busy timeout (examd waits 10 s): a writer holds an
# exclusive transaction for 12 s while one session arrives and another
# sends its last answer.
n0=$(results)
session_at_last_answer lk1 "$T/lk1"
first=$_sess
printf '%s\n' 'BEGIN EXCLUSIVE;' 'UPDATE counter SET count = count;' \
    '.system sleep 12' 'ROLLBACK;' | sqlite3 "$EXAM_DB" &
locker=$!
sleep 0.5
touch "$T/go"
exam_lines "lk2
pw
pw
$EXAM_RIGHT
" >"$T/lk2" &
second=$!
wait "$first" "$second"
t_is "locked: the finishing session apologises" "$(the_end "$T/lk1")" "$APOLOGY_SAVE"
t_is "locked: the arriving one too" "$(cat "$T/lk2")" "Welcome to the exam server.
$APOLOGY_START"
wait "$locker"
t_is "locked: no result row" "$(results)" "$n0"
check_ok "locked"
served "locked" lk3

# A full disk: exam.db on a 2 MiB tmpfs, filled up.
if [ "$(id -u)" != 0 ]; then
	echo "ok $((_t_n + 1)) # SKIP a full disk needs root (a tmpfs mount)"
	_t_n=$((_t_n + 1))
	t_done
	exit
fi
stop_exam_now() { kill -TERM "$_exam_xinetd" 2>/dev/null; wait "$_exam_xinetd" 2>/dev/null; }
stop_exam_now
mkdir "$T/small"
t_ok "a 2 MiB tmpfs" mount -t tmpfs -o size=2m,mode=0755 tmpfs "$T/small"
at_exit "umount -l '$T/small' 2>/dev/null"
EXAM_DB=$T/small/exam.db
exam_db_create
exam_no_seventh
exam_own "$T/small"
t_ok "xinetd serves examd on it" start_exam 30
served "on the tmpfs" fd0
n0=$(results)

fill() { dd if=/dev/zero of="$T/small/filler" bs=64k 2>/dev/null; sync; }
session_at_last_answer fd1 "$T/fd1"
fill
t_ok "the disk is full" sh -c "! dd if=/dev/zero of='$T/small/x' bs=4k count=1 2>/dev/null"
rm -f "$T/small/x"
touch "$T/go"; wait "$_sess"
t_is "full disk mid-session: the apology is the last line" \
    "$(the_end "$T/fd1")" "$APOLOGY_SAVE"
out=$(exam_lines "fd2
pw
pw
$EXAM_RIGHT
")
# SQLite reuses the WAL's space, so a new session may get as far as its
# last answer; either way it ends with one of the two apologies.
last=$(printf '%s\n' "$out" | tail -n 1)
t_ok "full disk: a new session ends with an apology ($last)" \
    test "$last" = "$APOLOGY_START" -o "$last" = "$APOLOGY_SAVE"
t_unlike "and prints no score" "$out" 'Your score' 
rm -f "$T/small/filler"
t_is "full disk: no result row" "$(results)" "$n0"
check_ok "full disk"
served "room again" fd3
t_is "its result is stored" "$(exam_sql "SELECT score FROM results WHERE username = 'fd3'")" 3
t_done
