# SPDX-License-Identifier: ISC
# The exam service (started by xinetd) and its terminal client, and the
# exam modules only examd uses (libexam.a).
PROGS += examd examclient
EXAM_MAINS := exam/examd.c exam/examclient.c
EXAM_SRC   := $(filter-out $(EXAM_MAINS),$(wildcard exam/*.c))
EXAMA      := $(B)/libexam.a
$(EXAMA): $(EXAM_SRC:%.c=$(B)/obj/%.o)
$(B)/bin/examd: $(B)/obj/exam/examd.o $(EXAMA) $(LIBA) exam/module.mk
# Static SQLite, libxcrypt and nettle: xinetd starts examd for every
# connection, and binding their symbols at each start cost about as many
# instructions as the whole session (callgrind: 1.13M of 2.39M for
# connect-and-greet). EXAMD_STATIC=no links the shared ones (the Debian
# package does, so that security updates of the three reach examd).
# GnuTLS (--tls-cert) the same way, with what it needs of its own
# (hogweed, GMP, libtasn1, libidn2): loading the shared ones cost 1.9M
# instructions at every start, as much as the handshake itself (callgrind).
# Debian ships no static p11-kit or libunistring: those stay shared (their
# loading costs a plain session 0.7M instructions; GnuTLS's own start-up,
# another 0.6M, only --tls-cert pays: exam/tls.c).
EXAMD_STATIC ?= yes
ifeq ($(EXAMD_STATIC),yes)
LDLIBS_examd = -Wl,-Bstatic -lsqlite3 -lcrypt -lgnutls -lhogweed -lnettle \
    -lgmp -ltasn1 -lidn2 -Wl,-Bdynamic -l:libunistring.so.2 -lp11-kit -lm
else
LDLIBS_examd = -lsqlite3 -lcrypt -lgnutls -lnettle
endif
$(B)/bin/examclient: $(B)/obj/exam/examclient.o $(LIBA)
LDLIBS_examclient = -lgnutls
