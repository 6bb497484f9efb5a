# SPDX-License-Identifier: ISC
# Benchmark baselines and tools (built by `make bench`, never installed).
BENCH_PROGS = noop-fcgi noop-exam connect-bench cpu-run hash-time \
    report-bench
$(B)/bin/noop-fcgi: $(B)/obj/bench/noop-fcgi.o
LDLIBS_noop-fcgi = -lfcgi
$(B)/bin/noop-exam: $(B)/obj/bench/noop-exam.o
$(B)/bin/connect-bench: $(B)/obj/bench/connect-bench.o $(LIBA)
LDLIBS_connect-bench = -lgnutls
$(B)/bin/cpu-run: $(B)/obj/bench/cpu-run.o $(LIBA)
LDLIBS_cpu-run = -lgnutls
$(B)/bin/hash-time: $(B)/obj/bench/hash-time.o $(LIBA)
LDLIBS_hash-time = -lcrypt -lnettle
# t342 floods examd with the load generator.
all: $(B)/bin/connect-bench
# The teacher's report on a made-up class (and t110's report page).
$(B)/obj/bench/report-bench.o: ALL_CPPFLAGS += -Iadmin
$(B)/bin/report-bench: $(B)/obj/bench/report-bench.o $(ADMINA) $(LIBA)
LDLIBS_report-bench = -lm
all: $(B)/bin/report-bench
.PHONY: bench-report
bench-report: ## the teacher's report over 10,000 attempts of 50 questions: CPU time and peak memory
	$(MAKE) B=build all build/bin/report-bench build/bin/cpu-run
	sh scripts/bench-report build
