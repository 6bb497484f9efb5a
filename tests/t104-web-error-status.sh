# The error page's status comes from REDIRECT_STATUS, which only lighttpd
# sets: here the error program is spoken to directly over FastCGI
# (cgi-fcgi), so malformed values can be sent as well. A status from 400
# to 599 is kept; anything else, or anything that is not plain digits,
# is the 404 of a page asked for directly.
. "$TOP/tests/lib.sh"

# cgi-fcgi -start leaves the program running on its own: a wrapper notes
# its pid before becoming it, so the story can stop exactly that process.
sock=$T/error.sock
cat >"$T/start-error" <<WRAP
#!/bin/sh
echo \$\$ >"$T/error.pid"
exec "$BIN/error"
WRAP
chmod +x "$T/start-error"
TEMPLATE_DIR=$TOP/html cgi-fcgi -start -connect "$sock" "$T/start-error"
t_is "the error program starts on a FastCGI socket" "$?" 0
at_exit 'kill "$(cat "$T/error.pid")" 2>/dev/null'

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
    </dev/null)" 'larger than 4 KiB'
# Each of these is not a status an error page can have: 404.
for v in unset "" 200 399 600 999 1000 4130 00404 abc 41x " 413" "413 " \
    0413 +413 -404 4.0 0x194 99999999999999999999 "$(printf '4\t13')"; do
	t_is "REDIRECT_STATUS='$v' gives 404" "$(status "$v")" \
	    "Status: 404 Not Found"
done
t_done
