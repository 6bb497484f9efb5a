# The exam service (started by xinetd) and its terminal client, and the
# exam modules only examd uses (libexam.a).
PROGS += examd examclient
EXAM_MAINS := exam/examd.c exam/examclient.c
EXAM_SRC   := $(filter-out $(EXAM_MAINS),$(wildcard exam/*.c))
EXAMA      := $(B)/libexam.a
$(EXAMA): $(EXAM_SRC:%.c=$(B)/obj/%.o)
$(B)/bin/examd: $(B)/obj/exam/examd.o $(EXAMA) $(LIBA)
LDLIBS_examd = -lsqlite3 -lcrypt -lnettle
$(B)/bin/examclient: $(B)/obj/exam/examclient.o $(LIBA)
