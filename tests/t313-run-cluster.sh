# SPDX-License-Identifier: ISC
# `make run-cluster` (scripts/run-cluster) for real, in a terminal:
# PostgreSQL, two exam hosts behind haproxy and the pages come up; the
# URIs it prints (with passfile=) work with studentctl and examctl;
# PostgreSQL wants SCRAM on TCP, the passwords are in a 0600 file and in
# no process's arguments or configuration; a host takes a PROXY line
# only from haproxy; the pages read the same
# PostgreSQL; starting counts no connection; a full session through
# haproxy stores its result with the client's own address; stopping a
# host as printed sends the next clients to the other and loses no
# result, and an attempt cut on one host resumes on the other; a second run refuses and changes nothing; Ctrl-C, TERM and a
# closed terminal leave no process and end with status 0. Without
# haproxy or PostgreSQL it names the package to install.
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pty.sh"
. "$TOP/tests/lib-pg.sh"

if [ "$BACKEND" != sqlite ]; then
	echo "1..0 # SKIP runs once, on the PostgreSQL cluster it starts itself"
	exit 0
fi
if ! command -v haproxy >/dev/null 2>&1; then
	echo "1..0 # SKIP haproxy is not installed (apt-get install haproxy)"
	exit 0
fi
if ! pg_available; then
	echo "1..0 # SKIP PostgreSQL 15 is not installed (apt-get install postgresql-15)"
	exit 0
fi
RUN="sh $TOP/scripts/run-cluster $BUILD"
PTY_TIMEOUT=150
S=$T/state

# ports: a web port and an exam port, with the five above it free too.
ports() {
	while :; do
		wp=$(free_port) ep=$(free_port)
		[ "$wp" -lt "$ep" ] || [ "$wp" -gt $((ep + 5)) ] || continue
		_ok=1
		for _p in 1 2 3 4 5 6 7; do
			(exec 3<>/dev/tcp/127.0.0.1/$((ep + _p))) 2>/dev/null && _ok=
		done
		# The exam over TLS on a port of its own, away from them.
		tp=$(free_port)
		[ "$tp" -lt "$ep" ] || [ "$tp" -gt $((ep + 7)) ] || _ok=
		[ "$tp" != "$wp" ] || _ok=
		[ -n "$_ok" ] && export EXAM_TLS_PORT="$tp" && return 0
	done
}
# printed NAME: the value of the printed line NAME=VALUE.
printed() { screen | sed -n "s/^$1=//p" | tail -n 1; }
# count: the connection counter, with the printed EXAM_DB.
count() { "$BIN/examctl" --db "$EDB" connections | sed -n 's/^count: //p'; }
# procs: processes whose command line names the story's state folder or
# its exam database (PostgreSQL, haproxy, xinetd, lighttpd, examd), and
# the cluster's postmaster.
procs() {
	ps -eo pid=,args= | awk -v s="$S/" -v e="${EDB:-none} " \
	    '(index($0, s) || index($0, e)) && !/awk/'
	for f in "$S/cluster/pg/data/postmaster.pid"; do
		_p=$(head -n 1 "$f" 2>/dev/null) && kill -0 "$_p" 2>/dev/null &&
		    echo "postmaster $_p"
	done
	return 0
}
# session USER CLIENT-PORT [PAUSE]: a registration and a full exam through
# haproxy from 127.0.0.1:CLIENT-PORT, waiting PAUSE seconds after the
# password; the last line of the reply.
nq=
session() {
	{ printf '%s\nsecret-one\nsecret-one\n' "$1"; sleep "${3:-0}"
	  _i=0; while [ "$_i" -lt "$nq" ]; do printf 'b\n'; _i=$((_i + 1)); done
	} | timeout 30 nc -N -p "$2" 127.0.0.1 "$ep" | tr -d '\r' | tail -n 1
}
# served N: how many exam sessions host N's xinetd has started.
served() { grep -c 'START: examd' "$S/log/host$1-connections.log"; }

# Missing programs: the install line, and nothing written.
ports
out=$(PATH=/usr/bin:/bin STATE_DIR=$S WEB_PORT=$wp EXAM_PORT=$ep \
    $RUN 2>&1 </dev/null)
t_is "without haproxy: exit 1" "$?" 1
t_like "and the install line" "$out" \
    '^run-cluster: haproxy is not installed: (sudo )?apt-get install haproxy'
out=$(PG_BINDIR=$T/none STATE_DIR=$S WEB_PORT=$wp EXAM_PORT=$ep \
    $RUN 2>&1 </dev/null)
t_is "without PostgreSQL: exit 1" "$?" 1
t_like "and the install line" "$out" \
    '^run-cluster: PostgreSQL 15 is not installed: (sudo )?apt-get install postgresql-15'
