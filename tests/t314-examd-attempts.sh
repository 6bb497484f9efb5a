# SPDX-License-Identifier: ISC
# Attempts through the real xinetd, on both back ends: an attempt begins
# at its first question and each answer is stored as it is given; a cut
# session resumes at the first unanswered question; a timed attempt keeps
# its deadline while its student is away, and one that ran out meanwhile
# is finished on return; an unfinished attempt counts against the limit
# and never lets a second one start; examctl results shows finished
# attempts only; inside an exam the idle timeout is 15 minutes, and a
# session has a bound (--max-session; a timed exam's time limit plus 5
# minutes) that trickled bytes do not move. Then the attacker: with one attempt, answer all but the
# last question, hang up, log in again to read the bank afresh.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
unfinished() { # USER: that user's unfinished attempts | answers stored
	exam_sql "SELECT count(*), (SELECT count(*) FROM answers n JOIN attempts b ON b.id = n.attempt WHERE b.username = '$1' AND b.finished_at IS NULL) FROM attempts a WHERE a.username = '$1' AND a.finished_at IS NULL"
}
t_ok "xinetd serves examd" start_exam

# --- a cut, and the resume -------------------------------------------------
out=$(exam_lines "amy
pw
pw
b
")
t_like "a session cut after one answer" "$out" 'Question 2/3: Is UDP connectionless\?'
t_is "leaves its attempt unfinished, the answer stored" "$(unfinished amy)" "1|1"
t_is "the attempt: user, exam, start, no deadline, no order yet, total" \
    "$(exam_sql "SELECT username, exam, started_at GLOB '20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9]Z', IFNULL(deadline_at, 'none'), IFNULL(ord, 'none'), total, IFNULL(CAST(result AS TEXT), 'none') FROM attempts WHERE username = 'amy'" | sed 's/|t|/|1|/')" \
    "amy|default|1|none|none|3|none"
t_is "the answer: question 1 in the bank's order, its letter, right" \
    "$(exam_sql "SELECT position, letter, correct FROM answers")" "1|b|1"
t_is "no result yet" "$(exam_sql "SELECT count(*) FROM results")" 0
t_is "examctl results shows finished attempts only: none" \
    "$(ectl results --csv | tr -d '\r')" "username,exam,score,total,percent,finished_at,peer"
out=$(exam_lines "amy
pw
a
")
t_is "logging in again resumes at the first unanswered question" \
    "$(printf '%s\n' "$out" | sed -n '2,5p')" \
"Username: Password: Welcome back, amy.
You have an unfinished attempt at default: 1 of 3 questions answered.

Question 2/3: Is UDP connectionless?"
t_unlike "without starting afresh" "$out" 'Question 1/3|The exam has'
t_is "the second answer joins the first" "$(unfinished amy)" "1|2"
out=$(exam_lines "amy
pw
f
")
t_like "the third session resumes at question 3" "$out" \
    'You have an unfinished attempt at default: 2 of 3 questions answered\.'
t_is "and scores every answer of the attempt" "$(printf '%s\n' "$out" | tail -n 2)" \
"Your score: 3/3 (100%)
Goodbye amy."
t_is "one attempt, finished, with its result" \
    "$(exam_sql "SELECT count(*), count(a.finished_at), max(r.score) FROM attempts a JOIN results r ON r.id = a.result WHERE a.username = 'amy'")" "1|1|3"
t_is "examctl results now shows it" "$(ectl results --csv | tr -d '\r' | tail -n +2 | cut -d, -f1-5)" \
    "amy,default,3,3,100"
out=$(exam_lines "amy
pw
")
t_like "a finished attempt is not resumed: a new one begins" "$out" \
    'The exam has 3 questions\.'
t_is "(the new one cut before its first answer stays open)" "$(unfinished amy)" "1|0"

# --- one attempt answered on two connections at once -----------------------
# The first answer stored wins; the other connection is told so and
# ends, storing nothing.
out=$(exam_lines "mia
pw
pw
b
")
t_like "mia answers one question and hangs up" "$out" 'Question 2/3'
exec 5<>"/dev/tcp/127.0.0.1/$EXAM_PORT"
printf 'mia\npw\n' >&5
seen=
while IFS= read -r -t 10 line <&5; do
	case $line in *"Question 2/3"*) seen=1; break ;; esac
done
t_is "connection A resumes her attempt at question 2" "$seen" 1
out=$(exam_lines "mia
pw
b
")
t_like "connection B resumes it too and answers question 2" "$out" 'Question 3/3'
printf 'a\n' >&5
out=$(timeout 10 cat <&5 | tr -d '\r')
exec 5<&-
t_like "A's answer to question 2 is refused" "$out" \
    'Your attempt at default goes on in another session\.'
t_like "and A says goodbye" "$out" 'Goodbye mia\.$'
t_is "one attempt, two answers, B's letter for question 2" \
    "$(unfinished mia)|$(exam_sql "SELECT n.letter FROM answers n JOIN attempts a ON a.id = n.attempt WHERE a.username = 'mia' AND n.position = 2")" \
    "1|2|b"

# --- the attacker: one attempt, all but the last, hang up, again ----------
ectl exams set default attempts 1 >/dev/null
out=$(exam_lines "eve
pw
pw
a
b
")
t_like "eve answers all but the last question" "$out" 'Question 3/3'
t_is "and hangs up: her two answers are stored" "$(unfinished eve)" "1|2"
for i in 1 2 3; do
	out=$(exam_lines "eve
pw
")
	case $out in
	*"Question 1/3"*|*"The exam has"*) break ;;
	esac
done
t_unlike "logging in again (3 times) never restarts the bank" "$out" 'Question 1/3|The exam has'
t_like "it resumes at the last question" "$out" \
    'You have an unfinished attempt at default: 2 of 3 questions answered\.'
t_is "still one attempt" "$(exam_sql "SELECT count(*) FROM attempts WHERE username = 'eve'")" 1
out=$(exam_lines "eve
pw
a
")
t_is "the last answer finishes it, scored with the earlier wrong ones" \
    "$(printf '%s\n' "$out" | tail -n 2)" "Your score: 0/3 (0%)
Goodbye eve."
out=$(exam_lines "eve
pw
")
t_like "and then no attempt is left" "$out" 'You have no attempts left for default\.'

# --- an unfinished attempt counts against the limit ------------------------
ectl exams set default attempts 2 >/dev/null
printf 'Q: One?\na) yes\nb) no\nA: a\n' >"$T/other.txt"
ectl questions import --exam other "$T/other.txt" >/dev/null
ectl exams set other attempts 1 >/dev/null
exam_lines "bob
pw
pw
default
$EXAM_RIGHT
" >/dev/null
out=$(exam_lines "bob
pw
default
b
")
t_is "bob: one result and one unfinished attempt at default" \
    "$(exam_sql "SELECT count(*) FROM results WHERE username = 'bob'")|$(unfinished bob)" "1|1|1"
t_is "examctl results shows his finished attempt only" \
    "$(ectl results bob --csv | tr -d '\r' | tail -n +2 | cut -d, -f1-3)" "bob,default,3"
out=$(exam_lines "bob
pw
default
a
f
")
t_like "choosing default resumes it (no second attempt)" "$out" \
    'default: 1 of 3 questions answered\.'
t_is "which was his second of two" "$(printf '%s\n' "$out" | tail -n 2 | head -n 1)" "Your score: 3/3 (100%)"
out=$(exam_lines "bob
pw
default
other
")
t_like "then default has none left, other still has one" "$out" \
    'You have no attempts left for default\.'
t_like "(and other begins)" "$out" 'The exam has 1 question\.'
out=$(exam_lines "bob
pw
other
")
t_like "the unfinished attempt at other is resumed, though it used the one attempt" \
    "$out" 'You have an unfinished attempt at other: 0 of 1 questions answered\.'

# --- timed: the deadline runs while away ----------------------------------
# Minutes of 2 s (--minute-seconds, the test aid); default takes 10 of them.
ectl exams delete other >/dev/null
ectl exams set default attempts unlimited >/dev/null
ectl exams set default time-limit 10 >/dev/null
EXAM_ARGS='--minute-seconds 2' start_exam 60
out=$(exam_lines "tim
pw
pw
b
")
t_like "a timed attempt begins" "$out" '^You have 10 minutes\.$'
dl=$(exam_sql "SELECT deadline_at FROM attempts WHERE username = 'tim' AND finished_at IS NULL")
t_like "with its deadline stored" "$dl" '^20[0-9-]+T[0-9:]+\.[0-9]{3}Z$'
sleep 5
out=$(exam_lines "tim
pw
")
t_like "back after 5 s, the minutes left are said (rounded up)" \
    "$(printf '%s\n' "$out" | tr '\n' '~')" \
    '~You have an unfinished attempt at default: 1 of 3 questions answered\.~You have [5-8] minutes left\.~~Question 2/3'
t_is "the deadline has not moved" \
    "$(exam_sql "SELECT deadline_at FROM attempts WHERE username = 'tim' AND finished_at IS NULL")" "$dl"

# An attempt whose deadline passed while away: finished on return.
ectl exams set default time-limit 1 >/dev/null
out=$(exam_lines "tom
pw
pw
b
")
t_like "tom answers one question of a 2 s exam" "$out" '^You have 1 minute\.$'
sleep 3
out=$(exam_lines "tom
pw
")
t_is "back after the deadline: time is up, the score, goodbye" "$out" \
"Welcome to the exam server.
Username: Password: Welcome back, tom.

Time is up.
Your score: 1/3 (33%)
Goodbye tom."
t_is "the attempt is finished with its result" \
    "$(exam_sql "SELECT count(a.finished_at), max(r.score), max(r.total) FROM attempts a JOIN results r ON r.id = a.result WHERE a.username = 'tom'")" "1|1|3"
out=$(exam_lines "tom
pw
")
t_like "and the next login begins a new attempt" "$out" 'The exam has 3 questions\.'

# --- bounds: thinking is not idling; a session has an end ------------------
# Minutes of 1 s: inside an exam silence may last 15 s, logging in 2 s.
ectl exams set default time-limit none >/dev/null
EXAM_ARGS='--minute-seconds 1 --max-session 4' start_exam 2
out=$({ printf 'ida\n'; sleep 3; } | timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_like "logging in keeps the short idle timeout" "$out" 'Timed out after 2 s without input\.$'
out=$({ printf 'ida\npw\npw\nb\n'; sleep 3; printf 'a\n'; } |
    timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_unlike "inside the exam 3 s of thought are not idling" "$out" 'Timed out'
t_like "the answer after them is taken" "$out" 'Question 3/3'
t_is "(both answers stored)" "$(unfinished ida)" "1|2"
# The session's bound (4 minutes of 1 s), however the bytes trickle.
# stamped: each line of the reply after the ms since $t0 it arrived at.
stamped() {
	tr -d '\r' | while IFS= read -r l; do
		echo "$(( ($(date +%s%N) - t0) / 1000000 )) $l"
	done
}
t0=$(date +%s%N)
out=$({ printf 'ida\npw\n'; i=0; while [ $i -lt 12 ]; do printf ' '; sleep 1; i=$((i + 1)); done; } |
    timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | stamped)
t_like "a trickling session is ended at --max-session" "$out" \
    '^[0-9]+ (Answer: )?The session has lasted its limit of 4 minutes\.$'
ms=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) .*limit of 4 minutes.*/\1/p')
t_ok "after 4 s, not at the end of its input (${ms:-?} ms)" test "${ms:-0}" -ge 3500 -a "${ms:-99999}" -lt 8000
t_is "its attempt stays, with its answers" "$(unfinished ida)" "1|2"

# Idle inside the exam: 15 minutes (of 1 s); the attempt is kept.
EXAM_ARGS='--minute-seconds 1' start_exam 2
t0=$(date +%s%N)
out=$({ printf 'ida\npw\n'; sleep 18; } | timeout 30 nc -N 127.0.0.1 "$EXAM_PORT" | stamped)
t_like "silence inside the exam ends it after 15 minutes" "$out" \
    'Timed out after 15 s without input\.$'
ms=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) .*Timed out.*/\1/p')
t_ok "(not sooner: ${ms:-?} ms)" test "${ms:-0}" -ge 14500
out=$(exam_lines "ida
pw
f
")
t_like "and the attempt goes on after it" "$out" \
    'You have an unfinished attempt at default: 2 of 3 questions answered\.'
t_is "to its end" "$(printf '%s\n' "$out" | tail -n 2 | head -n 1)" "Your score: 3/3 (100%)"

# A timed exam's session: at most its time limit plus 5 minutes from the
# session's start, even when the time went by in the menu.
ectl questions import --exam other "$T/other.txt" >/dev/null
ectl exams set default time-limit 3 >/dev/null
EXAM_ARGS='--minute-seconds 1' start_exam 20
out=$({ printf 'ray\npw\npw\n'; sleep 6; printf 'default\nb\n'; sleep 5; } |
    timeout 30 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_like "6 s in the menu, then a 3 s exam: ended at 3 + 5 s, before its deadline" \
    "$out" 'The session has lasted its limit of 8 minutes\.$'
t_unlike "(not by the time limit)" "$out" 'Time is up'
t_is "its attempt stays, the answer stored" "$(unfinished ray)" "1|1"

t_is "integrity check ok" "$(exam_sql 'PRAGMA integrity_check')" ok
[ "$BACKEND" = sqlite ] &&
    t_is "foreign keys hold" "$(exam_sql 'PRAGMA foreign_key_check')" ""
t_done
