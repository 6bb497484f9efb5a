# SPDX-License-Identifier: ISC
# examd's --proxy-from option by hand and through plain xinetd: bad lists
# are bad options; a piped session under --proxy-from is refused; without
# the option a PROXY line is only a user name.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

t_ok "test database created" exam_db_create
early="The exam service is unavailable. Please try again later."
# run INPUT ARGS...: examd (as EXAM_USER) with INPUT on a pipe; prints its
# output, CRs removed, then "rc=N".
run() {
	_in=$1; shift
	printf '%s' "$_in" | timeout 20 sh "$TOP/scripts/exam-user" --run \
	    "$BIN/examd" --db "$EXAM_DB" "$@" 2>"$T/stderr" | tr -d '\r'
	echo "rc=${PIPESTATUS[1]}"
}
for bad in '' , '127.0.0.1,' ',::1' '127.0.0.1, ::1' localhost \
    127.0.0.0/8 256.0.0.1 '1::2::3' \
    1.0.0.1,1.0.0.2,1.0.0.3,1.0.0.4,1.0.0.5,1.0.0.6,1.0.0.7,1.0.0.8,1.0.0.9,1.0.0.10,1.0.0.11,1.0.0.12,1.0.0.13,1.0.0.14,1.0.0.15,1.0.0.16,1.0.0.17; do
	t_is "--proxy-from '$bad' is a bad option (status 2)" \
	    "$(run 'PROXY UNKNOWN
' --proxy-from "$bad")" "$early
rc=2"
done
t_is "examd writes nothing on stderr" "$(cat "$T/stderr")" ""
t_is "a pipe is no listed proxy: refused, status 0" \
    "$(run 'PROXY UNKNOWN
' --proxy-from 127.0.0.1,::1)" "This service takes connections only through its proxy.
rc=0"
t_is "nothing was counted" "$(exam_sql 'SELECT count FROM counter')" 0

# Without --proxy-from (plain xinetd), a header is just a first line.
t_ok "xinetd serves examd without --proxy-from" start_exam
out=$(exam_lines 'PROXY TCP4 10.1.2.3 127.0.0.1 5000 9000
')
t_like "a PROXY line is a user name attempt" "$out" \
    "^Username: A username is 1 to 32 characters"
t_like "and the peer is the real one" \
    "$(exam_sql 'SELECT peer FROM connections')" '^127\.0\.0\.1:[0-9]+$'
t_done
