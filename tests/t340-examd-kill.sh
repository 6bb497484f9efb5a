# SPDX-License-Identifier: ISC
# kill -9 of examd processes during 100 concurrent sessions: every session
# that printed its score has exactly one result row, no killed session has
# one, the database passes its integrity check, and every connection made
# was counted once.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

N=100 K=20
t_ok "test database created" exam_db_create
# Users with a cheap hash (sha512crypt, 1000 rounds, password "pw"), so
# a hundred logins at once cost little; examd checks any crypt(3) hash.
hash=$(perl -e 'print crypt("pw", "\$6\$rounds=1000\$t340salt\$")')
i=1
while [ "$i" -le "$N" ]; do
	echo "INSERT INTO users VALUES ('k$i', '$hash');"
	i=$((i + 1))
done >"$T/users.sql"
exam_sql "$(cat "$T/users.sql")"
t_is "$N users" "$(exam_sql 'SELECT count(*) FROM users')" "$N"
t_ok "xinetd serves examd" start_exam 30

# Each client logs in (its output unfiltered: a pipe through tr would
# hold it in tr's buffer), then holds its answers until $T/go exists: all
# sessions are alive at the first question when the kills happen.
pids=
i=1
while [ "$i" -le "$N" ]; do
	{
		printf 'k%d\npw\n' "$i"
		j=0
		while [ ! -e "$T/go" ] && [ "$j" -lt 300 ]; do
			sleep 0.1; j=$((j + 1))
		done
		printf '%s\n' "$EXAM_RIGHT"
	} | timeout 40 nc -N 127.0.0.1 "$EXAM_PORT" >"$T/out.$i" &
	pids="$pids $!"
	i=$((i + 1))
done

# Wait (at most 30 s) until every session shows its first question.
j=0
while [ "$j" -lt 300 ]; do
	ready=$(grep -l '^Question 1/3' "$T"/out.* 2>/dev/null | wc -l)
	[ "$ready" -eq "$N" ] && break
	sleep 0.1; j=$((j + 1))
done
t_is "all $N sessions reached the first question" "$ready" "$N"
kids=$(pgrep -P "$_exam_xinetd" | tr '\n' ' ')
t_is "$N examd processes under xinetd" "$(echo "$kids" | wc -w)" "$N"

# kill -9 K of them, chosen at random.
victims=$(echo "$kids" | tr ' ' '\n' | grep . | shuf -n "$K" | tr '\n' ' ')
killed=0
for p in $victims; do kill -9 "$p" 2>/dev/null && killed=$((killed + 1)); done
t_is "$K killed" "$killed" "$K"
touch "$T/go"
# shellcheck disable=SC2086
wait $pids
echo "# $N sessions, $killed killed with kill -9"

scored= unscored=
i=1
while [ "$i" -le "$N" ]; do
	if tr -d '\r' <"$T/out.$i" | grep -qx 'Your score: 3/3 (100%)'; then
		scored="$scored k$i"
	else
		unscored="$unscored k$i"
	fi
	i=$((i + 1))
done
nscored=$(echo "$scored" | wc -w)
echo "# $nscored printed their score, $(echo "$unscored" | wc -w) did not"
t_is "every session not killed printed its score" "$nscored" $((N - K))
bad=
for u in $scored; do
	[ "$(exam_sql "SELECT count(*) FROM results WHERE username = '$u'")" = 1 ] ||
	    bad="$bad $u"
done
t_is "each of them has exactly one result row" "$bad" ""
bad=
for u in $unscored; do
	[ "$(exam_sql "SELECT count(*) FROM results WHERE username = '$u'")" = 0 ] ||
	    bad="$bad $u"
done
t_is "no killed session has one" "$bad" ""
t_is "results in all: one per scored session" \
    "$(exam_sql 'SELECT count(*) FROM results')" "$nscored"
t_is "the database is intact" "$(exam_sql 'PRAGMA integrity_check')" ok
t_is "every connection made was logged once" \
    "$(exam_sql 'SELECT count(*) FROM connections')" "$N"
t_is "and counted once" "$(exam_sql 'SELECT count FROM counter')" "$N"
t_is "exactly one seventh user" \
    "$(cat "$T"/out.* | tr -d '\r' | grep -c '^Congratulations you are the seventh user!!!$')" 1

# Service goes on: a new session after the kills is stored.
out=$(exam_lines "k1
pw
$EXAM_RIGHT
")
t_like "a new session after the kills is served" "$out" 'Goodbye k1\.$'
t_is "the killed ones left no lock behind" "$(exam_sql 'PRAGMA integrity_check')" ok
t_done
