# SPDX-License-Identifier: ISC
# Benchmark baselines and tools (built by `make bench`, never installed).
BENCH_PROGS = noop-fcgi noop-exam connect-bench cpu-run hash-time
$(B)/bin/noop-fcgi: $(B)/obj/bench/noop-fcgi.o
LDLIBS_noop-fcgi = -lfcgi
$(B)/bin/noop-exam: $(B)/obj/bench/noop-exam.o
$(B)/bin/connect-bench: $(B)/obj/bench/connect-bench.o $(LIBA)
$(B)/bin/cpu-run: $(B)/obj/bench/cpu-run.o $(LIBA)
$(B)/bin/hash-time: $(B)/obj/bench/hash-time.o $(LIBA)
LDLIBS_hash-time = -lcrypt -lnettle
# t342 floods examd with the load generator.
all: $(B)/bin/connect-bench
