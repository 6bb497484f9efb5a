# SPDX-License-Identifier: ISC
# Every command has a manual page, and every page lints clean with mandoc
# (warnings included) and renders.
. "$TOP/tests/lib.sh"

for page in studentctl.8 examctl.8 examd.8 examclient.1 examgui.1 student-pages.7; do
	t_ok "man/$page exists" test -f "$TOP/man/$page"
done
for f in "$TOP"/man/*.[1-8]; do
	out=$(mandoc -T lint -W warning "$f" 2>&1)
	t_is "$(basename "$f") lints clean" "$out" ""
	t_ok "$(basename "$f") renders" sh -c "mandoc -T utf8 '$f' >'$T/page' && test -s '$T/page'"
done
t_done
