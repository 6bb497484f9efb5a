# SPDX-License-Identifier: ISC
# examctl exams (list, set, delete), questions import/list --exam, and
# adduser (stdin, and twice with echo off on a terminal). On both back
# ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"
. "$TOP/tests/lib-exam.sh"
exam_new_db; DB=$EXAM_DB
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { exam_db_sql "$DB" "$1"; }
verifies() { perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' "$1" "$2"; }
ectl init >/dev/null

t_is "init makes the exam default" "$(ectl exams)" \
"name     questions   attempts  time-limit  results
default         12  unlimited        none        0"
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

t_is "exams set NAME attempts N" "$(ectl exams set math attempts 2; echo $?)" 0
ectl exams set math time-limit 30
ectl exams set python attempts 0
q "INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES
	('amy', 3, 6, '2024-05-01T09:00:00Z', '127.0.0.1:1', 'math')"
t_is "exams lists the limits and results" "$(ectl exams)" \
"name     questions   attempts  time-limit  results
default         12  unlimited        none        0
math             6          2      30 min        1
python           5          0        none        0"
ectl exams set math attempts unlimited
ectl exams set math time-limit none
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

out=$(ectl exams delete math); rc=$?
t_is "exams delete exits 0 quietly" "$rc|$out" "0|"
t_is "the exam and its questions are gone" \
    "$(q "SELECT count(*) FROM exams WHERE name = 'math'")|$(q 'SELECT count(*) FROM questions WHERE exam NOT IN (SELECT id FROM exams)')|$(q 'SELECT count(*) FROM choices WHERE exam NOT IN (SELECT id FROM exams)')" "0|0|0"
t_is "its results stay, under its name" "$(ectl results --csv | tail -n 1 | tr -d '\r')" \
    "amy,math,3,6,50,2024-05-01T09:00:00Z,127.0.0.1:1"
ectl exams delete math 2>"$T/err"; rc=$?
t_is "deleting it again: exit 1" "$rc|$(cat "$T/err")" "1|examctl: no exam 'math'"
t_is "init on a database with exams adds no default bank" "$(ectl init; ectl exams | wc -l)" 3

# adduser: the first stdin line, like passwd; a taken name is refused.
out=$(printf 'first pw\n' | ectl adduser zoe 2>&1); rc=$?
t_is "adduser exits 0 quietly" "$rc|$out" "0|"
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
