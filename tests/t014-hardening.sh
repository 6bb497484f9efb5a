# SPDX-License-Identifier: ISC
# Every program is built hardened, as Debian's hardening=+all builds the
# packages: fortified calls, a strong stack protector, stack-clash
# protection, control-flow protection, PIE, read-only relocations bound at
# start (Makefile, HARDEN_*). Debian's hardening-check reads the programs;
# tests/deploy/run and tests/deb/run run it on the installed ones too.
. "$TOP/tests/lib.sh"

if ! command -v hardening-check >/dev/null; then
	t_ok "hardening-check is installed (package devscripts)" false
	t_done; exit
fi
# The sanitizer build leaves _FORTIFY_SOURCE out (AddressSanitizer checks
# those calls itself).
san=
nm "$BIN/examd" 2>/dev/null | grep -q '__asan_init' && san=--nofortify
# --nocfprotection: hardening-check looks for the IBT/SHSTK note on the
# program, which the linker keeps only when every object has it, and
# Debian 12's C start files (crt1.o, crti.o) do not; the objects compiled
# here must carry it instead (below).
for p in login handlelogin error examd examctl examclient studentctl examgui; do
	[ -f "$BIN/$p" ] || continue
	out=$(hardening-check --nocfprotection $san "$BIN/$p" 2>&1)
	_t_result $? "$p: hardening-check finds every protection" "$out"
	t_unlike "$p: stack-clash protection found" "$out" \
	    'Stack clash protection: no'
done
# -fcf-protection exists on x86 alone.
case $(uname -m) in
x86_64 | i?86)
	for o in cgi-bin/handlelogin exam/examd exam/session lib/sql_sqlite; do
		t_like "$o.o carries the control-flow protection note" \
		    "$(readelf -n "$BUILD/obj/$o.o" 2>&1)" \
		    'x86 feature: IBT, SHSTK'
	done ;;
esac
t_done
