# SPDX-License-Identifier: ISC
# Student pages: routes other than the lookup itself. GET / redirects, the
# login page and its headers, 405 with Allow, unknown paths and /error
# share the error template with their real status.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

t_ok "lighttpd starts with the three programs" start_web

req "$WEB/"
t_is "GET / redirects with 303" "$STATUS" 303
t_is "to /login" "$(header Location)" /login
t_is "the redirect says nosniff" "$(header X-Content-Type-Options)" nosniff
t_like "and forbids framing" "$(header Content-Security-Policy)" "frame-ancestors 'none'"
req "$WEB/?a=1"
t_is "GET /?a=1 redirects too" "$STATUS $(header Location)" "303 /login"
req -L "$WEB/"
t_is "following the redirect ends on the login page" "$STATUS" 200

req "$WEB/login"
t_is "GET /login is 200" "$STATUS" 200
t_like "HTML with charset" "$(header Content-Type)" '^text/html; charset=utf-8$'
t_like "an HTML5 page" "$BODY" '^<!DOCTYPE html>$'
t_like "the form posts to /handlelogin" "$BODY" '<form method="post" action="/handlelogin">'
t_like "with one text field named id" "$BODY" '<input type="text" id="id" name="id"'
t_is "and only one input" "$(printf '%s\n' "$BODY" | grep -c '<input')" 1
t_is "nosniff" "$(header X-Content-Type-Options)" nosniff
csp=$(header Content-Security-Policy)
t_like "CSP forbids framing" "$csp" "frame-ancestors 'none'"
t_like "CSP has no default or script source but none" "$csp" "default-src 'none'"
t_unlike "CSP never allows inline" "$csp" "unsafe-inline|unsafe-eval"
t_unlike "no inline script or style in the page" "$BODY" '<script|<style| style=| on[a-z]+='
t_is "no Server header" "$(header Server)" ""
t_is "Content-Length matches the body" "$(header Content-Length)" \
    "$(wc -c <"$T/req.body" | tr -d ' ')"
get_len=$(header Content-Length)
req "$WEB/login?x=1"
t_is "a query string does not change the route" "$STATUS" 200
req -H 'Range: bytes=0-5' "$WEB/login"
t_is "Range is ignored (no 206)" "$STATUS $(wc -c <"$T/req.body" | tr -d ' ')" \
    "200 $(header Content-Length)"

# curl -I writes the headers where the body would go: no page follows.
req -I "$WEB/login"
t_is "HEAD /login is 200" "$STATUS" 200
t_unlike "with no body" "$BODY" '<'
t_is "but the length of the GET page" "$(header Content-Length)" "$get_len"
t_like "and the page headers" "$(header Content-Type)" 'charset=utf-8'

for m in POST PUT DELETE PATCH OPTIONS TRACE; do
	req -X "$m" -d x "$WEB/login"
	t_is "$m /login is 405" "$STATUS" 405
	t_is "$m /login says Allow: GET, HEAD" "$(header Allow)" "GET, HEAD"
done

# The error page: lighttpd's own 404s and the programs' share it.
for p in /loginx /login/abc /login/ /nope /handleloginx /errorx /error/x \
    /index.html '/nope?q=1'; do
	req "$WEB$p"
	t_is "GET $p is 404" "$STATUS" 404
	t_like "$p shows the error template" "$BODY" '<h1>404 Not Found</h1>'
	t_like "$p says why" "$BODY" 'There is no page at this address'
	t_is "$p has the page headers" "$(header X-Content-Type-Options)" nosniff
done
req -X POST -d id=1711 "$WEB/nope"
t_is "POST to an unknown path is 404" "$STATUS" 404
req -X DELETE "$WEB/nope"
t_is "DELETE to an unknown path is 404" "$STATUS" 404
req "$WEB/error"
t_is "GET /error is 404" "$STATUS" 404
t_like "with the error template" "$BODY" '<title>404 Not Found</title>'
req -I "$WEB/error"
t_is "HEAD /error is 404" "$STATUS" 404
t_unlike "with no body" "$BODY" '<'
req "$WEB/%6cogin"
t_is "the path is matched after decoding" "$STATUS" 200

