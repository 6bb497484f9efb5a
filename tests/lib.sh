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
