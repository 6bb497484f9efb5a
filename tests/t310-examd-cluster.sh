# SPDX-License-Identifier: ISC
# examd behind haproxy: two exam hosts (two xinetd instances on loopback,
# one shared exam.db) with the PROXY protocol. The seventh user and the
# results see the clients' own addresses; haproxy's health checks are never
# counted; an attempt cut on one host resumes on the other; a host stopped
# mid-run loses no finished result; headers from
# anyone but the proxy, and malformed ones, are refused and not counted.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

if ! command -v haproxy >/dev/null 2>&1; then
	echo "1..0 # SKIP haproxy is not installed (apt-get install haproxy)"
	exit 0
fi

t_ok "test database created" exam_db_create

# start_host N: exam host N (xinetd with examd --proxy-from 127.0.0.1 on
# HOST_PORT_N and the health port HEALTH_PORT_N), its pid in XINETD_N.
start_host() {
	for _try in 1 2 3; do
		_p=$(free_port) _h=$(free_port)
		[ "$_p" != "$_h" ] || continue
		sh "$TOP/scripts/cluster-conf" host --bin "$EXAM_BIN" \
		    --db "$EXAM_DB" --user "$EXAM_USER" --port "$_p" \
		    --health-port "$_h" --proxy-from 127.0.0.1 --timeout 10 \
		    --log "$T/host$1-svc.log" --examd-log "$T/examd$1.log" \
		    --env "ASAN_OPTIONS=$ASAN_OPTIONS" \
		    --env "UBSAN_OPTIONS=$UBSAN_OPTIONS" >"$T/host$1.conf" ||
		    return 1
		: >"$T/host$1.log"
		: >"$T/host$1-svc.log"
		xinetd -dontfork -filelog "$T/host$1.log" -f "$T/host$1.conf" &
		_x=$!
		_i=0
		while [ "$_i" -lt 200 ]; do
			if grep -q 'Started working: 2 available services' \
			    "$T/host$1.log"; then
				at_exit "kill -TERM $_x 2>/dev/null; wait $_x 2>/dev/null"
				eval "XINETD_$1=$_x HOST_PORT_$1=$_p HEALTH_PORT_$1=$_h"
				return 0
			fi
			grep -q 'DISABLING\|Started working: [01] avail' "$T/host$1.log" &&
			    break
			sleep 0.05; _i=$((_i + 1))
		done
		kill -TERM "$_x" 2>/dev/null; wait "$_x" 2>/dev/null
	done
	sed 's/^/# xinetd: /' "$T/host$1.log"
	return 1
}

# listening PORT: something listens on 127.0.0.1:PORT (read from
# /proc/net/tcp, state 0A), found without connecting.
listening() {
	awk -v p="$(printf '0100007F:%04X' "$1")" \
	    '$2 == p && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp
}

# start_haproxy SERVER...: haproxy on EXAM_PORT in front of the hosts
# given as EXAMPORT:HEALTHPORT, checking every 200 ms.
start_haproxy() {
	_args=
	for _s; do _args="$_args --server $_s"; done
	for _try in 1 2 3; do
		EXAM_PORT=$(free_port)
		sh "$TOP/scripts/cluster-conf" haproxy --port "$EXAM_PORT" \
		    --check-ms 200 --idle 30 $_args >"$T/haproxy.cfg" || return 1
		: >"$T/haproxy.log"
		haproxy -db -f "$T/haproxy.cfg" >>"$T/haproxy.log" 2>&1 &
		HAPROXY=$!
		_i=0
		# Waits on the log, not on the port: a probe through haproxy
		# would start a counted session.
		while [ "$_i" -lt 100 ]; do
			if listening "$EXAM_PORT"; then
				at_exit "kill -TERM $HAPROXY 2>/dev/null; wait $HAPROXY 2>/dev/null"
				return 0
			fi
			kill -0 "$HAPROXY" 2>/dev/null || break
			sleep 0.05; _i=$((_i + 1))
		done
		kill -TERM "$HAPROXY" 2>/dev/null; wait "$HAPROXY" 2>/dev/null
	done
	sed 's/^/# haproxy: /' "$T/haproxy.log"
	return 1
}
# examd processes host N has started so far.
started() { grep -c 'START: examd' "$T/host$1-svc.log"; }
checks() { grep -c 'START: echo-stream' "$T/host$1-svc.log"; }
count() { exam_sql 'SELECT count FROM counter'; }

