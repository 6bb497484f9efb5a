# SPDX-License-Identifier: ISC
# examd: logging in, registering, and re-asked questions.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "xinetd serves examd" start_exam
results() { exam_sql "SELECT COUNT(*) FROM results WHERE username = '$1'"; }

exam_talk "bob
pw
pw
$EXAM_RIGHT
" >/dev/null
t_is "bob registered" "$(results bob)" 1

out=$(exam_lines "bob
nope
Pw
pw 
$EXAM_RIGHT
")
t_is "three wrong passwords end the session" "$out" \
    "Welcome to the exam server.
Username: Password: Wrong password.
Password: Wrong password.
Password: Too many failed attempts."
t_is "no result after failed logins" "$(results bob)" 1

out=$(exam_lines "bob
wrong
pw
$EXAM_RIGHT
")
t_like "a wrong then a right password logs in" "$out" \
    'Password: Wrong password\.$'
t_like "welcome back after the retry" "$out" '^Password: Welcome back, bob\.$'
t_is "that exam was stored" "$(results bob)" 2

out=$(exam_lines "dave
one
two
pw
pw
$EXAM_WRONG
")
t_like "a mismatch is reported" "$out" \
    '^Username: New user dave\. Choose a password: Repeat password: Passwords do not match\.$'
t_like "and the password asked again" "$out" \
    '^Choose a password: Repeat password: Registered dave\.$'
t_is "then the exam runs" "$(printf '%s\n' "$out" | tail -n 2)" \
    "Your score: 0/3 (0%)
Goodbye dave."

out=$(exam_lines "erin
a
b
c
d
e
f
$EXAM_RIGHT
")
t_is "three mismatches end the session" "$out" \
    "Welcome to the exam server.
Username: New user erin. Choose a password: Repeat password: Passwords do not match.
Choose a password: Repeat password: Passwords do not match.
Choose a password: Repeat password: Too many failed attempts."
t_is "erin was not registered" \
    "$(exam_sql "SELECT COUNT(*) FROM users WHERE username = 'erin'")" 0

# Passwords are taken exactly as typed: blanks and tabs are part of them.
tab=$(printf '\t')
exam_talk " fay
 p w$tab
 p w$tab
$EXAM_RIGHT
" >/dev/null
out=$(exam_lines "fay
p w
 p w
 p w$tab
$EXAM_RIGHT
")
t_is "blanks around a password are not dropped" \
    "$(printf '%s\n' "$out" | grep -c 'Password: Wrong password\.$')" 2
t_like "the password as typed logs in" "$out" 'Welcome back, fay\.$'
t_like "after two wrong tries" "$out" '^Password: Welcome back, fay\.$'

long=$(printf '%0129d' 0)
max=$(printf '%0128d' 0)
out=$(exam_lines "gus

$long
$max
$max
$EXAM_RIGHT
")
t_is "empty and 129-byte passwords are refused" \
    "$(printf '%s\n' "$out" | grep -c 'A password is 1 to 128 bytes, without CR or NUL\.$')" 2
t_like "a 128-byte password is accepted" "$out" '^Choose a password: Repeat password: Registered gus\.$'
out=$(exam_lines "gus
$max
$EXAM_RIGHT
")
t_like "and logs in" "$out" 'Welcome back, gus\.$'

out=$(exam_lines "bad name
x/y
abcdefghijklmnopqrstuvwxyz0123456

hal
pw
pw
$EXAM_RIGHT
")
t_is "invalid usernames are explained and asked again" \
    "$(printf '%s\n' "$out" | grep -c "^Username: A username is 1 to 32 characters of A-Z, a-z, 0-9, '\.', '_' and '-'\.$")" 4
t_like "then a valid one registers" "$out" '^Username: New user hal\. Choose'

out=$(exam_lines "a b
a b
a b
a b
a b
ok
")
t_is "five invalid usernames end the session" \
    "$(printf '%s\n' "$out" | tail -n 1)" "Too many invalid usernames."
t_is "no sixth prompt" "$(printf '%s\n' "$out" | grep -c 'Username: ')" 5

out=$(exam_lines "hal
pw
z
bb

1
B
c
A
 F
")
t_is "invalid answers are explained" \
    "$(printf '%s\n' "$out" | grep -c '^Answer: Please answer with one letter from a to d\.$')" 4
t_like "the question stays the same" "$out" '^Answer: Please answer with one letter from a to b\.$'
t_is "uppercase letters count" "$(printf '%s\n' "$out" | tail -n 2 | head -n 1)" \
    "Your score: 3/3 (100%)"
t_is "each question was shown once" \
    "$(printf '%s\n' "$out" | grep -c '^Question ')" 3

out=$(exam_lines "Bob
pw
pw
$EXAM_RIGHT
")
t_like "a name is one account whatever its case" "$out" \
    '^Username: Password: Welcome back, bob\.$'
t_done
