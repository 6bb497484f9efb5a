# SPDX-License-Identifier: ISC
# Student pages and their database: opened read-only (never written, no
# journal files), 503 while it cannot be opened and picked up without a
# restart once it can; start-up failures say why.
. "$TOP/tests/lib.sh"
sqlite_only "the pages on a SQLite file (permissions, journals, WAL); t150 covers PostgreSQL"
. "$TOP/tests/lib-web.sh"

# The database lives in its own folder so stray -journal/-wal files show.
mkdir -p "$T/db"
WEB_DB=$T/db/Student_log.db
WEB_NO_DB=1
t_ok "lighttpd starts with no database file" start_web
WEB_NO_DB=0

post id=1711
t_is "no database: 503" "$STATUS" 503
t_like "on the error template" "$BODY" '<h1>503 Service Unavailable</h1>'
t_like "saying it is not available" "$BODY" 'not available right now'
t_unlike "without details of the server" "$BODY" "$T|sqlite|SQLITE"
post id=1711 -H 'Accept: application/json'
t_is "no database, JSON: 503" "$STATUS" 503
t_like "as a JSON error" "$(printf '%s' "$BODY" | jq -r .error)" 'not available'
t_ok "the reason went to the log" grep -q 'handlelogin: .*Student_log.db' \
    "$WEB_STATE/fastcgi-stderr.log"
t_like "as the failed step and SQLite's message" \
    "$(cat "$WEB_STATE/fastcgi-stderr.log")" \
    "^handlelogin: $WEB_DB: no such database file\$"
t_fails "the program did not create the file" test -e "$WEB_DB"
req "$WEB/login"
t_is "the login page works meanwhile" "$STATUS" 200

printf 'this is not a database, just text for the test\n%0200d\n' 0 >"$WEB_DB"
post id=1711
t_is "a file that is not a database: 503" "$STATUS" 503
rm -f "$WEB_DB"
sqlite3 "$WEB_DB" 'CREATE TABLE other(x)'
post id=1711
t_is "a database without the table: 503" "$STATUS" 503
t_like "the log names the failing SQL and SQLite's message" \
    "$(cat "$WEB_STATE/fastcgi-stderr.log")" \
    '^handlelogin: SELECT Name, ID, Age FROM Fifth_students WHERE ID = \?1: no such table: Fifth_students$'
rm -f "$WEB_DB"

make_student_db "$WEB_DB"
post id=1711
t_is "once the database exists: 200, no restart needed" "$STATUS" 200
t_like "with the student" "$BODY" '>Karam<'

sqlite3 "$WEB_DB" "INSERT INTO Fifth_students VALUES ('New', 5000, 30)"
post id=5000
t_is "rows added later are seen" "$STATUS" 200
sqlite3 "$WEB_DB" "DELETE FROM Fifth_students WHERE ID = 5000"
post id=5000
t_is "rows deleted later are gone" "$STATUS" 404

# Read-only: hammer it with lookups and injection attempts, then compare.
before=$(cksum <"$WEB_DB")
for b in id=1711 id=1866 id=4242 "id=1;DELETE FROM Fifth_students" \
    "id=1711' OR 1=1--" id=1709 "ID=1800"; do
	post "$b"
done
after=$(cksum <"$WEB_DB")
t_is "the database file is unchanged" "$after" "$before"
t_is "no journal, WAL or shm file appeared" "$(ls "$T/db")" Student_log.db
t_is "all rows are still there" "$(sqlite3 "$WEB_DB" 'SELECT count(*) FROM Fifth_students')" 4

# The open file descriptions prove it: O_RDONLY (access mode 0).
modes=
for k in $(pgrep -P "$_web_pid"); do
	for fd in /proc/"$k"/fd/*; do
		[ "$(readlink "$fd")" = "$WEB_DB" ] || continue
		flags=$(sed -n 's/^flags:[[:space:]]*//p' /proc/"$k"/fdinfo/"${fd##*/}")
		modes="$modes $(( 0$flags & 3 ))"
	done
done
t_like "handlelogin holds the database open" "$modes" '[0-9]'
t_unlike "only read-only (mode 0), never for writing" "$modes" '[12]'

stop_web
t_done_web_db=$(cat "$WEB_STATE/fastcgi-stderr.log")
t_unlike "no crash or sanitizer noise in the programs' log" "$t_done_web_db" 'ERROR|runtime error|Sanitizer'

# Start-up failures: a bad template makes the program exit at once, so no
# page is ever served (lighttpd refuses to start, or answers with an error
# when it noticed too late), and the program says which file and why.
# broken_templates DESC LOG-REGEX
broken_templates() {
	if start_web 2>/dev/null; then
		post id=1711
		stop_web
	else
		STATUS="not started"
	fi
	t_unlike "$1: no student page" "$STATUS" '^200$'
	t_is "$1: no program is left running" "$(web_orphans)" ""
	t_like "$1: the log says why" \
	    "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" "$2"
	rm -f "$WEB_STATE/fastcgi-stderr.log"
}
mkdir -p "$T/tpl"
cp "$TOP"/html/*.html "$T/tpl/"
WEB_TEMPLATES=$T/tpl
rm "$T/tpl/student.html"
broken_templates "a missing template" \
    'handlelogin: template .*student.html: No such file'
printf '<!DOCTYPE html>\n<p>{{nme}}</p>\n' >"$T/tpl/student.html"
broken_templates "an unknown placeholder" \
    'student.html: unknown placeholder \{\{nme\}\}'
printf '<p>{{ name }}</p>\n' >"$T/tpl/student.html"
broken_templates "a malformed placeholder" \
    'student.html: line 1: a \{\{ is not followed'
printf '<p>\377</p>\n' >"$T/tpl/student.html"
broken_templates "a template that is not UTF-8" \
    'student.html: line 1: invalid UTF-8'

# Without a FastCGI server, the programs say why and fail.
for p in login handlelogin error; do
	out=$(TEMPLATE_DIR=$TOP/html STUDENT_DB=$WEB_DB "$BIN/$p" </dev/null 2>&1)
	t_is "$p run by hand exits 1" "$?" 1
	t_like "$p says it needs a FastCGI server" "$out" "^$p: not started by a FastCGI server"
done
out=$(TEMPLATE_DIR=$T/none "$BIN/error" </dev/null 2>&1)
t_like "a missing template folder is named" "$out" "error: template $T/none/error.html: No such file"

t_done