t_ok "exam host 1 runs" start_host 1
t_ok "exam host 2 runs" start_host 2
t_ok "haproxy runs in front of both" \
    start_haproxy "$HOST_PORT_1:$HEALTH_PORT_1" "$HOST_PORT_2:$HEALTH_PORT_2"

# Health checks: every 200 ms to each host's health port for 3 s.
sleep 3
c1=$(checks 1) c2=$(checks 2)
t_ok "haproxy checked host 1 ($c1 checks) and host 2 ($c2)" \
    test "$c1" -ge 5 -a "$c2" -ge 5
t_is "the checks started no examd" "$(started 1) $(started 2)" "0 0"
t_is "and counted no connection" "$(count)|$(exam_sql \
    'SELECT COUNT(*) FROM connections')" "0|0"
t_unlike "both hosts are up" "$(cat "$T/haproxy.log")" 'is DOWN'

# Straight to a host, without haproxy. Each case must leave the count at 0.
# direct HOST_PORT TEXT [NC-OPTIONS]: TEXT sent at once; the reply.
direct() {
	printf '%s' "$2" | timeout 10 nc -N ${3:-} 127.0.0.1 "$1" | tr -d '\r'
}
P=$HOST_PORT_1
t_is "a PROXY header from an address not listed is refused" \
    "$(direct "$P" 'PROXY TCP4 10.1.2.3 127.0.0.1 5000 9000
alice
' '-s 127.0.0.2')" "This service takes connections only through its proxy."
t_is "so is a plain client from that address" \
    "$(direct "$P" 'alice
' '-s 127.0.0.2')" "This service takes connections only through its proxy."
t_is "the proxy without a header is refused" \
    "$(direct "$P" 'alice
pw
pw
')" "Bad PROXY protocol header: no PROXY header."
crlf() { printf '%s\r\n' "$@"; }
for bad in 'PROXY TCP4 10.1.2.3 127.0.0.1 5000' \
    'PROXY TCP4 10.1.2.3 127.0.0.1 5000 9000 ' \
    'PROXY  TCP4 10.1.2.3 127.0.0.1 5000 9000' \
    'PROXY TCP4 10.1.2.3 127.0.0.1 05000 9000' \
    'PROXY TCP4 10.1.2.3 127.0.0.1 +5000 9000' \
    'PROXY TCP4 10.1.2.3 127.0.0.1 65536 9000' \
    'PROXY TCP4 10.1.2.300 127.0.0.1 5000 9000' \
    'PROXY TCP4 010.1.2.3 127.0.0.1 5000 9000' \
    'PROXY TCP4 ::1 127.0.0.1 5000 9000' \
    'PROXY TCP6 10.1.2.3 ::1 5000 9000' \
    'PROXY TCP6 1::2::3 ::1 5000 9000' \
    'PROXY UDP4 10.1.2.3 127.0.0.1 5000 9000' \
    'proxy TCP4 10.1.2.3 127.0.0.1 5000 9000'; do
	t_like "malformed: '$bad' is refused" \
	    "$(direct "$P" "$(crlf "$bad" alice)")" \
	    '^Bad PROXY protocol header: [a-z].*\.$'
done
t_is "a header ending in LF alone is refused" \
    "$(direct "$P" 'PROXY TCP4 10.1.2.3 127.0.0.1 5000 9000
alice
')" "Bad PROXY protocol header: the header does not end in CRLF."
t_is "a header longer than 107 bytes is refused" \
    "$(direct "$P" "$(crlf "PROXY UNKNOWN $(printf '%092d' 0)" alice)")" \
    "Bad PROXY protocol header: longer than 107 bytes."
t_is "a header cut by a NUL byte is refused" \
    "$(printf 'PROXY TCP4 10.1.2.3\0001 127.0.0.1 5 9\r\n' |
    timeout 10 nc -N 127.0.0.1 "$P" | tr -d '\r')" \
    "Bad PROXY protocol header: a NUL byte."
