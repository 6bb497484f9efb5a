# SPDX-License-Identifier: ISC
# make test-valgrind: the web and exam stories with the FastCGI programs
# and examd under memcheck (scripts/test-valgrind); slow, so apart from
# `make test`.
.PHONY: test-valgrind
test-valgrind: deps ## the web and exam stories under valgrind memcheck (slow)
	$(MAKE) B=build
	sh scripts/test-valgrind build