t_fails "neither wrote a state folder" test -e "$S"

pty_start "trap : INT; STATE_DIR=$S WEB_PORT=$wp EXAM_PORT=$ep $RUN; echo status=\$?"
if ! pty_wait 'Press Ctrl-C to stop.' 120; then
	t_ok "the cluster starts" false
	screen | sed 's/^/# /'
	pty_end
	t_done
	exit 1
fi
t_ok "the cluster starts" true
SDB=$(printed STUDENT_DB) EDB=$(printed EXAM_DB)
t_like "it prints STUDENT_DB on a line of its own" "$SDB" \
    "^postgresql://[a-z_]+@127\\.0\\.0\\.1:[0-9]+/students\\?passfile=$S/cluster/pg/pgpass\$"
t_like "and EXAM_DB" "$EDB" "^postgresql://[a-z_]+@127\\.0\\.0\\.1:[0-9]+/exam\\?passfile=$S/cluster/pg/pgpass\$"
t_like "the pages' address" "$(screen)" "http://127.0.0.1:$wp/login"
t_like "the exam's, through haproxy" "$(screen)" "nc 127.0.0.1 $ep"
t_like "each host's" "$(screen)" "exam host 2: 127\\.0\\.0\\.1:[0-9]+ \\(health checks on [0-9]+\\)"
stop_cmd=$(screen | sed -n 's/^Stop a host: *//p')
start_cmd=$(screen | sed -n 's/^Start it: *//p')
t_like "how to stop a host" "$stop_cmd" 'run-cluster stop-host 2$'
t_like "and start it again" "$start_cmd" 'run-cluster start-host 2$'

# PostgreSQL: in the state folder, as an unprivileged user.
pm=$(head -n 1 "$S/cluster/pg/data/postmaster.pid" 2>/dev/null)
owner=$(ps -o user= -p "${pm:-0}")
if [ "$(id -u)" -eq 0 ]; then want=nobody; else want=$(id -un); fi
t_is "PostgreSQL runs from the state folder as $want" "$owner" "$want"
t_is "on loopback only" "$(psql -X -At "$SDB" -c 'SHOW listen_addresses')" 127.0.0.1

# SCRAM on TCP, the passwords in a file of the caller's alone.
t_is "the password file is 0600" "$(stat -c %a "$S/cluster/pg/pgpass")" 600
t_is "each role's password is stored as a SCRAM verifier" \
    "$(psql -X -At "$SDB" -c "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_authid WHERE rolpassword LIKE 'SCRAM-SHA-256\$%'")" \
    postgres,student_pages
t_like "without it the server refuses" \
    "$(PGPASSFILE=$T/none psql -X -At "${SDB%%\?*}" -c 'SELECT 1' 2>&1)" \
    'password'

# Starting counted nothing, even with haproxy's checks running.
sleep 2.5
t_is "no connection counted after the start" "$(count)" 0
t_is "no examd started on either host" "$(served 1) $(served 2)" "0 0"

# The printed URIs, as they are.
t_like "studentctl works with STUDENT_DB" \
    "$(STUDENT_DB=$SDB "$BIN/studentctl" list)" 'Karam'
nq=$(EXAM_DB=$EDB "$BIN/examctl" questions list | grep -c '^Q:')
t_ok "examctl works with EXAM_DB: the default exam ($nq questions)" \
    test "$nq" -ge 10
out=$(curl -s -d id=1711 "http://127.0.0.1:$wp/handlelogin")
t_like "the page shows a sample student" "$out" '<h1 id="name">Karam</h1>'
"$BIN/studentctl" --db "$SDB" add Zed 77 30 >/dev/null
out=$(curl -s -d id=77 "http://127.0.0.1:$wp/handlelogin")
t_like "and one just added: the pages read the same PostgreSQL" "$out" \
    '<h1 id="name">Zed</h1>'
t_like "as the read-only role" "$(grep -o 'postgresql://[^ "]*' \
    "$S/cluster/lighttpd.conf" | sort -u)" '^postgresql://student_pages@'

# A full session through haproxy: its result has the client's address.
cp=$(free_port)
t_like "a full session through haproxy" "$(session alice "$cp")" \
    '^Goodbye alice\.$'
t_is "its result holds the client's own address" \
    "$("$BIN/examctl" --db "$EDB" results | awk '$1 == "alice" { print $NF }')" \
    "127.0.0.1:$cp"
t_is "it is the one connection counted" "$(count)" 1
t_like "it prints the TLS line" "$(screen)" \
    "examclient --tls --ca $S/tls/ca.pem 127.0.0.1 $tp"

