# SPDX-License-Identifier: ISC
# examd over IPv6 (xinetd bound to ::1): a whole session works, and the
# seventh connection lists the seven peers as [addr]:port.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-exam.sh"

if ! grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null; then
	echo "ok 1 # skip no IPv6 loopback address on this machine"
	echo "1..1"
	exit 0
fi
t_ok "test database created" exam_db_create
EXAM_BIND=::1
start_exam; rc=$?
t_is "xinetd serves examd on [::1]" "$rc" 0
[ "$rc" -eq 0 ] || { t_done; exit 1; }
talk6() { printf '%s' "$1" | timeout 20 nc -N -6 ::1 "$EXAM_PORT" | tr -d '\r'; }

exam_reset_count
out=$(talk6 "ivy
pw
pw
$EXAM_RIGHT
")
t_like "a whole session over IPv6" "$out" '^Your score: 3/3 \(100%\)$'
t_is "the result's peer is [::1]:port" \
    "$(exam_sql "SELECT peer FROM results WHERE username = 'ivy'" | sed 's/[0-9]*$/P/')" \
    '[::1]:P'
for i in 2 3 4 5 6; do talk6 '' >/dev/null; done
out=$(talk6 '')
t_like "the seventh is congratulated" "$out" \
    '^Congratulations you are the seventh user!!!$'
n=$(printf '%s\n' "$out" | grep -Ec '^\[::1\]:[0-9]+$')
t_is "seven [::1]:port lines" "$n" 7
t_done
