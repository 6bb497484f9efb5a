# SPDX-License-Identifier: ISC
# The teacher's commands as students see them, through xinetd: a closed
# exam is not offered (not in the menu, not by name) and keeps its
# results; opened again, it is back; `attempts grant` gives one student
# more attempts at one exam, and no one else; deluser takes the grant with
# the account. On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
t_ok "test database created" exam_db_create
exam_no_seventh
ectl exams delete default >/dev/null
ectl questions import --exam math "$TOP/sql/math.txt" >/dev/null &&
    ectl questions import --exam python "$TOP/sql/python.txt" >/dev/null
t_ok "xinetd serves examd" start_exam
MATH='b
c
c
a
b
c'
for u in amy bea; do
	exam_lines "$u
pw
pw
math
$MATH
" >/dev/null
done
t_is "amy and bea took math" "$(exam_sql "SELECT count(*) FROM results WHERE exam = 'math'")" 2

# Closed: the menu goes (one exam left: it starts at once), the name is
# not taken, the results stay.
ectl exams set math closed >/dev/null
out=$(exam_lines "amy
pw
")
t_unlike "a closed exam is not in the menu" "$out" 'Exams:|math'
t_like "the only open exam starts at once" "$out" 'The exam has 5 questions'
ectl exams set python closed >/dev/null
out=$(exam_lines "amy
pw
")
t_is "all closed: no exam to take" "$(printf '%s\n' "$out" | tail -n 2)" \
    "There is no exam to take yet.
Goodbye amy."
ectl exams set python open >/dev/null
exam_sql "INSERT INTO exams (name) VALUES ('spare')"
ectl questions import --exam spare "$TOP/sql/python.txt" >/dev/null
out=$(exam_lines "amy
pw
math
")
t_is "the menu lacks it, and its name is not taken" \
    "$(printf '%s\n' "$out" | sed -n '3,6p')" "Exams:
  1) python
  2) spare
Choose an exam: Please answer with a number from 1 to 2 or an exam's name."
t_is "its results stay" "$(ectl results --exam math | tail -n +2 | wc -l)" 2
ectl exams set math open >/dev/null
ectl exams delete spare >/dev/null
out=$(exam_lines "amy
pw
")
t_like "open again, it is back in the menu" "$out" '  1\) math'

# attempts 1 on math: both used it; a grant for amy alone.
ectl exams set math attempts 1 >/dev/null
ectl exams delete python >/dev/null
out=$(exam_lines "amy
pw
")
t_like "amy has no attempt left" "$out" 'You have no attempts left for math\.'
t_is "grant amy one more" "$(ectl attempts grant amy math)" \
    "amy: 1 more attempt at math (1 granted in all)"
out=$(exam_lines "amy
pw
$MATH
")
t_like "amy takes math again" "$out" 'Your score: 6/6 \(100%\)'
out=$(exam_lines "bea
pw
")
t_like "bea still has none" "$out" 'You have no attempts left for math\.'
out=$(exam_lines "amy
pw
")
t_like "and amy has used her grant" "$out" 'You have no attempts left for math\.'
t_is "amy has two results, bea one" \
    "$(exam_sql "SELECT username, count(*) FROM results GROUP BY username ORDER BY username")" "amy|2
bea|1"

# deluser takes the grant: a new amy starts clean.
ectl deluser --yes amy >/dev/null
t_is "deluser removes her grant" "$(exam_sql 'SELECT count(*) FROM grants')" 0
t_done
