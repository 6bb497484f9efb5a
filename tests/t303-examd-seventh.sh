# SPDX-License-Identifier: ISC
# examd: the seventh connection since the counter was reset, and only it,
# is congratulated with the list of the seven peers in arrival order.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
t_ok "xinetd serves examd" start_exam

# Each client learns its own port (exam_talk_here). Clients that are not
# the seventh send five invalid user names, which ends their session at
# once.
quit='a b
a b
a b
a b
a b
'
# connect N [INPUT]: connection number N; reply in $T/c.N, port in
# $T/c.N.port.
connect() { exam_talk_here "${2:-$quit}" "$T/c.$1"; }
peer_of() { echo "127.0.0.1:$(cat "$T/c.$1.port")"; }

i=1
while [ "$i" -le 6 ]; do connect "$i"; i=$((i + 1)); done
same=0
for f in "$T"/c.[1-6]; do
	[ "$(head -n 2 "$f" | cut -c 1-10)" = "Welcome to
Username: " ] && same=$((same + 1))
done
t_is "the first six are not congratulated" "$same" 6
connect 7 "kim
pw
pw
$EXAM_RIGHT
"
t_is "the seventh gets exactly the congratulation, then logs in" \
    "$(head -n 12 "$T/c.7")" "Welcome to the exam server.
Congratulations you are the seventh user!!!

$(peer_of 1)
$(peer_of 2)
$(peer_of 3)
$(peer_of 4)
$(peer_of 5)
$(peer_of 6)
$(peer_of 7)

Username: New user kim. Choose a password: Repeat password: Registered kim."
t_is "and takes the exam as usual" "$(tail -n 2 "$T/c.7")" "Your score: 3/3 (100%)
Goodbye kim."
connect 8
t_unlike "the eighth is not congratulated" "$(cat "$T/c.8")" 'Congratulations'
t_is "the counter went on" "$(exam_sql 'SELECT count FROM counter')" 8

# After a reset, the next seventh sees only the connections since then.
exam_reset_count
i=11
while [ "$i" -le 17 ]; do connect "$i"; i=$((i + 1)); done
t_is "after a reset the count starts again" "$(head -n 12 "$T/c.17")" \
    "Welcome to the exam server.
Congratulations you are the seventh user!!!

$(i=11; while [ $i -le 17 ]; do peer_of $i; i=$((i + 1)); done)

Username: A username is 1 to 32 characters of A-Z, a-z, 0-9, '.', '_' and '-'."

# Thirty at once on a fresh counter: exactly one is the seventh.
exam_reset_count
# (wait on these pids only: a bare wait would also wait for xinetd.)
i=21 pids=
while [ "$i" -le 50 ]; do
	connect "$i" & pids="$pids $!"
	i=$((i + 1))
done
wait $pids
t_is "all thirty were served" "$(grep -l '^Welcome to the exam server\.$' \
    "$T"/c.2[1-9] "$T"/c.[34][0-9] "$T/c.50" | wc -l)" 30
lucky=$(grep -l Congratulations "$T"/c.2[1-9] "$T"/c.[34][0-9] "$T/c.50")
t_is "exactly one congratulation" "$(printf '%s\n' "$lucky" | grep -c .)" 1
n=${lucky##*.}
peers=$(sed -n '4,10p' "$lucky")
t_is "seven peer lines" "$(printf '%s\n' "$peers" | grep -c '^127\.0\.0\.1:[0-9][0-9]*$')" 7
t_is "seven distinct peers" "$(printf '%s\n' "$peers" | sort -u | wc -l)" 7
t_is "the last one is its own address" "$(printf '%s\n' "$peers" | tail -n 1)" \
    "$(peer_of "$n")"
t_is "in arrival order, as logged" "$peers" \
    "$(exam_sql "SELECT peer FROM connections WHERE seq >
        (SELECT reset_seq FROM counter) ORDER BY seq LIMIT 7")"
t_is "the text has a blank line before and after the list" \
    "$(sed -n '2,3p;11p' "$lucky"; sed -n '12p' "$lucky" | cut -c 1-10)" "Congratulations you are the seventh user!!!


Username: "
t_is "all thirty counted" "$(exam_sql 'SELECT count FROM counter')" 30
t_ok "the database is consistent" test "$(exam_sql 'PRAGMA integrity_check')" = ok
t_unlike "no examd failed" "$(cat "$T/xinetd-svc.log")" 'status=[1-9]'
t_done