# Stopping host 2 as printed, while a session is open on each host.
p1=$(free_port) p2=$(free_port)
session bob "$p1" 3 >"$T/bob" &
b=$!
sleep 0.3
session carl "$p2" 3 >"$T/carl" &
c=$!
sleep 1
ps -eo args >"$T/ps"
t_ok "ps shows examd with passfile= in its URI" \
    grep -q '^[^ ]*examd --db postgresql://.*?passfile=' "$T/ps"
leak=
for pw in $(cut -d: -f5 "$S/cluster/pg/pgpass"); do
	! grep -qF "$pw" "$T/ps" || leak=1
	! grep -qF "$pw" "$S/cluster/host1.conf" "$S/cluster/lighttpd.conf" ||
	    leak=1
done
t_is "no process's arguments, nor any configuration, hold a password" \
    "$leak" ""
s1=$(served 1) s2=$(served 2)
# alice's session is over: bob's and carl's are the only open ones.
t_ok "leastconn sent one session to each host ($s1 and $s2 so far)" \
    test "$((s1 + s2))" -eq 3 -a "$s1" -ge 1 -a "$s2" -ge 1
t0=$(date +%s)
out=$(eval "$stop_cmd" 2>&1)
t1=$(date +%s)
t_like "the printed command stops host 2" "$out" \
    '^exam host 2 stopped: haproxy sends new clients to host 1; its 1 session'
t_ok "at once ($((t1 - t0)) s)" test $((t1 - t0)) -le 2
out=$(eval "$stop_cmd" 2>&1)
t_is "stopping it again: exit 1" "$?" 1
t_like "it is not running" "$out" '^run-cluster: exam host 2 is not running$'
out=$(eval "$(echo "$stop_cmd" | sed 's/2$/3/')" 2>&1)
t_is "a host other than 1 or 2: exit 2" "$?" 2
wait "$b" "$c"
t_is "the sessions in progress end normally" "$(cat "$T/bob" "$T/carl")" \
    "Goodbye bob.
Goodbye carl."
n=0
for u in dan eve fay gus hal ivy; do
	[ "$(session "$u" "$(free_port)")" = "Goodbye $u." ] && n=$((n + 1))
done
t_is "the next 6 clients are all served" "$n" 6
t_is "all by host 1" "$(served 1) $(served 2)" "$((s1 + 6)) $s2"
t_ok "haproxy marks host 2 down" pty_wait 'exam_hosts/host2 is DOWN' 20
got=$("$BIN/examctl" --db "$EDB" results | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' ')
t_is "no result lost or doubled" "$got" "alice bob carl dan eve fay gus hal ivy "
t_is "every connection counted once" "$(count)" 9
# An attempt cut on host 1 while host 2 is down: one answer, then hang up.
out=$(printf 'rae\nsecret-one\nsecret-one\nb\n' |
    timeout 30 nc -N 127.0.0.1 "$ep" | tr -d '\r')
t_like "an attempt cut on host 1 after one answer" "$out" "Question 2/$nq"
out=$(eval "$start_cmd" 2>&1)
t_like "the printed command starts it again" "$out" '^exam host 2 runs again'
t_ok "haproxy sees it up again" pty_wait 'exam_hosts/host2 is UP' 20
out=$(eval "$start_cmd" 2>&1)
t_is "starting it again: exit 1" "$?" 1
t_like "it is running" "$out" '^run-cluster: exam host 2 is already running$'
session jo "$(free_port)" 3 >"$T/jo" &
j=$!
sleep 0.3
session kim "$(free_port)" 3 >"$T/kim" &
k=$!
wait "$j" "$k"
t_is "and sends it clients" "$(served 2)" "$((s2 + 1))"
# Host 1 stopped now: the attempt cut there goes on from host 2.
stop1=$(echo "$stop_cmd" | sed 's/2$/1/')
start1=$(echo "$start_cmd" | sed 's/2$/1/')
eval "$stop1" >/dev/null 2>&1
t_ok "host 1 stopped" pty_wait 'exam_hosts/host1 is DOWN' 20
s2=$(served 2)
out=$({ printf 'rae\nsecret-one\n'; _i=1
	while [ "$_i" -lt "$nq" ]; do printf 'a\n'; _i=$((_i + 1)); done; } |
    timeout 30 nc -N 127.0.0.1 "$ep" | tr -d '\r')
t_like "the attempt cut on host 1 resumes on host 2" \
    "$(printf '%s\n' "$out" | tr '\n' '~')" \
    "~You have an unfinished attempt at default: 1 of $nq questions answered\\.~~Question 2/$nq"
t_is "served by host 2" "$(served 2)" "$((s2 + 1))"
t_like "and finishes there" "$out" 'Goodbye rae\.$'
t_is "one attempt, one result" "$(psql -X -At "$EDB" -c "SELECT count(*), count(result) FROM attempts WHERE username = 'rae'")|$("$BIN/examctl" --db "$EDB" results rae | awk 'NR > 1' | wc -l)" "1|1|1"
eval "$start1" >/dev/null 2>&1
t_ok "host 1 runs again" pty_wait 'exam_hosts/host1 is UP' 20

