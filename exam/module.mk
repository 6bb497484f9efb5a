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
EXAMD_STATIC ?= yes
ifeq ($(EXAMD_STATIC),yes)
LDLIBS_examd = -Wl,-Bstatic -lsqlite3 -lcrypt -lnettle -Wl,-Bdynamic -lm
else
LDLIBS_examd = -lsqlite3 -lcrypt -lnettle
endif
$(B)/bin/examclient: $(B)/obj/exam/examclient.o $(LIBA)
