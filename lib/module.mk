# SPDX-License-Identifier: ISC
# What more than one part uses: the SQLite helpers, UTF-8, integer parsing,
# the username and password rules, and the question-bank model
# (libcommon.a).
LIB_SRC := $(filter-out lib/sandbox_gen.c,$(wildcard lib/*.c))
LIBA    := $(B)/libcommon.a
$(LIBA): $(LIB_SRC:%.c=$(B)/obj/%.o)

# The seccomp filter (lib/sandbox) is compiled here, once: sandbox_gen
# (the one allow-list; it alone links libseccomp) prints each variant's
# BPF program as a header lib/sandbox.c includes, and the programs only
# load it.
ifneq ($(SANDBOX),no)
$(B)/obj/lib/sandbox.o: $(B)/gen/sandbox_bpf.h
$(B)/gen/sandbox_bpf.h: $(B)/gen/sandbox_gen
	$< > $@.tmp && mv $@.tmp $@
$(B)/gen/sandbox_gen: $(B)/obj/lib/sandbox_gen.o
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< -lseccomp $(LDLIBS)
endif
