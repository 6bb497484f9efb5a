# SPDX-License-Identifier: ISC
# examctl exams (list, set, open|closed, delete), attempts grant,
# questions import/list --exam, and adduser (stdin, and twice with echo off
# on a terminal). Each change is said in one line. On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"
. "$TOP/tests/lib-exam.sh"
exam_new_db; DB=$EXAM_DB
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { exam_db_sql "$DB" "$1"; }
verifies() { perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' "$1" "$2"; }
ectl init >/dev/null

t_is "init makes the exam default" "$(ectl exams)" \
"name     questions   attempts  time-limit  results  state
default         12  unlimited        none        0  open"
out=$(ectl questions import --exam math "$TOP/sql/math.txt"); rc=$?
t_is "questions import --exam NAME creates it" "$rc|$out" "0|imported 6 questions
created the exam math"
t_is "the python sample bank" "$(ectl questions import "--exam=python" "$TOP/sql/python.txt")" \
    "imported 5 questions
created the exam python"
t_is "importing again replaces its bank" "$(ectl questions import --exam math "$TOP/sql/python.txt")" \
    "imported 5 questions"
ectl questions import --exam math "$TOP/sql/math.txt" >/dev/null
t_is "questions list --exam prints that bank" "$(ectl questions list --exam math | head -n 2)" \
"Q: What is 7 × 8?
a) 54"
t_is "and it reads back as the sample" \
    "$(ectl questions list --exam python | grep -c '^Q: ')" 5
t_is "the default bank is untouched" "$(ectl questions list | grep -c '^Q: ')" 12
ectl questions list --exam chem >"$T/out" 2>"$T/err"; rc=$?
t_is "questions list of a missing exam: exit 1" "$rc" 1
t_is "and says so" "$(cat "$T/err")" "examctl: no exam 'chem'"

t_is "exams set NAME attempts N" "$(ectl exams set math attempts 2; echo $?)" "math: 2 attempts per user
0"
t_is "time-limit, in one line" "$(ectl exams set math time-limit 30)" "math: a time limit of 30 minutes"
t_is "attempts 0" "$(ectl exams set python attempts 0)" "python: 0 attempts per user"
q "INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
	('amy', 3, 6, '2024-05-01T09:00:00Z', '127.0.0.1:1', 'math')"
t_is "exams lists the limits and results" "$(ectl exams)" \
"name     questions   attempts  time-limit  results  state
default         12  unlimited        none        0  open
math             6          2      30 min        1  open
python           5          0        none        0  open"
t_is "unlimited, in one line" "$(ectl exams set math attempts unlimited)" "math: unlimited attempts"
t_is "none, in one line" "$(ectl exams set math time-limit none)" "math: no time limit"
t_is "unlimited and none lift them" "$(q "SELECT CASE WHEN attempts IS NULL THEN 1 END, CASE WHEN time_limit IS NULL THEN 1 END FROM exams WHERE name = 'math'")" "1|1"
ectl exams set chem attempts 1 2>"$T/err"; rc=$?
t_is "exams set on a missing exam: exit 1" "$rc" 1
t_is "and says so" "$(cat "$T/err")" "examctl: no exam 'chem'"
bad() { # args...: exit 2, one line, nothing changed
	sum=$(q 'SELECT * FROM exams ORDER BY id' | md5sum)
	ectl "$@" >"$T/out" 2>"$T/err"; rc=$?
	t_is "$*: exit 2, one line, nothing changed" \
	    "$rc|$(wc -l <"$T/err")|$(q 'SELECT * FROM exams ORDER BY id' | md5sum)" "2|1|$sum"
}
bad exams set math attempts -1
bad exams set math attempts 1000001
bad exams set math attempts ' 3'
bad exams set math attempts lots
bad exams set math time-limit 0
bad exams set math time-limit 10081
bad exams set math time-limit unlimited
bad exams set math colour red
bad exams set math closed now
bad exams set math open 1
bad exams set math Closed
bad exams set math attempts
bad exams set Math attempts 1
bad exams set math attempts
bad exams frobnicate
bad exams delete
bad exams delete 'bad name'
bad questions import --exam 'Math' "$TOP/sql/math.txt"
bad questions import --exam "$(head -c 33 /dev/zero | tr '\0' m)" "$TOP/sql/math.txt"
bad questions import --exam
bad questions list --exam
bad questions list --since 2024-01-01
bad questions import --exam new "$TOP/tests/fixtures/exam_schema_v1.sql"
t_is "a rejected bank creates no exam" "$(q "SELECT count(*) FROM exams WHERE name = 'new'")" 0

# open|closed: a closed exam keeps its bank, limits and results.
t_is "exams set NAME closed" "$(ectl exams set python closed; echo $?)" "python: closed (not offered; its results stay)
0"
t_is "exams shows it closed, its limits kept" "$(ectl exams | grep '^python')" \
    "python           5          0        none        0  closed"
t_is "its bank is kept" "$(ectl questions list --exam python | grep -c '^Q: ')" 5
t_is "exams set NAME open" "$(ectl exams set python open)" "python: open (offered)"
t_is "and it is open again" "$(ectl exams | grep '^python')" \
    "python           5          0        none        0  open"
ectl exams set chem closed 2>"$T/err"; rc=$?
t_is "closing a missing exam: exit 1" "$rc|$(cat "$T/err")" "1|examctl: no exam 'chem'"

# attempts grant NAME EXAM [N]: adds up, per user and exam.
printf 'password\n' | ectl adduser amy >/dev/null
t_is "attempts grant NAME EXAM" "$(ectl attempts grant amy python; echo $?)" \
    "amy: 1 more attempt at python (1 granted in all)
