# SPDX-License-Identifier: ISC
# examgui is optional: without GTK 4 (pkg-config finds no gtk4) make
# builds and installs everything else, and the protocol unit test still
# runs; with GTK it is built and installed beside examclient with its
# manual page.
. "$TOP/tests/lib.sh"

nogtk() { PKG_CONFIG_LIBDIR=$T/no-pkgconfig make -s -n -C "$TOP" B="$T/b" "$@"; }
out=$(nogtk all 2>&1); rc=$?
t_is "without GTK: make all is planned without error" "$rc" 0
t_unlike "without GTK: examgui is not built" "$out" 'examgui'
t_like "without GTK: examclient is" "$out" 'bin/examclient '
t_like "without GTK: the protocol unit test is" "$out" 'tests/test_examproto '
out=$(nogtk install DESTDIR="$T/dest" 2>&1); rc=$?
t_is "without GTK: make install is planned without error" "$rc" 0
t_unlike "without GTK: neither examgui nor its page is installed" "$out" 'examgui'

if pkg-config --exists gtk4 2>/dev/null; then
	t_ok "with GTK: examgui is built" test -x "$BIN/examgui"
	out=$(make -s -n -C "$TOP" B="$BUILD" install DESTDIR="$T/dest" 2>&1)
	t_like "with GTK: installed beside examclient" "$out" \
	    'bin/examclient .*bin/examgui .*/bin$'
	t_like "with GTK: its manual page too" "$out" 'examgui\.1'
fi
t_done