start=$(date +%s)
t_is "a silent proxy is refused after 5 s" \
    "$({ sleep 7; } | timeout 10 nc 127.0.0.1 "$P" | tr -d '\r')" \
    "No PROXY protocol header within 5 s."
t_like "a refusal is logged with the real peer" "$(cat "$T/examd1.log")" \
    'refused 127\.0\.0\.2:[0-9]+: not a proxy of --proxy-from$'
t_like "so is a malformed header, with the reason" "$(cat "$T/examd1.log")" \
    'refused 127\.0\.0\.1:[0-9]+: bad PROXY header: a bad port$'
t_is "none of these was counted" "$(count)|$(exam_sql \
    'SELECT COUNT(*) FROM connections')" "0|0"
t_is "a valid header, sent directly, gives its client's address" \
    "$(direct "$P" "$(crlf 'PROXY TCP4 10.1.2.3 127.0.0.1 5000 9000' 'x y' \
    'x y' 'x y' 'x y' 'x y')" | head -n 1)|$(exam_sql \
    'SELECT peer FROM connections')" "Welcome to the exam server.|10.1.2.3:5000"
t_is "the 107-byte UNKNOWN header keeps the proxy's own address" \
    "$(direct "$P" "$(crlf "PROXY UNKNOWN $(printf '%091d' 0)" 'x y' 'x y' \
    'x y' 'x y' 'x y')" | head -n 1)|$(exam_sql \
    'SELECT peer FROM connections ORDER BY seq DESC LIMIT 1' |
    sed 's/:[0-9]*$//')" "Welcome to the exam server.|127.0.0.1"
t_is "TCP6, through the same reader as the pipelined lines after it" \
    "$(direct "$P" "$(crlf 'PROXY TCP6 2001:db8::7 ::1 6000 9000' kai pw pw \
    b a f)" | grep -c 'Your score: 3/3\|^Goodbye kai\.$')|$(exam_sql \
    "SELECT peer FROM results WHERE username = 'kai'")" \
    "2|[2001:db8::7]:6000"

# The failed-login record takes an IPv6 client's /64 as one source:
# two addresses of one /64 share a record, another /64 has its own.
for a in 2001:db8:1:2::5 2001:db8:1:2:ffff::6 2001:db8:1:3::5; do
	direct "$P" "$(crlf "PROXY TCP6 $a ::1 6001 9000" kai nope)" >/dev/null
done
t_like "two addresses of one /64 count as one source" \
    "$("$BIN/examctl" --db "$EXAM_DB" failures kai)" \
    "$(printf '^kai\t2001:db8:1:2::/64\t2\t0$')"
t_like "another /64 is another" \
    "$("$BIN/examctl" --db "$EXAM_DB" failures kai)" \
    "$(printf '^kai\t2001:db8:1:3::/64\t1\t0$')"
"$BIN/examctl" --db "$EXAM_DB" failures clear kai >/dev/null

# An attempt cut on one host goes on from the other: its answers, and a
# timed one's deadline, are in the shared database.
hdr='PROXY TCP4 10.1.2.4 127.0.0.1 5001 9000'
out=$(direct "$HOST_PORT_1" "$(crlf "$hdr" rx pw pw b)")
t_like "an attempt cut on host 1 after one answer" "$out" 'Question 2/3'
out=$(direct "$HOST_PORT_2" "$(crlf "$hdr" rx pw a)")
t_like "resumes on host 2 at its first unanswered question" \
    "$(printf '%s\n' "$out" | tr '\n' '~')" \
    '~You have an unfinished attempt at default: 1 of 3 questions answered\.~~Question 2/3'
out=$(direct "$HOST_PORT_1" "$(crlf "$hdr" rx pw f)")
t_is "and finishes back on host 1 with every answer counted" \
    "$(printf '%s\n' "$out" | tail -n 2 | head -n 1)|$(exam_sql \
    "SELECT count(*) FROM attempts WHERE username = 'rx'")" \
    "Your score: 3/3 (100%)|1"
