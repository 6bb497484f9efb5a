# SPDX-License-Identifier: ISC
# examd: long lines, NUL bytes and silence end the session with a reason.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "xinetd serves examd with a 1 s idle timeout" start_exam 1
exam_talk "ivy
pw
pw
$EXAM_RIGHT
" >/dev/null

x1024=$(printf '%01024d' 0)
x1025=$(printf '%01025d' 0)
x2000=$(printf '%02000d' 0)
out=$(exam_lines "$x2000
ivy
pw
$EXAM_RIGHT
")
t_is "a 2000-byte line ends the session with a reason" "$out" \
    "Welcome to the exam server.
Username: Line too long: the limit is 1024 bytes."

out=$(exam_lines "$x1025
")
t_like "1025 bytes is too long" "$out" 'Line too long'
out=$(exam_lines "$x1024
")
t_like "1024 bytes is a line (here an invalid username)" "$out" \
    '^Username: A username is 1 to 32'
t_unlike "and not too long" "$out" 'Line too long'
out=$(printf '%s\r\n' "$x1024" | timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_like "1024 bytes + CRLF is a line too" "$out" '^Username: A username is'

out=$(exam_lines "ivy
$x2000
")
t_is "a long password line too" "$(printf '%s\n' "$out" | tail -n 1)" \
    "Username: Password: Line too long: the limit is 1024 bytes."

out=$(exam_lines "ivy
pw
b
$x2000
a
f
")
t_is "a long answer line too" "$(printf '%s\n' "$out" | tail -n 1)" \
    "Answer: Line too long: the limit is 1024 bytes."

out=$(printf 'iv\000y\npw\nb\na\nf\n' | timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" |
    tr -d '\r')
t_is "a NUL byte ends the session with a reason" "$out" \
    "Welcome to the exam server.
Username: NUL bytes are not allowed."
out=$(printf 'ivy\np\000w\nb\na\nf\n' | timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" |
    tr -d '\r')
t_is "also in a password" "$(printf '%s\n' "$out" | tail -n 1)" \
    "Username: Password: NUL bytes are not allowed."

start=$(date +%s%N)
# bash's /dev/tcp keeps the connection open while cat reads to the end,
# so the time measured is the server's.
out=$(exec 3<>"/dev/tcp/127.0.0.1/$EXAM_PORT" && printf 'ivy\n' >&3 &&
    timeout 10 cat <&3 | tr -d '\r')
ms=$(( ($(date +%s%N) - start) / 1000000 ))
t_is "silence ends the session with a reason" "$out" \
    "Welcome to the exam server.
Username: Password: Timed out after 1 s without input."
t_ok "after about the idle timeout, not when the client leaves ($ms ms)" \
    test "$ms" -ge 900 -a "$ms" -lt 4000

out=$({ sleep 3; } | timeout 20 nc 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_is "a client that never speaks times out too" "$out" \
    "Welcome to the exam server.
Username: Timed out after 1 s without input."

# A slow but steady client is not idle: each line within the timeout.
out=$({ for l in ivy pw b a f; do printf '%s\n' "$l"; sleep 0.4; done; } |
    timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_is "a slow client finishes" "$(printf '%s\n' "$out" | tail -n 1)" "Goodbye ivy."

t_is "none of those stored a result" \
    "$(exam_sql "SELECT COUNT(*) FROM results")" 2
t_unlike "no examd failed" "$(cat "$T/xinetd-svc.log")" 'status=[1-9]'
t_done
