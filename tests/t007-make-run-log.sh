# SPDX-License-Identifier: ISC
# `make run` while it serves: starting opens no connection to the exam
# port (it would be counted), and the terminal shows each web request,
# each exam connection with examd's line at the session's end, and
# examd's own reason when it fails (here: a missing exam.db), as they
# happen. They are kept in state/log/ as well.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"

wp=$(free_port); ep=$(free_port)
while [ "$ep" = "$wp" ]; do ep=$(free_port); done
# The exam over TLS on a port of its own (9443 may be taken).
tp=$(free_port)
while [ "$tp" = "$wp" ] || [ "$tp" = "$ep" ]; do tp=$(free_port); done
export EXAM_TLS_PORT=$tp
mkdir -p "$T/state/exam"
"$BIN/examctl" --db "$T/state/exam/exam.db" init >/dev/null
count() { "$BIN/examctl" --db "$T/state/exam/exam.db" connections | sed -n 's/^count: //p'; }
t_is "no connection counted before the start" "$(count)" 0

pty_start "trap : INT; STATE_DIR=$T/state WEB_PORT=$wp EXAM_PORT=$ep sh $TOP/scripts/run $BUILD; echo status=\$?"
t_ok "the run starts" pty_wait 'Press Ctrl-C to stop.'
sleep 0.5
t_is "starting counted no connection" "$(count)" 0
t_is "and examd did not run" "$(grep -c START "$T/state/log/exam-connections.log")" 0

curl -s -o /dev/null "http://127.0.0.1:$wp/login"
t_ok "a web request is shown" pty_wait '"GET /login HTTP/1.1" 200 '
curl -s -o /dev/null -d id=424242 "http://127.0.0.1:$wp/handlelogin"
t_ok "with its status" pty_wait '"POST /handlelogin HTTP/1.1" 404 '

printf 'bob\n' | timeout 10 nc -N 127.0.0.1 "$ep" >/dev/null
t_ok "an exam connection is shown" pty_wait 'START: examd pid='
t_ok "and its end" pty_wait 'EXIT: examd status=0'
t_ok "with examd's line for the teacher: who, how far, why" \
    pty_wait 'session end: user bob, exam -, 0 of 0 questions answered, cut (the client left), from 127.0.0.1:'
t_is "it is the one counted" "$(count)" 1

mv "$T/state/exam/exam.db" "$T/state/exam/exam.db.away"
out=$(printf 'bob\n' | timeout 10 nc -N 127.0.0.1 "$ep" | tr -d '\r')
mv "$T/state/exam/exam.db.away" "$T/state/exam/exam.db"
t_like "exam.db missing: the client is told the service is unavailable" "$out" \
    'The exam service is unavailable'
t_ok "and the terminal shows examd's reason" \
    pty_wait "/state/exam/exam.db: no such database file; create it with 'examctl init'"
t_ok "beside xinetd's record" pty_wait 'EXIT: examd status=1'
pty_type "$(printf '\003')"
t_ok "Ctrl-C stops it" pty_wait 'status=0'
pty_end
t_like "the requests are kept in state/log/access.log" \
    "$(cat "$T/state/log/access.log")" '"GET /login HTTP/1.1" 200 '
t_like "the connections in state/log/exam-connections.log" \
    "$(cat "$T/state/log/exam-connections.log")" 'START: examd'
t_like "examd's diagnostics in state/log/examd.log" \
    "$(cat "$T/state/log/examd.log")" 'no such database file'
t_done
