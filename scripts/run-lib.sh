# SPDX-License-Identifier: ISC
# The pieces `make run` (scripts/run), `make run-cluster`
# (scripts/run-cluster) and `make bench-cluster` (scripts/cluster-bench)
# share, sourced by them: port checks, the state folder's lock, the
# missing-program message, stopping an xinetd with its sessions,
# following the logs, waiting for a signal, and a PostgreSQL cluster of
# one's own. The sourcing script sets `me` (its name in messages) and
# `top` (the checkout).

die() { echo "$me: $*" >&2; exit 1; }

# listening PORT: true when a TCP socket listens on PORT (any address).
# Read from the kernel's tables rather than by connecting: a connection
# to the exam port would start an examd and be counted.
listening() {
	awk -v port="$(printf '%04X' "$1")" '
	    $4 == "0A" { n = split($2, a, ":"); if (a[n] == port) found = 1 }
	    END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# check_ports NAME=PORT...: each PORT a number from 1 to 65535, no two the
# same, none in use; else dies naming the variable to change.
check_ports() {
	_seen=
	for _v; do
		_p=${_v#*=}
		case $_p in
		'' | *[!0-9]* | 0*) die "bad port ${_v%%=*}='$_p': want a number from 1 to 65535" ;;
		esac
		[ "${#_p}" -le 5 ] && [ "$_p" -le 65535 ] ||
		    die "bad port ${_v%%=*}='$_p': want a number from 1 to 65535"
		for _s in $_seen; do
			[ "${_s#*=}" != "$_p" ] ||
			    die "${_s%%=*} and ${_v%%=*} are both $_p"
		done
		_seen="$_seen $_v"
	done
	_names=$(for _v; do printf '%s= or ' "${_v%%=*}"; done)
	for _v; do
		listening "${_v#*=}" &&
		    die "port ${_v#*=} is in use (set ${_names% or })"
	done
	return 0
}

# need PROGRAM PACKAGE: dies with the install line when PROGRAM is missing.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	_sudo=; [ "$(id -u)" -eq 0 ] || _sudo='sudo '
	die "$1 is not installed: ${_sudo}apt-get install $2 (or scripts/ensure-deps)"
}

# lock_state DIR: one run per state folder (a second one would rewrite
# the first one's configuration and share its sockets), held on fd 9 as
# long as the calling script lives. The servers must not inherit it:
# start them with 9>&-.
lock_state() {
	mkdir -p "$1"
	exec 9>>"$1/run.lock"
	flock -n 9 ||
	    die "another make run is using $1 (stop it first, or set STATE_DIR=)"
}

# xinetd_term PID...: TERM to each xinetd and to the exam sessions it
# started. xinetd ignores SIGINT and leaves its children running when it
# ends, so each is paused, its sessions listed, and all of them get TERM.
# Prints the sessions' pids.
xinetd_term() {
	for _x; do
		kill -STOP "$_x" 2>/dev/null || continue
		_kids=$(pgrep -P "$_x" 2>/dev/null || true)
		# shellcheck disable=SC2086
		kill -TERM "$_x" $_kids 2>/dev/null || true
		kill -CONT "$_x" 2>/dev/null || true
		echo $_kids
	done
}

# follow_logs FILE...: shows the lines added to each FILE on the terminal
# (state/log/), from now on; the follower's pid in `follow`.
follow_logs() {
	for _f; do : >>"$_f"; done
	tail -q -n 0 -F "$@" 2>/dev/null 9>&- &
	follow=$!
}

# serve_while CMD...: returns when CMD fails, checking every second. The
# waits are short naps, so that a signal is handled at once (the shell
# runs a trap as soon as `wait` is interrupted); the nap's pid is in
# `nap` for the trap to end.
serve_while() {
	while "$@"; do
		sleep 1 9>&- &
		nap=$!
		wait "$nap" || true
		nap=
	done
}

# pg_bindir: where initdb and postgres are: PG_BINDIR, else pg_config's,
# else Debian's.
pg_bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		set -- "$PG_BINDIR"
	else
		set -- "$(pg_config --bindir 2>/dev/null || true)" \
		    /usr/lib/postgresql/15/bin
	fi
	for _d; do
		[ -n "$_d" ] && [ -x "$_d/initdb" ] && [ -x "$_d/postgres" ] &&
		    { echo "$_d"; return 0; }
	done
	return 1
}

# need_pg: dies with the install line when PostgreSQL 15 is missing.
need_pg() {
	need psql postgresql-client-15
	pg_bindir >/dev/null && return 0
	_sudo=; [ "$(id -u)" -eq 0 ] || _sudo='sudo '
	die "PostgreSQL 15 is not installed: ${_sudo}apt-get install postgresql-15 (or scripts/ensure-deps)"
}

