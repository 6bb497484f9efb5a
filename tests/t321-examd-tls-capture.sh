# SPDX-License-Identifier: ISC
# Nothing secret in clear: the loopback traffic of a whole session,
# captured with tcpdump, holds neither the password nor the answers over
# TLS; the same session on the plain port holds both (so the search can
# fail).
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

[ "$(id -u)" -eq 0 ] && command -v tcpdump >/dev/null || {
	echo "1..0 # SKIP capturing needs root and tcpdump"; exit 0; }
sqlite_only "what crosses the network does not depend on the back end"

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "xinetd serves examd over TLS" start_exam_tls 10
TLS_PORT=$EXAM_PORT
t_ok "and in plain text" start_exam 10
PLAIN_PORT=$EXAM_PORT

PW='Sekr3t-Pa55-w0rd'
# capture NAME PORT CMD...: CMD's traffic to and from PORT on loopback,
# in $T/NAME.pcap (raw packets, payloads whole). Everything on lo is
# captured and the port picked out when reading the file back: a filter
# in the kernel matched nothing on some machines.
capture() {
	_n=$1 _p=$2; shift 2
	: >"$T/$_n.tcpdump"
	tcpdump -i lo -U -s 0 -B 16384 -Z root -w "$T/$_n.all" \
	    2>"$T/$_n.tcpdump" &
	_tp=$!
	_i=0
	until grep -q 'listening on' "$T/$_n.tcpdump" || [ $_i -ge 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	"$@" >"$T/$_n.out"
	# tcpdump may lag behind a busy loopback: wait (10 s at most) until
	# the file holds both ends' FIN of the session's connection.
	_i=0
	while [ "$(tcpdump -r "$T/$_n.all" -nn "tcp port $_p" 2>/dev/null |
	    grep -c 'Flags \[F')" -lt 2 ] && [ $_i -lt 50 ]; do
		sleep 0.2; _i=$((_i + 1))
	done
	kill -INT "$_tp"; wait "$_tp"
	tcpdump -r "$T/$_n.all" -w "$T/$_n.pcap" "tcp port $_p" 2>/dev/null
	rm -f "$T/$_n.all"
}
# holds NAME BYTES: the capture holds BYTES (printf escapes) somewhere.
holds() {
	perl -0777 -e 'open my $f, "<:raw", $ARGV[0] or die;
	    local $/; my $d = <$f>; exit(index($d, $ARGV[1]) >= 0 ? 0 : 1)' \
	    "$T/$1.pcap" "$(printf "$2")"
}
input="carol
$PW
$PW
$EXAM_RIGHT
"
EXAM_PORT=$TLS_PORT
capture tls "$TLS_PORT" exam_tls_talk "$input"
t_like "the TLS session went through" "$(cat "$T/tls.out")" 'Your score: 3/3'
t_ok "the session's packets were captured" \
    test "$(tcpdump -r "$T/tls.pcap" 2>/dev/null | wc -l)" -gt 10
t_fails "over TLS the capture holds no password" holds tls "$PW"
t_fails "nor the answers" holds tls '\nb\na\nf\n'
t_fails "nor the questions or the score" holds tls 'Your score'

EXAM_PORT=$PLAIN_PORT
capture plain "$PLAIN_PORT" exam_talk "dave
$PW
$PW
$EXAM_RIGHT
"
t_like "the plain session went through" "$(cat "$T/plain.out")" 'Your score: 3/3'
t_ok "in plain text the capture holds the password" holds plain "$PW"
t_ok "and the answers" holds plain '\nb\na\nf\n'
t_ok "and the score" holds plain 'Your score'
t_done
