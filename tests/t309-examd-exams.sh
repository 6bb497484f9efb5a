# SPDX-License-Identifier: ISC
# examd through xinetd with several exams: the menu, the choice by number
# or name, the re-ask, one exam or none, attempts (also two sessions of one
# user at once), the time limit and the idle timeout on top of it.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
t_ok "test database created" exam_db_create
exam_no_seventh
ectl exams delete default >/dev/null
ectl questions import --exam math "$TOP/sql/math.txt" >/dev/null &&
    ectl questions import --exam python "$TOP/sql/python.txt" >/dev/null
t_is "the sample banks are loaded" "$(exam_sql 'SELECT count(*) FROM questions')" 11
# An exam without questions is never offered.
exam_sql "INSERT INTO exams (name) VALUES ('empty')"
t_ok "xinetd serves examd" start_exam

MATH='b
c
c
a
b
c'
PY='b
b
a
c
b'
out=$(exam_lines "amy
pw
pw
2
$PY
")
t_is "a new user gets the menu, then the chosen exam" \
    "$(printf '%s\n' "$out" | head -n 6)" "Welcome to the exam server.
Username: New user amy. Choose a password: Repeat password: Registered amy.
Exams:
  1) math
  2) python
Choose an exam: The exam has 5 questions. Answer each with the letter of your choice."
t_is "and ends with the score and percentage" "$(printf '%s\n' "$out" | tail -n 2)" \
    "Your score: 5/5 (100%)
Goodbye amy."
t_is "the result records the exam" \
    "$(exam_sql "SELECT exam, score, total FROM results WHERE username = 'amy'")" "python|5|5"

out=$(exam_lines "amy
pw
 	PyThOn  
$PY
")
t_like "the name in either case, blanks trimmed" "$out" '^Choose an exam: The exam has 5 questions'
out=$(exam_lines "amy
pw
0
3
chem
1x
ma
01
$MATH
")
t_is "anything else is re-asked, the list shown once" \
    "$(printf '%s\n' "$out" | grep -c "Please answer with a number from 1 to 2 or an exam's name.")|$(printf '%s\n' "$out" | grep -c '^Exams:$')" "5|1"
t_like "a number with a leading zero is a number" "$out" 'The exam has 6 questions'
t_is "math's score" "$(printf '%s\n' "$out" | tail -n 2 | head -n 1)" "Your score: 6/6 (100%)"

# Attempts: with other exams the menu comes back; with none left, goodbye.
ectl exams set math attempts 1 >/dev/null
out=$(exam_lines "amy
pw
1
2
$PY
")
t_is "no attempts left for math: said, then the menu again" \
    "$(printf '%s\n' "$out" | sed -n '3,10p')" "Exams:
  1) math
  2) python
Choose an exam: You have no attempts left for math.
Exams:
  1) math
  2) python
