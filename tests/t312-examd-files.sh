# SPDX-License-Identifier: ISC
# examd and exam.db's files: the -wal and -shm files stay between
# connections (each examd no longer creates, syncs the folder for and
# unlinks them). A closing examd leaves what it committed in the -wal and
# checkpoints it into exam.db only once it is 32 frames long (256 while
# other examd processes run), so exam.db with its -wal always holds every
# registration and result, the -wal stays bounded, and after a checkpoint
# exam.db alone holds them too.
. "$TOP/tests/lib.sh"
sqlite_only "exam.db's -wal and -shm files (PostgreSQL has none; t343 covers its server)"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
t_ok "xinetd serves examd" start_exam

# in_copy SQL [alone]: SQL's answer from a copy of exam.db with its -wal
# (without its -shm: the index is rebuilt, as after a power cut), or of
# exam.db alone.
in_copy() {
	rm -f "$T/copy.db" "$T/copy.db-wal" "$T/copy.db-shm"
	cp "$EXAM_DB" "$T/copy.db" || return 1
	[ "${2:-}" = alone ] || cp "$EXAM_DB-wal" "$T/copy.db-wal" || return 1
	sqlite3 "$T/copy.db" "$1"
}
wal_size() { stat -c %s "$EXAM_DB-wal"; }

out=$(exam_lines "kim
pw1
pw1
$EXAM_RIGHT")
t_like "kim registers and finishes" "$out" '^Goodbye kim\.$'
t_is "exam.db with its -wal holds kim's result" \
    "$(in_copy "SELECT count(*) FROM results WHERE username = 'kim'")" 1
t_is "and kim" "$(in_copy "SELECT count(*) FROM users WHERE username = 'kim'")" 1
t_ok "exam.db-wal is kept" test -e "$EXAM_DB-wal"
t_ok "exam.db-shm is kept" test -e "$EXAM_DB-shm"

# connections N: N connections one after another; sets max to the largest
# size the -wal reached and emptied to how often it shrank.
connections() {
	max=0 emptied=0 prev=$(wal_size)
	for _c in $(seq "$1"); do
		exam_talk "" >/dev/null
		# examd checkpoints after the client's end closed: wait for it.
		sleep 0.05
		s=$(wal_size)
		[ "$s" -gt "$max" ] && max=$s
		[ "$s" -lt "$prev" ] && emptied=$((emptied + 1))
		prev=$s
	done
}

# 40 connections, one after another: each adds a few frames; the one that
# finds 32 or more checkpoints and empties the file.
connections 40
# 32 frames of 4096-byte pages (24-byte frame headers), a 32-byte file
# header, and the few frames of the commit that crossed the line.
bound=$(( 32 + (32 + 8) * (4096 + 24) ))
t_ok "the -wal stays under $bound bytes (largest: $max)" test "$max" -le "$bound"
t_ok "and is emptied on the way ($emptied times)" test "$emptied" -ge 1
t_ok "but not by every closing examd" test "$emptied" -le 10
t_is "after that checkpoint exam.db alone holds kim's result" \
    "$(in_copy "SELECT count(*) FROM results WHERE username = 'kim'" alone)" 1
t_is "every connection is counted" \
    "$(exam_sql "SELECT count(*) FROM connections")" 41

# With another examd running (a client waiting at the Username prompt), a
# closing examd is not alone: it lets the -wal grow to 256 frames, as the
# index lives on in the other's -shm. Once the other has gone, the -wal
# is emptied again at the first close past 32 frames.
connections 12
sleep 30 | nc 127.0.0.1 "$EXAM_PORT" >/dev/null 2>&1 &
holder=$!
i=0
while [ "$(exam_sql "SELECT count(*) FROM connections")" -lt 54 ] &&
    [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
t_is "a client holds a session open" \
    "$(exam_sql "SELECT count(*) FROM connections")" 54
connections 40
t_ok "meanwhile the -wal grows past 32 frames (largest: $max)" \
    test "$max" -gt "$bound"
t_is "and is not emptied" "$emptied" 0
pkill -P "$holder" nc 2>/dev/null; kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
exam_talk "" >/dev/null
i=0
while [ "$(wal_size)" -gt "$bound" ] && [ "$i" -lt 100 ]; do
	sleep 0.05; i=$((i + 1)); done
t_ok "once the client has gone, it is emptied ($(wal_size) bytes)" \
    test "$(wal_size)" -le "$bound"
t_is "every connection is still counted" \
    "$(exam_sql "SELECT count(*) FROM connections")" 95

out=$(exam_lines "kim
pw1
$EXAM_RIGHT")
t_like "kim comes back with the kept files" "$out" 'Welcome back, kim\.$'
t_is "the second result is in exam.db with its -wal" \
    "$(in_copy "SELECT count(*) FROM results WHERE username = 'kim'")" 2
t_is "the database is sound" "$(sqlite3 "$EXAM_DB" 'PRAGMA integrity_check')" ok
t_done
