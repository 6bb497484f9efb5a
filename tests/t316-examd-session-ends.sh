# SPDX-License-Identifier: ISC
# Logs a teacher can use, through the real xinetd: every session's end is
# one line with the user, the exam, the questions answered and why it
# ended: finished, time up, cut (the client left, a line too long), timed
# out, too many failures, refused. examd writes it to its log (syslog, or
# --log FILE as `make run` shows it on its terminal; t007).
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
t_ok "test database created" exam_db_create
exam_no_seventh
ectl exams delete default >/dev/null
ectl questions import --exam math "$TOP/sql/math.txt" >/dev/null
EXAM_LOG=$T/examd.log
EXAM_ARGS='--minute-seconds 1' start_exam 2 || exit 1
MATH='b
c
c
a
b
c'
# ended USER: the end lines of USER's sessions, waiting for the newest
# one (xinetd's child may still be closing); prints the last.
ended() {
	_i=0
	while [ "$(grep -c "session end: user $1," "$EXAM_LOG")" -lt "${2:-1}" ] &&
	    [ "$_i" -lt 60 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	grep "session end: user $1," "$EXAM_LOG" | tail -n 1 |
	    sed 's/.*session end: //'
}
exam_lines "amy
pw
pw
$MATH
" >/dev/null
t_is "finished" "$(ended amy | sed "s/:[0-9]*$//")" \
    "user amy, exam math, 6 of 6 questions answered, finished, from 127.0.0.1"
{ printf 'dan\npw\npw\nb\nc\nc\na\nb\n'; sleep 0.3; } |
    timeout 10 nc -N 127.0.0.1 "$EXAM_PORT" >/dev/null
t_is "cut at a question (the client left): how far it got" "$(ended dan | sed 's/:[0-9]*$//')" \
    "user dan, exam math, 5 of 6 questions answered, cut (the client left), from 127.0.0.1"
{ printf 'eve\npw\npw\nb\n'; head -c 2000 /dev/zero | tr '\0' x; printf '\n'; } |
    timeout 10 nc -N 127.0.0.1 "$EXAM_PORT" >/dev/null
t_like "cut by a line too long" "$(ended eve)" \
    '^user eve, exam math, 1 of 6 questions answered, cut \(line too long\), '
# Silent at the password (inside an exam the idle timeout is longer).
{ printf 'fay\n'; sleep 4; } |
    timeout 10 nc -N 127.0.0.1 "$EXAM_PORT" >/dev/null
t_like "timed out" "$(ended fay)" \
    '^user fay, exam -, 0 of 0 questions answered, timed out, '
exam_lines "amy
no
nope
never
" >/dev/null
t_like "too many failures (wrong passwords), no exam begun" "$(ended amy 2)" \
    '^user amy, exam -, 0 of 0 questions answered, too many failures \(wrong passwords\), '
exam_lines "x y
x y
x y
x y
x y
" >/dev/null
t_like "too many failures (invalid user names), no user" \
    "$(grep 'session end: user -,' "$EXAM_LOG" | tail -n 1)" \
    'too many failures \(invalid user names\)'
ectl exams set math attempts 1 >/dev/null
exam_lines "amy
pw
" >/dev/null
t_like "refused: no attempts left" "$(ended amy 3)" \
    '^user amy, exam math, 0 of 0 questions answered, refused \(no attempts left\), '
ectl exams set math attempts unlimited >/dev/null
ectl exams set math time-limit 1 >/dev/null
{ printf 'gus\npw\npw\nb\n'; sleep 1.6; } |
    timeout 10 nc -N 127.0.0.1 "$EXAM_PORT" >/dev/null
t_like "time up" "$(ended gus)" \
    '^user gus, exam math, 1 of 6 questions answered, time up, '
ectl exams set math closed >/dev/null
exam_lines "gus
pw
" >/dev/null
t_like "refused: no exam to take" "$(ended gus 2)" \
    '^user gus, exam -, 0 of 0 questions answered, refused \(no exam to take\), '
t_is "one end line per session" "$(grep -c 'session end: ' "$EXAM_LOG")" 9
t_done