# Errors lighttpd raises itself keep their status through /error.
req -X FOO "$WEB/login"
t_like "an unknown method gets lighttpd's status" "$STATUS" '^(400|405|501)$'
t_like "rendered by the error template" "$BODY" "<h1>$STATUS "
req -H 'Host:' --http1.1 "$WEB/login"
t_is "HTTP/1.1 without Host is 400" "$STATUS" 400
t_like "on the error template" "$BODY" '<h1>400 Bad Request</h1>'
t_is "the error page says utf-8" "$(header Content-Type)" "text/html; charset=utf-8"

# Pages are well-formed HTML5 (tidy exits 0 with no warnings). Debian
# 12's tidy 5.6 does not know the HTML attribute inputmode yet and calls it
# proprietary; every other warning still counts.
if command -v tidy >/dev/null 2>&1; then
	tidy_ok() { tidy -q -e --warn-proprietary-attributes no "$1"; }
	for p in /login /nope; do
		curl -s -m 5 "$WEB$p" >"$T/page.html"
		t_ok "$p passes tidy" tidy_ok "$T/page.html"
	done
	curl -s -m 5 -d id=1711 "$WEB/handlelogin" >"$T/page.html"
	t_ok "the student page passes tidy" tidy_ok "$T/page.html"
	curl -s -m 5 -d 'id=<b>"x' "$WEB/handlelogin" >"$T/page.html"
	t_ok "a 400 page with markup typed back into its form passes tidy" \
	    tidy_ok "$T/page.html"
fi

# The stylesheet and icon: static files, cacheable, with their types.
req "$WEB/student-pages/style.css"
t_is "the stylesheet is served" "$STATUS" 200
t_is "as CSS in UTF-8" "$(header Content-Type)" "text/css; charset=utf-8"
t_like "cacheable for a while" "$(header Cache-Control)" '^max-age=[1-9][0-9]*$'
t_like "with an ETag" "$(header ETag)" '^".+"$'
t_like "and Last-Modified" "$(header Last-Modified)" 'GMT$'
t_is "nosniff" "$(header X-Content-Type-Options)" nosniff
t_is "it is the file in static/" "$BODY" "$(cat "$TOP/static/style.css")"
t_unlike "it follows the dark colour scheme" "$(grep -c 'prefers-color-scheme: dark' "$T/req.body")" '^0$'
t_like "and draws a focus ring" "$BODY" ':focus'
etag=$(header ETag)
req -H "If-None-Match: $etag" "$WEB/student-pages/style.css"
t_is "revalidation with the ETag is 304" "$STATUS" 304
req "$WEB/student-pages/icon.svg"
t_is "the icon is served" "$STATUS $(header Content-Type)" "200 image/svg+xml"
req "$WEB/student-pages/nope.css"
t_is "a missing static file is the 404 page" "$STATUS" 404
t_like "on the error template" "$BODY" '<h1>404 Not Found</h1>'

# Every page links the one stylesheet and the icon, and nothing inline.
for p in /login /nope /error /handlelogin; do
	req "$WEB$p"
	t_like "$p links the stylesheet" "$BODY" '^<link rel="stylesheet" href="/student-pages/style.css">$'
	t_like "$p links the icon (no request for /favicon.ico)" "$BODY" '^<link rel="icon" href="/student-pages/icon.svg"'
	t_unlike "$p has no inline style or script" "$BODY" '<script|<style| style=| on[a-z]+='
done

# The login form: a label, a numeric keyboard, no autofill, the focus, a
# line saying what the ID is.
req "$WEB/login"
t_like "a real label for the field" "$BODY" '^<label for="id">Student ID</label>$'
t_like "the field asks for digits, no autofill, and has the focus" "$BODY" \
    'inputmode="numeric" autocomplete="off" required autofocus aria-describedby="hint"'
