# SPDX-License-Identifier: ISC
# make test-valgrind: the web and exam stories with the FastCGI programs
# and examd under valgrind's memcheck (scripts/test-valgrind); slow, so apart from
# `make test`. Valgrind cannot run a process that puts a seccomp filter on
# itself (it does not know the seccomp call), so its build, build/valgrind,
# is the normal one with SANDBOX=no (see the Makefile).
.PHONY: test-valgrind
test-valgrind: deps ## the web and exam stories under valgrind memcheck (slow)
	$(MAKE) B=build/valgrind SANDBOX=no
	sh scripts/test-valgrind build/valgrind
