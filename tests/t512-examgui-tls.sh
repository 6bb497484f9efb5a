# SPDX-License-Identifier: ISC
# examgui over TLS (SPEC 5), in a virtual X server, against examd over
# TLS under xinetd (--tls-cert, --tls-key; test CAs): a server whose
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
for _c in openssl certtool; do
	command -v "$_c" >/dev/null 2>&1 ||
	    { echo "1..0 # SKIP $_c not installed"; exit 0; }
done
ls /usr/lib/*/gio/modules/libgiognutls.so >/dev/null 2>&1 ||
    { echo "1..0 # SKIP glib-networking not installed (GIO's TLS)"; exit 0; }

t_ok "test database created" exam_db_create
exam_no_seventh
start_exam 30; rc=$?
t_is "xinetd serves examd in plain text" "$rc" 0
PLAIN_PORT=$EXAM_PORT
# The school's CA (scripts/tls-ca): its server certificate is for
# 127.0.0.1, ::1 and localhost.
start_exam_tls 30; rc=$?
t_is "xinetd serves examd over TLS" "$rc" 0
TLS_PORT=$EXAM_PORT
# A certificate from the school's CA for another name only, on a third
# examd; and a CA of a rogue's own, for the clients.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/tls/elsewhere.key" -out "$T/tls/elsewhere.csr" \
    -subj /CN=exam.example.org 2>"$T/openssl.log" &&
printf 'subjectAltName=DNS:exam.example.org\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$T/tls/elsewhere.ext" &&
openssl x509 -req -in "$T/tls/elsewhere.csr" -CA "$EXAM_CA" \
    -CAkey "$T/tls/ca.key" -CAcreateserial -days 2 \
    -out "$T/tls/elsewhere.pem" -extfile "$T/tls/elsewhere.ext" \
    2>>"$T/openssl.log"
t_is "a certificate for exam.example.org from the school's CA" "$?" 0
exam_own "$T/tls/elsewhere.key"
SCHOOL_CERT=$EXAM_TLS_CERT SCHOOL_KEY=$EXAM_TLS_KEY
EXAM_TLS_CERT=$T/tls/elsewhere.pem EXAM_TLS_KEY=$T/tls/elsewhere.key
start_exam_tls 30; rc=$?
t_is "xinetd serves examd over TLS as exam.example.org" "$rc" 0
NAME_PORT=$EXAM_PORT
EXAM_TLS_CERT=$SCHOOL_CERT EXAM_TLS_KEY=$SCHOOL_KEY EXAM_PORT=$PLAIN_PORT
t_ok "a rogue's own CA" sh "$TOP/scripts/tls-ca" "$T/rogue"

gui_display; rc=$?
t_is "Xvfb and a session bus run" "$rc" 0

# A whole session over a verified connection, by IP address.
t_ok "examgui --ca CA 127.0.0.1 PORT opens a window" \
    gui_start --ca "$EXAM_CA" 127.0.0.1 "$TLS_PORT"
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
    gui_start --ca "$EXAM_CA" localhost "$TLS_PORT"
t_ok "verified by name: the server asks for a name" gui_wait '^Exam — Username$'
gui_key ctrl+q
t_ok "closed" gui_gone 5

# The choice on the connect screen: --ca turned it on; Alt+T turns it
# off, and the port typed then does not turn it on again.
t_ok "examgui --ca CA 127.0.0.1: the connect screen" \
    gui_start --ca "$EXAM_CA" 127.0.0.1
t_ok "the connect screen" gui_wait '^Exam — Connect$'
gui_key alt+p ctrl+a
gui_type "$PLAIN_PORT"
gui_key alt+t Return
t_ok "Alt+T, Enter: a plain-text session" gui_wait '^Exam — Username$'
gui_shot tls-plain-chosen
t_ok "said so on screen" gui_colour_in tls-plain-chosen FFD8A8
gui_key ctrl+q
t_ok "closed" gui_gone 5

# Plain text: said so on screen.
t_ok "examgui 127.0.0.1 PLAIN-PORT" gui_start 127.0.0.1 "$PLAIN_PORT"
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

users() { exam_sql "SELECT COUNT(*) FROM users"; }
conns() { exam_sql "SELECT COUNT(*) FROM connections"; }
nusers=$(users) nconns=$(conns)

# A certificate from the school's CA, but for another name.
refused wrong-name "^examgui: Not connected to 127\\.0\\.0\\.1 port $NAME_PORT: its certificate was issued for another name, so it may not be the exam server\\.\$" \
    --ca "$EXAM_CA" 127.0.0.1 "$NAME_PORT"

# The school's server checked against a rogue's CA, and against the
# system's store, which knows neither.
refused unknown-ca "^examgui: Not connected to 127\\.0\\.0\\.1 port $TLS_PORT: its certificate is not signed by a trusted certificate authority, so it may not be the exam server\\.\$" \
    --ca "$T/rogue/ca.pem" 127.0.0.1 "$TLS_PORT"
refused system-store "is not signed by a trusted certificate authority" \
    --tls localhost "$TLS_PORT"
t_is "no session began for any of them" "$(users)" "$nusers"
t_is "and examd counted none of them" "$(conns)" "$nconns"

# The secure choice with a plain-text server: no handshake, no session.
refused plain-server "^examgui: Cannot make a secure connection to 127\\.0\\.0\\.1 port $PLAIN_PORT: " \
    --ca "$EXAM_CA" 127.0.0.1 "$PLAIN_PORT"
t_is "no session began" "$(users)" "$nusers"

# Port 9443 asks for a secure connection without --tls (when the port is
# free here to show it): a TLS server there (openssl s_server), unknown to
# the system's store, is refused for that.
if ! (exec 3<>/dev/tcp/127.0.0.1/9443) 2>/dev/null; then
	openssl s_server -quiet -accept 127.0.0.1:9443 -cert "$SCHOOL_CERT" \
	    -key "$SCHOOL_KEY" </dev/null >"$T/s_server.out" 2>"$T/s_server.err" &
	at_exit "kill -TERM $! 2>/dev/null; wait $! 2>/dev/null"
	wait_port 9443
	refused port-9443 "^examgui: Not connected to 127\\.0\\.0\\.1 port 9443: its certificate is not signed" \
	    127.0.0.1 9443
	t_unlike "the server read nothing" "$(cat "$T/s_server.out")" '.'
else
	t_ok "# SKIP port 9443 is in use here" true
fi

# A CA file that cannot be read: exit 2 before any window.
DISPLAY= "$BIN/examgui" --ca "$T/none.pem" 127.0.0.1 1 >/dev/null \
    2>"$T/err"; rc=$?
t_is "--ca with a missing file: exit 2" "$rc" 2
t_like "saying which file" "$(cat "$T/err")" "^examgui: cannot read the CA certificates of $T/none\\.pem: "
t_done
