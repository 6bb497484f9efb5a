# SPDX-License-Identifier: ISC
# Student pages with Accept: application/json: the same routes and status
# codes, answered with valid JSON; content negotiation; and hostile names
# escaped in both HTML and JSON.
. "$TOP/tests/lib.sh"
sqlite_only "its hostile names include invalid UTF-8, which only SQLite stores; t150 checks JSON on PostgreSQL"
. "$TOP/tests/lib-web.sh"

J='Accept: application/json'
# json_is DESC JQ-FILTER WANT: the jq filter on BODY prints WANT.
json_is() {
	t_is "$1" "$(printf '%s' "$BODY" | jq -c "$2" 2>&1)" "$3"
}

t_ok "lighttpd starts, with hostile names in the database" start_web \
    "INSERT INTO Fifth_students VALUES ('<script>alert(1)</script>&\"''', 42, 20);
     INSERT INTO Fifth_students VALUES ('Zoë \\ \"q\" é', 43, NULL);
     INSERT INTO Fifth_students VALUES (CAST(X'61620A63096401' AS TEXT), 44, 19);
     INSERT INTO Fifth_students VALUES (CAST(X'41FF42C0AF' AS TEXT), 45, 18);
     INSERT INTO Fifth_students VALUES ('{{name}}', 46, 17);
     INSERT INTO Fifth_students VALUES ('Max', 9223372036854775807, 30);"

post id=1866 -H "$J"
t_is "found: 200" "$STATUS" 200
t_is "application/json with charset" "$(header Content-Type)" "application/json; charset=utf-8"
json_is "the student as JSON" . '{"name":"Ali","id":1866,"age":23}'
t_is "no-store" "$(header Cache-Control)" no-store
t_is "nosniff" "$(header X-Content-Type-Options)" nosniff
t_like "CSP" "$(header Content-Security-Policy)" "frame-ancestors 'none'"
post id=9223372036854775807 -H "$J"
# jq reads numbers as doubles, so check the text itself.
t_like "the largest ID is written exactly, as a bare integer" "$BODY" \
    '"id":9223372036854775807,'
json_is "and the JSON is valid" .name '"Max"'

post id=4242 -H "$J"
t_is "not found: 404" "$STATUS" 404
json_is "an error object" 'keys' '["error"]'
json_is "saying no student has that ID" .error '"No student has the ID 4242."'
for body in '' id= id=-1 id=0 id=9223372036854775808 'id=1&ID=1' id=%zz \
    id=%00 id=1a id=%0A; do
	post "$body" -H "$J"
	t_is "'$body': 400" "$STATUS" 400
	t_like "'$body': JSON" "$(header Content-Type)" '^application/json'
	json_is "'$body': a non-empty error string" '.error | type == "string" and length > 0' true
done
req -H "$J" -F id=1 "$WEB/handlelogin"
t_is "multipart: 400 in JSON" "$STATUS $(printf '%s' "$BODY" | jq -r .error)" \
    "400 Bad request: the form must be sent as application/x-www-form-urlencoded."
post "id=1&p=$(printf '%05000d' 0)" -H "$J"
t_is "too large: 413" "$STATUS" 413
json_is "in JSON" .error '"The request body is larger than 4 KiB (4096 bytes)."'
req -H "$J" "$WEB/handlelogin"
t_is "GET /handlelogin: 405" "$STATUS" 405
t_is "with Allow" "$(header Allow)" POST
json_is "in JSON" 'has("error")' true
req -H "$J" "$WEB/login"
t_is "GET /login: 200" "$STATUS" 200
json_is "describes the form" .form '{"method":"post","action":"/handlelogin","field":"id"}'
req -H "$J" -X DELETE "$WEB/login"
t_is "DELETE /login: 405 in JSON" "$STATUS $(header Allow)" "405 GET, HEAD"
json_is "in JSON" 'has("error")' true
for p in /nope /loginx /login/abc /error; do
	req -H "$J" "$WEB$p"
	t_is "$p: 404" "$STATUS" 404
	json_is "$p: JSON error" .error '"There is no page at this address."'
done
req -H "$J" -H 'Host:' --http1.1 "$WEB/login"
t_is "lighttpd's own 400 in JSON" "$STATUS $(printf '%s' "$BODY" | jq -r .error)" \
    "400 The request was not understood."

# Negotiation: JSON only when preferred to HTML.
while IFS='|' read -r accept want; do
	req -H "Accept: $accept" -d id=1711 "$WEB/handlelogin"
	t_like "Accept: '$accept' gives $want" "$(header Content-Type)" "^$want;"
done <<'CASES'
application/json|application/json
application/json; charset=utf-8|application/json
Application/JSON|application/json
text/html;q=0.5, application/json|application/json
application/*|application/json
*/*|text/html
text/html|text/html
text/html, application/json|text/html
application/json;q=0.4, text/html;q=0.5|text/html
application/json;q=0|text/html
text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|text/html
application/jsonx|text/html
garbage|text/html
CASES
req -d id=1711 "$WEB/handlelogin"
t_like "no Accept header gives HTML" "$(header Content-Type)" '^text/html;'
t_is "the answer varies with Accept" "$(header Vary)" Accept

# Hostile names: escaped in HTML, exact in JSON.
post id=42
t_like "HTML: markup in a name is escaped" "$BODY" \
    '<h1 id="name">&lt;script&gt;alert\(1\)&lt;/script&gt;&amp;&quot;&#39;</h1>'
t_unlike "HTML: no script element" "$BODY" '<script'
t_like "the name in the title is escaped too" "$BODY" \
    '<title>&lt;script&gt;alert\(1\)&lt;/script&gt;&amp;&quot;&#39;: student record</title>'
post id=42 -H "$J"
json_is "JSON: the name is exact" .name '"<script>alert(1)</script>&\"'"'"'"'
t_unlike "JSON: no raw < or > either" "$BODY" '[<>]'
post id=43 -H "$J"
json_is "JSON: backslash, quotes, UTF-8 and a NULL age" . \
    '{"name":"Zoë \\ \"q\" é","id":43,"age":null}'
post id=43
t_like "HTML: UTF-8 kept, quotes escaped" "$BODY" '<h1 id="name">Zoë \\ &quot;q&quot; é</h1>'
t_like "HTML: a NULL age shows as unknown" "$BODY" '<td id="age">unknown</td>'
post id=44 -H "$J"
json_is "JSON: control characters escaped" .name '"ab\nc\td\u0001"'
post id=45 -H "$J"
json_is "JSON: invalid UTF-8 becomes U+FFFD" .name '"A�B��"'
post id=45
t_like "HTML: invalid UTF-8 becomes U+FFFD" "$BODY" '<h1 id="name">A�B��</h1>'
post id=46
t_like "a placeholder in data is not expanded" "$BODY" '<h1 id="name">\{\{name\}\}</h1>'
post id=44
t_like "HTML: a control character becomes U+FFFD" "$BODY" 'c	d�</h1>'
valid_utf8() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; }
t_ok "the hostile page is valid UTF-8" valid_utf8 "$T/req.body"
post id=45
t_ok "so is the one with invalid UTF-8 in the name" valid_utf8 "$T/req.body"

stop_web
t_done