0"
t_is "attempts grant NAME EXAM N adds up" "$(ectl attempts grant amy python 2)" \
    "amy: 2 more attempts at python (3 granted in all)"
t_is "stored once" "$(q "SELECT g.username, e.name, g.extra FROM grants g JOIN exams e ON e.id = g.exam")" "amy|python|3"
ectl attempts grant nobody python 2>"$T/err"; rc=$?
t_is "a missing user: exit 1" "$rc|$(cat "$T/err")" "1|examctl: no user 'nobody'"
ectl attempts grant amy chem 2>"$T/err"; rc=$?
t_is "a missing exam: exit 1" "$rc|$(cat "$T/err")" "1|examctl: no exam 'chem'"
gsum() { q 'SELECT * FROM grants ORDER BY username' | md5sum; }
gs=$(gsum)
for args in "amy python 0" "amy python 1001" "amy python -1" "amy python x" \
    "amy" "'bad name' python" "amy Python" "amy python 1 2"; do
	eval "ectl attempts grant $args" >/dev/null 2>"$T/err"; rc=$?
	t_is "attempts grant $args: exit 2, one line, nothing changed" \
	    "$rc|$(wc -l <"$T/err")|$(gsum)" "2|1|$gs"
done
ectl attempts >/dev/null 2>"$T/err"; rc=$?
t_is "attempts alone: exit 2, says what is expected" "$rc|$(cat "$T/err")" \
    "2|examctl: attempts: expected 'grant NAME EXAM [N]'"

out=$(ectl exams delete math); rc=$?
t_is "exams delete exits 0 with one line" "$rc|$out" "0|deleted the exam math and its questions (its results stay)"
t_is "the exam and its questions are gone" \
    "$(q "SELECT count(*) FROM exams WHERE name = 'math'")|$(q 'SELECT count(*) FROM questions WHERE exam NOT IN (SELECT id FROM exams)')|$(q 'SELECT count(*) FROM choices WHERE exam NOT IN (SELECT id FROM exams)')" "0|0|0"
t_is "its results stay, under its name" "$(ectl results --csv | tail -n 1 | tr -d '\r')" \
    "amy,math,3,6,50,2024-05-01T09:00:00Z,127.0.0.1:1"
ectl exams delete math 2>"$T/err"; rc=$?
t_is "deleting it again: exit 1" "$rc|$(cat "$T/err")" "1|examctl: no exam 'math'"
out=$("$BIN/examctl" --db "$T/empty.db" init --empty 2>&1); rc=$?
t_is "init --empty: exit 0, silent" "$rc|$out" "0|"
t_is "and no exam" "$("$BIN/examctl" --db "$T/empty.db" exams | wc -l)" 1
t_is "init on a database with exams adds no default bank" "$(ectl init; ectl exams | wc -l)" 3

# adduser: the first stdin line, like passwd; a taken name is refused.
out=$(printf 'first pw\n' | ectl adduser zoe 2>&1); rc=$?
t_is "adduser exits 0 with one line" "$rc|$out" "0|added the user zoe"
t_ok "the hash verifies the password" verifies 'first pw' "$(q "SELECT password FROM users WHERE username = 'zoe'")"
printf 'other-password\n' | ectl adduser zoe 2>"$T/err"; rc=$?
t_is "adduser of an existing user: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" "^examctl: user 'zoe' exists"
t_ok "the password is unchanged" verifies 'first pw' "$(q "SELECT password FROM users WHERE username = 'zoe'")"
printf 'pw\n' | ectl adduser 'bad name' 2>/dev/null; rc=$?
t_is "adduser with an invalid name: exit 2" "$rc" 2
printf '' | ectl adduser yan 2>/dev/null; rc=$?
t_is "adduser without a password: exit 2" "$rc" 2
t_is "and no user yan" "$(q "SELECT count(*) FROM users WHERE username = 'yan'")" 0

# On a terminal: asked twice, echo off; a mismatch adds nobody.
pty_start "$BIN/examctl --db $DB adduser tty1; echo status=\$?"
pty_wait 'New password: '; sleep 0.1; pty_type 'one-secret
'
pty_wait 'Repeat password: '; sleep 0.1; pty_type 'one-secret
'
pty_wait 'status='; pty_end
t_like "adduser on a terminal succeeds" "$(screen)" '^status=0$'
t_unlike "without echoing the password" "$(cat "$T/pty.out")" 'one-secret'
t_ok "the typed password is stored" verifies one-secret "$(q "SELECT password FROM users WHERE username = 'tty1'")"
pty_start "$BIN/examctl --db $DB adduser tty2; echo status=\$?"
pty_wait 'New password: '; sleep 0.1; pty_type 'one
'
pty_wait 'Repeat password: '; sleep 0.1; pty_type 'two
'
pty_wait 'status='; pty_end
t_like "a mismatch is refused" "$(screen)" 'passwords do not match'
t_like "with exit 2" "$(screen)" '^status=2$'
t_is "and adds nobody" "$(q "SELECT count(*) FROM users WHERE username = 'tty2'")" 0
pty_start "$BIN/examctl --db $DB passwd zoe; echo status=\$?"
pty_wait 'New password: '; sleep 0.1; pty_type 'aaa
'
pty_wait 'Repeat password: '; sleep 0.1; pty_type 'bbb
'
pty_wait 'status='; pty_end
t_like "passwd on a terminal refuses a mismatch too" "$(screen)" '^status=2$'
t_ok "and keeps the password" verifies 'first pw' "$(q "SELECT password FROM users WHERE username = 'zoe'")"
[ "$BACKEND" = sqlite ] &&
    t_is "integrity check ok" "$(q 'PRAGMA integrity_check')" ok
t_done
