# SPDX-License-Identifier: ISC
# examgui over TLS (SPEC 5), in a virtual X server: a server whose
# certificate verifies against --ca (by IP address and by name) gives a
# whole session with "Secure connection" on screen; a plain-text session
# says that it is one; a certificate for another name, one from an
# unknown CA (with --ca and with the system's store), a plain-text server
# behind the secure choice are each refused with the reason on screen and
# on stderr, and no conversation. The choice is on by default for port
# 9443. Screenshots in BUILD/screenshots/examgui/ (tls-*).
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-gui.sh"
gui_skip_unless_ready
. "$TOP/tests/lib-exam.sh"
for _c in openssl haproxy; do
	command -v "$_c" >/dev/null 2>&1 ||
	    { echo "1..0 # SKIP $_c not installed"; exit 0; }
done
ls /usr/lib/*/gio/modules/libgiognutls.so >/dev/null 2>&1 ||
    { echo "1..0 # SKIP glib-networking not installed (GIO's TLS)"; exit 0; }

# tls_ca NAME: a test CA, NAME-ca.pem and its key, in $T/tls.
# tls_cert NAME CA SAN: a server certificate NAME.pem (and NAME.key)
# signed by CA for the subjectAltName SAN.
mkdir -p "$T/tls"
tls_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$T/tls/$1-ca.key" -out "$T/tls/$1-ca.pem" -days 2 \
	    -subj "/CN=$1 test CA" 2>>"$T/tls/log"
}
tls_cert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$T/tls/$1.key" -out "$T/tls/$1.csr" -subj "/CN=$1" \
	    2>>"$T/tls/log" &&
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
	    "$3" >"$T/tls/$1.ext" &&
	openssl x509 -req -in "$T/tls/$1.csr" -CA "$T/tls/$2-ca.pem" \
	    -CAkey "$T/tls/$2-ca.key" -CAcreateserial -days 2 \
	    -out "$T/tls/$1.pem" -extfile "$T/tls/$1.ext" 2>>"$T/tls/log"
}
tls_ca school && tls_cert server school 'DNS:localhost,IP:127.0.0.1,IP:::1' &&
tls_ca rogue && tls_cert elsewhere school 'DNS:exam.example.org' &&
tls_cert fake rogue 'DNS:localhost,IP:127.0.0.1'
t_is "certificates made" "$?" 0

t_ok "test database created" exam_db_create
exam_no_seventh
start_exam 30; rc=$?
t_is "xinetd serves examd (plain)" "$rc" 0

# tls_front PORT CERT: a TLS server on 127.0.0.1:PORT with CERT, in front
# of examd.
tls_front() {
	cat "$T/tls/$2.pem" "$T/tls/$2.key" >"$T/tls/$2.both"
	cat >"$T/haproxy-$1.cfg" <<CFG
global
	maxconn 100
defaults
	mode tcp
	timeout connect 5s
	timeout client 60s
	timeout server 60s
frontend tls
	bind 127.0.0.1:$1 ssl crt $T/tls/$2.both
	default_backend exam
backend exam
	server examd 127.0.0.1:$EXAM_PORT
CFG
	haproxy -db -f "$T/haproxy-$1.cfg" >"$T/haproxy-$1.log" 2>&1 &
	at_exit "kill -TERM $! 2>/dev/null; wait $! 2>/dev/null"
	wait_port "$1"
}
TLS_PORT=$(free_port)
t_ok "examd served over TLS" tls_front "$TLS_PORT" server

gui_display; rc=$?
t_is "Xvfb and a session bus run" "$rc" 0

# A whole session over a verified connection, by IP address.
t_ok "examgui --ca CA 127.0.0.1 PORT opens a window" \
    gui_start --ca "$T/tls/school-ca.pem" 127.0.0.1 "$TLS_PORT"
t_ok "verified: the server asks for a name" gui_wait '^Exam — Username$'
gui_shot tls-secure
t_ok "the secure connection's colour is on screen" \
    gui_colour_in tls-secure C6EFD0
t_fails "and not the plain-text one's" gui_colour_in tls-secure FFD8A8
gui_type tess; gui_key Return
t_ok "a new name: asked for a password" gui_wait '^Exam — New password$'
gui_type 'Tess pw 1'; gui_key Tab; gui_type 'Tess pw 1'; gui_key Return
t_ok "registered: the first question" gui_wait '^Exam — Question 1 of 3$'
gui_key b Return
t_ok "the second question" gui_wait '^Exam — Question 2 of 3$'
gui_key a Return
t_ok "the third" gui_wait '^Exam — Question 3 of 3$'
gui_key b Return
t_ok "the score" gui_wait '^Exam — Score$'
t_like "the result is stored" \
    "$("$BIN/examctl" --db "$EXAM_DB" results tess)" 'tess'
t_unlike "nothing on stderr" "$(cat "$T/gui.err")" '.'
gui_key Return
t_ok "the window closes" gui_gone 5

# By name: the certificate names localhost too.
t_ok "examgui --ca CA localhost PORT" \
    gui_start --ca "$T/tls/school-ca.pem" localhost "$TLS_PORT"
t_ok "verified by name: the server asks for a name" gui_wait '^Exam — Username$'
gui_key ctrl+q
t_ok "closed" gui_gone 5

# The choice on the connect screen: --ca turned it on; Alt+T turns it
# off, and the port typed then does not turn it on again.
t_ok "examgui --ca CA 127.0.0.1: the connect screen" \
    gui_start --ca "$T/tls/school-ca.pem" 127.0.0.1
t_ok "the connect screen" gui_wait '^Exam — Connect$'
gui_key alt+p ctrl+a
gui_type "$EXAM_PORT"
gui_key alt+t Return
t_ok "Alt+T, Enter: a plain-text session" gui_wait '^Exam — Username$'
gui_shot tls-plain-chosen
t_ok "said so on screen" gui_colour_in tls-plain-chosen FFD8A8
gui_key ctrl+q
t_ok "closed" gui_gone 5

# Plain text: said so on screen.
t_ok "examgui 127.0.0.1 PLAIN-PORT" gui_start 127.0.0.1 "$EXAM_PORT"
t_ok "plain: the server asks for a name" gui_wait '^Exam — Username$'
gui_shot tls-plain
t_ok "the plain-text connection's colour is on screen" \
    gui_colour_in tls-plain FFD8A8
t_fails "and not the secure one's" gui_colour_in tls-plain C6EFD0
gui_key ctrl+q
t_ok "closed" gui_gone 5

# refused NAME WHY ARGS...: examgui ARGS is refused: the connect screen
# again, with WHY (a regex) in the error colour and on stderr, and no
# conversation.
refused() {
	_n=$1 _why=$2; shift 2
	t_ok "$_n: a window" gui_start "$@"
	t_ok "$_n: back on the connect screen" gui_wait '^Exam — Connect$'
	gui_shot "tls-refused-$_n"
	t_ok "$_n: the reason in the error colour" \
	    gui_colour_in "tls-refused-$_n" A51D2D
	t_like "$_n: the reason on stderr" "$(cat "$T/gui.err")" "$_why"
	gui_key ctrl+q
	t_ok "$_n: closed" gui_gone 5
}

# A certificate signed by the school's CA, but for another name.
NAME_PORT=$(free_port)
t_ok "a TLS server with a certificate for exam.example.org" \
    tls_front "$NAME_PORT" elsewhere
refused wrong-name "^examgui: Not connected to 127\\.0\\.0\\.1 port $NAME_PORT: its certificate was issued for another name, so it may not be the exam server\\.\$" \
    --ca "$T/tls/school-ca.pem" 127.0.0.1 "$NAME_PORT"

# The rogue's own CA: unknown to --ca and to the system's store.
FAKE_PORT=$(free_port)
t_ok "a TLS server with a certificate from another CA" \
    tls_front "$FAKE_PORT" fake
refused unknown-ca "^examgui: Not connected to 127\\.0\\.0\\.1 port $FAKE_PORT: its certificate is not signed by a trusted certificate authority, so it may not be the exam server\\.\$" \
    --ca "$T/tls/school-ca.pem" 127.0.0.1 "$FAKE_PORT"
refused system-store "is not signed by a trusted certificate authority" \
    --tls 127.0.0.1 "$FAKE_PORT"
# The school's server is unknown to the system's store too.
refused no-ca "is not signed by a trusted certificate authority" \
    --tls 127.0.0.1 "$TLS_PORT"
t_is "no session was started for any of them" \
    "$(exam_sql "SELECT COUNT(*) FROM users")" 1

# The secure choice with a plain-text server: no handshake, no session.
refused plain-server "^examgui: Cannot make a secure connection to 127\\.0\\.0\\.1 port $EXAM_PORT: " \
    --ca "$T/tls/school-ca.pem" 127.0.0.1 "$EXAM_PORT"

# Port 9443 asks for a secure connection without --tls (when the port is
# free here to show it).
if ! (exec 3<>/dev/tcp/127.0.0.1/9443) 2>/dev/null &&
    tls_front 9443 fake; then
	refused port-9443 "^examgui: Not connected to 127\\.0\\.0\\.1 port 9443: its certificate is not signed" \
	    127.0.0.1 9443
else
	t_ok "# SKIP port 9443 is in use here" true
fi

# A CA file that cannot be read: exit 2 before any window.
DISPLAY= "$BIN/examgui" --ca "$T/none.pem" 127.0.0.1 1 >/dev/null \
    2>"$T/err"; rc=$?
t_is "--ca with a missing file: exit 2" "$rc" 2
t_like "saying which file" "$(cat "$T/err")" "^examgui: cannot read the CA certificates of $T/none\\.pem: "
t_done
