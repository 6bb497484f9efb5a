# SPDX-License-Identifier: ISC
# examd's login phase through xinetd (SPEC "Who may register", "Failed
# logins", "Bounds"): names in any case, password-min, closed
# registration that reads and costs the same for every name, the failed
# login record per name and source with examctl's view of it, the
# connection log pruned by age, and no core dump.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
exam_no_seventh
t_ok "xinetd serves examd" start_exam
ctl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
# from ADDR INPUT: a conversation from the loopback address ADDR.
from() { exam_lines "$2" -s "$1"; }

# password-min: the default of 8, checked when a password is chosen.
exam_sql "DELETE FROM settings"
t_is "examctl settings lists the defaults" "$(ctl settings)" \
    "$(printf 'registration\topen\npassword-min\t8\nconnection-days\t30')"
# A value written by other hands, that the rule refuses: examctl says so
# and lists the default, and examd keeps the default (the 5-byte password
# below is still refused).
exam_sql "INSERT INTO settings (name, value) VALUES ('password-min', 'zero')"
t_is "a stored value the rule refuses: the default listed" "$(ctl settings 2>/dev/null)" \
    "$(printf 'registration\topen\npassword-min\t8\nconnection-days\t30')"
t_like "and examctl says which" "$(ctl settings 2>&1 >/dev/null)" \
    "setting password-min: stored value 'zero' ignored"
