# SPDX-License-Identifier: ISC
# The installed lighttpd snippet (conf/lighttpd/50-student-pages.conf),
# filled in as `make install` fills it, in a server that has a home page
# of its own. As installed (no prefix) the pages take /, /login,
# /handlelogin, /error and every error page. With var.student_pages_prefix
# = "/students" they live under /students/ only: their routes, links,
# form and errors there, while every other path of the server, its 404s
# included, stays the server's own. A prefix the pages cannot live under
# stops them at start-up, saying why.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"
sqlite_only "the snippet's paths, not its database"

share=$T/share
mkdir -p "$share" "$T/run" "$T/root" "$T/state"
ln -s "$TOP/html" "$share/html"
ln -s "$TOP/static" "$share/static"
make_student_db "$T/state/Student_log.db"
printf '<!DOCTYPE html>\n<title>School</title>\n<p>The school home page.\n' \
    >"$T/root/index.html"
WEB_STATE=$T/run

# serve PREFIX: lighttpd with the snippet, var.student_pages_prefix set to
# PREFIX; sets WEB and WEB_PORT. Returns 1 when it does not answer.
serve() {
	stop_web
	sed -e "s|@PKGDATADIR@|$share|g" -e "s|@FCGIDIR@|$BIN|g" \
	    -e "s|@LIGHTTPD_SOCKETDIR@|$T/run|g" -e "s|@STATEDIR@|$T/state|g" \
	    -e "s|^var\.student_pages_prefix = \"\"$|var.student_pages_prefix = \"$1\"|" \
	    "$TOP/conf/lighttpd/50-student-pages.conf" >"$T/snippet.conf"
	WEB_PORT=$(free_port)
	WEB=http://127.0.0.1:$WEB_PORT
	: >"$T/error.log"
	# As Debian's lighttpd.conf has them.
	cat >"$T/lighttpd.conf" <<CONF
server.document-root = "$T/root"
server.port = $WEB_PORT
server.bind = "127.0.0.1"
server.errorlog = "$T/error.log"
server.breakagelog = "$T/error.log"
server.modules = ( "mod_indexfile", "mod_access", "mod_alias",
    "mod_redirect" )
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html; charset=utf-8" )
include "$T/snippet.conf"
CONF
	lighttpd -D -f "$T/lighttpd.conf" >"$T/lighttpd.out" 2>&1 &
	_web_pid=$!
	i=0
	while [ "$i" -lt 100 ]; do
		kill -0 "$_web_pid" 2>/dev/null || { wait "$_web_pid"; _web_pid=; return 1; }
		code=$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$WEB/" \
		    2>/dev/null) || code=000
		[ "$code" != 000 ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
at_exit stop_web
# ours: the body is one of the pages' (their stylesheet under PREFIX).
ours() { printf '%s\n' "$BODY" | grep -qF "href=\"$1/student-pages/style.css\""; }

t_ok "the installed snippet names the prefix once" \
    test "$(grep -c '^var\.student_pages_prefix = ""$' \
    "$TOP/conf/lighttpd/50-student-pages.conf")" -eq 1

# Under /students.
t_ok "lighttpd starts with the pages under /students" serve /students
t_ok "the prefix is set" grep -q '^var.student_pages_prefix = "/students"$' \
    "$T/snippet.conf"
req "$WEB/"
t_is "/ is the server's own home page" "$STATUS" 200
t_like "with its own text" "$BODY" 'The school home page'
for p in /students /students/ '/students/?from=menu'; do
	req "$WEB$p"
	t_is "$p redirects to /students/login" "$STATUS $(header Location)" \
	    "303 /students/login"
done
req "$WEB/students/login"
t_is "/students/login: 200" "$STATUS" 200
t_like "its form posts to /students/handlelogin" "$BODY" \
    '<form method="post" action="/students/handlelogin">'
t_ok "it links the stylesheet under /students" ours /students
t_unlike "and nothing at the server's root" "$BODY" '(href|action)="/(student-pages|handlelogin|login)'
req -H 'Accept: application/json' "$WEB/students/login"
t_is "its JSON names the form's address" \
    "$(printf '%s' "$BODY" | jq -r .form.action)" /students/handlelogin
req "$WEB/students/student-pages/style.css"
t_is "the stylesheet is served under /students" "$STATUS" 200
t_like "as CSS" "$(header Content-Type)" '^text/css'
req "$WEB/student-pages/style.css"
t_is "not at the root" "$STATUS" 404
req -d id=1711 "$WEB/students/handlelogin"
t_is "a lookup under /students: 200" "$STATUS" 200
t_like "shows the student" "$BODY" 'Karam'
t_like "links back under /students" "$BODY" '<a href="/students/login">'
req -d id=4242 "$WEB/students/handlelogin"
t_is "an unknown ID: 404" "$STATUS" 404
t_ok "on the pages' error page" ours /students
req "$WEB/students/handlelogin"
t_is "GET /students/handlelogin: 405" "$STATUS $(header Allow)" "405 POST"
t_ok "on the pages' error page" ours /students
for p in /students/nope /students/login/abc /students/loginx /students/error; do
	req "$WEB$p"
	t_is "$p: 404" "$STATUS" 404
	t_ok "$p: on the pages' error page" ours /students
done
req -d "id=1&p=$(printf '%05000d' 0)" "$WEB/students/handlelogin"
t_is "a body over 4 KiB: lighttpd's 413" "$STATUS" 413
t_ok "on the pages' error page" ours /students
# The same address written another way (a script trying to slip past
# the 4 KiB limit, which the snippet sets on the prefix's paths): lighttpd
# normalises the path before any condition, so each is the page itself,
# limits included, or not the pages at all.
for p in /students//handlelogin /students/./handlelogin \
    /students/x/../handlelogin /students/%68andlelogin; do
	req -d id=1711 "$WEB$p"
	t_is "$p: the lookup itself" "$STATUS" 200
	req -d "id=1&p=$(printf '%05000d' 0)" "$WEB$p"
	t_is "$p: over 4 KiB, 413" "$STATUS" 413
done
for p in /STUDENTS/handlelogin /students/handlelogin/ /students/../handlelogin; do
	req -d id=1711 "$WEB$p"
	t_unlike "$p: not a lookup" "$STATUS" '^200$'
	t_unlike "$p: shows no student" "$BODY" 'Karam'
done

# The rest of the server is not the pages'.
for p in /nope /login /error /handlelogin /studentsx /studentsx/login; do
	req "$WEB$p"
	t_is "$p: the server's 404" "$STATUS" 404
	t_unlike "$p: the server's own page" "$BODY" 'student-pages|handlelogin'
done
req -d "p=$(printf '%05000d' 0)" "$WEB/index.html"
t_unlike "the server's other errors stay its own" "$BODY" \
    'student-pages|handlelogin'
# A request lighttpd cannot read has no path: the pages' look, as without
# a prefix (the snippet says so).
req -H 'Host:' --http1.1 "$WEB/nope"
t_is "lighttpd's own 400 (no Host)" "$STATUS" 400
t_ok "on the pages' error page" ours /students
t_unlike "nothing in the error log" "$(cat "$T/error.log")" \
    '(handlelogin|login|error):'

# As installed: the pages at the root, every error theirs.
t_ok "lighttpd starts with the snippet as installed" serve ""
req "$WEB/"
t_is "/ redirects to /login" "$STATUS $(header Location)" "303 /login"
req "$WEB/login"
t_is "/login: 200" "$STATUS" 200
t_like "its form posts to /handlelogin" "$BODY" \
    '<form method="post" action="/handlelogin">'
t_ok "it links the stylesheet at the root" ours ""
req -d id=1711 "$WEB/handlelogin"
t_is "a lookup: 200" "$STATUS" 200
t_like "links back to /login" "$BODY" '<a href="/login">'
for p in /nope /students/login; do
	req "$WEB$p"
	t_is "$p: 404" "$STATUS" 404
	t_ok "$p: on the pages' error page" ours ""
done
req -H 'Host:' --http1.1 "$WEB/login"
t_is "lighttpd's own 400" "$STATUS" 400
t_ok "on the pages' error page" ours ""

# Prefixes the pages cannot live under.
for bad in /students/ students /stu.dents '/a//b'; do
	serve "$bad"
	_i=0
	while ! grep -q 'STUDENT_PAGES_PREFIX' "$T/error.log" "$T/lighttpd.out" &&
	    [ "$_i" -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	t_like "prefix '$bad': the programs refuse it, saying why" \
	    "$(cat "$T/error.log" "$T/lighttpd.out")" \
	    "STUDENT_PAGES_PREFIX: not a prefix the pages can live under"
	stop_web
done
t_done
