# SPDX-License-Identifier: ISC
# Access codes through the real lighttpd, on both back ends: before any
# code the pages are as they were; once studentctl codes issue has given
# codes, the login form asks for one (field code), a lookup shows the
# record only with the right code, and no code, a wrong code and an
# unknown ID get one and the same 404 (status, body, about the same time).
# An answer the pages remember (studentmemo) still needs the code, and a
# code cleared stops working at once.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

t_ok "lighttpd starts" start_web
ADMIN_DB=${WEB_ADMIN_DB:-$WEB_DB}
ctl() { "$BIN/studentctl" --db "$ADMIN_DB" "$@"; }

# No codes yet: the form of §1, one field.
req "$WEB/login"
t_unlike "without codes the form has no code field" "$BODY" 'name="code"'
post id=1711
t_is "without codes a lookup needs only the ID" "$STATUS" 200
post id=17x1
t_is "without codes a malformed ID is 400" "$STATUS" 400
t_unlike "whose form has no code field" "$BODY" 'name="code"'
req "$WEB/login"
t_unlike "asked again (the answer remembered): no code field" "$BODY" \
    'name="code"'

# The database made by the tests has the key from the schema's init.
ctl codes issue 1711 1866 >"$T/codes.csv" 2>"$T/codes.err"
t_is "codes issue exits 0" "$?" 0
t_is "it prints a header and one line per student" \
    "$(sed -n 1p "$T/codes.csv")" "ID,Name,Code"
t_like "ID,Name,Code" "$(sed -n 2p "$T/codes.csv")" \
    '^1711,Karam,[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$'
code=$(sed -n 's/^1711,Karam,//p' "$T/codes.csv")
other=$(sed -n 's/^1866,Ali,//p' "$T/codes.csv")

req "$WEB/login"
t_like "with codes the form has a labelled code field" "$BODY" \
    '<label for="code">Access code</label>'
t_like "not a password field, not autofilled" "$BODY" \
    '<input type="text" id="code" name="code" autocomplete="off"'
req -H 'Accept: application/json' "$WEB/login"
t_like "JSON: the form names the code field" "$BODY" '"code":"code"'
post id=17x1
t_is "a malformed ID is 400" "$STATUS" 400
t_like "whose form asks for the code too" "$BODY" \
    '<label for="code">Access code</label>'
post name=Karam
t_is "a form without an ID is 400" "$STATUS" 400
t_like "and asks for the code too" "$BODY" 'name="code"'

post "id=1711&code=$code"
t_is "the right code shows the record" "$STATUS" 200
t_like "the record" "$BODY" '<h1 id="name">Karam</h1>'
lower=$(printf '%s' "$code" | tr 'A-Z' 'a-z' | tr -d -)
post "id=1711&code=$lower"
t_is "in lower case and without dashes too" "$STATUS" 200
post "id=1711&code=$code" -H 'Accept: application/json'
t_is "JSON sends the code the same way" "$BODY" '{"name":"Karam","id":1711,"age":23}'

# The three misses: one page.
post "id=1711"
s1=$STATUS b1=$BODY
post "id=1711&code=$other"
s2=$STATUS b2=$BODY
post "id=1711&code=AAAA-AAAA-AAAA"
s3=$STATUS b3=$BODY
t_is "no code: 404" "$s1" 404
t_is "another student's code: 404" "$s2" 404
t_is "a wrong code: 404" "$s3" 404
t_is "no code and a wrong code: the same page" "$b1" "$b2"
t_is "and the same for any wrong code" "$b1" "$b3"
t_like "which asks for the code again" "$b1" 'name="code"'
t_unlike "and never shows the code typed" "$b3" 'AAAA'
post "id=1709&code=$code"
t_is "a student without a code cannot be seen" "$STATUS" 404
post "id=4242&code=$code"
s4=$STATUS
b4=$(printf '%s' "$BODY" | sed 's/4242/1711/g')
t_is "an unknown ID: 404" "$s4" 404
t_is "an unknown ID: the same page as a wrong code (but its ID)" "$b4" "$b1"
post "id=1711&code=$code&code=$code"
t_is "the code twice is no code" "$STATUS" 404
post "id=1711&code=$code$code"
t_is "the code typed twice over is a wrong code" "$STATUS" 404
t_is "the same page" "$BODY" "$b1"
for odd in "$code%00" "$code%FF" "%00$code" "$code%0A"; do
	post "id=1711&code=$odd"
	t_like "the code with an odd byte ($odd) shows no record" "$STATUS" \
	    '^40[04]$'
	t_unlike "nor the name" "$BODY" Karam
