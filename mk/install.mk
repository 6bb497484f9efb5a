# SPDX-License-Identifier: ISC
# install, uninstall, setup and test-deploy; included by the Makefile.
#
# `make install` copies the programs of the build folder $(B) and the data
# files under $(DESTDIR) and the directory variables of the Makefile
# (PREFIX, BINDIR, SBINDIR, LIBEXECDIR, DATADIR, MANDIR, DOCDIR,
# SYSCONFDIR, LOCALSTATEDIR). Configuration files and the setup script are written
# from their templates with the @NAME@ paths filled in at install time, so
# they always match the PREFIX given to this very command. `make setup`
# (as root) then creates the user, folders and databases and enables the
# lighttpd snippet; see scripts/setup. `make uninstall` removes what
# install wrote, and no database or state folder.

INSTALL ?= install
# Where lighttpd spawns the FastCGI programs' sockets: a folder owned by
# lighttpd's user (Debian creates /run/lighttpd for www-data).
LIGHTTPD_SOCKETDIR ?= /run/lighttpd
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
FCGIDIR = $(LIBEXECDIR)/student-exam

FCGI_PROGS  = login handlelogin error
SBIN_PROGS  = examd
BIN_PROGS   = studentctl examctl examclient $(GUI_PROGS)
# examgui is installed only where it was built (GTK 4 found), its manual
# page with it; uninstall removes both either way.
GUI_PROGS   = $(filter examgui,$(PROGS))
LIGHTTPD_SNIPPET = 50-student-pages.conf
SYSTEMD_UNITS = examd.socket examd@.service examd-tls.socket examd-tls@.service
SETUP_NAME  = student-exam-setup

