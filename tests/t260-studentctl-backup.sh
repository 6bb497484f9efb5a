# SPDX-License-Identifier: ISC
# studentctl backup FILE while the pages run and studentctl writes: the
# copy is whole and of one moment; it never overwrites a file. Then the
# restore of README's Backups section: break Student_log.db, put the copy
# back, and lighttpd serves it again. On PostgreSQL it says to use pg_dump.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-web.sh"

t_ok "lighttpd serves the pages" start_web
sctl() { "$BIN/studentctl" --db "${WEB_ADMIN_DB:-$WEB_DB}" "$@"; }
if [ "$BACKEND" = postgresql ]; then
	sctl backup "$T/copy.db" >"$T/out" 2>"$T/err"; rc=$?
	t_is "on PostgreSQL: exit 2, nothing written" "$rc|$(cat "$T/out")|$(test -e "$T/copy.db" && echo made)" "2||"
	t_like "and it names pg_dump" "$(cat "$T/err")" \
	    '^studentctl: postgresql://[^ ]+: a PostgreSQL database is backed up with pg_dump'
	t_done; exit
fi

# Students added one by one meanwhile, each in its own transaction.
( i=100; while [ "$i" -lt 400 ]; do sctl add "S$i" "$i" 20 >/dev/null; i=$((i + 1)); done ) &
adder=$!
sleep 0.2
out=$(sctl backup "$T/copy.db" 2>&1); rc=$?
wait "$adder"
t_is "backup while studentctl writes: exit 0, one line" "$rc|$out" "0|copied $WEB_DB to $T/copy.db"
n=$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM Fifth_students')
t_ok "the copy holds some of the added students ($n)" test "$n" -gt 4 -a "$n" -lt 304
t_is "each of one moment: 100 up to the last one, no gap" \
    "$(sqlite3 "$T/copy.db" 'SELECT max(ID) - 99 FROM Fifth_students WHERE ID BETWEEN 100 AND 399')" "$((n - 4))"
t_is "the copy is whole" "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" ok
echo keep >"$T/taken"
sctl backup "$T/taken" 2>"$T/err"; rc=$?
t_is "a FILE that exists: exit 2, kept" "$rc|$(cat "$T/taken")" "2|keep"
t_is "and it says why" "$(cat "$T/err")" "studentctl: $T/taken exists (a backup never overwrites a file)"

# Break, restore, serve: the pages read the file afresh.
dd if=/dev/urandom of="$WEB_DB" bs=1024 count=2 conv=notrunc 2>/dev/null
post id=1711
t_like "a broken Student_log.db: a server error" "$STATUS" '^50[03]$'
cp "$T/copy.db" "$WEB_DB.new" && mv "$WEB_DB.new" "$WEB_DB"
post id=1711
t_is "restored: the sample student is found" "$STATUS" 200
post id=100
t_is "and a student added before the copy" "$STATUS" 200
t_done
