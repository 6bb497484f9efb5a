# SPDX-License-Identifier: ISC
# examctl import-users: the original server's users.db (PBKDF2-HMAC-SHA512,
# built here with Python's hashlib) is read read-only, checked row by row,
# imported all or none (or the good rows with --skip-bad); the accounts
# then log in through xinetd with their old passwords, and the first
# successful login replaces the legacy hash by a libxcrypt one. On both
# back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

ectl() { "$BIN/examctl" --db "$EXAM_DB" "$@"; }
verifies() { perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' "$1" "$2"; }
t_ok "test database created" exam_db_create
exam_no_seventh
exam_sql "INSERT INTO users VALUES ('amy', '\$y\$j9T\$x')"

# legacy FILE FIRST LAST [EXTRA-SQL]: a users.db as the original server
# wrote it, user I with password pw-I (the last ones non-ASCII).
legacy() {
	/usr/bin/python3 - "$@" <<'PY'
import hashlib, os, sqlite3, sys
path, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(path)
db.execute("CREATE TABLE IF NOT EXISTS users (username TEXT, password TEXT)")
for i in range(first, last + 1):
    pw = "pw-%d" % i if i % 10 else "pässwörd-%d" % i
    salt = os.urandom(32).hex()
    dk = hashlib.pbkdf2_hmac("sha512", pw.encode(), salt.encode(), 100000)
    db.execute("INSERT INTO users VALUES (?, ?)", ("user%03d" % i, salt + dk.hex()))
if len(sys.argv) > 4:
    db.executescript(sys.argv[4])
db.commit()
PY
}
pw_of() { if [ $(($1 % 10)) -eq 0 ]; then echo "pässwörd-$1"; else echo "pw-$1"; fi; }

t_ok "a legacy users.db of 100 accounts" legacy "$T/users.db" 1 100
cp "$T/users.db" "$T/users.copy"
start=$(date +%s%N)
out=$(ectl import-users "$T/users.db" 2>"$T/err"); rc=$?
import_ms=$((($(date +%s%N) - start) / 1000000))
t_is "import-users exits 0" "$rc" 0
t_is "and says how many" "$out" "imported 100 users"
t_is "with nothing on stderr" "$(cat "$T/err")" ""
t_ok "the file is byte for byte unchanged" cmp "$T/users.db" "$T/users.copy"
t_fails "and no journal was left beside it" \
    ls "$T/users.db-journal" "$T/users.db-wal" "$T/users.db-shm" 2>/dev/null
t_is "the hashes are stored as they were" \
    "$(exam_sql "SELECT password FROM users WHERE username = 'user042'")" \
    "$(sqlite3 "$T/users.db" "SELECT password FROM users WHERE username = 'user042'")"
if [ "$BACKEND" = sqlite ]; then
	cols="SELECT group_concat(name, ',') FROM pragma_table_info('users')"
else
	cols="SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'users' AND table_schema = current_schema()"
fi
t_is "users keeps exactly its two columns" "$(exam_sql "$cols")" "username,password"
echo "# importing 100 accounts took $import_ms ms"

# Bad rows: each reported with its number; nothing imported.
legacy "$T/bad.db" 101 103 "
INSERT INTO users VALUES ('no spaces', 'x');
INSERT INTO users VALUES ('user101', (SELECT password FROM users WHERE username = 'user102'));
INSERT INTO users VALUES ('short', 'abc123');
INSERT INTO users VALUES ('upper', upper((SELECT password FROM users WHERE username = 'user102')));
INSERT INTO users VALUES ('nullpw', NULL);
INSERT INTO users VALUES ('amy', (SELECT password FROM users WHERE username = 'user102'));
INSERT INTO users VALUES (NULL, 'x');"
cp "$T/bad.db" "$T/bad.copy"
before=$(exam_sql 'SELECT count(*) FROM users')
ectl import-users "$T/bad.db" >"$T/out" 2>"$T/err"; rc=$?
t_is "bad rows: exit 2" "$rc" 2
t_is "nothing printed on stdout" "$(cat "$T/out")" ""
t_is "each bad row is reported as FILE: row N: reason" "$(cat "$T/err")" \
"examctl: $T/bad.db: row 4: invalid user name 'no spaces' (1 to 32 characters of A-Z a-z 0-9 . _ -)
examctl: $T/bad.db: row 5: duplicate of row 1 (user 'user101')
examctl: $T/bad.db: row 6: malformed password hash for 'short' (want 64 hex digits of salt and 128 of digest)
examctl: $T/bad.db: row 7: malformed password hash for 'upper' (want 64 hex digits of salt and 128 of digest)
examctl: $T/bad.db: row 8: malformed password hash for 'nullpw' (want 64 hex digits of salt and 128 of digest)
examctl: $T/bad.db: row 10: invalid user name '' (1 to 32 characters of A-Z a-z 0-9 . _ -)
examctl: $T/bad.db: row 9: user 'amy' already exists
examctl: $T/bad.db: 7 bad rows: nothing imported (--skip-bad imports the others)"
t_is "no user was added" "$(exam_sql 'SELECT count(*) FROM users')" "$before"
exam_sql "DELETE FROM users WHERE username = 'amy'"
legacy "$T/taken.db" 104 104 "INSERT INTO users VALUES ('user001', (SELECT password FROM users));"
ectl import-users "$T/taken.db" >"$T/out" 2>"$T/err"; rc=$?
t_is "a name already in exam.db: exit 2" "$rc" 2
t_is "reported with its row" "$(head -n 1 "$T/err")" "examctl: $T/taken.db: row 2: user 'user001' already exists"
t_is "and the good row is not imported either" \
    "$(exam_sql "SELECT count(*) FROM users WHERE username = 'user104'")" 0
out=$(ectl import-users --skip-bad "$T/bad.db" 2>"$T/err"); rc=$?
t_is "--skip-bad: exit 0" "$rc" 0
t_is "imports the good rows (amy is free again)" "$out" "imported 4 users"
t_is "and still reports the others" "$(grep -c ': row [0-9]*: ' "$T/err")" 6
t_ok "the file is unchanged" cmp "$T/bad.db" "$T/bad.copy"
legacy "$T/one.db" 105 105
t_is "one user: singular" "$(ectl import-users "$T/one.db")" "imported 1 user"
t_is "again: the name is now taken" "$(ectl import-users "$T/one.db" 2>&1)" \
"examctl: $T/one.db: row 1: user 'user105' already exists
examctl: $T/one.db: 1 bad row: nothing imported (--skip-bad imports the others)"
sqlite3 "$T/other.db" 'CREATE TABLE accounts (a, b)'
ectl import-users "$T/other.db" >/dev/null 2>"$T/err"; rc=$?
t_is "a file without the users table: exit 2" "$rc" 2
t_like "and says what it wants" "$(cat "$T/err")" 'users\(username, password\)'
ectl import-users "$T/none.db" >/dev/null 2>"$T/err"; rc=$?
t_is "a missing file: exit 1" "$rc" 1
t_fails "and it is not created" test -e "$T/none.db"
for bad in "" "--skip-bad" "a b" "--bogus x"; do
	# shellcheck disable=SC2086
	ectl import-users $bad >/dev/null 2>&1; rc=$?
	t_is "import-users $bad: exit 2" "$rc" 2
done

# Logging in through xinetd with the old passwords: examd must speak to
# the back end.
if [ "$BACKEND" = postgresql ] && ! nm "$BIN/examd" 2>/dev/null |
    grep -q ' T pq_load$'; then
	echo "# examd is built without PostgreSQL: the logins are not tried"
	t_done; exit
fi
t_ok "xinetd serves examd" start_exam
login() { exam_lines "$1
$2
"; }
sample="1 7 10 42 99 100"
first_ms= again_ms=
for i in $sample; do
	u=$(printf 'user%03d' "$i")
	start=$(date +%s%N)
	out=$(login "$u" "$(pw_of "$i")")
	ms=$((($(date +%s%N) - start) / 1000000))
	t_like "$u logs in with the old password" "$out" "Welcome back, $u\\."
	first_ms="$first_ms $ms"
done
for i in $sample; do
	u=$(printf 'user%03d' "$i")
	h=$(exam_sql "SELECT password FROM users WHERE username = '$u'")
	t_like "$u's hash is now libxcrypt's" "$h" '^\$y\$'
	t_ok "and verifies the same password" verifies "$(pw_of "$i")" "$h"
done
t_is "no legacy hash is left for anyone who logged in" \
    "$(exam_sql "SELECT count(*) FROM users WHERE username IN ('user001', 'user007', 'user010', 'user042', 'user099', 'user100') AND password NOT LIKE '\$%'")" 0
for i in $sample; do
	u=$(printf 'user%03d' "$i")
	start=$(date +%s%N)
	out=$(login "$u" "$(pw_of "$i")")
	again_ms="$again_ms $(( ($(date +%s%N) - start) / 1000000 ))"
	t_like "$u logs in again (the new hash)" "$out" "Welcome back, $u\\."
done
echo "# session up to the first question, first login (PBKDF2 + rehash):$first_ms ms"
echo "# the same, later logins (yescrypt only):$again_ms ms"

legacy_hash=$(exam_sql "SELECT password FROM users WHERE username = 'user050'")
out=$(exam_lines "user050
pw-49
pw-5
PW-50
")
t_like "wrong passwords count as failed attempts" "$out" 'Too many failed attempts\.$'
t_is "and leave the legacy hash as it was" \
    "$(exam_sql "SELECT password FROM users WHERE username = 'user050'")" "$legacy_hash"
out=$(exam_lines "user051
nope
pw-51
")
t_is "a wrong one, then the right one" "$(printf '%s\n' "$out" | sed -n '2,3p')" \
    "Username: Password: Wrong password.
Password: Welcome back, user051."
t_like "replaces it" "$(exam_sql "SELECT password FROM users WHERE username = 'user051'")" '^\$y\$'
t_is "the others are still legacy" \
    "$(exam_sql "SELECT count(*) FROM users WHERE length(password) = 192")" $((100 + 4 + 1 - 7))
[ "$BACKEND" = sqlite ] &&
    t_is "integrity check ok" "$(exam_sql 'PRAGMA integrity_check')" ok
t_done
