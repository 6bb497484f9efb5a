# SPDX-License-Identifier: ISC
# examd: many processes at once on one exam.db.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "xinetd serves examd" start_exam 5
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Ten clients register one name at once. Each has its own password and a
# fallback name, so the loser's next lines register that instead (and the
# winner's are re-asked answers). They all send the name and the first
# password, then wait, so that all ten have been told "New user zed"
# before anyone repeats the password, however slowly the machine forks.
pids=
for i in 1 2 3 4 5 6 7 8 9 10; do
	{ printf 'zed\npw%s\n' "$i"; sleep 2
	  printf 'pw%s\nzed%s\npw%s\npw%s\n%s\n' "$i" "$i" "$i" "$i" "$EXAM_RIGHT"; } |
	    timeout 30 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r' >"$T/r.$i" &
	pids="$pids $!"
done
wait $pids
t_is "exactly one of ten gets the name" \
    "$(cat "$T"/r.* | grep -c '^Username: New user zed\. Choose a password: Repeat password: Registered zed\.$')" 1
taken=$(cat "$T"/r.* | grep -c 'Username zed is taken\.$')
t_ok "others are told it is taken ($taken of 9; the rest came after)" \
    test "$taken" -ge 1
t_is "no one else logs in as zed" "$(cat "$T"/r.* | grep -c 'Welcome back, zed\.')" 0
t_is "one zed in users" \
    "$(exam_sql "SELECT COUNT(*) FROM users WHERE username = 'zed'")" 1
t_is "the losers registered their fallback names" \
    "$(exam_sql "SELECT COUNT(*) FROM users WHERE username GLOB 'zed?*'")" "$taken"

# The same race, in a fixed order: the name goes while the password is
# being repeated.
{ printf 'gina\npwA\n'; sleep 1.5; printf 'pwA\ngina2\npw\npw\n%s\n' "$EXAM_RIGHT"; } |
    timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r' >"$T/slow" &
slow=$!
sleep 0.5
out=$(exam_lines "gina
pwB
pwB
$EXAM_RIGHT
")
t_like "the quick one registers" "$out" 'Registered gina\.$'
wait $slow
t_like "the slow one is told the name is taken" "$(cat "$T/slow")" \
    '^Username: New user gina\. Choose a password: Repeat password: Username gina is taken\.$'
t_like "and asked for another" "$(cat "$T/slow")" \
    '^Username: New user gina2\. Choose a password: Repeat password: Registered gina2\.$'
t_is "and takes the exam" "$(tail -n 1 "$T/slow")" "Goodbye gina2."

# Fifty full sessions at once, each registering (one yescrypt hash).
before=$(exam_sql "SELECT COUNT(*) FROM results")
start=$(now_ms)
pids=
i=1
while [ "$i" -le 50 ]; do
	exam_lines "u$i
p$i
p$i
$EXAM_RIGHT
" >"$T/s.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
wait $pids
ms=$(( $(now_ms) - start ))
echo "# 50 concurrent sessions in $ms ms ($(( 50000 / (ms > 0 ? ms : 1) )) sessions/s)"
t_is "all fifty finished" "$(cat "$T"/s.* | grep -c '^Goodbye u[0-9]*\.$')" 50
t_is "fifty results stored" \
    "$(exam_sql "SELECT COUNT(*) - $before FROM results")" 50
t_is "one per user, none twice" \
    "$(exam_sql "SELECT COUNT(DISTINCT username), MIN(score), MAX(score)
        FROM results WHERE username GLOB 'u[0-9]*'")" "50|3|3"
t_is "fifty users registered" \
    "$(exam_sql "SELECT COUNT(*) FROM users WHERE username GLOB 'u[0-9]*'")" 50

# A client that leaves mid-exam stores nothing.
out=$(exam_lines "u1
p1
b
")
t_like "a session cut short by the client" "$out" '^Answer: $'
t_is "stores no result" "$(exam_sql "SELECT COUNT(*) FROM results WHERE username = 'u1'")" 1

# examd killed mid-exam: no result, the database stays consistent.
{ printf 'lee\npw\npw\nb\n'; sleep 4; } |
    timeout 20 nc 127.0.0.1 "$EXAM_PORT" >/dev/null &
client=$!
pid= i=0
while [ -z "$pid" ] && [ "$i" -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
	[ "$(exam_sql "SELECT COUNT(*) FROM users WHERE username = 'lee'")" = 1 ] &&
	    pid=$(pgrep -P "$_exam_xinetd" | head -n 1)
done
t_ok "examd is mid-exam (pid ${pid:-none})" test -n "$pid"
[ -n "$pid" ] && kill -KILL "$pid"
wait $client
t_is "no result for the killed session" \
    "$(exam_sql "SELECT COUNT(*) FROM results WHERE username = 'lee'")" 0
t_is "integrity_check is ok" "$(exam_sql 'PRAGMA integrity_check')" ok
out=$(exam_lines "lee
pw
$EXAM_RIGHT
")
t_is "the next session works" "$(printf '%s\n' "$out" | tail -n 1)" "Goodbye lee."
t_unlike "no examd failed" "$(grep -v 'status=-1\|signal' "$T/xinetd-svc.log")" 'status=[1-9]'
t_done
