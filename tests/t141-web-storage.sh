# SPDX-License-Identifier: ISC
# Student_log.db missing, unreadable, locked by a writer, or replaced
# while the pages run: a 503 on the error template (a JSON error with
# Accept: application/json), never an empty 500, and the pages serve
# again as soon as the file is back, without a restart.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

mkdir -p "$T/db"
WEB_DB=$T/db/Student_log.db
t_ok "lighttpd serves the pages" start_web
post id=1711
t_is "a student is found" "$STATUS" 200

# unavailable DESC [ID [ID-FOR-JSON]]: the HTML and the JSON answer are
# both a proper 503.
unavailable() {
	post "id=${2:-1711}"
	t_is "$1: 503" "$STATUS" 503
	t_ok "$1: on the error template, in the page's sentence" \
	    sh -c 'printf "%s" "$1" | grep -q "<h1>503 Service Unavailable</h1>" &&
	        printf "%s" "$1" | grep -q "not available right now"' sh "$BODY"
	post "id=${3:-1711}" -H 'Accept: application/json'
	t_is "$1, JSON: 503" "$STATUS" 503
	t_like "$1, JSON: an error object" \
	    "$(printf '%s' "$BODY" | jq -r .error 2>&1)" 'not available'
}
# back DESC: served again, with the row the current file holds.
back() {
	post id=1711
	t_is "$1: 200 again, no restart" "$STATUS" 200
	t_like "$1: the student" "$BODY" '>Karam<'
}

# Missing while the programs hold it open: they must notice.
mv "$WEB_DB" "$T/saved.db"
unavailable "removed while open"
mv "$T/saved.db" "$WEB_DB"
back "put back"

# Unreadable: a directory in its place (root reads any mode), and a
# mode-000 file for a non-root server.
mv "$WEB_DB" "$T/saved.db"
mkdir "$WEB_DB"
unavailable "a directory in its place"
rmdir "$WEB_DB"
mv "$T/saved.db" "$WEB_DB"
back "the file again"
if [ "$(id -u)" != 0 ]; then
	chmod 000 "$WEB_DB"
	unavailable "mode 000"
	chmod 644 "$WEB_DB"
	back "readable again"
fi

# Locked by a writer: an exclusive transaction held for 6 s, longer than
# the programs' 2 s busy timeout. A student no process has looked up yet
# waits for it and gets the 503 (an answer a process remembers from the
# unchanged file may be served meanwhile: test_studentdb checks that).
# Once it commits, the change shows at once, also for the student whose
# answer was remembered.
for i in 1 2 3 4 5 6; do post id=1711; done
printf '%s\n' 'BEGIN EXCLUSIVE;' \
    'UPDATE Fifth_students SET Age = 41 WHERE ID = 1711;' \
    '.system sleep 6' 'COMMIT;' | sqlite3 "$WEB_DB" &
locker=$!
sleep 0.5
start=$(date +%s%N)
unavailable "locked by a writer" 5150 5151
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# locked: two answers in $ms ms"
t_ok "locked: each answer waited the busy timeout (2 s)" test "$ms" -ge 3900
wait "$locker"
back "the writer committed"
for i in 1 2 3 4 5 6; do
	post id=1711
	printf '%s' "$BODY" | grep -q '<td id="age">41</td>' || break
done
t_like "the writer committed: its change shows in every answer" \
    "$BODY" '<td id="age">41</td>'

# Replaced by another file (rename over it, as a restore from backup or
# studentctl on a copy would): the new rows are served, not the old.
cp "$WEB_DB" "$T/new.db"
sqlite3 "$T/new.db" "UPDATE Fifth_students SET Name = 'Karam Restored' WHERE ID = 1711"
mv "$T/new.db" "$WEB_DB"
post id=1711
t_is "replaced: 200" "$STATUS" 200
t_like "replaced: the new file's row" "$BODY" '>Karam Restored<'

# Replaced by garbage, then by a good file again.
printf 'not a database%01000d\n' 0 >"$T/junk"
mv "$T/junk" "$WEB_DB"
unavailable "replaced by a file that is no database"
make_student_db "$T/good.db"
mv "$T/good.db" "$WEB_DB"
back "a good file again"

req "$WEB/login"
t_is "the login page never stopped" "$STATUS" 200
stop_web
t_unlike "no sanitizer report in the programs' log" \
    "$(cat "$WEB_STATE/fastcgi-stderr.log" 2>/dev/null)" 'runtime error|Sanitizer'
t_done