done
post "id=4242" -H 'Accept: application/json'
j4=$(printf '%s' "$BODY" | sed 's/4242/1711/')
post "id=1711" -H 'Accept: application/json'
t_is "JSON: one error for all of them" "$j4" "$BODY"
t_is "JSON: its words" "$BODY" \
    '{"error":"No student has the ID 1711 with that access code."}'

# Time: the three taken in turn 15 times, their medians alike within 10
# ms (the same statement, one digest, one comparison whatever the case;
# the margin is only for a loaded machine, and the figures are printed).
i=0
while [ "$i" -lt 15 ]; do
	for b in "id=1711&code=AAAA-AAAA-AAAA" "id=4242&code=AAAA-AAAA-AAAA" \
	    "id=1711"; do
		curl -s -o /dev/null -w "$b %{time_total}\n" -d "$b" \
		    "$WEB/handlelogin"
	done
	i=$((i + 1))
done >"$T/times"
median() { awk -v b="$1" '$1 == b { print $2 }' "$T/times" | sort -n | sed -n 8p; }
tw=$(median "id=1711&code=AAAA-AAAA-AAAA")
tu=$(median "id=4242&code=AAAA-AAAA-AAAA")
tn=$(median "id=1711")
t_ok "wrong code ${tw}s, unknown ID ${tu}s, no code ${tn}s: within 10 ms" \
    awk -v a="$tw" -v b="$tu" -v c="$tn" 'BEGIN {
	mx = a; if (b > mx) mx = b; if (c > mx) mx = c
	mn = a; if (b < mn) mn = b; if (c < mn) mn = c
	exit !(mx - mn < 0.010) }'

# New codes void the old; a cleared code, or all cleared, at once.
ctl codes issue 1711 >"$T/new.csv"
post "id=1711&code=$code"
t_is "a new code voids the old one" "$STATUS" 404
code=$(sed -n 's/^1711,Karam,//p' "$T/new.csv")
post "id=1711&code=$code"
t_is "and the new one works (a remembered answer is not served without it)" \
    "$STATUS" 200
ctl codes clear 1866 >/dev/null
post "id=1711"
t_is "while a student has a code, no code is still 404" "$STATUS" 404
ctl codes clear --yes >"$T/clear.out"
t_is "codes clear --yes says how many" "$(cat "$T/clear.out")" \
    "cleared 1 access code"
post "id=1711"
t_is "no code left: the ID alone is enough again" "$STATUS" 200
req "$WEB/login"
t_unlike "and the form has one field again" "$BODY" 'name="code"'

# The database holds only digests and the key.
case $ADMIN_DB in
postgresql://*)
	dump=$(pg_dump "$ADMIN_DB" 2>/dev/null) ;;
*)
	dump=$(sqlite3 "$ADMIN_DB" .dump) ;;
esac
t_unlike "no code is stored" "$dump" "$code"

# On PostgreSQL the pages' role reads the key and the digests, and
# changes nothing.
if [ "$BACKEND" = postgresql ]; then
	t_is "student_pages reads the digests" \
	    "$(pg_sql "$WEB_DB" 'SELECT count(*) FROM Access_codes')" 0
	t_is "and the key" "$(pg_sql "$WEB_DB" 'SELECT count(*) FROM Access_key')" 1
	for sql in "DELETE FROM Access_key" \
	    "BEGIN READ WRITE; INSERT INTO Access_codes VALUES (1709, 'x'); COMMIT"; do
		psql -X -q -v ON_ERROR_STOP=1 "$WEB_DB" -c "$sql" >/dev/null 2>&1
		t_is "student_pages may not: $sql" "$?" 1
	done
fi

stop_web
t_unlike "the programs logged nothing" \
    "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" .
t_done
