# SPDX-License-Identifier: ISC
# Student pages: the three FastCGI programs behind lighttpd, and the web
# modules only they use (libweb.a).
PROGS += login handlelogin error
WEB_MAINS := cgi-bin/login.c cgi-bin/handlelogin.c cgi-bin/error.c
WEB_SRC   := $(filter-out $(WEB_MAINS),$(wildcard cgi-bin/*.c))
WEBA      := $(B)/libweb.a
$(WEBA): $(WEB_SRC:%.c=$(B)/obj/%.o)
$(B)/bin/login: $(B)/obj/cgi-bin/login.o $(WEBA) $(LIBA)
$(B)/bin/handlelogin: $(B)/obj/cgi-bin/handlelogin.o $(WEBA) $(LIBA)
$(B)/bin/error: $(B)/obj/cgi-bin/error.o $(WEBA) $(LIBA)
# handlelogin reads the database (SQLite or PostgreSQL) and checks access
# codes (HMAC-SHA256 with nettle); login reads it only to know whether
# codes are in use; error reads
# nothing. None of them hashes passwords. All three confine themselves
# with the filter lib/sandbox compiled at build time (no libseccomp).
LDLIBS_login = -lfcgi -lsqlite3
LDLIBS_handlelogin = -lfcgi -lsqlite3 -lnettle
LDLIBS_error = -lfcgi