INST_HTML = $(notdir $(wildcard html/*))
INST_STATIC = $(notdir $(wildcard static/*))
INST_SQL  = $(notdir $(wildcard sql/*))
INST_MAN  = $(filter-out $(if $(GUI_PROGS),,examgui.1),$(notdir $(wildcard man/*.[1-8])))

# The install paths, for templates (sed at install time).
SUBST = -e 's|@BINDIR@|$(BINDIR)|g' \
	-e 's|@SBINDIR@|$(SBINDIR)|g' \
	-e 's|@FCGIDIR@|$(FCGIDIR)|g' \
	-e 's|@PKGDATADIR@|$(PKGDATADIR)|g' \
	-e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	-e 's|@STATEDIR@|$(STATEDIR)|g' \
	-e 's|@EXAMSTATEDIR@|$(EXAMSTATEDIR)|g' \
	-e 's|@LIGHTTPD_SOCKETDIR@|$(LIGHTTPD_SOCKETDIR)|g'

# fill_in TEMPLATE TARGET MODE: writes TEMPLATE with the paths filled in.
fill_in = sed $(SUBST) $(1) > $(2).tmp && chmod $(3) $(2).tmp && mv -f $(2).tmp $(2)
# fill_session TARGET EXTRA-ARGS: the one session unit (plain or TLS), the
# words EXTRA-ARGS added to examd's command line.
fill_session = sed $(SUBST) -e 's|@TLS_ARGS@|$(2)|' conf/systemd/examd@.service \
	> $(1).tmp && chmod 0644 $(1).tmp && mv -f $(1).tmp $(1)
empty :=
space := $(empty) $(empty)
TLS_ARGS = $(space)--tls-cert $(SYSCONFDIR)/examd/tls/cert.pem --tls-key $(SYSCONFDIR)/examd/tls/key.pem

.PHONY: install uninstall setup test-deploy

install: $(addprefix $(B)/bin/,$(FCGI_PROGS) $(SBIN_PROGS) $(BIN_PROGS)) ## install the programs, pages, man pages and service files under DESTDIR/PREFIX
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
	    $(DESTDIR)$(FCGIDIR) $(DESTDIR)$(PKGDATADIR)/html \
	    $(DESTDIR)$(PKGDATADIR)/static \
	    $(DESTDIR)$(PKGDATADIR)/sql \
	    $(DESTDIR)$(SYSCONFDIR)/lighttpd/conf-available \
	    $(DESTDIR)$(SYSCONFDIR)/xinetd.d $(DESTDIR)$(SYSTEMDUNITDIR) \
	    $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 0644 README.md $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 0755 $(addprefix $(B)/bin/,$(FCGI_PROGS)) $(DESTDIR)$(FCGIDIR)
	$(INSTALL) -m 0755 $(addprefix $(B)/bin/,$(SBIN_PROGS)) $(DESTDIR)$(SBINDIR)
	$(INSTALL) -m 0755 $(addprefix $(B)/bin/,$(BIN_PROGS)) $(DESTDIR)$(BINDIR)
	$(if $(INST_HTML),$(INSTALL) -m 0644 $(addprefix html/,$(INST_HTML)) $(DESTDIR)$(PKGDATADIR)/html)
	$(if $(INST_STATIC),$(INSTALL) -m 0644 $(addprefix static/,$(INST_STATIC)) $(DESTDIR)$(PKGDATADIR)/static)
	$(if $(INST_SQL),$(INSTALL) -m 0644 $(addprefix sql/,$(INST_SQL)) $(DESTDIR)$(PKGDATADIR)/sql)
	for f in $(INST_MAN); do \
	    d=$(DESTDIR)$(MANDIR)/man$${f##*.}; \
	    $(INSTALL) -d $$d && $(INSTALL) -m 0644 man/$$f $$d || exit 1; \
	done
	$(call fill_in,conf/lighttpd/$(LIGHTTPD_SNIPPET),$(DESTDIR)$(SYSCONFDIR)/lighttpd/conf-available/$(LIGHTTPD_SNIPPET),0644)
	$(call fill_in,conf/xinetd.d/examd,$(DESTDIR)$(SYSCONFDIR)/xinetd.d/examd,0644)
	$(INSTALL) -m 0644 conf/exam-full.txt $(DESTDIR)$(PKGDATADIR)
	$(call fill_in,conf/systemd/examd.socket,$(DESTDIR)$(SYSTEMDUNITDIR)/examd.socket,0644)
	$(call fill_session,$(DESTDIR)$(SYSTEMDUNITDIR)/examd@.service,)
	$(call fill_in,conf/systemd/examd-tls.socket,$(DESTDIR)$(SYSTEMDUNITDIR)/examd-tls.socket,0644)
	$(call fill_session,$(DESTDIR)$(SYSTEMDUNITDIR)/examd-tls@.service,$(TLS_ARGS))
	$(call fill_in,scripts/setup,$(DESTDIR)$(SBINDIR)/$(SETUP_NAME),0755)

# Removes the files install wrote and the folders that belong to this
# project alone (if empty). The databases, state folders and the examd
# user stay. The conf-enabled link made by setup goes too: left dangling it
# would stop lighttpd from starting.
uninstall: ## remove what install wrote (the databases stay)
	rm -f $(addprefix $(DESTDIR)$(FCGIDIR)/,$(FCGI_PROGS)) \
	    $(addprefix $(DESTDIR)$(SBINDIR)/,$(SBIN_PROGS) $(SETUP_NAME)) \
	    $(addprefix $(DESTDIR)$(BINDIR)/,$(BIN_PROGS) examgui) \
	    $(addprefix $(DESTDIR)$(PKGDATADIR)/html/,$(INST_HTML)) \
	    $(addprefix $(DESTDIR)$(PKGDATADIR)/static/,$(INST_STATIC)) \
	    $(addprefix $(DESTDIR)$(PKGDATADIR)/sql/,$(INST_SQL)) \
	    $(DESTDIR)$(SYSCONFDIR)/lighttpd/conf-available/$(LIGHTTPD_SNIPPET) \
	    $(DESTDIR)$(SYSCONFDIR)/xinetd.d/examd \
	    $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(SYSTEMD_UNITS)) \
	    $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(PKGDATADIR)/exam-full.txt
	for f in $(INST_MAN) examgui.1; do rm -f $(DESTDIR)$(MANDIR)/man$${f##*.}/$$f; done
	l=$(DESTDIR)$(SYSCONFDIR)/lighttpd/conf-enabled/$(LIGHTTPD_SNIPPET); \
	case $$(readlink $$l 2>/dev/null) in \
	*/conf-available/$(LIGHTTPD_SNIPPET)) rm -f $$l ;; \
	esac
	rmdir $(DESTDIR)$(PKGDATADIR)/html $(DESTDIR)$(PKGDATADIR)/sql \
	    $(DESTDIR)$(PKGDATADIR)/static \
	    $(DESTDIR)$(PKGDATADIR) $(DESTDIR)$(FCGIDIR) \
	    $(DESTDIR)$(DOCDIR) 2>/dev/null || :

# Runs the setup script with this command's paths (as root, after install).
setup: ## as root, after install: the examd user, state folders, databases
	sed $(SUBST) scripts/setup | sh -s -- $(SETUP_ARGS)

# Installs for real, starts lighttpd and xinetd on loopback and checks the
# result (as root); see tests/deploy/run.
test-deploy: deps $(addprefix $(B)/bin/,$(FCGI_PROGS) $(SBIN_PROGS) $(BIN_PROGS)) ## as root: install for real, run the stock servers on loopback, check, uninstall
	bash tests/deploy/run $(B)