"$BIN/examctl" --db "$EXAM_DB" exams set default time-limit 10 >/dev/null
out=$(direct "$HOST_PORT_2" "$(crlf "$hdr" rt pw pw b)")
t_like "a timed attempt cut on host 2" "$out" '^You have 10 minutes\.$'
dl=$(exam_sql "SELECT deadline_at FROM attempts WHERE username = 'rt'")
out=$(direct "$HOST_PORT_1" "$(crlf "$hdr" rt pw)")
t_like "resumes on host 1 with the time left to the same deadline" \
    "$(printf '%s\n' "$out" | tr '\n' '~')" \
    '~You have an unfinished attempt at default: 1 of 3 questions answered\.~You have (9|10) minutes left\.~'
t_is "which has not moved" \
    "$(exam_sql "SELECT deadline_at FROM attempts WHERE username = 'rt'")" "$dl"
"$BIN/examctl" --db "$EXAM_DB" exams set default time-limit none >/dev/null

# Thirty at once through haproxy on a fresh counter: exactly one is the
# seventh, and its list holds the clients' own ports, not haproxy's.
exam_reset_count
quit='a b
a b
a b
a b
a b
'
i=1 pids=
while [ "$i" -le 30 ]; do
	exam_talk_here "$quit" "$T/c.$i" & pids="$pids $!"
	i=$((i + 1))
done
wait $pids
t_is "all thirty were served" \
    "$(cat "$T"/c.[0-9] "$T"/c.[0-9][0-9] | grep -c '^Welcome to the exam server\.$')" 30