# The hosts believe a PROXY line only from haproxy's own source address.
n0=$(count)
hp=$(screen | sed -n 's/.*exam host 1: 127\.0\.0\.1:\([0-9]*\) .*/\1/p' | tail -n 1)
t_is "a client reaching a host directly cannot claim an address" \
    "$(printf 'PROXY TCP4 10.9.8.7 127.0.0.1 5000 9000\r\nmallory\r\n' |
    timeout 10 nc -N 127.0.0.1 "$hp" | tr -d '\r')" \
    "This service takes connections only through its proxy."
t_is "and is not counted" "$(count)" "$n0"

n0=$(count)
# Over TLS through haproxy: passed through in TCP mode, the PROXY line
# in clear before it, to examd --tls-cert on a host.
out=$(printf 'tlsbob\nsecret12\nsecret12\n' | timeout 30 "$BIN/examclient" --tls \
    --ca "$S/tls/ca.pem" 127.0.0.1 "$tp" | tr -d '\r')
t_like "a session over TLS through haproxy, verified" "$out" \
    'Registered tlsbob\.$'
t_is "counted once, as any other" "$(count)" $((n0 + 1))
t_like "examd took the client's address from the PROXY line" \
    "$(cat "$S"/log/host?-examd.log)" '127\.0\.0\.1:[0-9]+ through proxy 127\.0\.0\.2'
t_is "and no plain text reaches the TLS port" \
    "$(printf 'eve\n' | timeout 10 nc -N 127.0.0.1 "$tp" | od -An -c)" ""

# A second run on the same state folder refuses and changes nothing.
snapshot() {
	find "$S" -path "$S/cluster/pg" -prune -o -path "$S/log" -prune -o \
	    -type f -printf '%p %s %T@\n' | sort
}
before=$(snapshot)
fw=$(free_port) fe=$(free_port)
out=$(STATE_DIR=$S WEB_PORT=$fw EXAM_PORT=$fe EXAM_TLS_PORT=$(free_port) \
    timeout 20 $RUN 2>&1 </dev/null)
t_is "a second run: exit 1" "$?" 1
t_like "it says why" "$out" "^run-cluster: another make run is using $S"
t_is "the state folder is unchanged" "$(snapshot)" "$before"
out=$(STATE_DIR=$S WEB_PORT=$wp EXAM_PORT=$ep timeout 20 $RUN 2>&1 </dev/null)
t_like "with the same ports: they are in use" "$out" "^run-cluster: port $wp is in use"
t_like "the first one still serves" \
    "$(curl -s -d id=1711 "http://127.0.0.1:$wp/handlelogin")" 'Karam'

# Ctrl-C stops every piece, PostgreSQL and the restarted host included.
t_ok "processes are running before Ctrl-C" test -n "$(procs)"
pty_type "$(printf '\003')"
t_ok "Ctrl-C ends the run" pty_wait 'status=' 30
t_like "with status 0" "$(screen)" '^status=0$'
pty_end
t_is "no process is left" "$(procs)" ""
t_fails "nothing listens on the exam port" nc -z 127.0.0.1 "$ep"
out=$(eval "$start_cmd" 2>&1)
t_is "start-host with no cluster running: exit 1" "$?" 1
t_like "it says so" "$out" "^run-cluster: no make run-cluster is running on $S\$"

# TERM, then a closed terminal: the data stay, and nothing is left.
# stopped_by HOW: starts the cluster again and stops it HOW.
stopped_by() {
	pty_start "trap : INT; echo \$\$ >$T/shell.pid; STATE_DIR=$S WEB_PORT=$wp EXAM_PORT=$ep $RUN; echo status=\$?"
	t_ok "$1: the cluster starts again" pty_wait 'Press Ctrl-C to stop.' 60
	SDB=$(printed STUDENT_DB)
	t_like "$1: the student added is still there" \
	    "$("$BIN/studentctl" --db "$SDB" show 77 2>&1)" '^Name: Zed$'
	case $1 in
	TERM) kill -TERM "$(cat "$S/cluster/pid")"
	      t_ok "TERM ends the run" pty_wait 'status=' 30
	      t_like "with status 0" "$(screen)" '^status=0$' ;;
	HUP) kill -TERM "$(pgrep -P "$_pty")"
	     _i=0
	     while [ -e "$S/cluster/pid" ] && [ "$_i" -lt 300 ]; do
		     sleep 0.1; _i=$((_i + 1))
	     done ;;
	esac
	pty_end
	t_is "$1: no process is left" "$(procs)" ""
}
stopped_by TERM
stopped_by HUP
t_done
