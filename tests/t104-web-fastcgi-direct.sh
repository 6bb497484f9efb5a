# SPDX-License-Identifier: ISC
# FastCGI parameters that lighttpd never sends: the programs are spoken
# to directly over FastCGI (cgi-fcgi), so malformed values can be sent.
# The error page's status comes from REDIRECT_STATUS: a status from 400 to
# 599 is kept; anything else, or anything that is not three plain digits,
# is the 404 of a page asked for directly. A method is allowed only when
# it is exactly one of those its route lists.
. "$TOP/tests/lib.sh"
sqlite_only "FastCGI parameters, no database"

# start PROG: runs PROG on the socket $T/PROG.sock. cgi-fcgi -start leaves
# it running on its own, so a wrapper notes its pid before becoming it,
# and the story stops exactly that process.
start() {
	cat >"$T/start-$1" <<WRAP
#!/bin/sh
echo \$\$ >"$T/$1.pid"
exec "$BIN/$1"
WRAP
	chmod +x "$T/start-$1"
	TEMPLATE_DIR=$TOP/html cgi-fcgi -start -connect "$T/$1.sock" "$T/start-$1"
	t_is "$1 starts on a FastCGI socket" "$?" 0
	at_exit "kill \"\$(cat '$T/$1.pid')\" 2>/dev/null"
}
start error
start login
sock=$T/error.sock

# status VALUE: the status line the error program answers with, given
# REDIRECT_STATUS=VALUE ("unset" leaves it out).
status() {
	if [ "$1" = unset ]; then
		env -i REQUEST_METHOD=GET SCRIPT_NAME=/error \
		    cgi-fcgi -bind -connect "$sock" </dev/null
	else
		env -i REQUEST_METHOD=GET SCRIPT_NAME=/error REDIRECT_STATUS="$1" \
		    cgi-fcgi -bind -connect "$sock" </dev/null
	fi | sed -n '1s/\r$//p'
}

for v in 400 404 413 418 431 500 503 599; do
	t_like "REDIRECT_STATUS=$v is kept" "$(status "$v")" "^Status: $v "
done
t_like "413 has its own message" "$(env -i REQUEST_METHOD=GET \
    SCRIPT_NAME=/error REDIRECT_STATUS=413 cgi-fcgi -bind -connect "$sock" \
    </dev/null)" 'over 4 KiB|larger than 4 KiB'
# Each of these is not a status an error page can have: 404.
for v in unset "" 200 399 600 999 1000 4130 00404 abc 41x " 413" "413 " \
    0413 +413 -404 4.0 0x194 99999999999999999999 "$(printf '4\t13')"; do
	t_is "REDIRECT_STATUS='$v' gives 404" "$(status "$v")" \
	    "Status: 404 Not Found"
done
# method METHOD: the status line of login for REQUEST_METHOD=METHOD.
method() {
	env -i REQUEST_METHOD="$1" SCRIPT_NAME=/login \
	    cgi-fcgi -bind -connect "$T/login.sock" </dev/null | sed -n '1s/\r$//p'
}
t_is "GET /login is 200" "$(method GET)" "Status: 200 OK"
t_is "HEAD /login is 200" "$(method HEAD)" "Status: 200 OK"
for m in GE GETX ET HEA EAD "GET, HEAD" "GET," " GET" get head ""; do
	t_is "method '$m' on /login is 405" "$(method "$m")" \
	    "Status: 405 Method Not Allowed"
done
t_done
