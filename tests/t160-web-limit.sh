# SPDX-License-Identifier: ISC
# The lookup limit per address through the real lighttpd, with the
# installed figures (a burst of 10 misses then 10 a minute, a burst of 60
# lookups then 120 a minute): a harvester from one address gets at most 20
# answers out of 300 misses, then 429 with Retry-After and the error page
# or JSON; a student looking herself up 50 times is never slowed; other
# addresses (any 127.0.0.x is another client) are served meanwhile; a
# flood of addresses leaves the shared table's size as it was. Access
# codes guessed by a script are misses too.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

WEB_LOOKUP_LIMIT="10 10 60 120"
t_ok "lighttpd starts with the lookup limit" start_web

# burst FROM FIRST COUNT [CURL-ARGS...]: COUNT lookups of IDs FIRST,
# FIRST+1... (FIRST=+N: COUNT lookups of ID N) from address FROM in one
# curl (one connection), printing each status on a line.
burst() {
	from=$1 first=$2 count=$3; shift 3
	i=0
	while [ "$i" -lt "$count" ]; do
		case $first in
		+*) id=${first#+} ;;
		*) id=$((first + i)) ;;
		esac
		[ "$i" -eq 0 ] || echo next
		printf 'url = "%s/handlelogin"\ndata = "id=%s"\n' "$WEB" "$id"
		printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
		i=$((i + 1))
	done >"$T/burst.cfg"
	curl -s -m 60 --interface "$from" "$@" -K "$T/burst.cfg"
}
count() { printf '%s\n' "$1" | grep -c "^$2\$"; }

# The harvester: 300 IDs that are not there, from one address.
start=$(date +%s)
codes=$(burst 127.0.0.1 100000 300)
took=$(( $(date +%s) - start ))
t_is "the harvester's 300 lookups were all answered" \
    "$(printf '%s\n' "$codes" | grep -c .)" 300
t_is "every answer is a 404 or a 429" \
    "$(printf '%s\n' "$codes" | grep -vc '^404$\|^429$')" 0
n404=$(count "$codes" 404)
t_ok "it got at most 20 answers out of 300 misses ($n404 in ${took}s)" \
    test "$n404" -le 20
t_ok "and at least the burst of 10 before the limit" test "$n404" -ge 10
t_is "the first 10 were answered" \
    "$(printf '%s\n' "$codes" | head -n 10 | grep -c '^404$')" 10

# What the limited address reads: the error page, with the wait.
post id=1711 --interface 127.0.0.1
t_is "while limited, even a student who is there gets 429" "$STATUS" 429
ra=$(header Retry-After)
t_like "429 carries Retry-After in seconds" "$ra" '^[1-9][0-9]*$'
t_ok "no longer than a miss's worth (6 s)" test "${ra:-99}" -le 6
t_like "the page says why and when" "$BODY" \
    "<p id=\"message\">Too many lookups from your address. Try again in $ra seconds?.</p>"
t_like "with the error look" "$BODY" '<h1>429 Too Many Requests</h1>'
t_like "and the form to try again, the ID kept" "$BODY" 'value="1711"'
t_like "not stored" "$(header Cache-Control)" no-store
post id=1711 --interface 127.0.0.1 -H 'Accept: application/json'
t_is "JSON: 429" "$STATUS" 429
t_like "JSON: the same words" "$BODY" \
    '^\{"error":"Too many lookups from your address\. Try again in [0-9]+ seconds?\."\}$'
t_like "JSON: Retry-After" "$(header Retry-After)" '^[1-9][0-9]*$'

# Other addresses are not slowed.
post id=1711 --interface 127.0.0.2
t_is "another address is served meanwhile" "$STATUS" 200
codes=$(burst 127.0.0.3 +1711 50)
t_is "50 lookups of a present student from one address all answer 200" \
    "$(count "$codes" 200)" 50

# Lookups of any kind: a burst of 60, then 120 a minute (one per 0.5 s).
codes=$(burst 127.0.0.4 +1866 100)
n200=$(count "$codes" 200)
t_ok "a burst of hits passes 60 ($n200 of 100)" test "$n200" -ge 60
t_ok "and is limited beyond" test "$(count "$codes" 429)" -ge 1

# A flood of addresses: the table keeps its size (header and 8192 slots of
# 40 bytes), so no flood grows memory; the harvester stays limited unless
# its slot was taken over (8 ways per set: unlikely with 200 addresses).
size=$(stat -c %s "$WEB_STATE/lookups.table")
t_is "the shared table has its fixed size" "$size" 327712
t_is "only the pages' user may read it" \
    "$(stat -c %a "$WEB_STATE/lookups.table")" 600
i=10
while [ "$i" -lt 210 ]; do
	curl -s -o /dev/null -m 5 --interface "127.0.0.$i" -d id=5 \
	    "$WEB/handlelogin" & flood="${flood:-} $!"
	# shellcheck disable=SC2086
	[ $((i % 20)) -ne 0 ] || { wait $flood; flood=; }
	i=$((i + 1))
done
# shellcheck disable=SC2086
wait $flood
t_is "after 200 addresses it is the same size" \
    "$(stat -c %s "$WEB_STATE/lookups.table")" 327712
# A miss comes back every 6 s, so however long the flood took, 10 more
# misses at once get at most 3 answers unless the entry was lost.
codes=$(burst 127.0.0.1 200000 10)
t_ok "the harvester is still limited ($(count "$codes" 404) of 10 answered)" \
    test "$(count "$codes" 404)" -le 3

# A script guessing a student's access code: a wrong code is a miss like
# an unknown ID, so the guesses stop after the burst, and then even the
# right code waits; the 429's form asks for the code too.
"$BIN/studentctl" --db "${WEB_ADMIN_DB:-$WEB_DB}" codes issue 1711 \
    >"$T/codes.csv"
code=$(sed -n 's/^1711,[^,]*,//p' "$T/codes.csv")
codes=$(burst 127.0.0.5 "+1711&code=AAAA-AAAA-AAAA" 30)
t_is "the guesser's first 10 wrong codes were answered 404" \
    "$(printf '%s\n' "$codes" | head -n 10 | grep -c '^404$')" 10
t_ok "and it got at most 20 answers out of 30 ($(count "$codes" 404))" \
    test "$(count "$codes" 404)" -le 20
post "id=1711&code=$code" --interface 127.0.0.5
t_is "then the right code from that address waits too" "$STATUS" 429
t_like "on the error page whose form asks for the code" "$BODY" \
    '<label for="code">Access code</label>'
post "id=1711&code=$code" --interface 127.0.0.6
t_is "while another address with the right code is served" "$STATUS" 200

stop_web
t_unlike "the programs logged nothing" \
    "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" .
t_done