Choose an exam: The exam has 5 questions. Answer each with the letter of your choice."
ectl exams set python attempts 3 >/dev/null
out=$(exam_lines "amy
pw
math
")
t_is "with every exam used up: goodbye" "$(printf '%s\n' "$out" | tail -n 2)" \
    "Choose an exam: You have no attempts left for math.
Goodbye amy."
t_is "no result was added" "$(exam_sql "SELECT count(*) FROM results WHERE username = 'amy'")" 4
ectl exams set python attempts unlimited >/dev/null
ectl exams delete python >/dev/null
out=$(exam_lines "amy
pw
")
t_is "the only exam, used up: no menu, goodbye" "$out" "Welcome to the exam server.
Username: Password: Welcome back, amy.
You have no attempts left for math.
Goodbye amy."
out=$(exam_lines "bea
pw
pw
$MATH
")
t_is "the only exam starts at once" "$(printf '%s\n' "$out" | sed -n '2,3p')" \
    "Username: New user bea. Choose a password: Repeat password: Registered bea.
The exam has 6 questions. Answer each with the letter of your choice."
t_unlike "without a menu, or a time limit" "$out" 'Exams:|Choose an exam|You have [0-9]'

# Two sessions of one user at once against attempts 1: exactly one result.
exam_sql "DELETE FROM results WHERE username = 'bea'"
slow() { { printf 'bea\npw\n'; sleep 1.5; printf '%s\n' "$MATH"; } |
    timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r' >"$1"; }
slow "$T/s1" & p1=$!
slow "$T/s2" & p2=$!
wait "$p1" "$p2"
t_is "two sessions at once: exactly one result" \
    "$(exam_sql "SELECT count(*) FROM results WHERE username = 'bea'")" 1
# The second joins the one attempt (never a second one): the first to
# store an answer goes on, the other is told so.
t_is "one was scored, the other told the attempt goes on elsewhere" \
    "$(cat "$T/s1" "$T/s2" | grep -c '^Your score: 6/6 (100%)$')|$(cat "$T/s1" "$T/s2" | grep -c 'Your attempt at math goes on in another session\.$')" "1|1"
t_is "two attempts of bea in all, none unfinished" "$(exam_sql "SELECT count(*), count(finished_at) FROM attempts WHERE username = 'bea'")" "2|2"

ectl exams delete math >/dev/null
out=$(exam_lines "amy
pw
")
t_is "no exam with questions: said, then goodbye" "$(printf '%s\n' "$out" | tail -n 2)" \
    "There is no exam to take yet.
Goodbye amy."

# The time limit, in minutes of --minute-seconds 1 (examd's test aid).
ectl questions import --exam math "$TOP/sql/math.txt" >/dev/null
ectl exams set math time-limit 1 >/dev/null
EXAM_ARGS='--minute-seconds 1' start_exam 3
# The client keeps its connection open and silent after one answer: the
# server itself must end the exam when the limit passes.
exec 3<>"/dev/tcp/127.0.0.1/$EXAM_PORT"
start=$(date +%s%N)
printf 'cy\npw\npw\nb\n' >&3
timeout 20 cat <&3 >"$T/timed" &
reader=$!
i=0
until grep -q 'Goodbye' "$T/timed" || [ "$i" -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
took=$((($(date +%s%N) - start) / 1000000))
printf '%s\n' "$MATH" >&3 2>/dev/null
wait "$reader"
exec 3>&-
out=$(tr -d '\r' <"$T/timed")
t_is "time is up: the score of the answers so far over all questions" \
    "$(printf '%s\n' "$out" | tail -n 4)" "Answer: 
Time is up.
Your score: 1/6 (17%)
Goodbye cy."
t_is "the limit is announced before the first question" "$(printf '%s\n' "$out" | sed -n '3,4p')" \
    "The exam has 6 questions. Answer each with the letter of your choice.
You have 1 minute."
t_is "and it is stored" "$(exam_sql "SELECT score, total, exam FROM results WHERE username = 'cy'")" "1|6|math"
t_ok "the server ended the exam at the limit (${took} ms, limit 1000)" \
    test "$took" -ge 900 -a "$took" -lt 2500
out=$(exam_lines "cy
pw
$MATH
")
t_is "answers that arrive in time count whole" "$(printf '%s\n' "$out" | tail -n 2 | head -n 1)" \
    "Your score: 6/6 (100%)"
ectl exams set math time-limit 10 >/dev/null
out=$({ printf 'cy\npw\nb\n'; sleep 5; } | timeout 20 nc -N 127.0.0.1 "$EXAM_PORT" | tr -d '\r')
t_like "in minutes, plural" "$out" '^You have 10 minutes\.$'

t_unlike "inside the exam, 5 s of thought outlast the idle timeout of 3 s" "$out" 'Timed out'
t_is "and leaving stores no result" "$(exam_sql "SELECT count(*) FROM results WHERE username = 'cy'")" 2
# An exam of one question says so in the singular.
printf 'Q: Two plus two?\na) 3\nb) 4\nA: b\n' >"$T/one.txt"
ectl exams delete math >/dev/null &&
    ectl questions import --exam one "$T/one.txt" >/dev/null
out=$(exam_lines "cy
pw
b
")
t_like "one question, singular" "$out" '^The exam has 1 question\. Answer each with the letter of your choice\.$'
t_is "and its score" "$(printf '%s\n' "$out" | tail -n 2 | head -n 1)" "Your score: 1/1 (100%)"

t_is "integrity check ok" "$(exam_sql 'PRAGMA integrity_check')" ok
t_done
