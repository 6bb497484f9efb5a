# Benchmark baselines and load generator (built by `make bench`, never
# installed).
BENCH_PROGS = noop-fcgi noop-exam connect-bench
$(B)/bin/noop-fcgi: $(B)/obj/bench/noop-fcgi.o
LDLIBS_noop-fcgi = -lfcgi
$(B)/bin/noop-exam: $(B)/obj/bench/noop-exam.o
$(B)/bin/connect-bench: $(B)/obj/bench/connect-bench.o $(LIBA)
# t342 floods examd with the load generator.
all: $(B)/bin/connect-bench
