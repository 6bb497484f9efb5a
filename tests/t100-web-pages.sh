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

stop_web
t_unlike "the programs logged nothing" "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" .
t_done
