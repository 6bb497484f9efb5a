# Administration commands.
PROGS += studentctl examctl
$(B)/bin/studentctl: $(B)/obj/admin/studentctl.o $(LIBA) \
    $(B)/obj/gen/embed_student_schema.sql.o
LDLIBS_studentctl = -lsqlite3
$(B)/bin/examctl: $(B)/obj/admin/examctl.o $(LIBA) \
    $(B)/obj/gen/embed_exam_schema.sql.o $(B)/obj/gen/embed_questions.txt.o
LDLIBS_examctl = -lsqlite3 -lcrypt
