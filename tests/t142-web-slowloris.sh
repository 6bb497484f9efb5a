# SPDX-License-Identifier: ISC
# Slow and idle clients against lighttpd (loopback only, bounded): while
# 100 connections trickle a request a byte at a time and 100 more sit
# idle, a normal client is served at once; the idle ones are closed after
# server.max-read-idle (3 s here, 20 s in the shipped config), and the
# limits in the rendered config are the documented ones.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

WEB_READ_IDLE=3
t_ok "lighttpd serves the pages" start_web
conf=$WEB_STATE/lighttpd.conf
t_ok "idle read limit as asked" grep -q '^server.max-read-idle = 3$' "$conf"
t_ok "at most 1000 connections" grep -q '^server.max-connections = 1000$' "$conf"
t_ok "idle keep-alive closed after 5 s" grep -q '^server.max-keep-alive-idle = 5$' "$conf"
t_ok "the shipped default idle read limit is 20 s" \
    sh -c "sh '$TOP/scripts/web-conf' --bin '$BIN' --state '$WEB_STATE' --port 1 \
        --db '$WEB_DB' --templates '$TOP/html' | grep -q '^server.max-read-idle = 20\$'"

# 100 idle connections (fds 20..119) and 100 trickling ones (120..219),
# held by this shell.
ulimit -n 1024
n=0
for i in $(seq 20 119); do
	eval "exec $i<>/dev/tcp/127.0.0.1/$WEB_PORT" 2>/dev/null && n=$((n + 1))
done
t_is "100 idle connections open" "$n" 100
n=0
for i in $(seq 120 219); do
	if eval "exec $i<>/dev/tcp/127.0.0.1/$WEB_PORT" 2>/dev/null; then
		printf 'POST /handlelogin HTTP/1.1\r\nHost: x\r\n' >&"$i" && n=$((n + 1))
	fi
done
t_is "100 slow requests started" "$n" 100
established() {
	ss -Htn state established "( sport = :$WEB_PORT )" | wc -l
}
t_ok "lighttpd holds them ($(established))" test "$(established)" -ge 200

worst=0
for round in 1 2 3 4 5; do
	# one more header byte on each slow connection, every second
	for i in $(seq 120 219); do printf 'X' >&"$i" 2>/dev/null; done
	start=$(date +%s%N)
	post id=1711
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$ms" -gt "$worst" ] && worst=$ms
	[ "$STATUS" = 200 ] || break
	sleep 1
done
echo "# a normal client during the attack: 5 lookups, slowest $worst ms"
t_is "a normal client is served throughout" "$STATUS" 200
t_ok "within a second each ($worst ms)" test "$worst" -lt 1000

# After 5 s the idle ones (no byte for more than 3 s) are gone; the
# tricklers, which sent a byte every second, are still held.
left=$(established)
echo "# after 5 s: $left connections left of 200"
t_ok "the idle connections were closed ($left left)" test "$left" -le 110
gone=0
for i in $(seq 20 119); do
	# a closed connection reads EOF at once
	if timeout 1 cat <&"$i" >/dev/null 2>&1; then gone=$((gone + 1)); fi
done
t_is "all 100 idle ones read end-of-file" "$gone" 100
for i in $(seq 20 219); do eval "exec $i<&-"; done
post id=1711
t_is "still serving after the attack" "$STATUS" 200
t_done
