# SPDX-License-Identifier: ISC
# Helpers for the student pages stories (t1xx): a temporary
# Student_log.db, a real lighttpd on a free loopback port running the
# FastCGI programs of $BIN, and a curl wrapper. Source after tests/lib.sh.

# make_student_db FILE [SQL]: creates FILE from the schema and the sample
# rows, then runs SQL (extra rows) if given. On PostgreSQL FILE is the
# URI of an empty database, which studentctl init sets up.
make_student_db() {
	case $1 in
	postgresql://*)
		"$BIN/studentctl" --db "$1" init &&
		psql -X -q -v ON_ERROR_STOP=1 "$1" \
		    -f "$TOP/sql/student_sample.sql" >/dev/null &&
		if [ -n "${2:-}" ]; then
			printf '%s\n' "$2" |
			    psql -X -q -v ON_ERROR_STOP=1 "$1" >/dev/null
		fi
		return ;;
	esac
	sqlite3 -bail "$1" <"$TOP/sql/student_schema.sql" &&
	sqlite3 -bail "$1" <"$TOP/sql/student_sample.sql" &&
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | sqlite3 -bail "$1"; fi
}

# start_web [SQL]: starts lighttpd with the database WEB_DB (default
# $T/Student_log.db, made with make_student_db and SQL unless it exists or
# WEB_NO_DB=1; on PostgreSQL a new database, WEB_ADMIN_DB as studentctl's
# owner, WEB_DB the pages' read-only role student_pages) and templates
# WEB_TEMPLATES (default html/), and lighttpd's idle read limit
# WEB_READ_IDLE (seconds, default 20), and the lookup limit's four
# figures WEB_LOOKUP_LIMIT (web-conf --lookup-limit; by default so high
# that only the stories of the limit itself meet it, while every story
# goes through its table). When WEB_WRAP is set (make
# test-valgrind), the programs run under that command, through wrappers in
# $T/wrap-web. Sets WEB (the
# base URL), WEB_PORT and WEB_STATE (config, sockets, logs). Returns 1,
# after printing the logs, when lighttpd does not come up in 5 s.
start_web() {
	WEB_STATE=$T/web
	mkdir -p "$WEB_STATE"
	if [ "$BACKEND" = postgresql ] && [ -z "${WEB_DB:-}" ]; then
		new_db Student_log
		WEB_ADMIN_DB=$NEW_DB
		make_student_db "$WEB_ADMIN_DB" "${1:-}" || return 1
		WEB_DB=$(echo "$WEB_ADMIN_DB" | sed 's|//[^@/]*@|//student_pages@|')
	fi
	WEB_DB=${WEB_DB:-$T/Student_log.db}
	case $WEB_DB in postgresql://*) ;; *)
	if [ ! -e "$WEB_DB" ] && [ "${WEB_NO_DB:-0}" != 1 ]; then
		make_student_db "$WEB_DB" "${1:-}" || return 1
	fi ;;
	esac
	WEB_PORT=$(free_port)
	WEB=http://127.0.0.1:$WEB_PORT
	_web_bin=$BIN
	if [ -n "${WEB_WRAP:-}" ]; then
		_web_bin=$T/wrap-web
		mkdir -p "$_web_bin"
		for _p in login handlelogin error; do
			printf '#!/bin/sh\nexec %s %s "$@"\n' "$WEB_WRAP" \
			    "$BIN/$_p" >"$_web_bin/$_p"
			chmod 755 "$_web_bin/$_p"
		done
	fi
	sh "$TOP/scripts/web-conf" --bin "$_web_bin" --state "$WEB_STATE" \
	    --read-idle "${WEB_READ_IDLE:-20}" \
	    --lookup-limit "${WEB_LOOKUP_LIMIT:-1000000 1000000 1000000 1000000}" \
	    --port "$WEB_PORT" --db "$WEB_DB" \
	    --templates "${WEB_TEMPLATES:-$TOP/html}" \
	    >"$WEB_STATE/lighttpd.conf" || return 1
	lighttpd -D -f "$WEB_STATE/lighttpd.conf" >"$WEB_STATE/lighttpd.out" 2>&1 &
	_web_pid=$!
	at_exit stop_web
	# The port is bound before the programs are spawned, so wait for an
	# HTTP answer, and fail fast if lighttpd exits (a program failed).
	i=0
	while [ "$i" -lt "${WEB_START_TRIES:-100}" ]; do
		if ! kill -0 "$_web_pid" 2>/dev/null; then
			wait "$_web_pid" 2>/dev/null
			_web_pid=
			_web_stop_orphans
			break
		fi
		code=$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$WEB/" \
		    2>/dev/null) || code=000
		[ "$code" != 000 ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	web_logs >&2
	stop_web
	return 1
}

# web_logs: prints lighttpd's logs and the programs' stderr.
web_logs() {
	for f in "$WEB_STATE"/lighttpd.out "$WEB_STATE"/*.log; do
		[ -f "$f" ] && sed "s|^|$(basename "$f"): |" "$f"
	done
	return 0
}

# web_orphans: the pids of this story's FastCGI programs (those given its
# ASAN_OPTIONS, which name its folder) that are still running. lighttpd exits when a program fails
# at start-up, but does not always stop the ones it had already spawned.
web_orphans() {
	for d in /proc/[0-9]*; do
		case $(readlink "$d/exe" 2>/dev/null) in
		"$BIN"/*) ;;
		*) continue ;;
		esac
		tr '\0' '\n' <"$d/environ" 2>/dev/null |
		    grep -qxF "ASAN_OPTIONS=$ASAN_OPTIONS" && echo "${d#/proc/}"
	done
	return 0
}

# _web_stop_orphans: stops what web_orphans finds, waiting for it.
_web_stop_orphans() {
	orphans=$(web_orphans)
	[ -n "$orphans" ] || return 0
	# shellcheck disable=SC2086
	kill $orphans 2>/dev/null
	# shellcheck disable=SC2086
	_web_gone $orphans || kill -9 $orphans 2>/dev/null
	return 0
}

# _web_gone PID...: waits up to 5 s for the processes to exit.
_web_gone() {
	i=0
	while [ "$i" -lt 100 ]; do
		alive=
		for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# stop_web: stops lighttpd and waits for its FastCGI programs to exit, so
# their sanitizer reports are written before t_done looks. Idempotent.
stop_web() {
	[ -n "${_web_pid:-}" ] || return 0
	kids=$(pgrep -P "$_web_pid" 2>/dev/null || true)
	kill "$_web_pid" 2>/dev/null
	# shellcheck disable=SC2086
	if ! _web_gone "$_web_pid" $kids; then
		echo "# lighttpd or a program did not stop; killing" >&2
		# shellcheck disable=SC2086
		kill -9 "$_web_pid" $kids 2>/dev/null
	fi
	wait "$_web_pid" 2>/dev/null
	_web_pid=
}

# req CURL-ARGS...: one request with a 5 s limit. Sets STATUS (the code),
# HDRS (headers, CR removed, names as sent) and BODY.
req() {
	STATUS=$(curl -sS -m 5 -D "$T/req.hdr" -o "$T/req.body" \
	    -w '%{http_code}' "$@" 2>"$T/req.err") || STATUS="curl failed: $(cat "$T/req.err")"
	HDRS=$(tr -d '\r' <"$T/req.hdr" 2>/dev/null)
	BODY=$(cat "$T/req.body" 2>/dev/null)
}

# post BODY [CURL-ARGS...]: POST BODY as a form to /handlelogin.
post() {
	b=$1; shift
	req --data-binary "$b" -H 'Content-Type: application/x-www-form-urlencoded' \
	    "$@" "$WEB/handlelogin"
}

# header NAME: the value of header NAME in HDRS (last one, case-blind).
header() {
	printf '%s\n' "$HDRS" | sed -n "s/^$1: *//Ip" | tail -n 1
}
