# SPDX-License-Identifier: ISC
# examctl users, passwd and deluser: passwd stores a fresh yescrypt hash of
# the first stdin line (never the clear text) for an existing user only;
# bad names and passwords are refused and leave the data intact; deluser
# asks first on a terminal (or takes --yes) and says how many results go.
# Each change is said in one line. On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"
. "$TOP/tests/lib-exam.sh"
exam_new_db; DB=$EXAM_DB
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { exam_db_sql "$DB" "$1"; }
# verifies PASSWORD HASH: perl's crypt() is the system's libxcrypt.
verifies() { perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' "$1" "$2"; }
ectl init >/dev/null

out=$(ectl users); rc=$?
t_is "users on a new database exits 0" "$rc" 0
t_is "and lists nobody" "$out" ""
q "INSERT INTO users VALUES ('bob', 'old-bob'), ('alice', 'old-alice'), ('c.d_e-1', 'old-c')"
t_is "users lists one name a line, sorted" "$(ectl users)" "alice
bob
c.d_e-1"

# passwd: the first line, without LF or CRLF, hashed with a fresh salt.
out=$(printf 'secret pw\n' | ectl passwd alice 2>&1); rc=$?
t_is "passwd exits 0" "$rc" 0
t_is "and says what it changed" "$out" "changed the password of alice"
h1=$(q "SELECT password FROM users WHERE username = 'alice'")
t_like "a yescrypt hash is stored" "$h1" '^\$y\$'
t_unlike "not the clear text" "$h1" 'secret'
t_is "other users are untouched" "$(q "SELECT password FROM users WHERE username = 'bob'")" old-bob
printf 'secret pw\r\nsecond line ignored\n' | ectl passwd bob >/dev/null
h2=$(q "SELECT password FROM users WHERE username = 'bob'")
t_like "CRLF line end accepted" "$h2" '^\$y\$'
t_ok "the same password gets a different salt" test "$h1" != "$h2"
t_ok "the hash verifies the password without its line end" \
	verifies 'secret pw' "$h2"
t_fails "and not with the CR" verifies "$(printf 'secret pw\r')" "$h2"
printf ' \t spaces kept \t' | ectl passwd c.d_e-1 >/dev/null
t_ok "a last line without a newline is taken, blanks included" \
	verifies ' 	 spaces kept 	' \
	"$(q "SELECT password FROM users WHERE username = 'c.d_e-1'")"
max=$(head -c 128 /dev/zero | tr '\0' p)
printf '%s\n' "$max" | ectl passwd alice >/dev/null; rc=$?
t_is "a 128-byte password is accepted" "$rc" 0

# On a terminal, passwd prompts and does not echo the password.
pty_start "$BIN/examctl --db $DB passwd alice;
echo status=\$?; stty -a | grep -q ' -echo ' || echo ECHO-ON"
pty_wait 'New password: '
sleep 0.1
pty_type 'typed-at-tty
'
pty_wait 'Repeat password: '
sleep 0.1
pty_type 'typed-at-tty
'
pty_wait 'status='
pty_end
t_like "on a terminal passwd prompts" "$(screen)" '^New password: $'
t_like "and succeeds" "$(screen)" '^status=0$'
t_unlike "without echoing the password" "$(cat "$T/pty.out")" 'typed-at-tty'
t_like "echo is back afterwards" "$(screen)" '^ECHO-ON$'
t_ok "the typed password is stored" verifies typed-at-tty \
	"$(q "SELECT password FROM users WHERE username = 'alice'")"

# Refused passwords and names: exit 2, nothing changed.
snapshot() { q 'SELECT * FROM users ORDER BY username' | md5sum; }
saved=$(snapshot)
refused() { # description, expected status, name, stdin (printf format)
	d=$1 want=$2 name=$3; shift 3
	printf "$@" | ectl passwd "$name" >"$T/out" 2>"$T/err"; rc=$?
	t_is "$d: exit $want" "$rc" "$want"
	t_like "$d: one-line error" "$(cat "$T/err")" '^examctl: '
	t_is "$d: users unchanged" "$(snapshot)" "$saved"
}
refused "empty input" 2 alice ''
refused "empty first line" 2 alice '\nsecond\n'
refused "only CRLF" 2 alice '\r\n'
refused "129-byte password" 2 alice '%s\n' "${max}p"
refused "very long line" 2 alice '%s\n' "$(head -c 100000 /dev/zero | tr '\0' p)"
refused "NUL byte" 2 alice 'ab\0cd\n'
refused "a CR inside" 2 alice 'ab\rcd\n'
refused "invalid user name" 2 'no spaces' 'pw\n'
refused "name too long" 2 "$(head -c 33 /dev/zero | tr '\0' n)" 'pw\n'
refused "empty name" 2 '' 'pw\n'
refused "missing user" 1 nobody 'password\n'
t_like "the missing user is named" "$(cat "$T/err")" "no user 'nobody'"
t_is "passwd does not create users" \
	"$(q "SELECT count(*) FROM users WHERE username = 'nobody'")" 0
if [ "$BACKEND" = sqlite ]; then NONE=$T/none.db; else NONE=$PG_URI/t403_none; fi
printf 'pw\n' | "$BIN/examctl" --db "$NONE" passwd alice 2>/dev/null; rc=$?
t_is "passwd on a missing database: exit 1" "$rc" 1

# deluser removes the user and their results, in one transaction, after
# saying how many: without a terminal only with --yes.
q "INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES ('bob', 3, 4, '2024-01-01T00:00:00Z', '127.0.0.1:1', 'default'), ('bob', 4, 4, '2024-01-02T00:00:00Z', '127.0.0.1:1', 'default'), ('alice', 1, 4, '2024-01-01T00:00:00Z', '127.0.0.1:2', 'default')"
ectl deluser bob </dev/null >"$T/out" 2>"$T/err"; rc=$?
t_is "deluser without a terminal or --yes: exit 2" "$rc" 2
t_is "and says how many results would go, and how to confirm" "$(cat "$T/err")" \
    "examctl: deluser deletes bob and 2 results: confirm with 'deluser --yes bob' (standard input is not a terminal)"
t_is "nothing was deleted" "$(q "SELECT count(*) FROM results WHERE username = 'bob'")|$(ectl users | grep -c '^bob$')" "2|1"
# On a terminal it asks; anything but y or yes keeps the user.
pty_start "$BIN/examctl --db $DB deluser bob; echo status=\$?"
pty_wait 'results? \[y/N\] '
pty_type 'n
'
pty_wait 'status='
pty_end
t_like "on a terminal deluser asks, with the number of results" "$(screen)" \
    '^Delete the user bob and 2 results\? \[y/N\] n$'
t_like "no keeps him (exit 1)" "$(screen)" '^status=1$'
t_is "his results are there" "$(q "SELECT count(*) FROM results WHERE username = 'bob'")" 2
pty_start "$BIN/examctl --db $DB deluser bob; echo status=\$?"
pty_wait 'results? \[y/N\] '
pty_type 'y
'
pty_wait 'status='
pty_end
t_like "yes on the terminal deletes him" "$(screen)" '^deleted the user bob and 2 results$'
t_like "exit 0" "$(screen)" '^status=0$'
t_is "bob is gone" "$(ectl users)" "alice
c.d_e-1"
t_is "his results are gone" "$(q "SELECT count(*) FROM results WHERE username = 'bob'")" 0
t_is "the others' stay" "$(q "SELECT count(*) FROM results WHERE username = 'alice'")" 1
printf 'password\n' | ectl adduser dan >/dev/null
out=$(ectl deluser --yes dan </dev/null 2>&1); rc=$?
t_is "deluser --yes: no question, one line" "$rc|$out" "0|deleted the user dan and 0 results"
# A name in any case names its account, for deluser and attempts grant
# as for passwd.
printf 'password\n' | ectl adduser erin >/dev/null
q "INSERT INTO results (username, score, total, finished_at, peer, exam) VALUES ('erin', 1, 4, '2024-01-03T00:00:00Z', '127.0.0.1:3', 'default')"
out=$(ectl attempts grant ERIN default 2>&1); rc=$?
t_is "attempts grant ERIN: erin's grant" "$rc|$out" "0|ERIN: 1 more attempt at default (1 granted in all)"
t_is "stored under the account's name" "$(q "SELECT username || ':' || extra FROM grants")" "erin:1"
ectl deluser Erin </dev/null >/dev/null 2>"$T/err"
t_is "deluser Erin counts erin's results" "$(cat "$T/err")" \
    "examctl: deluser deletes Erin and 1 result: confirm with 'deluser --yes Erin' (standard input is not a terminal)"
out=$(ectl deluser --yes Erin </dev/null 2>&1); rc=$?
t_is "deluser --yes Erin deletes erin" "$rc|$out" "0|deleted the user Erin and 1 result"
t_is "with her results and grants" "$(q "SELECT count(*) FROM results WHERE username = 'erin'")|$(q "SELECT count(*) FROM grants")" "0|0"
ectl deluser --yes bob >/dev/null 2>"$T/err"; rc=$?
t_is "deluser of a missing user: exit 1" "$rc" 1
t_like "and says so" "$(cat "$T/err")" "^examctl: no user 'bob'"
ectl deluser bob </dev/null >/dev/null 2>"$T/err"; rc=$?
t_is "without --yes too" "$rc|$(cat "$T/err")" "1|examctl: no user 'bob'"
ectl deluser 'x;DROP TABLE users' >/dev/null 2>&1; rc=$?
t_is "deluser with an invalid name: exit 2" "$rc" 2
t_is "the other users are intact" "$(ectl users)" "alice
c.d_e-1"
[ "$BACKEND" = sqlite ] &&
    t_is "integrity check ok" "$(q 'PRAGMA integrity_check')" ok
t_done
