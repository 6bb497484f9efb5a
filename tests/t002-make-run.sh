# SPDX-License-Identifier: ISC
# `make run` (scripts/run): both servers on the ports asked for, sample
# data, instructions printed, and Ctrl-C at the terminal stops both.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"

wp=$(free_port)
ep=$(free_port)
while [ "$ep" = "$wp" ]; do ep=$(free_port); done
# The exam over TLS on a port of its own (9443 may be taken).
tp=$(free_port)
while [ "$tp" = "$wp" ] || [ "$tp" = "$ep" ]; do tp=$(free_port); done
export EXAM_TLS_PORT=$tp
pty_start "trap : INT; STATE_DIR=$T/state WEB_PORT=$wp EXAM_PORT=$ep sh $TOP/scripts/run $BUILD; echo status=\$?"
t_ok "run prints how to stop it" pty_wait 'Press Ctrl-C to stop.'
t_like "it names the page address" "$(screen)" "http://127.0.0.1:$wp/login"
t_like "and the exam address" "$(screen)" "nc 127.0.0.1 $ep"
out=$(curl -s -d id=1711 "http://127.0.0.1:$wp/handlelogin")
t_like "the sample students are served" "$out" 'Karam'
out=$(printf '' | timeout 10 nc -N 127.0.0.1 "$ep" | tr -d '\r')
t_like "the exam service answers" "$out" '^Welcome to the exam server\.$'
t_like "it names the TLS line, with the test CA" "$(screen)" \
    "examclient --tls --ca $T/state/tls/ca.pem 127.0.0.1 $tp"
t_like "and the gnutls-cli line" "$(screen)" \
    "gnutls-cli --x509cafile $T/state/tls/ca.pem -p $tp 127.0.0.1"
out=$(printf '' | timeout 10 "$BIN/examclient" --tls --ca "$T/state/tls/ca.pem" \
    127.0.0.1 "$tp" | tr -d '\r')
t_like "the exam over TLS answers, verified against state/tls/ca.pem" "$out" \
    '^Welcome to the exam server\.$'
t_like "  by name too (localhost)" "$(printf '' | timeout 10 "$BIN/examclient" \
    --tls --ca "$T/state/tls/ca.pem" localhost "$tp" | tr -d '\r')" \
    '^Welcome to the exam server\.$'
t_like "the TLS key: nobody but its owner (and, as root, examd's group) reads it" \
    "$(stat -c %a "$T/state/tls/server.key")" '^6[04]0$'
# lighttpd's children are the FastCGI processes.
lp=$(pgrep -f "lighttpd .*$T/state/")
fcgi=$(for k in $(pgrep -P "$lp"); do readlink "/proc/$k/exe"; done |
    grep -c "/bin/\(login\|handlelogin\|error\)$")
t_is "four processes per page (max-procs 4, as deployed)" "$fcgi" 12
n=$("$BIN/examctl" --db "$T/state/exam/exam.db" questions list | grep -c '^Q:')
t_ok "the exam database holds the default bank" test "$n" -ge 10
pty_type "$(printf '\003')"
t_ok "Ctrl-C stops it" pty_wait 'status='
pty_end
t_like "with the message 'stopped'" "$(screen)" 'stopped$'
t_fails "lighttpd is gone" nc -z 127.0.0.1 "$wp"
t_fails "xinetd is gone" nc -z 127.0.0.1 "$ep"
t_fails "  and the TLS port with it" nc -z 127.0.0.1 "$tp"
ca=$(cksum <"$T/state/tls/ca.pem")

# A second run keeps the data and refuses a port in use.
"$BIN/studentctl" --db "$T/state/Student_log.db" add Zed 77 30 >/dev/null
nc -lk 127.0.0.1 "$wp" >/dev/null 2>&1 &
busy=$!
wait_port "$wp"
out=$(STATE_DIR=$T/state WEB_PORT=$wp EXAM_PORT=$ep timeout 10 sh "$TOP/scripts/run" "$BUILD" 2>&1)
rc=$?
kill "$busy" 2>/dev/null; wait "$busy" 2>/dev/null
t_is "a busy port: exit 1" "$rc" 1
t_like "and says which" "$out" "port $wp is in use"
t_is "the test CA is made once" "$(cksum <"$T/state/tls/ca.pem")" "$ca"
t_is "the students added stay" \
    "$("$BIN/studentctl" --db "$T/state/Student_log.db" show 77 | head -n 1)" \
    "Name: Zed"
t_done
