# SPDX-License-Identifier: ISC
# examclient --tls [--ca FILE]: a verified server gets the conversation;
# each failure of verification (an unknown CA, a wrong name, an expired or
# not yet valid certificate, a plain-text server) is a clear message and
# exit 1 before a byte of the conversation. And a rogue server's control
# characters never reach the terminal.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "a test CA and a server certificate" exam_tls_ca
# Certificates from the same CA that do not fit: a name that is not this
# server's, expired, not yet valid. And a CA nobody trusts.
for c in wrong:--only:exam.example expired:--not-before:2020-01-01:--not-after:2021-01-01 \
    future:--not-before:2099-01-01; do
	d=$T/${c%%:*}
	mkdir -p "$d"; cp "$T/tls/ca.pem" "$T/tls/ca.key" "$d/"
	# shellcheck disable=SC2046
	sh "$TOP/scripts/tls-ca" "$d" $(echo "${c#*:}" | tr : ' ') ||
	    t_ok "certificate $c" false
	exam_own "$d/server.key"
done
sh "$TOP/scripts/tls-ca" "$T/other" >/dev/null

# serve NAME DIR: a TLS examd with DIR's pair; its port in PORT_NAME.
serve() {
	EXAM_TLS_CERT=$2/server.pem EXAM_TLS_KEY=$2/server.key
	start_exam_tls 5 && eval "PORT_$1=\$EXAM_PORT"
}
t_ok "a server with a good certificate" serve good "$T/tls"
for c in wrong expired future; do
	t_ok "a server with a $c certificate" serve "$c" "$T/$c"
done
t_ok "a plain-text server" start_exam 5
PORT_plain=$EXAM_PORT

# client PORT [HOST] [OPTIONS...]: examclient's stdout in $T/out, stderr
# in $T/err, its status printed.
client() {
	_p=$1 _h=${2:-127.0.0.1}; shift; [ $# -eq 0 ] || shift
	printf 'bob\ns3cret\ns3cret\n%s\n' "$EXAM_RIGHT" |
	    timeout 20 "$BIN/examclient" "$@" "$_h" "$_p" >"$T/out" 2>"$T/err"
	echo $?
}

t_is "verified against --ca: exit 0" \
    "$(client "$PORT_good" 127.0.0.1 --tls --ca "$EXAM_CA")" 0
t_like "the whole conversation" "$(tr -d '\r' <"$T/out")" \
    '^Welcome to the exam server.$'
t_like "to the end" "$(tr -d '\r' <"$T/out")" '^Goodbye bob.$'
t_is "nothing on stderr" "$(cat "$T/err")" ""
t_is "by name (localhost) too" \
    "$(client "$PORT_good" localhost --tls --ca "$EXAM_CA")" 0

# check DESCRIPTION PORT HOST PATTERN OPTIONS...: exit 1, a message on
# stderr matching PATTERN, and not a byte on stdout.
check() {
	_d=$1 _port=$2 _host=$3 _pat=$4; shift 4
	t_is "$_d: exit 1" "$(client "$_port" "$_host" "$@")" 1
	t_like "$_d: the message says why" "$(cat "$T/err")" "$_pat"
	t_is "$_d: nothing of the conversation" "$(od -An -c <"$T/out")" ""
}
check "a CA not given" "$PORT_good" 127.0.0.1 \
    'does not verify: .*(issuer is unknown|not trusted)' --tls --ca "$T/other/ca.pem"
check "the system's store (the test CA is not in it)" "$PORT_good" \
    127.0.0.1 'does not verify: .*(issuer is unknown|not trusted)' --tls
check "a certificate for another name, by address" "$PORT_wrong" \
    127.0.0.1 'does not verify: .*name .*does not match' --tls --ca "$EXAM_CA"
check "a certificate for another name, by name" "$PORT_wrong" \
    localhost 'does not verify: .*name .*does not match' --tls --ca "$EXAM_CA"
check "an expired certificate" "$PORT_expired" 127.0.0.1 \
    'does not verify: .*expired' --tls --ca "$EXAM_CA"
check "a certificate not yet valid" "$PORT_future" 127.0.0.1 \
    'does not verify: .*not yet valid' --tls --ca "$EXAM_CA"
check "a plain-text server" "$PORT_plain" 127.0.0.1 \
    'no TLS session: .*plain-text port' --tls --ca "$EXAM_CA"
t_is "a missing CA file: exit 1" \
    "$(client "$PORT_good" 127.0.0.1 --tls --ca "$T/none.pem")" 1
t_like "and says which file" "$(cat "$T/err")" "$T/none.pem"
t_is "--ca without --tls: exit 2" "$(client "$PORT_good" 127.0.0.1 --ca "$EXAM_CA")" 2

# A rogue (plain) server: escapes, bells, a C1 CSI and DEL go nowhere;
# text, CR, LF, tab and UTF-8 (even split between reads) pass.
rogue=$(free_port)
{ printf 'Welcome\033[2J\033]0;owned\007 to\tthe \302\2336n'; sleep 0.3
  printf '\303'; sleep 0.3; printf '\251t\303\251\177\001\r\n'; } |
    timeout 10 nc -l 127.0.0.1 "$rogue" &
# Wait for the listener without connecting (nc serves one connection).
i=0; until ss -Htln "sport = :$rogue" | grep -q . || [ $i -ge 100 ]; do
	sleep 0.05; i=$((i + 1)); done
# Input stays open: nc would stop at the client's end of input.
sleep 1.5 | timeout 10 "$BIN/examclient" 127.0.0.1 "$rogue" >"$T/rogue" 2>&1
t_is "a rogue server's control characters never reach the terminal" \
    "$(od -An -c <"$T/rogue" | tr -s ' ' | sed 's/^ //')" \
    "$(printf 'Welcome[2J]0;owned to\tthe 6n\303\251t\303\251\r\n' | od -An -c | tr -s ' ' | sed 's/^ //')"
t_done
