# SPDX-License-Identifier: ISC
# examctl questions import/list: a bank replaces the old one whole, list
# prints it back in the same format, and a malformed file is rejected with
# FILE:LINE and leaves the bank as it was.
# On both back ends.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"
exam_new_db; DB=$EXAM_DB
ectl() { "$BIN/examctl" --db "$DB" "$@"; }
q() { exam_db_sql "$DB" "$1"; }
ectl init >/dev/null

# list after init gives the default bank, and it imports back unchanged.
ectl questions list >"$T/default.txt"; rc=$?
t_is "list exits 0" "$rc" 0
t_like "list starts with the SPEC question" "$(head -n 1 "$T/default.txt")" \
	'^Q: Which layer of the OSI model does TCP belong to\?$'
t_is "and gives its choices and answer" "$(sed -n 2,6p "$T/default.txt")" "a) Network
b) Transport
c) Session
d) Application
A: b"
before=$(q 'SELECT count(*) FROM questions')
out=$(ectl questions import "$T/default.txt"); rc=$?
t_is "the listed bank imports back" "$rc" 0
t_is "and import reports the count" "$out" "imported $before questions"
ectl questions list >"$T/again.txt"
t_ok "and lists the same" cmp -s "$T/default.txt" "$T/again.txt"

# A new bank replaces the old one whole.
cat >"$T/new.txt" <<'BANK'
# two questions, CRLF tolerated below
Q: First?
a) one
b) two
A: a

Q: Second?
a) x
b) y
c) z
A: C
BANK
sed -i 's/$/\r/' "$T/new.txt"
out=$(ectl questions import "$T/new.txt" 2>&1); rc=$?
t_is "import of a CRLF bank exits 0" "$rc" 0
t_is "it says how many" "$out" "imported 2 questions"
t_is "the old questions are gone" "$(q 'SELECT count(*) FROM questions')" 2
t_is "and their choices too" "$(q 'SELECT count(*) FROM choices')" 5
t_is "the answer is stored lower-case" \
	"$(q 'SELECT answer FROM questions WHERE position = 2')" c
t_is "list prints the canonical form" "$(ectl questions list)" "Q: First?
a) one
b) two
A: a

Q: Second?
a) x
b) y
c) z
A: c"
t_is "import from stdin with -" \
	"$(ectl questions import - <"$T/default.txt")" "imported $before questions"

# A tab inside a text is allowed; it is the one control character that is.
printf 'Q: tab\there?\na) x\ty\nb) 2\nA: a\n' >"$T/tab.txt"
out=$(ectl questions import "$T/tab.txt" 2>&1); rc=$?
t_is "a tab inside texts: import exits 0" "$rc" 0
t_is "and list keeps the tabs" "$(ectl questions list | head -n 2)" \
	"$(printf 'Q: tab\there?\na) x\ty')"

# Malformed files: exit 2, FILE:LINE: reason, the bank untouched.
ectl questions list >"$T/saved.txt"
snapshot() {
	{ q 'SELECT * FROM questions ORDER BY exam, position'
	  q 'SELECT * FROM choices ORDER BY exam, position, letter'; } | md5sum
}
saved=$(snapshot)
rejected() { # description, line, reason regex, file content (printf format)
	d=$1 line=$2 re=$3; shift 3
	printf "$@" >"$T/bad.txt"
	ectl questions import "$T/bad.txt" >"$T/out" 2>"$T/err"; rc=$?
	t_is "$d: exit 2" "$rc" 2
	t_like "$d: error names FILE:$line" "$(cat "$T/err")" \
		"^examctl: $T/bad\\.txt:$line: .*$re"
	t_is "$d: one line" "$(wc -l <"$T/err")" 1
	t_is "$d: nothing on stdout" "$(cat "$T/out")" ""
	t_is "$d: the bank is unchanged" "$(snapshot)" "$saved"
}
rejected "empty file" 1 "no questions" ''
rejected "comments only" 2 "no questions" '# a\n# b\n'
rejected "answer missing at the end" 5 "no 'A:' line" \
	'Q: a?\na) 1\nb) 2\nA: a\nQ: b?\na) 1\nb) 2\n'
rejected "one choice" 3 "at least 2 choices" 'Q: a?\na) 1\nA: a\n'
rejected "letters out of order" 4 "out of order" \
	'Q: a?\na) 1\nb) 2\nd) 3\nA: a\n'
rejected "seven choices" 8 "too many" \
	'Q: a?\na) 1\nb) 2\nc) 3\nd) 4\ne) 5\nf) 6\ng) 7\nA: a\n'
