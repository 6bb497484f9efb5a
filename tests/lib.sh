# SPDX-License-Identifier: ISC
# Shared helpers for the shell stories (tests/t*.sh). Each story is run by
# tests/run with BUILD (a build folder) and TOP (the checkout) set, prints
# TAP, and ends with `t_done`.
set -u
BIN=$BUILD/bin
T=$(mktemp -d "${TMPDIR:-/tmp}/exam-test.XXXXXX")
chmod 755 "$T"
_t_n=0 _t_fail=0 _t_cleanups=
mkdir -p "$T/san"
# Sanitizer reports go to files (fd 2 may be a client socket or lighttpd's
# stderr); t_done fails the story if any appeared.
export ASAN_OPTIONS="log_path=$T/san/asan:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$T/san/ubsan:print_stacktrace=1:halt_on_error=1"

# at_exit CMD: run CMD (a string for eval) when the story ends, last first.
at_exit() { _t_cleanups="$1; $_t_cleanups"; }
_t_exit() { eval "$_t_cleanups"; rm -rf "$T"; }
trap _t_exit EXIT
trap 'exit 130' INT TERM

_t_result() { # status description [diagnostic]
	_t_n=$((_t_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_t_n - $2"
	else
		_t_fail=$((_t_fail + 1))
		echo "not ok $_t_n - $2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
	fi
	return 0
}
# t_ok DESC CMD...: passes when CMD exits 0.
t_ok() { d=$1; shift; "$@"; _t_result $? "$d"; }
# t_fails DESC CMD...: passes when CMD exits non-zero.
t_fails() { d=$1; shift; if "$@"; then _t_result 1 "$d"; else _t_result 0 "$d"; fi; }
# t_is DESC GOT WANT
t_is() {
	if [ "$2" = "$3" ]; then _t_result 0 "$1"
	else _t_result 1 "$1" "got:  $2
want: $3"; fi
}
# t_like DESC TEXT REGEX (grep -E, matched against any line)
t_like() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then _t_result 0 "$1"
	else _t_result 1 "$1" "no line matches /$3/ in:
$(printf '%s\n' "$2" | head -n 40)"; fi
}
# t_unlike DESC TEXT REGEX
t_unlike() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then _t_result 1 "$1" "a line matches /$3/:
$(printf '%s\n' "$2" | grep -E -- "$3" | head -n 10)"
	else _t_result 0 "$1"; fi
}
t_done() {
	if [ -n "$(ls -A "$T/san" 2>/dev/null)" ]; then
		_t_result 1 "no sanitizer reports" "$(cat "$T"/san/* | head -n 60)"
	else
		_t_result 0 "no sanitizer reports"
	fi
	echo "1..$_t_n"
	[ "$_t_fail" -eq 0 ]
}

# free_port: prints a loopback TCP port nobody listens on now, below the
# kernel's range for client ports (32768 up), which the suite's many
# connections would otherwise compete for.
free_port() {
	while :; do
		p=$(( (($$ + $(date +%N | sed 's/^0*//;s/^$/0/')) % 22000) + 10000 ))
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			echo "$p"; return 0
		fi
	done
}
# wait_port PORT [TRIES]: waits until something listens on PORT.
wait_port() {
	i=0
	while [ "$i" -lt "${2:-100}" ]; do
		(exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# The back end the story runs on: sqlite (files under $T) or postgresql
# (databases in the suite's cluster, whose base URI tests/run passes down
# as PG_URI; see tests/lib-pg.sh).
BACKEND=${BACKEND:-sqlite}
# sqlite_only REASON: ends a story that exercises the SQLite file itself
# (permissions, journals, locks) with a TAP skip on another back end.
sqlite_only() {
	[ "$BACKEND" = sqlite ] && return 0
	echo "1..0 # SKIP on $BACKEND: $1"
	exit 0
}
# postgresql_only REASON: ends a story about PostgreSQL itself with a TAP
# skip on another back end (tests/run runs it in the postgresql pass).
postgresql_only() {
	[ "$BACKEND" = postgresql ] && return 0
	echo "1..0 # SKIP $1"
	exit 0
}
# new_db NAME: sets NEW_DB to a new, uninitialised database of the story's
# back end for studentctl: the file $T/NAME, or the URI of a new PostgreSQL
# database (dropped when the story ends).
new_db() {
	if [ "$BACKEND" != postgresql ]; then
		NEW_DB=$T/$1
		return 0
	fi
	. "$TOP/tests/lib-pg.sh"
	_n=$(basename "$T" | tr 'A-Z.-' 'a-z__')_$(echo "$1" | tr -c 'a-zA-Z0-9\n' _)
	at_exit "psql -X -q '$PG_URI/postgres' -c 'DROP DATABASE IF EXISTS \"$_n\"' >/dev/null 2>&1"
	NEW_DB=$(pg_newdb "$_n")
}
# db_sum DB: a checksum of what DB holds: the file's bytes on SQLite, the
# students (every column, by ID) on PostgreSQL.
db_sum() {
	case $1 in
	postgresql://*|postgres://*)
		psql -X -q -At "$1" -c 'SELECT * FROM Fifth_students ORDER BY ID' |
		    cksum ;;
	*) cksum <"$1" ;;
	esac
}

# seccomp_of PID [WANT]: PID's Seccomp: mode (/proc/PID/status), once it
# is WANT (default 2, a filter) or after 3 s: a process just started
# confines itself a moment later.
seccomp_of() {
	_n=0
	while [ "$(awk '/^Seccomp:/ { print $2 }' "/proc/$1/status" 2>/dev/null)" != "${2:-2}" ] &&
	    [ "$_n" -lt 60 ]; do
		sleep 0.05; _n=$((_n + 1))
	done
	awk '/^Seccomp:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}
