# SPDX-License-Identifier: ISC
# The fuzz harnesses, built without libFuzzer (BUILD/fuzz-replay/), run on
# their committed seeds and on every input kept in tests/fuzz/regress/:
# a broken invariant aborts the harness and fails this story. On the
# sanitizer build, memory errors do too.
. "$TOP/tests/lib.sh"

for src in "$TOP"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	bin=$BUILD/fuzz-replay/fuzz_$name
	if [ ! -x "$bin" ]; then
		t_ok "fuzz_$name is built" false
		continue
	fi
	set --
	for f in "$TOP/tests/fuzz/corpus/$name"/* "$TOP/tests/fuzz/regress/$name"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	t_ok "fuzz_$name has inputs to replay" test "$#" -gt 0
	(cd "$T" && TMPDIR=$T "$bin" "$@") >"$T/$name.out" 2>&1
	rc=$?
	t_is "fuzz_$name: all $# inputs pass its checks" "$rc" 0
	[ "$rc" -eq 0 ] || sed 's/^/# /' "$T/$name.out" | head -n 20
done

t_fails "a missing input file is an error, not a pass" \
    "$BUILD/fuzz-replay/fuzz_session" "$T/no-such-input"
t_is "the session harness left no temporary folder" \
    "$(find "$T" -maxdepth 1 -name 'fuzz_session.*' | wc -l)" 0
t_done
