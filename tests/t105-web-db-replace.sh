# SPDX-License-Identifier: ISC
# Replacing Student_log.db while the pages run: a new file moved over the
# old one (another inode), or the file removed and put back, is what the
# next lookups see, without restarting lighttpd.
. "$TOP/tests/lib.sh"
sqlite_only "a SQLite file replaced at its path"
. "$TOP/tests/lib-web.sh"

mkdir -p "$T/db"
WEB_DB=$T/db/Student_log.db
t_ok "lighttpd starts" start_web

# Every FastCGI process must have the file open before it is replaced, so
# several lookups first (lighttpd spreads them over its processes).
for i in 1 2 3 4 5 6; do post id=1711; done
t_is "the sample student" "$STATUS" 200
t_like "by name" "$BODY" '>Karam<'

# A new class list, made aside and moved into place as an administrator
# would: different rows, same path.
make_student_db "$T/db/new.db" \
    "DELETE FROM Fifth_students; INSERT INTO Fifth_students VALUES ('Newcomer', 7001, 12), ('Karima', 1711, 13);"
old_ino=$(stat -c %i "$WEB_DB")
mv "$T/db/new.db" "$WEB_DB"
t_unlike "the path is now another file" "$(stat -c %i "$WEB_DB")" "^$old_ino\$"
ok=0 renamed=0 gone=0
for i in 1 2 3 4 5 6; do
	post id=7001
	[ "$STATUS" = 200 ] && case $BODY in *'>Newcomer<'*) ok=$((ok + 1));; esac
	post id=1711
	case $BODY in *'>Karima<'*) renamed=$((renamed + 1));; esac
	post id=1866
	[ "$STATUS" = 404 ] && gone=$((gone + 1))
done
t_is "every lookup after the mv finds the new student" "$ok" 6
t_is "and the changed row" "$renamed" 6
t_is "and not the rows of the old file" "$gone" 6

rm -f "$WEB_DB"
post id=7001
t_is "the file removed: 503" "$STATUS" 503
post id=7001 -H 'Accept: application/json'
t_is "in JSON too" "$STATUS" 503
make_student_db "$WEB_DB" \
    "INSERT INTO Fifth_students VALUES ('Restored', 7002, 14);"
found=0
for i in 1 2 3 4 5 6; do
	post id=7002
	case $BODY in *'>Restored<'*) found=$((found + 1));; esac
done
t_is "put back: every lookup sees the restored file" "$found" 6
post id=7001
t_is "and not the removed one" "$STATUS" 404

t_is "still the same lighttpd" "$(kill -0 "$_web_pid" && echo up)" up
t_fails "no journal or WAL beside it" test -e "$WEB_DB-journal" -o \
    -e "$WEB_DB-wal"
stop_web
t_unlike "no crash or sanitizer noise in the programs' log" \
    "$(cat "$WEB_STATE/fastcgi-stderr.log")" 'ERROR|runtime error|Sanitizer'
t_done
