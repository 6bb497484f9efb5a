# SPDX-License-Identifier: ISC
# A PostgreSQL cluster for the suite: tests/run starts one for the whole
# run (pg_start), passes its base URI down as PG_URI, and stops it at the
# end (pg_stop). The stories make their own databases in it (pg_newdb).
# Everything is on loopback; the server runs as an unprivileged user
# (PG_USER, default nobody when started as root), with its data and
# socket in a folder of its own.

# pg_bindir: where initdb and postgres are (pg_config, else Debian's).
pg_bindir() {
	for d in "$(pg_config --bindir 2>/dev/null)" /usr/lib/postgresql/15/bin; do
		[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ] &&
		    { echo "$d"; return 0; }
	done
	return 1
}

# pg_available: 0 when a server can be started here.
pg_available() { pg_bindir >/dev/null && command -v psql >/dev/null; }

# _pg_as CMD...: runs CMD as the cluster's user.
_pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "${PG_USER:-nobody}" -- "$@"
	else
		"$@"
	fi
}

# pg_start DIR PORT: initialises a cluster in DIR/data (DIR is made and
# given to the cluster's user) and starts it on 127.0.0.1:PORT, with its
# socket in DIR. Sets PG_URI (postgresql://postgres@127.0.0.1:PORT, no
# database) and PG_DIR. Returns 1, after printing the server's log, when
# it does not come up in 15 s.
# With PG_PASSWORD set, TCP connections need SCRAM with that password
# for postgres (the socket stays trusted); PG_PASSFILE is then a password
# file (0600) for it, exported as PGPASSFILE for psql and the commands.
pg_start() {
	PG_DIR=$1
	bindir=$(pg_bindir) || return 1
	mkdir -p "$PG_DIR" || return 1
	[ "$(id -u)" -eq 0 ] && chown "${PG_USER:-nobody}" "$PG_DIR"
	# trust on loopback only: the suite's cluster has no other user.
	set -- "$2" -A trust
	if [ -n "${PG_PASSWORD:-}" ]; then
		( umask 077; printf '%s\n' "$PG_PASSWORD" >"$PG_DIR/pw" )
		[ "$(id -u)" -eq 0 ] && chown "${PG_USER:-nobody}" "$PG_DIR/pw"
		set -- "$1" --auth-local=trust --auth-host=scram-sha-256 \
		    --pwfile="$PG_DIR/pw"
		PG_PASSFILE=$PG_DIR/pgpass
		( umask 077; printf '127.0.0.1:*:*:postgres:%s\n' \
		    "$PG_PASSWORD" >"$PG_PASSFILE" )
		export PGPASSFILE=$PG_PASSFILE
	fi
	_port=$1; shift
	_pg_as "$bindir/initdb" -D "$PG_DIR/data" -U postgres "$@" \
	    -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
	    { rm -f "$PG_DIR/pw"; cat "$PG_DIR/initdb.log" >&2; return 1; }
	rm -f "$PG_DIR/pw"
	pg_restart "$_port"
}

# pg_restart PORT: starts the cluster pg_start made in PG_DIR again (after
# pg_stop), on 127.0.0.1:PORT. Returns 1, after printing the server's
# log, when it does not come up in 15 s.
pg_restart() {
	bindir=$(pg_bindir) || return 1
	# fsync off: a crash of the suite's cluster loses nothing of value.
	# 400 connections: every held exam session holds one, and t342 holds
	# the installed per_source (120) and more at once.
	_pg_as "$bindir/postgres" -D "$PG_DIR/data" -k "$PG_DIR" \
	    -c listen_addresses=127.0.0.1 -p "$1" -c fsync=off \
	    -c synchronous_commit=off -c full_page_writes=off \
	    -c max_connections=400 >>"$PG_DIR/postgres.log" 2>&1 &
	_pg_pid=$!
	PG_URI=postgresql://postgres@127.0.0.1:$1
	i=0
	while [ "$i" -lt 300 ]; do
		psql -X -q "$PG_URI/postgres" -c 'SELECT 1' >/dev/null 2>&1 &&
		    return 0
		kill -0 "$_pg_pid" 2>/dev/null || break
		sleep 0.05; i=$((i + 1))
	done
	cat "$PG_DIR/postgres.log" >&2
	pg_stop
	return 1
}

# pg_stop: a fast shutdown of the cluster pg_start started. Idempotent.
# SIGINT to the postmaster itself (runuser does not pass it on).
pg_stop() {
	[ -n "${_pg_pid:-}" ] || return 0
	pm=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
	[ -n "$pm" ] && kill -INT "$pm" 2>/dev/null
	wait "$_pg_pid" 2>/dev/null
	_pg_pid=
}

# pg_newdb NAME: creates an empty database NAME (dropping one left over)
# in the cluster of PG_URI and prints its URI.
pg_newdb() {
	PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$PG_URI/postgres" \
	    -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" \
	    >/dev/null || return 1
	echo "$PG_URI/$1"
}

# pg_sql URI SQL: runs SQL on the database at URI, printing rows
# unaligned (psql -At); fails on the first error.
pg_sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2"; }
