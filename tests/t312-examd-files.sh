# examd and exam.db's files: the -wal and -shm files stay between
# connections (each examd no longer creates, syncs the folder for and
# unlinks them), and what a connection committed is in exam.db itself
# once it closes (the checkpoint at close), so a copy of exam.db alone
# holds the registration and the result.
. "$TOP/tests/lib.sh"
sqlite_only "exam.db's -wal and -shm files (PostgreSQL has none; t343 covers its server)"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
t_ok "xinetd serves examd" start_exam

# in_db_alone SQL: SQL's answer from a copy of exam.db without its -wal.
in_db_alone() {
	cp "$EXAM_DB" "$T/alone.db" && rm -f "$T/alone.db-wal" "$T/alone.db-shm"
	sqlite3 "$T/alone.db" "$1"
}
# settled SQL WANT: waits (up to 10 s) until the copy answers WANT: examd
# checkpoints after it has said goodbye.
settled() {
	_i=0
	until [ "$(in_db_alone "$1")" = "$2" ] || [ "$_i" -ge 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	in_db_alone "$1"
}

out=$(exam_lines "kim
pw1
pw1
$EXAM_RIGHT")
t_like "kim registers and finishes" "$out" '^Goodbye kim\.$'
t_is "exam.db alone holds kim's result once examd closed" \
    "$(settled "SELECT count(*) FROM results WHERE username = 'kim'" 1)" 1
t_is "and kim" "$(in_db_alone "SELECT count(*) FROM users WHERE username = 'kim'")" 1
t_ok "exam.db-wal is kept" test -e "$EXAM_DB-wal"
t_ok "exam.db-shm is kept" test -e "$EXAM_DB-shm"
# emptied: its frames are in exam.db, and the next examd must not read them
# back (it would, being the first to open the file again).
i=0
until [ ! -s "$EXAM_DB-wal" ] || [ "$i" -ge 100 ]; do sleep 0.1; i=$((i + 1)); done
t_is "and the kept -wal is empty" "$(stat -c %s "$EXAM_DB-wal")" 0

out=$(exam_lines "kim
pw1
$EXAM_RIGHT")
t_like "kim comes back with the kept files" "$out" 'Welcome back, kim\.$'
t_is "the second result is in exam.db alone too" \
    "$(settled "SELECT count(*) FROM results WHERE username = 'kim'" 2)" 2
t_is "the database is sound" "$(sqlite3 "$EXAM_DB" 'PRAGMA integrity_check')" ok
t_done
