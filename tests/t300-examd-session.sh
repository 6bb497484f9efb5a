# SPDX-License-Identifier: ISC
# examd through xinetd: whole pipelined sessions, word for word.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
t_ok "xinetd serves examd" start_exam

questions='
Question 1/3: Which layer of the OSI model does TCP belong to?
  a) Network
  b) Transport
  c) Session
  d) Application
Answer: 
Question 2/3: Is UDP connectionless?
  a) Yes
  b) No
Answer: 
Question 3/3: Which port does HTTPS use by default?
  a) 21
  b) 22
  c) 25
  d) 80
  e) 110
  f) 443
Answer: '

exam_talk "bob
s3cret
s3cret
$EXAM_RIGHT
" >"$T/new.raw"
t_is "a new user, all right: the whole conversation" \
    "$(tr -d '\r' <"$T/new.raw")" "Welcome to the exam server.
Username: New user bob. Choose a password: Repeat password: Registered bob.
The exam has 3 questions. Answer each with the letter of your choice.
$questions
Your score: 3/3 (100%)
Goodbye bob."
t_ok "every line ends with CRLF" crlf_only "$T/new.raw"

exam_talk "bob
s3cret
$EXAM_WRONG
" >"$T/back.raw"
t_is "a returning user, all wrong: the whole conversation" \
    "$(tr -d '\r' <"$T/back.raw")" "Welcome to the exam server.
Username: Password: Welcome back, bob.
The exam has 3 questions. Answer each with the letter of your choice.
$questions
Your score: 0/3 (0%)
Goodbye bob."
t_ok "every line ends with CRLF (returning user)" crlf_only "$T/back.raw"

# CRLF input and blanks around names and answers.
out=$(exam_talk "$(printf '  carol\t\r\npw\r\npw\r\n B \r\n\ta\r\nf  \r\n')" |
    tr -d '\r')
t_like "CRLF input with blanks is accepted" "$out" 'Registered carol\.$'
t_is "score is the last line but one" "$(printf '%s\n' "$out" | tail -n 2)" \
    "Your score: 3/3 (100%)
Goodbye carol."

# No line end after the last answer: still a line at EOF.
out=$(exam_talk "carol
pw
b
a
f" | tr -d '\r')
t_like "a last line without its end still counts" "$out" '^Your score: 3/3 \(100%\)$'

t_is "results stored, one per finished exam" \
    "$(exam_sql "SELECT username, score, total FROM results ORDER BY id")" \
    "bob|3|3
bob|0|3
carol|3|3
carol|3|3"
t_is "result time is UTC ISO 8601, peer is address:port" \
    "$(exam_sql "SELECT COUNT(*) FROM results WHERE finished_at GLOB
     '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'
     AND peer GLOB '127.0.0.1:[0-9]*'")" 4

hash=$(exam_sql "SELECT password FROM users WHERE username = 'bob'")
t_like "the users table holds a yescrypt hash" "$hash" '^\$y\$'
t_unlike "the password is not stored in clear" "$(exam_sql 'SELECT * FROM users')" 's3cret'
t_is "users has exactly the columns username and password" \
    "$(exam_columns users)" \
    "username,password"
t_is "same password, different salts" \
    "$(exam_sql "SELECT COUNT(DISTINCT password) FROM users")" 2
t_is "every connection is logged" \
    "$(exam_sql "SELECT COUNT(*) FROM connections WHERE peer GLOB '127.0.0.1:*'")" 4
t_like "xinetd logged a clean exit" "$(cat "$T/xinetd-svc.log")" 'EXIT: examd status=0'
t_unlike "no examd exited with an error" "$(cat "$T/xinetd-svc.log")" 'status=[1-9]'
t_done
