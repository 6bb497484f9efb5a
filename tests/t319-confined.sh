# SPDX-License-Identifier: ISC
# examd and the FastCGI programs confine themselves once set up (lib/sandbox:
# a seccomp filter, Seccomp: 2 in /proc/PID/status): a session under
# xinetd, plain and over TLS, on either back end, and every page process
# under lighttpd. A whole exam and the pages' answers still go through; a
# call outside the list ends the process (tests/unit/test_sandbox.c).
# The sanitizer build has no filter (SANDBOX=no, see the Makefile).
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
. "$TOP/tests/lib-web.sh"

want=2
if nm "$BIN/examd" 2>/dev/null | grep -q '__asan_init'; then want=0; fi

# session_seccomp NC-COMMAND: holds a session open with NC-COMMAND and
# prints the Seccomp: line of the examd serving it.
session_seccomp() {
	{ printf 'pat\n'; sleep 3; } | timeout 20 $1 >/dev/null 2>&1 &
	_c=$!
	_k= _i=0
	while [ -z "$_k" ] && [ "$_i" -lt 200 ]; do
		sleep 0.05; _i=$((_i + 1))
		_k=$(pgrep -n -P "$_exam_xinetd")
		case $(readlink "/proc/$_k/exe" 2>/dev/null) in
		*/examd) ;; *) _k= ;; esac
	done
	seccomp_of "$_k" "$want"
	wait "$_c"
}

t_ok "test database created" exam_db_create
t_ok "xinetd serves examd" start_exam
t_is "a session's examd is confined (Seccomp: $want)" \
    "$(session_seccomp "nc 127.0.0.1 $EXAM_PORT")" "$want"
answers=$(exam_sql 'SELECT answer FROM questions ORDER BY position')
out=$({ printf 'confined\nsecret pw\nsecret pw\n'; printf '%s\n' "$answers"; } |
    timeout 30 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r' | tail -n 1)
t_is "a whole exam goes through, confined" "$out" "Goodbye confined."
t_is "it is stored" "$(exam_sql "SELECT count(*) FROM results WHERE username = 'confined'")" 1
t_unlike "no examd ended by a signal (SIGSYS: a call outside the list)" \
    "$(cat "$T/xinetd-svc.log")" 'signal'

if command -v openssl >/dev/null; then
	kill -TERM "$_exam_xinetd" 2>/dev/null; wait "$_exam_xinetd" 2>/dev/null
	t_ok "xinetd serves examd over TLS" start_exam_tls
	t_is "a TLS session's examd is confined too" \
	    "$(session_seccomp "openssl s_client -quiet -CAfile $EXAM_CA -connect 127.0.0.1:$EXAM_PORT")" "$want"
	in=$(printf 'tlsuser\nsecret pw\nsecret pw\n%s' "$answers")
	out=$(exam_tls_talk "$in
" | tr -d '\r' | tail -n 1)
	t_is "a whole exam over TLS goes through, confined" "$out" "Goodbye tlsuser."
	t_unlike "no examd ended by a signal" "$(cat "$T/xinetd-svc.log")" 'signal'
fi

t_ok "lighttpd serves the pages" start_web
for path in /login /handlelogin /nope; do req "$WEB$path"; done
post id=1711
pages=$(for k in $(pgrep -P "$_web_pid"); do
	printf '%s %s\n' "$(basename "$(readlink "/proc/$k/exe")")" "$(seccomp_of "$k" "$want")"
done | sort -u)
t_is "every page process is confined" "$pages" "error $want
handlelogin $want
login $want"
post id=1711
t_is "the pages still answer" "$STATUS" 200
t_like "with the student" "$BODY" 'Karam'
t_unlike "none of them died" "$(web_logs)" 'died|signal|terminated'
t_done
