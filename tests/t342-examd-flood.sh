# SPDX-License-Identifier: ISC
# Idle connections and a connection flood against xinetd, with the limits
# of the installed service file (conf/xinetd.d/examd: per_source 120,
# instances 360, cps 100000 1) and a 3 s idle timeout: one address holds at
# most per_source sessions (the rest are told the server is full), a
# client from another address is served
# meanwhile, idle sessions end at the timeout, and a client from another
# address is served within a second during a flood of 2,000 connections
# (with the old "cps = 200 5", xinetd refused every address for 5 s).
# Loopback only: 127.0.0.2 is the "other address".
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

shipped=$TOP/conf/xinetd.d/examd
# Every service of the shipped file (plain and TLS) carries the same
# limits: the TLS one is the students', so a pause there stops the exam.
services=$(grep -c '^service ' "$shipped")
for l in 'cps            = 100000 1' 'instances      = 360' \
    'per_source     = 120' 'banner_fail    = '; do
	t_is "each of the $services services has: $l" \
	    "$(grep -c "^	$l" "$shipped")" "$services"
done
# Beyond the limits: the two services differ only in their port, address
# and examd's arguments (TLS), so nothing else can drift between them.
t_is "the services differ only in port, bind and server_args" \
    "$(awk '/^service /{ n++ } /^	[a-z_]+ *=/ && $1 != "port" &&
    $1 != "bind" && $1 != "server_args" { print }' "$shipped" |
    sort | uniq -c | awk -v n="$services" '$1 != n' | wc -l)" 0
for u in "$TOP"/conf/systemd/examd*.socket; do
	t_like "${u##*/}: the same limits" "$(cat "$u")" \
	    '^MaxConnections=360$'
	t_like "${u##*/}: the same limit per source" "$(cat "$u")" \
	    '^MaxConnectionsPerSource=120$'
done
t_ok "test database created" exam_db_create
exam_no_seventh
EXAM_LIMITS=$shipped
EXAM_LOG=$T/examd.log
: >"$EXAM_LOG"
exam_own "$EXAM_LOG"
t_ok "xinetd serves examd with the shipped limits" start_exam 3
t_ok "per_source 120" grep -q '^	per_source     = 120$' "$T/xinetd.conf"
t_ok "instances 360" grep -q '^	instances      = 360$' "$T/xinetd.conf"
t_ok "cps 100000 1: no service-wide pause" \
    grep -q '^	cps            = 100000 1$' "$T/xinetd.conf"

# other: a full session from 127.0.0.2; prints its last line.
other() {
	printf 'o%s\npw\npw\n%s\n' "$1" "$EXAM_RIGHT" |
	    timeout 20 nc -N -s 127.0.0.2 127.0.0.1 "$EXAM_PORT" | tr -d '\r' |
	    tail -n 1
}

# 130 idle connections from 127.0.0.1, held open (fds 20..149), 10 ms
# apart.
ulimit -n 1024
for i in $(seq 20 149); do
	eval "exec $i<>/dev/tcp/127.0.0.1/$EXAM_PORT"
	sleep 0.01
done
sleep 0.5
welcomed=0 refused=0
for i in $(seq 20 149); do
	# read takes one byte at a time from a socket: the rest stays.
	line=
	IFS= read -r -t 0.5 line <&"$i"
	line=${line%$'\r'}
	case $line in
	'Welcome to the exam server.') welcomed=$((welcomed + 1)) ;;
	'The exam server is full; try again in a minute.')
		refused=$((refused + 1)) ;;
	esac
done
echo "# 130 idle connections from one address: $welcomed sessions, $refused told it is full"
t_is "per_source holds: 120 sessions for one address" "$welcomed" 120
t_is "the other 10 are told the server is full, without a session" "$refused" 10
t_is "a client from another address is served meanwhile" "$(other 1)" "Goodbye o1."

# The idle timeout ends the 120 idle sessions, and frees their slots.
sleep 3.5
timedout=0
for i in $(seq 20 149); do
	timeout 0.5 cat <&"$i" | tr -d '\r' | grep -q 'Timed out after 3 s without input\.$' &&
	    timedout=$((timedout + 1))
	eval "exec $i<&-"
