# SPDX-License-Identifier: ISC
# The graphical exam client examgui (GTK 4) and the protocol logic it uses
# (libgui.a). The logic is plain C and always built, so its unit test runs
# on a machine without GTK; examgui itself is built only where pkg-config
# finds gtk4 (Debian: libgtk-4-dev), and everything else builds without it.
# examgui's own files (main, the window, the connection, one per screen)
# are gui/examgui*.c: only they include GTK, and none goes into libgui.a.
GUI_GTK_SRC := $(wildcard gui/examgui*.c)
GUI_SRC   := $(filter-out $(GUI_GTK_SRC),$(wildcard gui/*.c))
GUIA      := $(B)/libgui.a
$(GUIA): $(GUI_SRC:%.c=$(B)/obj/%.o)

GTK_LIBS := $(shell pkg-config --libs gtk4 2>/dev/null)
ifneq ($(GTK_LIBS),)
# GTK's headers as system headers, so our warning flags apply to our code.
GTK_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags gtk4))
GUI_GTK_OBJ := $(GUI_GTK_SRC:%.c=$(B)/obj/%.o)
PROGS += examgui
$(GUI_GTK_OBJ): ALL_CPPFLAGS += $(GTK_CFLAGS)
$(B)/bin/examgui: $(GUI_GTK_OBJ) $(GUIA)
LDLIBS_examgui = $(GTK_LIBS)
endif
