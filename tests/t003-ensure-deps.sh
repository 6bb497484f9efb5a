# SPDX-License-Identifier: ISC
# scripts/ensure-deps: quiet when every package is there; for a user who
# is not root, a missing package gives the exact install command and a
# failure, and nothing is installed.
. "$TOP/tests/lib.sh"

# as_user CMD...: CMD as an unprivileged user (we may be root, as in CI).
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	else
		"$@"
	fi
}
# Copies, so an unprivileged user can read them wherever the checkout is.
cp "$TOP/scripts/ensure-deps" "$TOP/scripts/packages" "$T/"
printf '# comment\ncoreutils\nbash\n' >"$T/present"
printf 'coreutils\nno-such-package-xyz\nanother-missing-one\n' >"$T/missing"
chmod 644 "$T/present" "$T/missing" "$T/packages" "$T/ensure-deps"

out=$(PACKAGES_FILE=$T/present as_user sh "$T/ensure-deps" 2>&1); rc=$?
t_is "all present: exit 0" "$rc" 0
t_is "all present: says nothing" "$out" ""
out=$(PACKAGES_FILE=$T/missing as_user sh "$T/ensure-deps" 2>&1); rc=$?
t_is "missing, not root: exit 1" "$rc" 1
t_like "prints the exact command" "$out" \
    '^  sudo apt-get install no-such-package-xyz another-missing-one$'
t_unlike "names no package that is there" "$out" 'coreutils'
out=$(PACKAGES_FILE=$T/packages as_user sh "$T/ensure-deps" 2>&1); rc=$?
t_is "the project's own list is installed here" "$rc" 0
t_done
