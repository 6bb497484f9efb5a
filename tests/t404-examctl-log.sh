# examctl results, connections and reset-count: tab-separated listings,
# and a reset that restarts the count from the last logged connection.
. "$TOP/tests/lib.sh"
DB=$T/exam.db
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }
tab=$(printf '\t')
ectl init >/dev/null

out=$(ectl results); rc=$?
t_is "results with none exits 0" "$rc" 0
t_is "and prints nothing" "$out" ""
q "INSERT INTO results (username, score, total, finished_at, peer) VALUES
	('bob', 8, 10, '2024-05-02T10:00:00Z', '127.0.0.1:38184'),
	('alice', 10, 10, '2024-05-01T09:00:00Z', '[::1]:4000'),
	('bob', 2, 10, '2024-05-03T11:00:00Z', '10.0.0.7:5000')"
t_is "results lists every result, oldest first" "$(ectl results)" \
"alice${tab}10/10${tab}2024-05-01T09:00:00Z${tab}[::1]:4000
bob${tab}8/10${tab}2024-05-02T10:00:00Z${tab}127.0.0.1:38184
bob${tab}2/10${tab}2024-05-03T11:00:00Z${tab}10.0.0.7:5000"
t_is "results NAME lists that user's" "$(ectl results bob | cut -f 1,2)" \
"bob${tab}8/10
bob${tab}2/10"
ectl results carol >"$T/out" 2>"$T/err"; rc=$?
t_is "results for a name without results: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" "^examctl: no results for 'carol'"
t_is "and prints no result" "$(cat "$T/out")" ""
ectl results 'bad/name' >/dev/null 2>&1; rc=$?
t_is "results with an invalid name: exit 2" "$rc" 2

# connections: the log since the last reset, then the count.
out=$(ectl connections); rc=$?
t_is "connections on a new database exits 0" "$rc" 0
t_is "and shows a zero count" "$out" "count: 0"
q "INSERT INTO connections (peer, arrived_at) VALUES
	('127.0.0.1:1001', '2024-05-01T09:00:01Z'),
	('127.0.0.1:1002', '2024-05-01T09:00:02Z'),
	('[::1]:1003', '2024-05-01T09:00:03Z');
   UPDATE counter SET count = 3"
t_is "connections lists them in order with the count" "$(ectl connections)" \
"1${tab}2024-05-01T09:00:01Z${tab}127.0.0.1:1001
2${tab}2024-05-01T09:00:02Z${tab}127.0.0.1:1002
3${tab}2024-05-01T09:00:03Z${tab}[::1]:1003
count: 3"

out=$(ectl reset-count); rc=$?
t_is "reset-count exits 0" "$rc" 0
t_is "and reports the old count" "$out" "count reset (was 3)"
t_is "count is 0 and reset_seq the last seq" \
	"$(q 'SELECT count, reset_seq FROM counter')" "0|3"
t_is "connections shows only the count now" "$(ectl connections)" "count: 0"
t_is "the log itself is kept" "$(q 'SELECT count(*) FROM connections')" 3
q "INSERT INTO connections (peer, arrived_at) VALUES
	('127.0.0.1:1004', '2024-05-01T09:00:04Z'); UPDATE counter SET count = 1"
t_is "later connections are listed" "$(ectl connections)" \
"4${tab}2024-05-01T09:00:04Z${tab}127.0.0.1:1004
count: 1"
t_is "reset-count again" "$(ectl reset-count)" "count reset (was 1)"
t_is "reset_seq follows" "$(q 'SELECT reset_seq FROM counter')" 4
t_is "reset-count on a reset counter is harmless" "$(ectl reset-count)" \
	"count reset (was 0)"
t_is "nothing else changed" "$(q 'SELECT count(*) FROM results')|$(q 'SELECT count(*) FROM connections')" "3|4"

# Output that cannot be written is a failure, not silence.
if [ -w /dev/full ]; then
	ectl results >/dev/full 2>"$T/err"; rc=$?
	t_is "results to a full device: exit 1" "$rc" 1
	t_like "with a write error" "$(cat "$T/err")" '^examctl: writing output'
fi
"$BIN/examctl" --db "$T/none.db" reset-count >/dev/null 2>&1; rc=$?
t_is "reset-count on a missing database: exit 1" "$rc" 1
t_is "integrity check ok" "$(q 'PRAGMA integrity_check')" ok
t_done
