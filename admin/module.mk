# SPDX-License-Identifier: ISC
# Administration commands, and the admin database layers and CSV reader
# only they use (libadmin.a).
PROGS += studentctl examctl
ADMIN_MAINS := admin/studentctl.c admin/examctl.c
ADMIN_SRC   := $(filter-out $(ADMIN_MAINS),$(wildcard admin/*.c))
ADMINA      := $(B)/libadmin.a
$(ADMINA): $(ADMIN_SRC:%.c=$(B)/obj/%.o)
$(B)/bin/studentctl: $(B)/obj/admin/studentctl.o $(ADMINA) $(LIBA) \
    $(B)/obj/gen/embed_student_schema.sql.o \
    $(B)/obj/gen/embed_student_schema_pg.sql.o
# nettle: the access codes' HMAC-SHA256 (lib/accesscode).
LDLIBS_studentctl = -lsqlite3 -lnettle
$(B)/bin/examctl: $(B)/obj/admin/examctl.o $(ADMINA) $(LIBA) \
    $(B)/obj/gen/embed_exam_schema.sql.o \
    $(B)/obj/gen/embed_exam_schema_pg.sql.o $(B)/obj/gen/embed_questions.txt.o
LDLIBS_examctl = -lsqlite3 -lcrypt -lnettle -lm
# The report's figures (report.c) take square roots.
$(B)/tests/test_report: LDLIBS += -lm