lucky=$(grep -l Congratulations "$T"/c.[0-9] "$T"/c.[0-9][0-9])
t_is "exactly one congratulation" "$(printf '%s\n' "$lucky" | grep -c .)" 1
n=${lucky##*.}
peers=$(sed -n '4,10p' "$lucky")
t_is "seven peer lines" \
    "$(printf '%s\n' "$peers" | grep -c '^127\.0\.0\.1:[0-9][0-9]*$')" 7
ours=$(cat "$T"/c.*.port | sed 's/^/127.0.0.1:/' | sort)
t_is "each one the port of one of the test's own sockets" \
    "$(printf '%s\n' "$peers" | sort | comm -23 - "$(printf '%s\n' "$ours" >"$T/ours"; echo "$T/ours")")" ""
t_is "seven distinct clients" "$(printf '%s\n' "$peers" | sort -u | wc -l)" 7
t_is "the last is the lucky client's own" "$(printf '%s\n' "$peers" | tail -n 1)" \
    "127.0.0.1:$(cat "$T/c.$n.port")"
t_is "in arrival order, as logged" "$peers" \
    "$(exam_sql "SELECT peer FROM connections WHERE seq >
        (SELECT reset_seq FROM counter) ORDER BY seq LIMIT 7")"
t_is "all thirty counted, none of haproxy's checks" "$(count)" 30
t_ok "both hosts took some ($(started 1) and $(started 2) so far)" \
    test "$(started 1)" -gt 0 -a "$(started 2)" -gt 0
exam_talk_here "mia
pw
pw
$EXAM_RIGHT
" "$T/mia"
t_is "a result through haproxy stores the client's own address" \
    "$(exam_sql "SELECT peer FROM results WHERE username = 'mia'")" \
    "127.0.0.1:$(cat "$T/mia.port")"
mia=127.0.0.1:$(cat "$T/mia.port")
t_like "examd logs her registration with her own address" \
    "$(cat "$T"/examd[12].log)" ": registered mia from $mia\$"
t_like "and which proxy brought her" "$(cat "$T"/examd[12].log)" \
    ": $mia through proxy 127\.0\.0\.1:[0-9]+\$"
t_like "the seventh user is logged with the client's address" \
    "$(cat "$T"/examd[12].log)" ": seventh user: 127\.0\.0\.1:$(cat "$T/c.$n.port")\$"

# Fifty full sessions at once, spread over both hosts.
s1=$(started 1) s2=$(started 2)
i=1 pids=
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
t_is "all fifty finished" "$(cat "$T"/s.* | grep -c '^Goodbye u[0-9]*\.$')" 50
t_unlike "no host was taken down meanwhile" "$(cat "$T/haproxy.log")" 'is DOWN|no server available'
t_is "fifty results, one each" "$(exam_sql "SELECT COUNT(*),
    COUNT(DISTINCT username) FROM results WHERE username GLOB 'u[0-9]*'")" "50|50"
d1=$(( $(started 1) - s1 )) d2=$(( $(started 2) - s2 ))
t_ok "both hosts served some (host 1: $d1, host 2: $d2)" \
    test "$d1" -gt 0 -a "$d2" -gt 0 -a $((d1 + d2)) -eq 50

# The failed-login record is shared by the hosts: wrong passwords for one
# name through haproxy, one a connection, spread over both hosts, are
# refused after the same six checks as on one host, and the owner, from
# another address (a PROXY header of the client's own), still logs in.
s1=$(started 1) s2=$(started 2)
n=0 out=
for i in 1 2 3 4 5 6 7 8; do
	out=$(exam_lines "u1
wrong$i
")
	case $out in *"Too many failed logins"*) break ;; esac
	n=$((n + 1))
done
d1=$(( $(started 1) - s1 )) d2=$(( $(started 2) - s2 ))
t_is "six checks across the hosts, then" "$n" 6
t_like "the next is refused" "$out" \
    'Too many failed logins\. Try again in [1-5] seconds\.$'
t_ok "both hosts checked some (host 1: $d1, host 2: $d2)" \
    test "$d1" -gt 0 -a "$d2" -gt 0
t_like "the owner from another address logs in" \
    "$(exam_lines "u1
p1
$EXAM_RIGHT
" -s 127.0.0.5)" 'Welcome back, u1\.$'

# Host 1 stopped mid-run: its xinetd and its examd processes killed while
# sessions are under way on both. Every session that printed its score
# has exactly one result; those cut short have none; new clients go to
# host 2.
# slow N: a session that pauses before its answers, reply in $T/f.N.
slow() {
	{ printf 'f%s\npw\npw\n' "$1"; sleep 1.5; printf '%s\n' "$EXAM_RIGHT"; } |
	    timeout 30 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r' >"$T/f.$1"
}
s2=$(started 2)
i=1 pids=
while [ "$i" -le 20 ]; do slow "$i" & pids="$pids $!"; i=$((i + 1)); done
sleep 0.7
kill -STOP "$XINETD_1"
victims=$(ps -o pid= --ppid "$XINETD_1")
kill -KILL "$XINETD_1" $victims
{ wait "$XINETD_1"; } 2>/dev/null
t_ok "host 1 had sessions under way when stopped ($(echo $victims | wc -w))" \
    test -n "$victims"
while [ "$i" -le 40 ]; do slow "$i" & pids="$pids $!"; i=$((i + 1)); done
wait $pids
scored=$(grep -l 'Your score: 3/3' "$T"/f.* | sed 's|.*/f\.|f|' | sort)
t_is "every client that saw its score has exactly one result" \
    "$(exam_sql "SELECT username, COUNT(*) FROM results WHERE username
        GLOB 'f[0-9]*' GROUP BY username ORDER BY username" | sort)" \
    "$(printf '%s\n' $scored | sed 's/$/|1/' | sort)"
cut=$(grep -L '^Your score' "$T"/f.* | wc -l)
t_ok "the sessions cut on host 1 stored nothing ($cut cut, $(echo $scored | wc -w) scored)" \
    test "$cut" -le "$(echo $victims | wc -w)"
late=0
i=21
while [ "$i" -le 40 ]; do
	grep -q '^Goodbye f'"$i"'\.$' "$T/f.$i" && late=$((late + 1))
	i=$((i + 1))
done
t_is "all twenty clients after the stop were served (by host 2)" "$late" 20
t_ok "host 2 took them" test $(( $(started 2) - s2 )) -ge 20
t_like "haproxy saw host 1 go down" "$(cat "$T/haproxy.log")" 'host1 is DOWN'
t_is "integrity_check is ok" "$(exam_sql 'PRAGMA integrity_check')" ok
t_unlike "no examd failed on host 2" "$(cat "$T/host2-svc.log")" 'status=[1-9]'
t_done
