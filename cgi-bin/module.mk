# The three FastCGI programs behind lighttpd.
PROGS += login handlelogin error
$(B)/bin/login: $(B)/obj/cgi-bin/login.o $(LIBA)
$(B)/bin/handlelogin: $(B)/obj/cgi-bin/handlelogin.o $(LIBA)
$(B)/bin/error: $(B)/obj/cgi-bin/error.o $(LIBA)
# Only handlelogin reads the database.
LDLIBS_login = -lfcgi
LDLIBS_handlelogin = -lfcgi -lsqlite3
LDLIBS_error = -lfcgi
