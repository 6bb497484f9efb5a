# SPDX-License-Identifier: ISC
# The repository carries its own contract: doc/CONTRACT.md exists, README
# and HACKING point to it, every Markdown page they name is in the tree,
# and the contract covers every program, route and make target there is.
. "$TOP/tests/lib.sh"
C=$TOP/doc/CONTRACT.md

t_ok "doc/CONTRACT.md exists" test -s "$C"
for f in README.md HACKING.md; do
	t_like "$f points to the contract" "$(cat "$TOP/$f")" 'doc/CONTRACT\.md'
	# Every NAME.md mentioned, as a path from the top, is in the tree.
	for ref in $(grep -o '[A-Za-z0-9_./-]*\.md' "$TOP/$f" | sort -u); do
		t_ok "$f: $ref is in the repository" test -f "$TOP/$ref"
	done
done
for p in login handlelogin error studentctl examctl examd examclient examgui; do
	t_like "the contract describes $p" "$(cat "$C")" "\`$p\`"
done
for r in / /login /handlelogin /error; do
	t_like "the contract describes the route $r" "$(cat "$C")" "\`(GET|POST) $r"
done
for c in init add show list delete clear import; do
	t_like "the contract describes studentctl $c" "$(cat "$C")" "^\| \`$c( |\`)"
done
# Every target the Makefiles document for users (a "## text" comment, as
# make help lists them); all is plain `make`.
targets=$(sed -n 's/^\([a-z][a-z -]*\):.*## .*/\1/p' "$TOP/Makefile" "$TOP"/mk/*.mk)
t_like "the Makefiles document their targets" "$targets" '^test check$'
for m in $targets; do
	[ "$m" = all ] && continue
	t_like "the contract describes make $m" "$(cat "$C")" "\`(make )?$m\`"
done
t_done
