# SPDX-License-Identifier: ISC
# Student pages (FastCGI behind lighttpd) and exam service (xinetd).
# Out-of-tree builds: `make B=build/san SANITIZE=1` builds the sanitizer
# variant beside the normal one, so `make test` can run the suite on both.

PREFIX     ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR     ?= $(EXEC_PREFIX)/bin
SBINDIR    ?= $(EXEC_PREFIX)/sbin
LIBEXECDIR ?= $(EXEC_PREFIX)/libexec
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
DOCDIR     ?= $(DATADIR)/doc/student-exam
SYSCONFDIR ?= /etc
LOCALSTATEDIR ?= /var/lib
DESTDIR    ?=

# The project's one version: every program's --version prints it, and
# debian/changelog's first entry must carry the same (t010 checks).
VERSION  = 1.0

CC      ?= cc
CFLAGS  ?= -O2 -g
B       ?= build

WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifeq ($(SANITIZE),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
endif

# Every build is hardened as Debian's hardening=+all builds the packages
# (hardening-check checks the installed programs: tests/deploy/run,
# tests/deb/run). _FORTIFY_SOURCE needs the optimiser (CFLAGS has -O2);
# the sanitizer build leaves it out, as AddressSanitizer checks the same
# calls itself and its interceptors miss the fortified ones. The value is
# Debian's (dpkg-buildflags passes -D_FORTIFY_SOURCE=2 in CPPFLAGS, after
# this one: a different value would be a redefinition).
HARDEN_CFLAGS  = -fstack-protector-strong -fstack-clash-protection -fPIE
# Control-flow protection exists on x86 alone (as in dpkg-buildflags).
ifneq ($(filter x86_64-% i686-% i586-% i486-% i386-%,$(shell $(CC) -dumpmachine)),)
HARDEN_CFLAGS += -fcf-protection
endif
HARDEN_LDFLAGS = -pie -Wl,-z,relro -Wl,-z,now
ifneq ($(SANITIZE),1)
HARDEN_CPPFLAGS = -D_FORTIFY_SOURCE=2
endif

# examd and the pages confine themselves with seccomp (lib/sandbox.c),
# loading a filter compiled at build time (lib/sandbox_gen.c, run by
# lib/module.mk: only it links libseccomp).
# SANDBOX=no builds them without the filter: the sanitizer build does
# (AddressSanitizer's leak check at exit clones and traces), and so does
# the build `make test-valgrind` runs (valgrind makes calls of its own
# from inside the process). The normal build always has it.
ifeq ($(SANITIZE),1)
SANDBOX ?= no
endif
ifeq ($(SANDBOX),no)
SANDBOX_CPPFLAGS = -DSANDBOX_OFF
endif

# Compiled-in defaults; the programs still honour STUDENT_DB, EXAM_DB and
# TEMPLATE_DIR (and --db) at run time.
PKGDATADIR  = $(DATADIR)/student-exam
STATEDIR    = $(LOCALSTATEDIR)/student-pages
EXAMSTATEDIR = $(LOCALSTATEDIR)/examd
DEFS = -DDEFAULT_STUDENT_DB='"$(STATEDIR)/Student_log.db"' \
       -DDEFAULT_EXAM_DB='"$(EXAMSTATEDIR)/exam.db"' \
       -DDEFAULT_TEMPLATE_DIR='"$(PKGDATADIR)/html"' \
       -DVERSION='"$(VERSION)"'

ALL_CFLAGS   = -std=c17 $(WARN) $(HARDEN_CFLAGS) $(SANFLAGS) $(CFLAGS)
# Sources in a part's folder find that part's headers beside them and the
# shared ones in lib/; only the unit tests see every part (PART_INCLUDES).
# libpq's headers live in their own folder (Debian: /usr/include/postgresql).
PG_INCLUDE  ?= $(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
ALL_CPPFLAGS = -D_GNU_SOURCE $(HARDEN_CPPFLAGS) $(SANDBOX_CPPFLAGS) -Ilib -I$(PG_INCLUDE) -I$(B)/gen $(DEFS) $(CPPFLAGS)
PART_INCLUDES = -Icgi-bin -Iexam -Iadmin -Igui
ALL_LDFLAGS  = $(HARDEN_LDFLAGS) $(SANFLAGS) $(LDFLAGS)

# Each part's module.mk names its archive (WEBA, EXAMA, ADMINA, GUIA) built from
# the modules only that part uses; LIBA holds what is truly shared.

# The default goal, before the modules name their own targets.
all:

# Each program directory adds its programs to PROGS and names their
# objects and libraries; see */module.mk.
PROGS :=
-include lib/module.mk cgi-bin/module.mk admin/module.mk exam/module.mk \
    gui/module.mk bench/module.mk
# install, uninstall, test-deploy
-include mk/install.mk
# deb, test-deb
-include mk/deb.mk
-include mk/fuzz.mk
-include mk/valgrind.mk

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all help test check run run-cluster bench bench-cluster clean install uninstall \
    deps browser-deps test-deploy FORCE
.SECONDARY:
all: $(PROGS:%=$(B)/bin/%) $(UNIT_BINS) ## build every program and unit test into build/

# Lists the targets: each one documented by a "## text" comment on its rule
# line, in this file or an included one.
help: ## list the targets
	@echo "Targets (variables: B, PREFIX, DESTDIR, WERROR=1, WEB_PORT, EXAM_PORT):"
	@sed -n 's/^\([a-zA-Z][a-zA-Z0-9_-]*\)[a-zA-Z0-9_ -]*:[^=#][^#]*##[[:space:]]*\(.*\)/\1\t\2/p' \
	    $(filter-out %.d,$(MAKEFILE_LIST)) | \
	    awk -F '\t' '!seen[$$1]++ { printf "  make %-13s %s\n", $$1, $$2 }'

# Before anything is compiled: every -dev package the build needs is there
# (scripts/packages, "header:" lines), or the package is named with the
# command that installs it, instead of a compiler error about a header.
# Checked on every build (a few preprocessor runs); PACKAGES_FILE= points
# it at another list.
$(B)/deps.checked: FORCE
	@mkdir -p $(@D)
	@sh scripts/ensure-deps --build $(CC)
	@test -f $@ || touch $@

# Objects are rebuilt when the compiled-in paths change, so that
# `make install PREFIX=/usr` after a plain `make` installs matching programs.
$(B)/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(STATEDIR) $(EXAMSTATEDIR) $(PKGDATADIR) $(VERSION) $(SANDBOX)' | \
	    cmp -s - $@ || \
	    echo '$(STATEDIR) $(EXAMSTATEDIR) $(PKGDATADIR) $(VERSION) $(SANDBOX)' > $@
FORCE:

$(B)/obj/%.o: %.c $(B)/paths.stamp | $(B)/deps.checked
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# SQL and question files embedded in the binaries, so `init` needs no
# installed data files.
$(B)/gen/embed_%.c: sql/% scripts/embed
	@mkdir -p $(@D)
	sh scripts/embed $< > $@
$(B)/obj/gen/%.o: $(B)/gen/%.c | $(B)/deps.checked
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# A part's archive: the rule for a part's archive from its objects.
$(B)/lib%.a:
	@rm -f $@
	$(AR) rcs $@ $(filter %.o,$^)

$(B)/bin/%:
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LDLIBS_$*) $(LDLIBS)

# Unit tests see every part's headers and link every archive.
$(B)/obj/tests/unit/%.o: tests/unit/%.c $(B)/paths.stamp | $(B)/deps.checked
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PART_INCLUDES) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/tests/%: $(B)/obj/tests/unit/%.o $(WEBA) $(EXAMA) $(ADMINA) $(GUIA) \
    $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lfcgi -lsqlite3 -lcrypt -lnettle $(LDLIBS)
