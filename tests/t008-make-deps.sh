# SPDX-License-Identifier: ISC
# A plain `make` on a machine that lacks a -dev package names it and prints
# the install command before compiling anything, instead of a compiler
# error about a missing header. The packages are simulated with a list
# (PACKAGES_FILE) whose "header:" lines name headers that do not exist.
# And `make help` lists every target.
. "$TOP/tests/lib.sh"

cat >"$T/packages" <<'LIST'
# as scripts/packages, with two headers that no machine has
libc6-dev        # header: stdio.h
libfcgi-dev      # header: fcgiapp-not-installed.h
libsqlite3-dev   # header: sqlite3.h
libcrypt-dev     # header: crypt-not-installed.h
lighttpd
LIST
out=$(make -C "$TOP" B="$T/b" PACKAGES_FILE="$T/packages" 2>&1); rc=$?
t_fails "make fails" test "$rc" -eq 0
t_like "it names the missing package and its header" "$out" \
    '^libfcgi-dev is not installed: the build needs its fcgiapp-not-installed\.h\.$'
t_like "every missing one" "$out" '^libcrypt-dev is not installed'
want='apt-get install libfcgi-dev libcrypt-dev'
[ "$(id -u)" -eq 0 ] || want="sudo $want"
t_like "and prints the install command" "$out" "^  $want\$"
t_unlike "no compiler error" "$out" 'No such file or directory|error:|fatal'
t_unlike "nothing was compiled" "$out" '(^|[[:space:]])-c -o '
t_is "no object was built" "$(find "$T/b" -name '*.o' 2>/dev/null | wc -l)" 0

out=$(make -C "$TOP" B="$T/b" CC=no-such-cc-xyz 2>&1); rc=$?
t_fails "a missing compiler: make fails" test "$rc" -eq 0
t_like "naming gcc" "$out" 'Debian package gcc'

# The project's own list is satisfied here: the check passes silently.
out=$(sh "$TOP/scripts/ensure-deps" --build cc 2>&1); rc=$?
t_is "the real list: the check passes" "$rc" 0
t_is "and says nothing" "$out" ""

# make help: one line per target, each rule with a "## text" comment,
# from the Makefile and the files it includes.
help=$(make -s -C "$TOP" help); rc=$?
t_is "make help: exit 0" "$rc" 0
for target in all test run bench clean deps install uninstall test-deploy fuzz help; do
	t_like "make help lists $target" "$help" "^  make $target +[^ ]"
done
# Every phony target a user may type is documented (check is test's alias;
# FORCE and fuzz-need-clang are internal).
# (.PHONY lines may continue with a backslash.)
phony=$(cat "$TOP/Makefile" "$TOP"/mk/*.mk |
    sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | sed -n 's/^\.PHONY://p')
t_like "the phony targets are found" "$phony" 'browser-deps'
for target in $phony; do
	case $target in FORCE | check | fuzz-need-clang | '$('*) continue ;; esac
	printf '%s\n' "$help" | grep -q "^  make $target " ||
	    t_is "the phony target $target is in make help" missing listed
done
t_done