out=$(from 127.0.0.1 "Amelie
short
longer-pw
longer-pw
$EXAM_RIGHT
")
t_like "a 5-byte password is refused when chosen" "$out" \
    '^Username: New user Amelie\. Choose a password: A password is 8 to 128 bytes, without CR or NUL\.$'
t_like "then 9 bytes register" "$out" \
    '^Choose a password: Repeat password: Registered Amelie\.$'
exam_sql "INSERT INTO users VALUES ('old', (SELECT password FROM users WHERE username = 'Amelie'))"
out=$(from 127.0.0.1 "OLD
longer-pw
$EXAM_RIGHT
")
t_like "login never checks it, and a name is one account in any case" \
    "$out" '^Username: Password: Welcome back, old\.$'
out=$(from 127.0.0.1 "amelie
longer-pw
$EXAM_RIGHT
")
t_like "amelie logs in as Amelie" "$out" \
    '^Username: Password: Welcome back, Amelie\.$'
t_is "both results under the account's name" \
    "$(exam_sql "SELECT username FROM results ORDER BY id" | tr '\n' ' ')" \
    "Amelie old Amelie "
t_is "no second account" \
    "$(exam_sql "SELECT count(*) FROM users WHERE lower(username) = 'amelie'")" 1
printf 'longer-pw\n' | ctl adduser AMELIE 2>"$T/err"
t_is "examctl adduser refuses the name in another case" "$?" 1
t_like "saying it exists" "$(cat "$T/err")" "user 'AMELIE' exists"
printf 'short\n' | ctl adduser zoe 2>"$T/err"
t_is "adduser refuses a password under password-min" "$?" 2
t_like "saying why" "$(cat "$T/err")" 'shorter than 8 bytes'
t_ok "settings set password-min 4" ctl settings set password-min 4
t_ok "then it takes one of 5" sh -c "printf 'short\n' | \"$BIN/examctl\" --db '$EXAM_DB' adduser zoe"
printf 'x\n' | ctl passwd zoe 2>"$T/err"
t_is "passwd checks it too" "$?" 2
t_fails "settings set password-min 0 is refused" ctl settings set password-min 0
t_fails "settings set registration maybe is refused" ctl settings set registration maybe

# Closed registration: an unknown name reads and costs as a known one.
t_ok "settings set registration closed" ctl settings set registration closed
t_like "listed" "$(ctl settings)" "registration	closed"
wrong="Welcome to the exam server.
Username: Password: Wrong password.
Password: Wrong password.
Password: Too many failed attempts."
# Each measured three times, the fastest kept: the machine is shared.
k= u=
for i in 1 2 3; do
	exam_sql "DELETE FROM login_failures"
	s0=$(date +%s%N)
	known=$(from 127.0.0.5 "zoe
bad1
bad2
bad3
")
	s1=$(date +%s%N)
	unknown=$(from 127.0.0.6 "nobody
bad1
bad2
bad3
")
	s2=$(date +%s%N)
	a=$(( (s1 - s0) / 1000000 )) b=$(( (s2 - s1) / 1000000 ))
	[ -n "$k" ] && [ "$k" -le "$a" ] || k=$a
	[ -n "$u" ] && [ "$u" -le "$b" ] || u=$b
done
t_is "a known name, three wrong passwords" "$known" "$wrong"
t_is "an unknown name reads the same" "$unknown" "$wrong"
echo "# three wrong passwords: known name $k ms, unknown name $u ms"
t_ok "and takes as long (at least half; no hash would be ~0)" \
    test "$((u * 2))" -ge "$k"
t_is "nobody was registered" \
    "$(exam_sql "SELECT count(*) FROM users WHERE username = 'nobody'")" 0
ctl settings set registration open

# The failed-login record: one name from one address.
ctl failures clear 127.0.0.5 >/dev/null
ctl failures clear 127.0.0.6 >/dev/null
n=0 refused=
for i in 1 2 3 4 5 6; do
	out=$(from 127.0.0.2 "amelie
guess$i
")
	case $out in
	*"Too many failed logins"*) refused=$out; break ;;
	*"Wrong password"*|*"Too many failed attempts"*) n=$((n + 1)) ;;
	esac
done
out=$(from 127.0.0.2 "amelie
guess7
")
t_is "six checks from one address, then" "$n" 6
t_like "the seventh is refused before any check" "$out" \
    '^Username: Password: Too many failed logins\. Try again in [1-5] seconds\.$'
t_unlike "with no wrong-password line" "$out" 'Wrong password'
out=$(from 127.0.0.3 "amelie
longer-pw
$EXAM_RIGHT
")
t_like "the owner from another address logs in at once" "$out" \
    'Welcome back, Amelie\.$'
t_like "examctl failures shows the pair" "$(ctl failures Amelie)" \
    "$(printf '^amelie\t127\\.0\\.0\\.2\t6\t[1-5]$')"
t_like "and the name's record" "$(ctl failures amelie)" \
    "$(printf '^amelie\t\\*\t[0-9]+\t0$')"
t_like "and the address's" "$(ctl failures)" \
    "$(printf '^\\*\t127\\.0\\.0\\.2\t6\t0$')"
t_like "failures clear ADDRESS lifts it" "$(ctl failures clear 127.0.0.2)" \
    '^cleared 2 records for 127\.0\.0\.2$'
out=$(from 127.0.0.2 "amelie
longer-pw
$EXAM_RIGHT
")
t_like "then the right password works from there" "$out" \
    'Welcome back, Amelie\.$'
ctl failures clear 127.0.0.2 >/dev/null 2>&1
t_fails "and a clear with nothing to clear is exit 1" ctl failures clear 127.0.0.2
t_is "failures clear needs a name or an address" \
    "$(ctl failures clear 'no/such' 2>&1; echo "rc=$?")" \
    "examctl: failures clear: 'no/such' is neither a user name nor an address
rc=2"

# A name sprayed in many cases is one name to the record: six wrong
# passwords for zoe in six cases, then a seventh case is refused.
ctl failures clear zoe >/dev/null 2>&1
n=0
for name in zoe ZOE Zoe zOE zoE ZoE; do
	case $(from 127.0.0.4 "$name
guess
") in
	*"Wrong password"*) n=$((n + 1)) ;;
	esac
done
t_is "six checks of one name in six cases" "$n" 6
t_like "the seventh, in a seventh case, is refused" "$(from 127.0.0.4 "zOe
guess
")" '^Username: Password: Too many failed logins\. Try again in [1-5] seconds\.$'
t_like "one record for the name at that address" "$(ctl failures zoe)" \
    "$(printf '^zoe\t127\\.0\\.0\\.4\t6\t[1-5]$')"
t_is "and no other" "$(ctl failures zoe | grep -c '127\.0\.0\.4')" 1
ctl failures clear 127.0.0.4 >/dev/null
ctl failures clear zoe >/dev/null 2>&1

# A correct password after typos clears the name's record there.
out=$(from 127.0.0.7 "amelie
typo
longer-pw
$EXAM_RIGHT
")
t_like "a typo then the right password" "$out" 'Welcome back, Amelie\.$'
t_is "leaves no record of that name there" \
    "$(exam_sql "SELECT count(*) FROM login_failures WHERE name = 'amelie' AND source = '127.0.0.7'")" 0

# One address spraying names: its record fills, yet a name that has
# logged in from that address before is never kept out by it.
ctl failures clear amelie >/dev/null 2>&1
ctl settings set registration closed
exam_sql "UPDATE login_failures SET failures = 50 WHERE name = '' AND source = '127.0.0.7'"
out=$(from 127.0.0.7 "spray1
x
")
t_like "a sprayed address past its allowance waits" "$(from 127.0.0.7 "spray2
x
")" 'Too many failed logins\. Try again in [0-9]+ seconds\.$'
out=$(from 127.0.0.7 "Amelie
longer-pw
$EXAM_RIGHT
")
t_like "a name known at that address still logs in" "$out" \
    'Welcome back, Amelie\.$'
t_like "an unknown one there is refused" "$(from 127.0.0.7 "old
longer-pw
")" 'Too many failed logins'
ctl settings set registration open

# The record stays bounded: records past their time go as checks come.
exam_sql "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c
    WHERE i < 20) INSERT INTO login_failures SELECT 'n' || i, '10.0.0.1', 1,
    0, 1 FROM c"
before=$(exam_sql "SELECT count(*) FROM login_failures WHERE source = '10.0.0.1'")
from 127.0.0.9 "zoe
x
" >/dev/null
after=$(exam_sql "SELECT count(*) FROM login_failures WHERE source = '10.0.0.1'")
t_ok "a check prunes expired records ($before, then $after)" \
    test "$after" -lt "$before"

# The connection log keeps connection-days; the count is its own.
count=$(exam_sql "SELECT count FROM counter")
exam_sql "INSERT INTO connections (peer, arrived_at) VALUES
    ('10.9.9.9:1', '2000-01-01T00:00:00Z'), ('10.9.9.9:2', '2000-01-02T00:00:00Z')"
exam_sql "UPDATE counter SET reset_seq = (SELECT max(seq) FROM connections)"
exam_talk "" >/dev/null
t_is "rows older than 30 days go as a new one arrives" \
    "$(exam_sql "SELECT count(*) FROM connections WHERE peer LIKE '10.9.9.9:%'")" 0
t_is "the count is not affected" "$(exam_sql "SELECT count FROM counter")" \
    "$((count + 1))"

# examd cannot dump core: its limits while a session is open.
exec 4<>"/dev/tcp/127.0.0.1/$EXAM_PORT"
sleep 0.5
pid=$(pgrep -n -P "$_exam_xinetd")
t_like "examd's core size limit is 0" \
    "$(grep 'Max core file size' "/proc/$pid/limits")" \
    'Max core file size +0 +0 '
exec 4<&-

# An upgrade from layout 2 (tests/fixtures keeps its schemas) that finds
# two names equal but for case keeps both and says so.
if exam_is_pg; then
	new_db two && two=$NEW_DB
	psql -X -q -v ON_ERROR_STOP=1 "$two" \
	    -f "$TOP/tests/fixtures/exam_schema_v2_pg.sql" >/dev/null
else
	two=$T/two.db
	sqlite3 "$two" <"$TOP/tests/fixtures/exam_schema_v2.sql" >/dev/null
fi
exam_db_sql "$two" "INSERT INTO users VALUES ('Amelie', 'x'), ('AMELIE', 'y')"
out=$("$BIN/examctl" --db "$two" users 2>"$T/err"); rc=$?
t_is "examctl upgrades layout 2: exit 0" "$rc" 0
t_is "keeping both accounts" "$(printf '%s\n' "$out" | grep -ic '^amelie$')" 2
t_is "and saying so" "$(cat "$T/err")" \
    "examctl: users 'AMELIE' and 'Amelie' differ only by case: both are kept, and each logs in by its exact name"
t_is "the login tables are there" \
    "$(exam_db_sql "$two" "SELECT count(*) FROM login_known") $(exam_db_sql "$two" "SELECT count(*) FROM settings")" "0 0"
t_done
