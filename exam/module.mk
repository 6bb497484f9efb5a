# The exam service (started by xinetd) and its terminal client.
PROGS += examd examclient
$(B)/bin/examd: $(B)/obj/exam/examd.o $(LIBA)
LDLIBS_examd = -lsqlite3 -lcrypt
$(B)/bin/examclient: $(B)/obj/exam/examclient.o $(LIBA)
