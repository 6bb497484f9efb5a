# SPDX-License-Identifier: ISC
# The three parts stay apart: each program links only its own part's
# archive and the shared one, so the web programs carry no password code
# (no libcrypt) and the exam service no FastCGI code (no libfcgi); libpq is
# loaded only by the programs that can reach PostgreSQL, and only then.
. "$TOP/tests/lib.sh"

needed() { readelf -d "$BIN/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
syms() { nm "$BIN/$1" 2>/dev/null | awk '$2 ~ /^[TtDdBbRr]$/ { print $3 }'; }

for p in login handlelogin error; do
	t_unlike "$p does not link libcrypt" "$(needed $p)" '^libcrypt'
	t_like "$p links libfcgi" "$(needed $p)" '^libfcgi'
	t_unlike "$p holds no exam or admin code" "$(syms $p)" \
	    '^(session_|examdb_|lr_|out_|exadm_|student_admin_|csv_|password_)'
done
# No program links libpq: it is loaded (lib/pq.c) when a postgresql://
# database is first connected to, so that start-up without one costs
# nothing of it; only the programs that can reach PostgreSQL carry the
# loader.
for p in login handlelogin error examd examctl examclient studentctl; do
	t_unlike "$p does not link libpq" "$(needed $p)" '^libpq'
done
# The access codes' HMAC-SHA256 (lib/accesscode, nettle) is in the two
# programs that make or check codes, and nowhere else on the pages: login
# only asks the database whether codes are in use, error reads nothing.
for p in handlelogin studentctl; do
	t_like "$p links nettle (access codes)" "$(needed $p)" '^libnettle'
	t_like "$p holds the access codes' one rule" "$(syms $p)" '^accesscode_digest$'
done
for p in login error; do
	t_unlike "$p does not link nettle" "$(needed $p)" '^libnettle'
	t_unlike "$p holds no access-code digest" "$(syms $p)" '^accesscode_'
done
t_unlike "error reads no database" "$(needed error)" '^libsqlite3'
t_unlike "error holds no database code" "$(syms error)" '^(sql_|studentdb_)'
for p in error examclient; do
	t_unlike "$p has no PostgreSQL loader" "$(syms $p)" '^pq_load$'
done
for p in handlelogin login studentctl; do
	t_like "$p can load libpq (the student database on PostgreSQL)" \
	    "$(syms $p)" '^pq_load$'
done
t_like "examd can load libpq (exam.db on PostgreSQL)" "$(syms examd)" \
    '^pq_load$'
# The seccomp filter is compiled at build time (lib/sandbox_gen.c) and
# only loaded at run time: no program links libseccomp, shared or static.
for p in login handlelogin error examd; do
	t_unlike "$p does not link libseccomp" "$(needed $p)" '^libseccomp'
	t_unlike "$p holds no libseccomp" "$(syms $p)" '^seccomp_'
done
t_unlike "examd does not link libfcgi" "$(needed examd)" '^libfcgi'
t_unlike "examd holds no FastCGI code" "$(syms examd)" '^FCGX_'
# examd carries SQLite, libxcrypt and nettle inside (static: no binding at
# each of its per-connection starts); the pages use the shared ones.
t_unlike "examd needs no shared SQLite, libcrypt or nettle" "$(needed examd)" \
    '^lib(sqlite3|crypt|nettle)'
t_like "examd holds libxcrypt" "$(syms examd)" '^crypt_ra$'
t_like "examd holds SQLite" "$(syms examd)" '^sqlite3_open_v2$'
t_like "examd holds nettle (the original server's accounts)" "$(syms examd)" \
    '^nettle_pbkdf2_hmac_sha512$'
t_like "examctl links nettle" "$(needed examctl)" '^libnettle'
t_like "examctl can load libpq (exam.db on PostgreSQL)" "$(syms examctl)" '^pq_load$'
# One driver per back end under lib/sql.h; the modules above it hold no
# back end's code of their own.
for p in handlelogin studentctl examd examctl; do
	t_like "$p holds both drivers" "$(syms $p)" '^sql_pg_driver$'
	t_like "$p reaches them through lib/sql" "$(syms $p)" '^sql_open$'
	t_unlike "$p holds no second copy of a module" "$(syms $p)" \
	    '^(expg_|sapg_|examdb_pg_|studentdb_pg_|qbank_db_pg_|dbpg_)'
done
for f in "$TOP"/cgi-bin/*.c "$TOP"/exam/*.c "$TOP"/admin/*.c; do
	t_unlike "$(basename "$f") calls neither SQLite nor libpq itself" \
	    "$(grep -E '(sqlite3|PQ[a-z]+)\(|#include <sqlite3.h>|"pq.h"' "$f")" .
done
t_unlike "examd holds no web or admin code" "$(syms examd)" \
    '^(webapp_|webreq_|template_|form_|html_|json_|exadm_|student_admin_|csv_)'
for p in studentctl examctl; do
	t_unlike "$p does not link libfcgi" "$(needed $p)" '^libfcgi'
	t_unlike "$p holds no web or exam-session code" "$(syms $p)" \
	    '^(webapp_|webreq_|template_|session_|lr_|out_)'
done
t_unlike "studentctl does not link libcrypt" "$(needed studentctl)" '^libcrypt'
t_unlike "examclient links neither" "$(needed examclient)" '^lib(fcgi|crypt|sqlite3)'
# The asserts that state the invariants (line reader, output buffer, the
# question model) stay on in both test builds: nothing defines NDEBUG.
for p in examd examctl; do
	t_like "$p keeps its asserts" "$(nm "$BIN/$p" 2>/dev/null)" ' U __assert_fail'
done
t_unlike "no build file defines NDEBUG" \
    "$(cat "$TOP/Makefile" "$TOP"/*/module.mk "$TOP"/mk/*.mk)" 'NDEBUG'
if [ -x "$BIN/examgui" ]; then
	t_unlike "examgui links no database, password or FastCGI code" \
	    "$(needed examgui)" '^lib(fcgi|crypt|sqlite3)'
	t_like "examgui links GTK 4" "$(needed examgui)" '^libgtk-4'
	t_unlike "examgui holds no server or admin code" "$(syms examgui)" \
	    '^(session_|examdb_|lr_|out_|exadm_|webapp_|db_|qbank_)'
fi
# lib/ holds only what more than one part includes, and the drivers'
# own headers (behind lib/sql.h: libpq's table, the driver interface),
# which no part includes.
for h in "$TOP"/lib/*.h; do
	n=$(basename "$h")
	users=$(grep -l "#include \"$n\"" "$TOP"/cgi-bin/*.[ch] "$TOP"/exam/*.[ch] \
	    "$TOP"/admin/*.[ch] "$TOP"/gui/*.[ch] 2>/dev/null | sed "s|$TOP/||; s|/.*||" | sort -u | wc -l)
	case $n in
	pq.h|sql_driver.h)
		t_is "lib/$n is the drivers' own" "$users" 0
		continue ;;
	esac
	t_ok "lib/$n is used by more than one part" test "$users" -ge 2
done
t_done
