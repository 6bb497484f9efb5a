# SPDX-License-Identifier: ISC
# studentctl(8) as written: its pipe example runs as shown (commands after
# "$ ", their output on the lines that follow), and SEE ALSO names the
# pages' manual, student-pages(7).
. "$TOP/tests/lib.sh"
sqlite_only "the manual's example uses SQLite file names"

man=$TOP/man/studentctl.8
# example TITLE: the literal block after the paragraph starting TITLE.
example() {
	awk -v title="$1" '
	    index($0, title) == 1 { want = 1; next }
	    want && /^\.Bd/ { inside = 1; next }
	    inside && /^\.Ed/ { exit }
	    inside { print }' "$man"
}
block=$(example 'Copy every student into another database')
t_like "the pipe example is there" "$block" '^\$ studentctl list \| studentctl --db copy\.db import -$'

# Run in a folder holding the sample students, as the earlier example
# leaves it (STUDENT_DB exported).
mkdir "$T/work"
cd "$T/work" || exit 1
export PATH="$BIN:$PATH" STUDENT_DB=$T/work/Student_log.db
studentctl --db Student_log.db init >/dev/null
studentctl --db Student_log.db import "$TOP/sql/student_sample.csv" >/dev/null
printf '%s\n' "$block" | sed -n 's/^\$ //p' >"$T/commands"
printf '%s\n' "$block" | grep -v '^\$ ' >"$T/expected"
out=$(sh -e "$T/commands" 2>&1); rc=$?
t_is "the example runs without error" "$rc" 0
t_is "and prints what the page shows" "$out" "$(cat "$T/expected")"
t_is "the copy holds every student" "$(studentctl --db copy.db list)" "$(studentctl list)"

t_like "SEE ALSO names student-pages(7)" \
    "$(sed -n '/^\.Sh SEE ALSO/,/^\.Sh/p' "$man")" '^\.Xr student-pages 7'
t_done
