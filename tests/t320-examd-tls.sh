# SPDX-License-Identifier: ISC
# examd --tls-cert/--tls-key through xinetd: implicit TLS from the first
# byte, then the same conversation; TLS 1.2 and 1.3 only; a plain client
# gets nothing and is not counted; a key others can read is refused.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "a test CA and a server certificate" exam_tls_ca
EXAM_LOG=$T/examd.log
: >"$EXAM_LOG"; exam_own "$EXAM_LOG"
t_ok "xinetd serves examd over TLS" start_exam_tls 5

exam_tls_talk "bob
s3cret
s3cret
$EXAM_RIGHT
" >"$T/tls.raw"
t_like "a whole session over TLS, verified against the test CA" \
    "$(tr -d '\r' <"$T/tls.raw")" "^Welcome to the exam server.
Username: New user bob. Choose a password: Repeat password: Registered bob.
The exam has 3 questions.*
Your score: 3/3 (100%)
Goodbye bob.\$"
t_ok "lines end in CRLF over TLS as in clear" crlf_only "$T/tls.raw"
t_is "the result is stored" "$(exam_sql "SELECT username, score FROM results")" \
    "bob|3"
t_is "a returning user over TLS" \
    "$(exam_tls_talk "bob
s3cret
$EXAM_WRONG
" | tr -d '\r' | sed -n '2p;$p')" "Username: Password: Welcome back, bob.
Goodbye bob."

for v in 2 3; do
	t_like "TLS 1.$v is spoken" \
	    "$(printf 'x\n' | timeout 20 openssl s_client -brief -ign_eof \
	    -tls1_$v -CAfile "$EXAM_CA" -connect "127.0.0.1:$EXAM_PORT" 2>&1)" \
	    "Protocol version: TLSv1.$v"
done
t_unlike "TLS 1.1 is refused" \
    "$(printf 'x\n' | timeout 20 gnutls-cli --x509cafile "$EXAM_CA" \
    --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0:%VERIFY_ALLOW_SIGN_WITH_SHA1' \
    -p "$EXAM_PORT" 127.0.0.1 2>&1)" 'Welcome|Handshake was completed'

before=$(exam_sql "SELECT count(*) FROM connections")
t_is "a plain-text client gets nothing, not a byte" \
    "$(printf 'bob\ns3cret\ns3cret\nb\na\nf\n' | timeout 20 nc -N 127.0.0.1 \
    "$EXAM_PORT" | od -An -c)" ""
t_is "nor is it counted" "$(exam_sql "SELECT count(*) FROM connections")" \
    "$before"
t_like "the log says why" "$(cat "$EXAM_LOG")" 'not TLS \(first byte 0x62\)'

# A silent client is dropped when the handshake does not come in time.
start=$(date +%s)
timeout 20 nc 127.0.0.1 "$EXAM_PORT" </dev/null >"$T/silent.out" 2>&1 &
sleep 0.2
exec 3<>"/dev/tcp/127.0.0.1/$EXAM_PORT"
timeout 20 cat <&3 >/dev/null
t_ok "a client silent before its handshake is dropped by the timeout" \
    test $(( $(date +%s) - start )) -le 12
exec 3<&-

# Behind a proxy (--proxy-from 127.0.0.2), a PROXY header sent in clear
# before TLS by anyone else is refused: nothing in clear reaches a TLS
# client, the log says why, nothing is counted.
kill -TERM "$_exam_xinetd"; wait "$_exam_xinetd" 2>/dev/null
: >"$EXAM_LOG"
EXAM_ARGS="--proxy-from 127.0.0.2"
t_ok "xinetd serves examd over TLS behind a proxy" start_exam_tls 5
EXAM_ARGS=
before=$(exam_sql "SELECT count(*) FROM connections")
t_is "a spoofed PROXY header from a non-proxy address gets nothing" \
    "$(printf 'PROXY TCP4 10.9.8.7 127.0.0.1 5000 9000\r\nbob\n' |
    timeout 20 nc -N -s 127.0.0.1 127.0.0.1 "$EXAM_PORT" | od -An -c)" ""
t_like "the log says why" "$(cat "$EXAM_LOG")" \
    'refused 127\.0\.0\.1:[0-9]+: not a proxy of --proxy-from'
t_is "nor is it counted" "$(exam_sql "SELECT count(*) FROM connections")" \
    "$before"
t_is "nor is a bad header from the proxy's address answered in clear" \
    "$(printf 'PROXY TCP4 10.9.8.7\r\n' |
    timeout 20 nc -N -s 127.0.0.2 127.0.0.1 "$EXAM_PORT" | od -An -c)" ""
t_like "(refused, as the log says)" "$(cat "$EXAM_LOG")" \
    'refused 127\.0\.0\.2:[0-9]+: bad PROXY header'
kill -TERM "$_exam_xinetd"; wait "$_exam_xinetd" 2>/dev/null
t_ok "xinetd serves examd over TLS again" start_exam_tls 5

# A key file others can read: refused, said in the log, nothing sent.
cp "$EXAM_TLS_KEY" "$T/tls/open.key"
chmod 644 "$T/tls/open.key"
exam_own "$T/tls/open.key"
: >"$EXAM_LOG"
EXAM_TLS_KEY=$T/tls/open.key
kill -TERM "$_exam_xinetd"; wait "$_exam_xinetd" 2>/dev/null
t_ok "xinetd serves examd with a readable key" start_exam_tls 5
t_is "a client of a server with a readable key gets nothing" \
    "$(exam_tls_talk 'bob
' | od -An -c)" ""
t_like "examd refused the key in its log" "$(cat "$EXAM_LOG")" \
    "refusing key file $T/tls/open.key: others than its owner can read"
t_done