# test_examdb makes its databases from the schema examctl init uses.
$(B)/tests/test_examdb: $(B)/obj/gen/embed_exam_schema.sql.o

deps: ## install the Debian packages that are missing (as root), or print the command
	sh scripts/ensure-deps

# Chromium and the npm packages of tests/browser; without them `make test`
# skips the browser test (t110).
browser-deps: ## install Chromium and the browser test's npm packages (t110)
	sh scripts/browser-deps

# The suite runs twice: the normal build, then the sanitizer build.
test check: deps ## build both variants and run every test (ends with "N passed, N failed")
	$(MAKE) B=build
	$(MAKE) B=build/san SANITIZE=1
	sh tests/run build build/san

run: deps ## serve the pages and the exam on loopback in the foreground; Ctrl-C stops
	$(MAKE) B=build
	sh scripts/run build

# SPEC 4 on loopback: PostgreSQL under state/cluster/, two exam hosts
# behind haproxy, the pages; scripts/run-cluster stop-host N stops a host.
run-cluster: deps ## the exam on two hosts behind haproxy, both databases on PostgreSQL; Ctrl-C stops
	$(MAKE) B=build
	sh scripts/run-cluster build

# The seccomp filter's price (and valgrind's instruction counts, as
# valgrind cannot run the filter): the same programs built without it.
UNCONFINED = examd login handlelogin error
bench: deps ## measure the pages and examd against do-nothing baselines (BASE=DIR: also build folder DIR's, side by side), then a hall of 300 sessions at once (BENCH_HALL=N; 0: none)
	$(MAKE) B=build all $(BENCH_PROGS:%=build/bin/%)
	$(MAKE) B=build/valgrind SANDBOX=no $(UNCONFINED:%=build/valgrind/bin/%)
	BENCH_UNCONFINED=build/valgrind sh scripts/bench build $(BASE)
	[ "$${BENCH_HALL:-300}" = 0 ] || sh scripts/hall-bench build

bench-cluster: deps ## sessions/s through haproxy: one exam host against two
	$(MAKE) B=build all build/bin/connect-bench
	sh scripts/cluster-bench build

clean: ## remove build/
	rm -rf build

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
