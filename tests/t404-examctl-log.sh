# SPDX-License-Identifier: ISC
# examctl results (an aligned table, or RFC 4180 CSV read back with
# Python's csv module; filters by user, exam and date), connections
# (numbered from 1 since the last reset) and reset-count.
# On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
exam_new_db; DB=$EXAM_DB
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { exam_db_sql "$DB" "$1"; }
tab=$(printf '\t')
ectl init >/dev/null

out=$(ectl results); rc=$?
t_is "results with none exits 0" "$rc" 0
t_is "and prints only the header" "$out" \
    "username  exam  score  percent  finished  peer"
t_is "CSV with none: only the header, CRLF" "$(ectl results --csv | od -An -c | tr -d ' \n')" \
    'username,exam,score,total,percent,finished_at,peer\r\n'
q "INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
	('bob', 8, 10, '2024-05-02T10:00:00Z', '127.0.0.1:38184', 'math'),
	('alice', 10, 10, '2024-05-01T09:00:00Z', '[::1]:4000', 'python'),
	('bob', 1, 8, '2024-05-03T11:00:00Z', '10.0.0.7:5000', 'python'),
	('c.d_e-1', 0, 3, '2024-05-03T23:59:59Z', '10.0.0.8:5001', 'default')"
t_is "results: an aligned table, oldest first" "$(ectl results)" \
"username  exam     score  percent  finished              peer
alice     python   10/10     100%  2024-05-01T09:00:00Z  [::1]:4000
bob       math      8/10      80%  2024-05-02T10:00:00Z  127.0.0.1:38184
bob       python     1/8      13%  2024-05-03T11:00:00Z  10.0.0.7:5000
c.d_e-1   default    0/3       0%  2024-05-03T23:59:59Z  10.0.0.8:5001"
t_is "results NAME lists that user's" "$(ectl results bob | awk 'NR > 1 { print $1, $2, $3 }')" \
"bob math 8/10
bob python 1/8"
t_is "--exam filters by exam" "$(ectl results --exam python | awk 'NR > 1 { print $1 }')" \
"alice
bob"
t_is "NAME and --exam together" "$(ectl results bob --exam=python | awk 'NR > 1 { print $3 }')" 1/8
t_is "--since keeps that day and later" "$(ectl results --since 2024-05-03 | awk 'NR > 1 { print $1 }')" \
"bob
c.d_e-1"
t_is "--since a later day: only the header" "$(ectl results --since 2024-05-04)" \
    "username  exam  score  percent  finished  peer"

# The CSV, read back by Python's csv module as a spreadsheet would.
ectl results --csv >"$T/r.csv"; rc=$?
t_is "--csv exits 0" "$rc" 0
t_is "every CSV line ends with CRLF" "$(tr -d '\n' <"$T/r.csv" | tr '\r' '\n' | wc -l)|$(wc -l <"$T/r.csv")" "5|5"
t_is "the CSV parses back to the same rows" "$(/usr/bin/python3 -c '
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f, strict=True))
for r in rows:
    print("|".join(r))
' "$T/r.csv")" \
"username|exam|score|total|percent|finished_at|peer
alice|python|10|10|100|2024-05-01T09:00:00Z|[::1]:4000
bob|math|8|10|80|2024-05-02T10:00:00Z|127.0.0.1:38184
bob|python|1|8|13|2024-05-03T11:00:00Z|10.0.0.7:5000
c.d_e-1|default|0|3|0|2024-05-03T23:59:59Z|10.0.0.8:5001"
t_is "no field needed quoting" "$(grep -c '"' "$T/r.csv")" 0
t_is "as a DictReader: columns by header" "$(/usr/bin/python3 -c '
import csv, sys
with open(sys.argv[1], newline="") as f:
    print(sum(int(r["score"]) for r in csv.DictReader(f)))
' "$T/r.csv")" 19
# A stored value with a comma and a quote (written by hand: examd's peers
# never have one) is quoted so that it reads back whole.
q "INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
	('zed', 1, 2, '2024-06-01T00:00:00Z', 'a,b \"c\"', 'default')"
