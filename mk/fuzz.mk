# SPDX-License-Identifier: ISC
# libFuzzer harnesses for the parsers; included by the Makefile, not part
# of `make test`.
#
# `make fuzz` builds tests/fuzz/fuzz_NAME.c with clang, AddressSanitizer
# and UBSan, links it with the library sources (compiled the same way) into
# build/fuzz/fuzz_NAME, and runs each for FUZZ_SECONDS. The committed seeds
# in tests/fuzz/corpus/NAME/ are read but never written: what a run finds
# goes to build/fuzz/corpus/NAME/, and a crashing input to
# build/fuzz/crash-NAME-*, which `build/fuzz/fuzz_NAME FILE` replays.
# FUZZ_TARGETS='form csv' runs a subset; `make fuzz-build` only builds.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 30
FUZZ_B        = build/fuzz
FUZZ_ALL     := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = -std=c17 -g -O1 -fno-omit-frame-pointer $(WARN) $(FUZZ_SAN)
FUZZ_CPPFLAGS = -D_GNU_SOURCE -DSANDBOX_OFF -Ilib -I$(PG_INCLUDE) $(PART_INCLUDES) $(DEFS)
FUZZ_LIBA     = $(FUZZ_B)/libfuzzcommon.a
FUZZ_LIB_OBJ := $(patsubst %.c,$(FUZZ_B)/obj/%.o,$(LIB_SRC) $(WEB_SRC) $(EXAM_SRC) $(ADMIN_SRC) \
    $(GUI_SRC))

# Inputs longer than libFuzzer's default (4096 bytes) where a limit of the
# parser lies beyond it.
FUZZ_ARGS_form       = -max_len=5000
FUZZ_ARGS_linereader = -max_len=12000
FUZZ_ARGS_csv        = -max_len=8192
FUZZ_ARGS_qbank      = -max_len=8192
FUZZ_ARGS_template   = -max_len=8192
FUZZ_ARGS_examproto  = -max_len=40000
FUZZ_ARGS_session    = -max_len=4096

# The session harness runs the conversation against a real exam.db made
# from the schema examctl init embeds.
FUZZ_EXTRA_session  = $(FUZZ_B)/obj/gen/embed_exam_schema.sql.o
FUZZ_LDLIBS_session = -lsqlite3 -lpq -lcrypt -lnettle

.PHONY: fuzz fuzz-build fuzz-need-clang

fuzz-need-clang:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { \
	    echo "fuzz: $(FUZZ_CC) not found; apt-get install clang" >&2; \
	    exit 1; }

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%) ## build the fuzz harnesses only

# Library objects get coverage instrumentation but no main of libFuzzer;
# the archive lets each harness link only the modules it uses.
$(FUZZ_B)/obj/%.o: %.c | fuzz-need-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -MMD -MP -c -o $@ $<

$(FUZZ_LIBA): $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_B)/gen/embed_%.c: sql/% scripts/embed
	@mkdir -p $(@D)
	sh scripts/embed $< > $@
$(FUZZ_B)/obj/gen/%.o: $(FUZZ_B)/gen/%.c | fuzz-need-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

.SECONDEXPANSION:
$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIBA) \
    $$(FUZZ_EXTRA_$$*) | fuzz-need-clang
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
	    -o $@ $< $(FUZZ_EXTRA_$*) $(FUZZ_LIBA) $(FUZZ_LDLIBS_$*)

# One run per harness, one after another (make -j2 runs two at once).
FUZZ_RUNS = $(FUZZ_TARGETS:%=fuzz-run-%)
.PHONY: $(FUZZ_RUNS)

fuzz: $(FUZZ_RUNS) ## run the libFuzzer harnesses (needs clang; FUZZ_SECONDS= each)
	@sh scripts/fuzz-report $(FUZZ_B) $(FUZZ_TARGETS)

# Each run's output goes to build/fuzz/log/NAME.log (two at once would
# interleave on the terminal); `make fuzz` ends with a table of them all,
# which `sh scripts/fuzz-report build/fuzz NAME...` prints again.
$(FUZZ_RUNS): fuzz-run-%: $(FUZZ_B)/fuzz_%
	@mkdir -p $(FUZZ_B)/corpus/$* $(FUZZ_B)/log
	@echo "fuzz: $* for $(FUZZ_SECONDS) s (log: $(FUZZ_B)/log/$*.log)"
	@$(FUZZ_B)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_B)/crash-$*- $(FUZZ_ARGS_$*) \
	    $(FUZZ_B)/corpus/$* tests/fuzz/corpus/$* \
	    >$(FUZZ_B)/log/$*.log 2>&1 || \
	    { echo "fuzz: $* failed; see $(FUZZ_B)/log/$*.log" >&2; exit 1; }

-include $(wildcard $(FUZZ_B)/obj/*/*.d)

# The same harnesses built with the project's compiler and flags and
# tests/fuzz/replay.c as main, into BUILD/fuzz-replay/: `make` builds them and
# t012 runs each on its seeds and kept crashes (tests/fuzz/regress/NAME/),
# on both test builds.
FUZZ_REPLAY := $(FUZZ_ALL:%=$(B)/fuzz-replay/fuzz_%)
all: $(FUZZ_REPLAY)
$(B)/obj/tests/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h $(B)/paths.stamp | $(B)/deps.checked
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(PART_INCLUDES) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/fuzz-replay/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(B)/obj/tests/fuzz/replay.o \
    $(WEBA) $(EXAMA) $(ADMINA) $(GUIA) $(LIBA) \
    $(B)/obj/gen/embed_exam_schema.sql.o
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lfcgi -lsqlite3 -lpq -lcrypt -lnettle $(LDLIBS)
