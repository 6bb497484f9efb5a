# SPDX-License-Identifier: ISC
# What more than one part uses: the SQLite helpers, UTF-8, integer parsing,
# the username and password rules, and the question-bank model
# (libcommon.a).
LIB_SRC := $(wildcard lib/*.c)
LIBA    := $(B)/libcommon.a
$(LIBA): $(LIB_SRC:%.c=$(B)/obj/%.o)
