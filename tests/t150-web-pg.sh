# SPDX-License-Identifier: ISC
# Student pages on PostgreSQL: they connect as student_pages, which can
# only read; a lookup failure is a 500 and a lost connection a 503, and
# the next request connects again.
. "$TOP/tests/lib.sh"
postgresql_only "PostgreSQL only (tests/run runs it with BACKEND=postgresql)"
. "$TOP/tests/lib-web.sh"

t_ok "lighttpd starts on a PostgreSQL database" start_web \
    "INSERT INTO Fifth_students VALUES ('<script>alert(1)</script>&\"''', 42, 20);
     INSERT INTO Fifth_students VALUES ('Zoë \\ \"q\" é', 43, NULL);"
t_like "the pages connect as student_pages" "$WEB_DB" '^postgresql://student_pages@'

post id=1711
t_is "a known ID is 200" "$STATUS" 200
t_like "the page shows the name" "$BODY" '<h1 id="name">Karam</h1>'
post id=42
t_like "a hostile name is escaped" "$BODY" \
    '<h1 id="name">&lt;script&gt;alert\(1\)&lt;/script&gt;&amp;&quot;&#39;</h1>'
post id=43 -H 'Accept: application/json'
t_is "JSON: a NULL age is null, the name escaped" "$BODY" \
    '{"name":"Zoë \\ \"q\" é","id":43,"age":null}'
post id=5
t_is "an unknown ID is 404" "$STATUS" 404

# The pages' role cannot write, whatever the statement.
PAGES=$WEB_DB
for sql in "INSERT INTO Fifth_students VALUES ('X', 7, 1)" \
    "BEGIN READ WRITE; INSERT INTO Fifth_students VALUES ('X', 7, 1); COMMIT" \
    "UPDATE Fifth_students SET Age = 1" "DELETE FROM Fifth_students" \
    "CREATE TABLE t (x int)"; do
	out=$(psql -X -q -v ON_ERROR_STOP=1 "$PAGES" -c "$sql" 2>&1)
	rc=$?
	t_is "student_pages is refused: $sql" "$rc" 1
	t_like "and told why" "$out" 'read-only transaction|permission denied'
done
t_is "nothing was written" \
    "$(pg_sql "$WEB_ADMIN_DB" 'SELECT count(*) FROM Fifth_students')" 6
t_is "its sessions are read-only" \
    "$(pg_sql "$PAGES" 'SHOW default_transaction_read_only')" on

# A failing lookup is a 500, reported with the SQL; once it works again,
# so do the pages.
pg_sql "$WEB_ADMIN_DB" 'REVOKE SELECT ON Fifth_students FROM student_pages'
post id=1711
t_is "a refused SELECT is 500" "$STATUS" 500
t_like "the log names the statement and the reason" "$(web_logs)" \
    'handlelogin: postgresql://[^ ]*: SELECT s\.Name, s\.ID, s\.Age, .* LEFT JOIN Fifth_students s ON s\.ID = \?1 .*: permission denied for table fifth_students'
pg_sql "$WEB_ADMIN_DB" 'GRANT SELECT ON Fifth_students TO student_pages'
ok=
for i in 1 2 3 4; do post id=1711; [ "$STATUS" = 200 ] && ok=1 && break; done
t_is "after the GRANT the pages answer again" "$ok" 1

# A lost connection is a 503, and the next request connects again.
pg_sql "$WEB_ADMIN_DB" "SELECT count(pg_terminate_backend(pid)) FROM
    pg_stat_activity WHERE usename = 'student_pages'" >/dev/null
codes=
for i in 1 2 3 4 5; do post id=1711; codes="$codes $STATUS"; done
t_like "a lost connection is 503 or already reconnected" "$codes" \
    '^( (200|503))+$'
t_like "and the pages are back" "$codes" '200$'
t_like "the log says the server closed it" "$(web_logs)" \
    'handlelogin: postgresql://[^ ]*: SELECT .*: (server closed|terminating connection|FATAL)'


# No server: 503, and the log names it without the password.
stop_web
port=$(free_port)
WEB_DB=postgresql://student_pages:s3cret@127.0.0.1:$port/students
t_ok "lighttpd starts with no server behind the URI" start_web
post id=1711
t_is "an unreachable server is 503" "$STATUS" 503
t_like "the log names the server" "$(web_logs)" \
    "handlelogin: postgresql://student_pages@127\\.0\\.0\\.1:$port/students: connection to server .*failed"
t_unlike "but not the password" "$(web_logs)" s3cret

# A database without the table: 503 as well, until init has run.
stop_web
new_db bare
WEB_DB=$(echo "$NEW_DB" | sed 's|//[^@/]*@|//student_pages@|')
t_ok "lighttpd starts on a database without the table" start_web
post id=1711
t_is "a database that is not set up is 503" "$STATUS" 503
"$BIN/studentctl" --db "$NEW_DB" init
psql -X -q "$NEW_DB" -f "$TOP/sql/student_sample.sql" >/dev/null
post id=1711
t_is "after init the same pages answer" "$STATUS" 200
t_done