t_like "a line says what the ID is" "$BODY" '<p class="hint" id="hint">.*digits only'
t_like "a clear button" "$BODY" '^<button type="submit">Show my record</button>$'
form_of() { # the form of a page, without the value and message reference
	printf '%s\n' "$1" | sed -n '/^<form /,/^<\/form>$/p' |
	    sed 's/ value="[^"]*"//; s/aria-describedby="message hint"/aria-describedby="hint"/'
}
login_form=$(form_of "$BODY")

# Every error page carries that same form, lighttpd's own errors too.
check_form() { # DESC
	t_is "$1 carries the login page's form" "$(form_of "$BODY")" "$login_form"
	t_like "$1 points the field at its message" "$BODY" 'aria-describedby="message hint"'
}
req "$WEB/nope"; check_form "lighttpd's 404"
req "$WEB/handlelogin"; check_form "the 405 of /handlelogin"
req -X DELETE "$WEB/login"; check_form "the 405 of /login"
req -d id=4242 "$WEB/handlelogin"; check_form "the 404 of a lookup"
req -d id=x "$WEB/handlelogin"; check_form "the 400 of a lookup"
req -d "id=1&p=$(printf '%05000d' 0)" "$WEB/handlelogin"
t_is "lighttpd's 413" "$STATUS" 413
check_form "lighttpd's 413"
t_like "it says so in words" "$BODY" 'far more than an ID'
req -X POST "$WEB/handlelogin"
t_is "a POST with no body is lighttpd's 411" "$STATUS" 411
check_form "the 411"
t_like "saying the form arrived empty" "$BODY" 'The form arrived empty'
# CONNECT host:port (curl cannot send it plainly) is refused by lighttpd
# itself with 405, through /error.
raw_connect() { # [HEADER]: sets STATUS, HDRS and BODY
	{
		printf 'CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\n'
		[ -z "${1:-}" ] || printf '%s\r\n' "$1"
		printf '\r\n'
	} | nc -q 5 127.0.0.1 "$WEB_PORT" | tr -d '\r' >"$T/raw"
	STATUS=$(sed -n '1s/^HTTP\/1\.1 \([0-9]*\).*/\1/p' "$T/raw")
	HDRS=$(sed '/^$/q' "$T/raw")
	BODY=$(sed '1,/^$/d' "$T/raw")
}
raw_connect
t_is "CONNECT is lighttpd's own 405" "$STATUS" 405
check_form "lighttpd's 405"
t_is "which says what is allowed" "$(header Allow)" "GET, HEAD, POST"
raw_connect 'Accept: application/json'
t_is "its JSON is unchanged" "$BODY" '{"error":"The request could not be answered."}'

# The pages stay small: each grew by less than 1 KiB over what it was
# before the stylesheet and the error form (bytes, measured then).
while read -r what before; do
	case $what in
	login) req "$WEB/login" ;;
	record) req -d id=1711 "$WEB/handlelogin" ;;
	404-student) req -d id=9999 "$WEB/handlelogin" ;;
	400-letters) req -d id=12a "$WEB/handlelogin" ;;
	404-path) req "$WEB/nope" ;;
	405) req "$WEB/handlelogin" ;;
	413) req -d "id=1&p=$(printf '%05000d' 0)" "$WEB/handlelogin" ;;
	411) req -X POST "$WEB/handlelogin" ;;
	esac
	size=$(wc -c <"$T/req.body" | tr -d ' ')
	t_ok "$what: $size bytes, less than 1 KiB over $before" \
	    test "$size" -lt $((before + 1024))
done <<'SIZES'
login 454
record 474
404-student 332
400-letters 365
404-path 338
405 373
413 372
411 352
SIZES

# The 411 above is documented in student-pages(7), with the way out:
# "Content-Length: 0" takes an empty form to the program (400).
req -X POST -H 'Content-Length: 0' "$WEB/handlelogin"
t_is "POST with Content-Length: 0: 400 (no id)" "$STATUS" 400
t_like "student-pages(7) documents the 411" \
    "$(MANWIDTH=80 man -l "$TOP/man/student-pages.7" 2>/dev/null | col -b)" '^ +411 +A POST without a body'

stop_web
t_unlike "the programs logged nothing" "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" .
t_done