t_is "a comma or quote is quoted and reads back" "$(ectl results zed --csv | /usr/bin/python3 -c '
import csv, sys
print(list(csv.reader(sys.stdin))[1][6])')" 'a,b "c"'
q "DELETE FROM results WHERE username = 'zed'"
# What a spreadsheet would take as a formula gets a leading ': names may
# start with '-', and a stored peer is whatever was written there.
q "INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
	('-x', 1, 2, '2024-06-01T00:00:00Z', '=HYPERLINK(\"http://e.example\",\"a\")', '-m'),
	('-y', 1, 2, '2024-06-01T00:00:01Z', '@SUM(1+1)', 'default'),
	('-z', 1, 2, '2024-06-01T00:00:02Z', '+1', 'default')"
t_is "formula starters get a leading ', inside the quotes" "$(ectl results --since 2024-06-01 --csv | tr -d '\r')" \
"username,exam,score,total,percent,finished_at,peer
'-x,'-m,1,2,50,2024-06-01T00:00:00Z,\"'=HYPERLINK(\"\"http://e.example\"\",\"\"a\"\")\"
'-y,default,1,2,50,2024-06-01T00:00:01Z,'@SUM(1+1)
'-z,default,1,2,50,2024-06-01T00:00:02Z,'+1"
t_is "the table shows them as stored" "$(ectl results -y | awk 'NR > 1 { print $1, $6 }')" "-y @SUM(1+1)"
q "DELETE FROM results WHERE username LIKE '-%'"

ectl results carol >"$T/out" 2>"$T/err"; rc=$?
t_is "results for a name without results: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" "^examctl: no results for 'carol'"
ectl results --exam chem >"$T/out" 2>"$T/err"; rc=$?
t_is "results for an exam without results: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" "^examctl: no results in exam 'chem'"
for bad in "bad/name" "--since 2024-13-01" "--since 2023-02-29" "--since 2024-5-1" \
    "--since" "--exam" "--exam Math" "--csv=yes" "--bogus" "a b"; do
	# shellcheck disable=SC2086
	ectl results $bad >"$T/out" 2>"$T/err"; rc=$?
	t_is "results $bad: exit 2" "$rc" 2
	t_is "results $bad: one line" "$(wc -l <"$T/err")" 1
done
t_is "--since accepts a leap day" "$(ectl results --since 2024-02-29 | wc -l)" 5

# connections: the log since the last reset, numbered from 1, then the count.
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
	('127.0.0.1:1004', '2024-05-01T09:00:04Z'),
	('127.0.0.1:1005', '2024-05-01T09:00:05Z'); UPDATE counter SET count = 2"
t_is "after a reset they are numbered from 1 again" "$(ectl connections)" \
"1${tab}2024-05-01T09:00:04Z${tab}127.0.0.1:1004
2${tab}2024-05-01T09:00:05Z${tab}127.0.0.1:1005
count: 2"
t_is "reset-count again" "$(ectl reset-count)" "count reset (was 2)"
t_is "reset_seq follows" "$(q 'SELECT reset_seq FROM counter')" 5
t_is "reset-count on a reset counter is harmless" "$(ectl reset-count)" \
	"count reset (was 0)"
t_is "nothing else changed" "$(q 'SELECT count(*) FROM results')|$(q 'SELECT count(*) FROM connections')" "4|5"

# Output that cannot be written is a failure, not silence.
if [ -w /dev/full ]; then
	ectl results >/dev/full 2>"$T/err"; rc=$?
	t_is "results to a full device: exit 1" "$rc" 1
	t_like "with a write error" "$(cat "$T/err")" '^examctl: writing output'
fi
if [ "$BACKEND" = sqlite ]; then NONE=$T/none.db; else NONE=$PG_URI/t404_none; fi
"$BIN/examctl" --db "$NONE" reset-count >/dev/null 2>&1; rc=$?
t_is "reset-count on a missing database: exit 1" "$rc" 1
[ "$BACKEND" = sqlite ] &&
    t_is "integrity check ok" "$(q 'PRAGMA integrity_check')" ok
t_done