# pg_up DIR PORT LOG [SERVER-OPTION...]: a PostgreSQL cluster in DIR/data,
# made by initdb if missing, run as scripts/exam-user's user (nobody when
# root), who is given DIR, on 127.0.0.1:PORT with its socket in DIR and
# its log appended to LOG; waits until it answers (15 s at most). TCP
# connections need SCRAM (scram-sha-256) and the password of the
# superuser postgres, made once and kept in DIR/pgpass (a libpq password
# file, 0600, the caller's): never on a command line, where `ps` would
# show it. The socket, trusted, is for the cluster's user alone (0700).
# Sets pg_pid (the postmaster, a child of the caller), pg_uri (postgres
# on TCP, no database), pg_passfile (DIR/pgpass, exported as PGPASSFILE
# for psql and the ctl commands) and pg_exam_passfile (the same password
# in a file examd's user owns: DIR/pgpass-exam when root, else
# pg_passfile). Dies on failure.
pg_up() {
	_bin=$(pg_bindir) || need_pg
	mkdir -p "$1"
	[ -d "$1/data" ] || sh "$top/scripts/exam-user" --own "$1"
	sh "$top/scripts/exam-user" --run test -w "$1" ||
	    die "$(sh "$top/scripts/exam-user") cannot write $1: put it in a folder that user can reach (STATE_DIR=)"
	if [ ! -f "$1/data/PG_VERSION" ]; then
		rm -rf "$1/data"
		sh "$top/scripts/exam-user" --run "$_bin/initdb" -D "$1/data" \
		    -U postgres --auth-local=trust --auth-host=scram-sha-256 \
		    -E UTF8 --locale=C.UTF-8 \
		    >"$1/initdb.log" 2>&1 9>&- ||
		    { cat "$1/initdb.log" >&2; die "initdb failed (above; $1/initdb.log)"; }
	fi
	# Written at each start, so that a cluster made when it trusted
	# loopback needs the password too.
	printf '%s\n' '# Written by scripts/run-lib.sh (pg_up) at each start.' \
	    'local all all trust' \
	    'host all all 127.0.0.1/32 scram-sha-256' |
	    sh "$top/scripts/exam-user" --run sh -c 'cat >"$1"' sh \
	    "$1/data/pg_hba.conf" 9>&-
	pg_passfile=$1/pgpass
	_pw=$(pg_password postgres)
	_dir=$1 _port=$2 _log=$3
	shift 3
	# exam-user --run execs the server: this pid is the postmaster's.
	sh "$top/scripts/exam-user" --run "$_bin/postgres" -D "$_dir/data" \
	    -k "$_dir" -c unix_socket_permissions=0700 \
	    -c password_encryption=scram-sha-256 \
	    -c listen_addresses=127.0.0.1 -p "$_port" "$@" \
	    >>"$_log" 2>&1 9>&- &
	pg_pid=$!
	pg_uri=postgresql://postgres@127.0.0.1:$_port
	export PGPASSFILE="$pg_passfile"
	_i=0
	until pg_local -c 'SELECT 1' >/dev/null 2>&1; do
		_i=$((_i + 1))
		if [ "$_i" -gt 300 ] || ! kill -0 "$pg_pid" 2>/dev/null; then
			tail -n 5 "$_log" >&2
			die "PostgreSQL did not start; see $_log"
		fi
		sleep 0.05
	done
	pg_set_password postgres "$_pw"
	pg_exam_passfile=$pg_passfile
	if [ "$(id -u)" -eq 0 ]; then
		pg_exam_passfile=$_dir/pgpass-exam
		( umask 077; grep '^127\.0\.0\.1:\*:\*:postgres:' "$pg_passfile" \
		    >"$pg_exam_passfile" )
		sh "$top/scripts/exam-user" --own "$pg_exam_passfile"
	fi
}

# pg_local SQL-OPTION...: psql as the cluster's user through its socket
# (pg_up's DIR and PORT), where no password is needed.
pg_local() {
	sh "$top/scripts/exam-user" --run psql -X -q -h "$_dir" -p "$_port" \
	    -U postgres -d postgres "$@" 9>&-
}

# pg_password ROLE: ROLE's password from pg_passfile, made (random, hex)
# and added there the first time.
pg_password() {
	_p=$(sed -n "s/^127\\.0\\.0\\.1:\\*:\\*:$1://p" "$pg_passfile" \
	    2>/dev/null | head -n 1)
	if [ -z "$_p" ]; then
		_p=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
		( umask 077; echo "127.0.0.1:*:*:$1:$_p" >>"$pg_passfile" )
	fi
	chmod 600 "$pg_passfile"
	echo "$_p"
}

# pg_set_password ROLE PASSWORD: sets ROLE's password (hashed by the
# server with SCRAM), the statement on psql's stdin, not its arguments.
pg_set_password() {
	printf "ALTER ROLE %s PASSWORD '%s';\n" "$1" "$2" |
	    pg_local -v ON_ERROR_STOP=1 >/dev/null ||
	    die "the password of $1 could not be set"
}