done
t_is "all 120 idle sessions timed out with a reason" "$timedout" 120
t_is "then the first address is served again" \
    "$(exam_lines "o2
pw
pw
$EXAM_RIGHT
" | tail -n 1)" "Goodbye o2."

# A flood: 2,000 connections from 127.0.0.1, each closed as soon as it
# is made, as fast as perl makes them (as the attacker who once paused
# the whole service did), while a client from another address logs in
# and takes a whole exam.
start=$(date +%s%N)
perl -MIO::Socket::INET -e 'for (1 .. 2000) {
	my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$ARGV[0]");
	close $s if $s; }' "$EXAM_PORT" &
flood=$!
sleep 0.5
t0=$(date +%s%N)
printf 'o3\npw\npw\n%s\n' "$EXAM_RIGHT" |
    timeout 30 nc -N -s 127.0.0.2 127.0.0.1 "$EXAM_PORT" |
    { IFS= read -r first; echo $(( ($(date +%s%N) - t0) / 1000000 )) \
    >"$T/welcome.ms"; printf '%s\n' "$first"; cat; } | tr -d '\r' >"$T/o3"
t1=$(date +%s%N)
wait $flood
ms=$(( ($(date +%s%N) - start) / 1000000 ))
other_ms=$(( (t1 - t0) / 1000000 )) welcome_ms=$(cat "$T/welcome.ms")
echo "# flood: 2000 connections in $ms ms; another address welcomed after $welcome_ms ms, its whole session $other_ms ms"
t_is "a client from another address is served during the flood" \
    "$(tail -n 1 "$T/o3")" "Goodbye o3."
# Within a second. The sanitizer build starts every examd several times
# dearer (and on PostgreSQL each opens a connection), while the flood
# keeps 120 of them starting on the same cores: 3,057 ms was seen there,
# so it gets eight. What the old limits did, a pause of the whole service,
# is the log check below, on every build.
limit_ms=1000
if nm "$BIN/examd" 2>/dev/null | grep -q '__asan_init'; then limit_ms=8000; fi
t_ok "welcomed within $limit_ms ms ($welcome_ms ms)" \
    test "$welcome_ms" -lt "$limit_ms"
t_unlike "xinetd never paused the service" "$(cat "$T/xinetd.log")" \
    'Deactivating service'
t_is "a normal client is served after the flood" "$(other 4)" "Goodbye o4."
# The last examds of the flood may still be starting (the sanitizer
# build on PostgreSQL is slow to): count once every one has exited.
_i=0
while [ "$(grep -c 'EXIT: examd' "$T/xinetd-svc.log")" -lt \
    "$(grep -c 'START: examd' "$T/xinetd-svc.log")" ] && [ "$_i" -lt 300 ]; do
	sleep 0.1; _i=$((_i + 1))
done
echo "# the last examds of the flood exited $((_i * 100)) ms after the last session"
counted=$(exam_sql 'SELECT count(*) FROM connections')
started=$(grep -c 'START: examd' "$T/xinetd-svc.log")
t_is "every connection examd started was counted once" "$counted" "$started"
# If not, how the others ended (xinetd's exits other than status 0) and
# what examd said of them (less its usual session ends).
[ "$counted" = "$started" ] || {
	grep 'EXIT: examd' "$T/xinetd-svc.log" | grep -v 'status=0' |
	    sed 's/.*EXIT: examd *\([a-z]*=[0-9]*\).*/\1/' | sort | uniq -c |
	    sed 's/^/# xinetd: EXIT /'
	sed 's/^[^]]*\] *//; s/, from [^ ]*$//' "$EXAM_LOG" |
	    grep -Ev 'session end: .*, (finished|cut|timed out)' |
	    sort | uniq -c | sort -rn | head -n 20 | sed 's/^/# examd: /'
}
t_is "the database is intact" "$(exam_sql 'PRAGMA integrity_check')" ok
t_done