rejected "answer not offered" 10 "from a to b" \
	'Q: a?\na) 1\nb) 2\nc) 3\nA: c\n\nQ: b?\na) 1\nb) 2\nA: c\n'
rejected "blank line inside a question" 3 "blank line" \
	'Q: a?\na) 1\n\nb) 2\nA: a\n'
rejected "garbage between questions" 5 "expected 'Q:'" \
	'Q: a?\na) 1\nb) 2\nA: a\nhello\n'
rejected "empty prompt" 1 "empty" 'Q:\na) 1\nb) 2\nA: a\n'
rejected "NUL byte" 2 "NUL" 'Q: a?\na) 1\0\nb) 2\nA: a\n'
rejected "invalid UTF-8" 3 "UTF-8" 'Q: a?\na) 1\nb) \377\nA: a\n'
# C1 controls (U+0080-U+009F) too: U+009B, the CSI, would start a terminal
# escape sequence on every student's screen.
rejected "a CSI in question text" 6 "question: control character" \
	'Q: a?\na) 1\nb) 2\nA: a\n\nQ: red \302\23331m text\na) 1\nb) 2\nA: a\n'
rejected "a C1 control in a choice" 3 "choice b: control character" \
	'Q: a?\na) 1\nb) x\302\200\nA: a\n'
rejected "an ESC in a choice" 2 "choice a: control character" \
	'Q: a?\na) \033[2J\nb) 2\nA: a\n'
long=$(head -c 1100 /dev/zero | tr '\0' x)
rejected "line over 1024 bytes" 2 "longer than 1024" 'Q: a?\na) %s\nb) 2\nA: a\n' "$long"

# Files that cannot be read: exit 1, bank untouched.
ectl questions import "$T/nonexistent.txt" >/dev/null 2>"$T/err"; rc=$?
t_is "a missing file: exit 2, as in studentctl" "$rc" 2
t_like "and names it" "$(cat "$T/err")" "^examctl: $T/nonexistent\\.txt: "
ectl questions import "$T" >/dev/null 2>"$T/err"; rc=$?
t_is "a folder: exit 2" "$rc" 2
t_is "and says so" "$(cat "$T/err")" "examctl: $T: Is a directory"
head -c 4194305 /dev/zero | tr '\0' '#' >"$T/huge.txt"
ectl questions import "$T/huge.txt" >/dev/null 2>"$T/err"; rc=$?
t_is "a file over 4 MiB: exit 2" "$rc" 2
t_like "and says it is too large" "$(cat "$T/err")" 'larger than'
t_is "the bank is still unchanged" "$(snapshot)" "$saved"

# A database busy with another writer: import fails cleanly, nothing lost.
if [ "$BACKEND" = sqlite ]; then
( sqlite3 "$DB" >/dev/null 2>&1 <<'SQL'
.timeout 0
BEGIN IMMEDIATE;
SELECT 1;
.shell sleep 7
COMMIT;
SQL
) &
lock=$!
sleep 0.5
ectl questions import "$T/new.txt" >/dev/null 2>"$T/err"; rc=$?
wait "$lock"
t_is "import while the database is locked: exit 1" "$rc" 1
t_like "with the database error" "$(cat "$T/err")" '^examctl: .*(locked|busy)'
t_is "the bank is unchanged after the failed import" "$(snapshot)" "$saved"
t_is "integrity check ok" "$(q 'PRAGMA integrity_check')" ok
else
	# On PostgreSQL a writer waits for the other (its lock is a row
	# lock), then replaces the bank whole.
	psql -X -q "$DB" >/dev/null 2>&1 <<SQL &
BEGIN;
DELETE FROM choices WHERE position = 1 AND letter = 'd';
SELECT pg_sleep(2);
ROLLBACK;
SQL
	lock=$!
	sleep 0.5
	ectl questions import "$T/new.txt" >/dev/null 2>"$T/err"; rc=$?
	wait "$lock"
	t_is "import while another writer holds rows: waits, exit 0" "$rc/$(cat "$T/err")" 0/
	t_is "and the bank is the new one" "$(q 'SELECT count(*) FROM choices')" 5
fi

# An empty bank lists as nothing (e.g. tables emptied by hand).
q 'DELETE FROM choices; DELETE FROM questions'
out=$(ectl questions list); rc=$?
t_is "list of an empty bank exits 0" "$rc" 0
t_is "and prints nothing" "$out" ""
t_done
