# SPDX-License-Identifier: ISC
# kill -9 of the FastCGI programs under load: lighttpd respawns them, the
# requests caught in flight fail (500, or 503 while lighttpd waits before
# respawning), and once the kills stop every request succeeds again.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

t_ok "lighttpd serves the pages" start_web
cat >"$T/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "id=1711"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

# load SECONDS NAME: wrk with 4 connections on loopback; sets
# NAME_total (requests) and NAME_bad (non-2xx answers plus socket errors).
load() {
	wrk -t1 -c4 -d"$1s" --timeout 5s -s "$T/post.lua" \
	    "$WEB/handlelogin" >"$T/$2.wrk" 2>&1
	_tot=$(awk '/requests in/ { print $1 }' "$T/$2.wrk")
	_non=$(awk '/Non-2xx/ { print $NF }' "$T/$2.wrk")
	_sock=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' \
	    "$T/$2.wrk")
	eval "$2_total=\${_tot:-0} $2_bad=\$(( \${_non:-0} + \${_sock:-0} ))"
}
# handlelogin's processes, children of lighttpd.
progs() {
	for k in $(pgrep -P "$_web_pid"); do
		case $(cat "/proc/$k/comm" 2>/dev/null) in
		handlelogin) echo "$k" ;;
		esac
	done
}

before=$(progs | sort | tr '\n' ' ')
t_is "two handlelogin processes" "$(echo "$before" | wc -w)" 2

# Four seconds of load with a kill -9 of one handlelogin every 0.4 s.
load 4 killed &
loadpid=$!
kills=0
sleep 0.3
while [ "$kills" -lt 8 ]; do
	victim=$(progs | shuf -n 1)
	[ -n "$victim" ] && kill -9 "$victim" 2>/dev/null && kills=$((kills + 1))
	sleep 0.4
done
wait "$loadpid"
load_killed_total=$(awk '/requests in/ { print $1 }' "$T/killed.wrk")
_non=$(awk '/Non-2xx/ { print $NF }' "$T/killed.wrk")
_sock=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$T/killed.wrk")
killed_bad=$(( ${_non:-0} + ${_sock:-0} ))
echo "# under kill -9 x$kills: $load_killed_total requests, $killed_bad failed"
t_is "eight processes killed during the load" "$kills" 8
t_ok "requests were served meanwhile ($load_killed_total)" \
    test "${load_killed_total:-0}" -gt 100
# Mostly 503s: lighttpd stops using a backend that died under load for
# about a second before it respawns it (OPS-NOTES).
t_ok "the kills cost requests ($killed_bad), counted" test "$killed_bad" -gt 0

# lighttpd may wait up to about 3 s before respawning a backend that died
# under load (it answers 503 meanwhile): wait for a 200, at most 10 s.
i=0
while [ "$i" -lt 100 ]; do
	post id=1711
	[ "$STATUS" = 200 ] && break
	sleep 0.1; i=$((i + 1))
done
t_is "served again after the kills" "$STATUS" 200
sleep 3
after=$(progs | sort | tr '\n' ' ')
t_is "two handlelogin processes again" "$(echo "$after" | wc -w)" 2
t_ok "they are new ones" test "$after" != "$before"

# The failures have stopped: three seconds of the same load, none fails.
load 3 calm
echo "# after the kills: $calm_total requests, $calm_bad failed"
t_ok "load again after the kills ($calm_total requests)" test "$calm_total" -gt 100
t_is "not one request fails once the kills stop" "$calm_bad" 0
t_ok "lighttpd logged the children it lost" \
    grep -q 'signal' "$WEB_STATE/lighttpd-error.log"

stop_web
t_unlike "no sanitizer report in the programs' log" \
    "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" 'runtime error|Sanitizer'
t_done
