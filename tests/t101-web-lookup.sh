# SPDX-License-Identifier: ISC
# Student pages: POST /handlelogin. Found, not found, every kind of bad ID
# or bad form (400), the 4 KiB limit (413), 405 with Allow, keep-alive.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

t_ok "lighttpd starts" start_web

post id=1711
t_is "a known ID is 200" "$STATUS" 200
t_like "the page shows the name" "$BODY" '<h1 id="name">Karam</h1>'
t_like "the ID" "$BODY" '<td id="student-id">1711</td>'
t_like "and the age" "$BODY" '<td id="age">23</td>'
t_like "the name is the page's heading" "$BODY" '^<h1 id="name">Karam</h1>$'
t_like "and its title" "$BODY" '<title>Karam: student record</title>'
t_like "labelled ID" "$BODY" '>ID</th>'
t_like "labelled Age" "$BODY" '>Age</th>'
t_is "student data is not stored by caches" "$(header Cache-Control)" no-store
t_is "HTML with charset" "$(header Content-Type)" "text/html; charset=utf-8"
t_is "nosniff" "$(header X-Content-Type-Options)" nosniff
t_like "CSP" "$(header Content-Security-Policy)" "frame-ancestors 'none'"

for case in 'id=1866 Ali' 'ID=1709 Suzan' 'id=+1800+ Sara' \
    'id=%201800%09 Sara' 'id=%09%091711 Karam' 'id=0001711 Karam' \
    'id=00000000000000000000000001866 Ali' 'name=x&id=1709&y= Suzan' \
    'id=1709& Suzan' '&&id=1709 Suzan' 'Id=5&id=1709 Suzan' \
    'a=%41&id=1800 Sara'; do
	body=${case% *} name=${case#* }
	post "$body"
	t_is "$body is 200" "$STATUS" 200
	t_like "$body shows $name" "$BODY" "<h1 id=\"name\">$name</h1>"
done
req --data-urlencode 'id= 1866 ' "$WEB/handlelogin"
t_is "curl --data-urlencode with blanks works" "$STATUS" 200
req -F id=1866 "$WEB/handlelogin"
t_is "multipart/form-data is 400" "$STATUS" 400
t_like "saying the ID did not come from the form" "$BODY" 'did not come from the form'
req --data-binary id=1866 -H 'Content-Type: text/plain' "$WEB/handlelogin"
t_is "text/plain is 400" "$STATUS" 400
req --data-binary id=1866 -H 'Content-Type:' "$WEB/handlelogin"
t_is "no Content-Type is 400" "$STATUS" 400
req --data-binary id=1866 \
    -H 'Content-Type: Application/X-WWW-Form-Urlencoded; charset=UTF-8' \
    "$WEB/handlelogin"
t_is "the media type is case-blind and takes parameters" "$STATUS" 200

post id=4242
t_is "an unknown ID is 404" "$STATUS" 404
t_like "on the error template" "$BODY" '<h1>404 Not Found</h1>'
t_like "saying no student has that ID" "$BODY" '<p id="message">No student has the ID 4242\.</p>'
t_like "with the lookup form, holding what was typed" "$BODY" \
    '<form method="post" action="/handlelogin">'
t_like "the ID put back in the field" "$BODY" '<input type="text" id="id" name="id" value="4242" '
post 'id=+04242%09'
t_like "as typed, blanks and zeros included" "$BODY" 'name="id" value=" 04242	" '
t_is "no-store on the 404" "$(header Cache-Control)" no-store
post id=9223372036854775807
t_is "the largest ID is valid (404: nobody has it)" "$STATUS" 404
post id=1
t_is "ID 1 is valid (404)" "$STATUS" 404

# Each bad input: the body, the page's plain sentence (a part of it), and
# the JSON error's words, which stay as they always were.
while IFS='|' read -r body say why; do
	post "$body"
	t_is "400 for '$body'" "$STATUS" 400
	t_like "'$body': the page says $say" "$BODY" "<p id=\"message\">[^<]*$say"
	t_like "'$body' uses the error template" "$BODY" '<h1>400 Bad Request</h1>'
	post "$body" -H 'Accept: application/json'
	t_like "'$body': JSON still says $why" \
	    "$(printf '%s' "$BODY" | jq -r .error)" "^Bad request: .*$why"
done <<'CASES'
|No ID was sent|no id field
name=Karam|No ID was sent|no id field
id|You did not type an ID|the ID is empty
id=|You did not type an ID|the ID is empty
id=++%09|You did not type an ID|the ID is empty
id=1711&id=1711|The form sent an ID more than once|more than once
id=1711&ID=1711|The form sent an ID more than once|more than once
ID=1&ID=2|The form sent an ID more than once|more than once
id=%2B42|That ID starts with a \+ or - sign; an ID is digits only\.|must not have a sign
id=-1|That ID starts with a \+ or - sign|must not have a sign
id=+-1|That ID starts with a \+ or - sign|must not have a sign
id=0|That ID is 0; student IDs start at 1\.|at least 1
id=000|That ID is 0|at least 1
id=9223372036854775808|That number is too large to be a student ID\.|at most 9223372036854775807
id=99999999999999999999|That number is too large|at most 9223372036854775807
id=12a|That ID has letters in it; an ID is digits only\.|only the digits
id=abc|That ID has letters in it|only the digits
id=1711%0A|That ID has a character in it that is not one of the digits 0 to 9|only the digits
id=1711%0D%0A|not one of the digits 0 to 9|only the digits
id=17%2011|That ID has a space in it|only the digits
id=1.5|not one of the digits 0 to 9|only the digits
id=1e3|That ID has letters in it|only the digits
id=0x10|That ID has letters in it|only the digits
id=%EF%BC%91|not one of the digits 0 to 9|only the digits
id=%D9%A1%D9%A2|not one of the digits 0 to 9|only the digits
id=99999999999999999999x|That ID has letters in it|only the digits
id=1711%|The form did not arrive intact|two hex digits
id=1711%zz|The form did not arrive intact|two hex digits
id=%4|The form did not arrive intact|two hex digits
id=1711%00|The form did not arrive intact|NUL
id=1711' OR '1'='1|That ID has letters in it|only the digits
id=1711;DROP TABLE Fifth_students|That ID has letters in it|only the digits
id=1711%27%20OR%201%3D1--|That ID has letters in it|only the digits
id=1 UNION SELECT 1,2,3|That ID has letters in it|only the digits
CASES
printf 'id=1711\n' >"$T/nl"
req --data-binary @"$T/nl" -H 'Content-Type: application/x-www-form-urlencoded' "$WEB/handlelogin"
t_is "a raw line break after the ID is 400" "$STATUS" 400
t_like "the page says the form was damaged" "$BODY" 'did not arrive intact'
req --data-binary @"$T/nl" -H 'Content-Type: application/x-www-form-urlencoded' \
    -H 'Accept: application/json' "$WEB/handlelogin"
t_like "JSON still names the control character" "$BODY" 'control character'

# What was typed comes back into the form, escaped.
post 'id=12a'
t_like "letters: the field holds them" "$BODY" 'name="id" value="12a" '
post 'id=%3Cb%3E%22x%27%26'
t_is "markup typed in: 400" "$STATUS" 400
t_like "it comes back escaped" "$BODY" 'name="id" value="&lt;b&gt;&quot;x&#39;&amp;" '
t_unlike "never as markup" "$BODY" '<b>'
post 'id=1&id=2'
t_like "a repeated field leaves the field empty" "$BODY" 'name="id" value="" '
printf 'id=17\t11' >"$T/tab"
req --data-binary @"$T/tab" -H 'Content-Type: application/x-www-form-urlencoded' "$WEB/handlelogin"
t_is "a raw tab inside is 400" "$STATUS" 400
post 'id=1711&x=%zz'
t_is "bad encoding anywhere in the form is 400" "$STATUS" 400
post "id=1711&pad=$(printf '%0300s' | tr ' ' 0)&ID=1"
t_is "a repeat after a long field is still found" "$STATUS" 400

# Sizes: lighttpd allows 4 KiB; 4096 bytes pass, 4097 get 413.
pad=$(printf '%04086d' 0)
body="id=1711&p=$pad"
t_is "the test body is 4096 bytes" "${#body}" 4096
post "$body"
t_is "a 4096-byte body passes" "$STATUS" 200
post "${body}y"
t_is "a 4097-byte body is 413" "$STATUS" 413
t_like "on the error template" "$BODY" '<h1>413 Content Too Large</h1>|<h1>413 Payload Too Large</h1>'
t_like "saying the limit" "$BODY" '4 KiB'
post "id=$(printf '%010000d' 1711)"
t_is "a 10004-byte ID is 413" "$STATUS" 413
# Other fields are ignored however many fit in 4 KiB: the most there can
# be is one-byte names with separators, id last.
many=$(printf 'x&%.0s' $(seq 2044))id=1711
t_is "the test body of 2045 fields is 4095 bytes" "${#many}" 4095
post "$many"
t_is "2044 other fields are ignored" "$STATUS" 200
t_like "and the student is found" "$BODY" '>Karam<'
post "$(printf 'a=1&%.0s' $(seq 300))ID=1866"
t_is "300 other fields before ID are ignored" "$STATUS/$(printf '%s' "$BODY" | grep -c '>Ali<')" 200/1
post "$(printf 'x&%.0s' $(seq 2000))id=1&id=2"
t_is "a repeated id after 2000 fields is still found" "$STATUS" 400
req -H 'Content-Length: 100000' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary id=1 "$WEB/handlelogin"
t_is "a large Content-Length alone is 413" "$STATUS" 413
req -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "id=1711&p=$pad$pad" "$WEB/handlelogin"
t_is "a large chunked body is 413" "$STATUS" 413
req -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "id=1711" "$WEB/handlelogin"
t_is "a small chunked body is read" "$STATUS" 200
req -X POST -H 'Content-Length: 0' -H 'Content-Type: application/x-www-form-urlencoded' \
    "$WEB/handlelogin"
t_is "an empty body is 400" "$STATUS" 400
t_like "saying no ID was sent" "$BODY" 'No ID was sent'

# Other methods on /handlelogin.
for m in GET HEAD PUT DELETE PATCH OPTIONS TRACE; do
	if [ "$m" = HEAD ]; then req -I "$WEB/handlelogin"
	else req -X "$m" "$WEB/handlelogin"; fi
	t_is "$m /handlelogin is 405" "$STATUS" 405
	t_is "$m /handlelogin says Allow: POST" "$(header Allow)" POST
done
req "$WEB/handlelogin?id=1711"
t_is "GET with the ID in the query is 405" "$STATUS" 405
t_like "on the error template" "$BODY" '<h1>405 Method Not Allowed</h1>'
t_unlike "and shows no student" "$BODY" 'Karam'
req -X PUT -d id=1711 "$WEB/handlelogin"
t_is "PUT with a form is 405" "$STATUS" 405
req -d id=1711 "$WEB/handlelogin/x"
t_is "POST /handlelogin/x is 404" "$STATUS" 404
req -d id=1711 "$WEB/handleloginx"
t_is "POST /handleloginx is 404" "$STATUS" 404

# One keep-alive connection carries several requests in turn.
out=$(curl -sS -m 10 -v -d id=1711 "$WEB/handlelogin" --next -d id=1866 \
    "$WEB/handlelogin" --next "$WEB/nope" --next "$WEB/login" 2>&1)
t_like "the first answer on the connection" "$out" '<h1 id="name">Karam</h1>'
t_like "the second" "$out" '<h1 id="name">Ali</h1>'
t_like "the error page after them" "$out" 'There is no page at this address'
t_like "and the login page" "$out" '<form method="post"'
t_is "one connection was used" "$(printf '%s\n' "$out" | grep -c 'Connected to')" 1
t_like "it was reused" "$out" 'Re-using existing connection'

# Several clients at once.
i=0 pids=
while [ "$i" -lt 20 ]; do
	curl -s -m 10 -o "$T/par.$i" -w '%{http_code}\n' -d id=1800 \
	    "$WEB/handlelogin" >"$T/code.$i" &
	pids="$pids $!" i=$((i + 1))
done
# Only the clients: a plain `wait` would wait for lighttpd too.
# shellcheck disable=SC2086
wait $pids
t_is "20 parallel lookups all got 200" "$(cat "$T"/code.* | sort -u)" 200
t_is "all showing Sara" "$(grep -l '>Sara<' "$T"/par.* | wc -l | tr -d ' ')" 20

stop_web
t_unlike "the programs logged nothing" "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" .
t_done
