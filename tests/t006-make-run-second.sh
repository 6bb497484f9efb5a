# SPDX-License-Identifier: ISC
# A second `make run` that cannot start (bad port, port in use, the same
# state folder already in use) leaves the running one untouched: not a
# file of its state folder changes, and it goes on serving.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"

wp=$(free_port); ep=$(free_port)
while [ "$ep" = "$wp" ]; do ep=$(free_port); done
# The exam over TLS on a port of its own (9443 may be taken).
tp=$(free_port)
while [ "$tp" = "$wp" ] || [ "$tp" = "$ep" ]; do tp=$(free_port); done
export EXAM_TLS_PORT=$tp
pty_start "trap : INT; STATE_DIR=$T/state WEB_PORT=$wp EXAM_PORT=$ep sh $TOP/scripts/run $BUILD; echo status=\$?"
t_ok "the first run starts" pty_wait 'Press Ctrl-C to stop.'

# snapshot: every file of the state folder with its size, time and sum.
snapshot() {
	find "$T/state" -type f -printf '%p %s %T@\n' | sort
	find "$T/state" -type f -exec md5sum {} + | sort
}
before=$(snapshot)
conf=$(cat "$T/state/lighttpd.conf")

# second NAME WEB EXAM REGEX: a second run on the same state folder fails
# with exit 1 and a message matching REGEX, and changes nothing.
second() {
	out=$(STATE_DIR=$T/state WEB_PORT=$2 EXAM_PORT=$3 \
	    EXAM_TLS_PORT=${stp:-$tp} timeout 10 \
	    sh "$TOP/scripts/run" "$BUILD" 2>&1 </dev/null)
	rc=$?
	t_is "$1: exit 1" "$rc" 1
	t_like "$1: says why" "$out" "$4"
	t_is "$1: the state folder is unchanged" "$(snapshot)" "$before"
}
second "ports in use" "$wp" "$ep" "^run: port $wp is in use"
second "the exam port in use" "$(free_port)" "$ep" "^run: port $ep is in use"
second "a port that is not a number" abc "$ep" "^run: bad port WEB_PORT='abc'"
second "a port too large" "$wp" 99999 "^run: bad port EXAM_PORT='99999'"
second "port 0" 0 "$ep" "^run: bad port WEB_PORT='0'"
second "a negative port" -1 "$ep" "^run: bad port WEB_PORT='-1'"
second "the same port twice" 25999 25999 "^run: WEB_PORT and EXAM_PORT are both"
fw=$(free_port); fe=$(free_port)
while [ "$fe" = "$fw" ] || [ "$fw" = "$wp" ] || [ "$fe" = "$ep" ]; do
	fw=$(free_port); fe=$(free_port)
done
stp=$(free_port)
second "free ports, but the same state folder" "$fw" "$fe" \
    "^run: another make run is using $T/state"
stp=
second "the TLS port in use" "$fw" "$fe" "^run: port $tp is in use"
t_fails "  and it started no server there" nc -z 127.0.0.1 "$fw"
t_is "the running configuration is the same" "$(cat "$T/state/lighttpd.conf")" "$conf"

out=$(curl -s -d id=1711 "http://127.0.0.1:$wp/handlelogin")
t_like "the first run still serves the pages" "$out" 'Karam'
out=$(printf '' | timeout 10 nc -N 127.0.0.1 "$ep" | tr -d '\r')
t_like "and the exam" "$out" '^Welcome to the exam server\.$'
pty_type "$(printf '\003')"
t_ok "Ctrl-C stops it" pty_wait 'status=0'
pty_end

# Once it has stopped, the same state folder starts again.
pty_start "trap : INT; STATE_DIR=$T/state WEB_PORT=$fw EXAM_PORT=$fe sh $TOP/scripts/run $BUILD; echo status=\$?"
t_ok "a later run on the same state starts" pty_wait 'Press Ctrl-C to stop.'
pty_type "$(printf '\003')"
t_ok "and stops" pty_wait 'status=0'
pty_end
t_done
