# Helpers for the exam service stories (t3xx). Source after tests/lib.sh.
EXAM_DB=$T/exam.db
EXAM_PORT=

# examd refuses root: a story started as root runs it as EXAM_USER
# (scripts/exam-user: nobody unless EXAMD_USER says otherwise), through
# xinetd's user attribute or exam_as_user. That user owns $T, where the
# databases live (SQLite writes -wal and -shm files beside them), and
# $T/san, where the sanitizers write their reports. Otherwise EXAM_USER is
# the user running the story and nothing changes hands.
EXAM_USER=$(sh "$TOP/scripts/exam-user")
# exam_own PATH...: gives a database (or folder) to EXAM_USER.
exam_own() { sh "$TOP/scripts/exam-user" --own "$@"; }
# exam_as_user CMD...: runs CMD (examd by hand) as EXAM_USER.
exam_as_user() { sh "$TOP/scripts/exam-user" --run "$@"; }
exam_own "$T" "$T/san"
# The folder xinetd runs examd from: BIN, or a copy in $T/bin when
# EXAM_USER cannot reach BIN (a checkout under /root).
EXAM_BIN=$(sh "$TOP/scripts/exam-user" --bin "$BIN" "$T/bin")
# EXAM_WRAP (make test-valgrind): xinetd runs examd under that command,
# through a wrapper in $T/wrap-exam.
if [ -n "${EXAM_WRAP:-}" ]; then
	mkdir -p "$T/wrap-exam"
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$EXAM_WRAP" "$EXAM_BIN/examd" \
	    >"$T/wrap-exam/examd"
	chmod 755 "$T/wrap-exam" "$T/wrap-exam/examd"
	EXAM_BIN=$T/wrap-exam
fi

# The known question bank: answering "b a f" scores 3/3, "a b a" 0/3.
EXAM_RIGHT='b
a
f'
EXAM_WRONG='a
b
a'

# exam_new_db [NAME]: sets EXAM_DB to a fresh, empty (uninitialised) exam
# database of the story's back end (BACKEND, see tests/lib.sh): the file
# $T/NAME (default exam.db) on sqlite, a new database of the suite's
# cluster (its postgresql:// URI, dropped at exit) on postgresql. Stories
# take every exam database from here, so that they run on both.
exam_new_db() {
	new_db "${1:-exam.db}" || return 1
	EXAM_DB=$NEW_DB
}

# exam_is_pg [DB]: DB (default EXAM_DB) is a PostgreSQL database.
exam_is_pg() {
	case ${1:-$EXAM_DB} in postgresql://*|postgres://*) return 0 ;; esac
	return 1
}

# exam_db_sql DB SQL: runs SQL on the exam database DB, either back end,
# printing rows as sqlite3 does (columns joined by |, no header).
exam_db_sql() {
	if exam_is_pg "$1"; then
		PGOPTIONS='-c client_min_messages=warning' \
		    psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2"
	else
		sqlite3 -cmd '.timeout 10000' "$1" "$2"
	fi
}

# exam_db_create [DB]: a fresh exam database from the schema of its back
# end, with the known bank of three questions (4, 2 and 6 choices) as the
# only exam, `default` (id 1). Without DB, it fills EXAM_DB, made by
# exam_new_db first on postgresql when the story has not.
exam_db_create() {
	if [ -z "${1:-}" ] && [ "$BACKEND" = postgresql ] && ! exam_is_pg; then
		exam_new_db || return 1
	fi
	_db=${1:-$EXAM_DB}
	if exam_is_pg "$_db"; then
		PGOPTIONS='-c client_min_messages=warning' \
		    psql -X -q -v ON_ERROR_STOP=1 "$_db" \
		    -f "$TOP/sql/exam_schema_pg.sql" >/dev/null || return 1
	else
		sqlite3 "$_db" <"$TOP/sql/exam_schema.sql" >/dev/null || return 1
	fi
	exam_db_sql "$_db" "
INSERT INTO exams (id, name) VALUES (1, 'default');
INSERT INTO questions (exam, position, prompt, answer) VALUES
 (1, 1, 'Which layer of the OSI model does TCP belong to?', 'b'),
 (1, 2, 'Is UDP connectionless?', 'a'),
 (1, 3, 'Which port does HTTPS use by default?', 'f');
INSERT INTO choices (exam, position, letter, text) VALUES
 (1, 1, 'a', 'Network'), (1, 1, 'b', 'Transport'),
 (1, 1, 'c', 'Session'), (1, 1, 'd', 'Application'),
 (1, 2, 'a', 'Yes'), (1, 2, 'b', 'No'),
 (1, 3, 'a', '21'), (1, 3, 'b', '22'), (1, 3, 'c', '25'),
 (1, 3, 'd', '80'), (1, 3, 'e', '110'), (1, 3, 'f', '443');" >/dev/null ||
	    return 1
	if exam_is_pg "$_db"; then
		# The next exam made without an id gets 2, as on SQLite.
		exam_db_sql "$_db" "SELECT setval(pg_get_serial_sequence(
		    'exams', 'id'), 1)" >/dev/null || return 1
	else
		exam_own "$_db"
	fi
}

# exam_sql SQL: runs SQL on the test database, prints the result.
exam_sql() { exam_db_sql "$EXAM_DB" "$1"; }

# exam_no_seventh: moves the counter past 7, for stories that compare
# whole conversations and must not meet the congratulation.
exam_no_seventh() { exam_sql "UPDATE counter SET count = 1000;"; }

# exam_reset_count: what `examctl reset-count` does.
exam_reset_count() {
	exam_sql "UPDATE counter SET count = 0,
	    reset_seq = (SELECT coalesce(max(seq), 0) FROM connections);"
}

# start_exam [TIMEOUT]: starts xinetd in the foreground on a free loopback
# port (EXAM_PORT; address EXAM_BIND, default 127.0.0.1) serving examd on
# EXAM_DB (with the extra options EXAM_ARGS, if set), stopped with TERM at
# exit; examd logs to EXAM_LOG when set.
# EXAM_LIMITS=FILE takes xinetd's cps, instances and per_source from FILE
# (the installed service file).
# Waits on xinetd's log rather than probing the port: a probe would be a
# counted connection.
start_exam() {
	# A port found free can be taken before xinetd binds it (the suite
	# opens many client connections): then try another one.
	for _try in 1 2 3; do
		_start_exam_on "$(free_port)" "${1:-10}" && return 0
	done
	sed 's/^/# xinetd: /' "$T/xinetd.log"
	return 1
}
_start_exam_on() { # PORT TIMEOUT
	EXAM_PORT=$1
	sh "$TOP/scripts/exam-conf" --bin "$EXAM_BIN" --db "$EXAM_DB" \
	    --user "$EXAM_USER" \
	    --port "$EXAM_PORT" --timeout "$2" --log "$T/xinetd-svc.log" \
	    ${EXAM_LOG:+--examd-log "$EXAM_LOG"} \
	    --bind "${EXAM_BIND:-127.0.0.1}" \
	    ${EXAM_ARGS:+--args "$EXAM_ARGS"} \
	    ${EXAM_LIMITS:+--limits "$EXAM_LIMITS"} \
	    --env "ASAN_OPTIONS=$ASAN_OPTIONS" \
	    --env "UBSAN_OPTIONS=$UBSAN_OPTIONS" >"$T/xinetd.conf" || return 1
	: >"$T/xinetd.log"
	xinetd -dontfork -filelog "$T/xinetd.log" -f "$T/xinetd.conf" &
	_exam_xinetd=$!
	_i=0
	while [ "$_i" -lt 200 ]; do
		if grep -q 'Started working: 1 available service' \
		    "$T/xinetd.log"; then
			at_exit "kill -TERM $_exam_xinetd 2>/dev/null; wait $_exam_xinetd 2>/dev/null"
			return 0
		fi
		grep -q 'DISABLING\|available services' "$T/xinetd.log" && break
		kill -0 "$_exam_xinetd" 2>/dev/null || break
		sleep 0.05; _i=$((_i + 1))
	done
	kill -TERM "$_exam_xinetd" 2>/dev/null
	wait "$_exam_xinetd" 2>/dev/null
	return 1
}

# exam_talk INPUT [NC-OPTIONS...]: sends INPUT (all at once, then EOF) and
# prints the whole reply as received, CRs included.
exam_talk() {
	_in=$1; shift
	printf '%s' "$_in" | timeout 20 nc -N "$@" 127.0.0.1 "$EXAM_PORT"
}

# exam_talk_here INPUT OUT: like exam_talk over bash's /dev/tcp, writing
# the reply (CRs removed) to OUT and this end's port to OUT.port, so the
# client knows its own address. bash cannot half-close, so INPUT must
# make the server end the session by itself.
exam_talk_here() {
	exec 3<>"/dev/tcp/127.0.0.1/$EXAM_PORT" || return 1
	_ino=$(readlink "/proc/$BASHPID/fd/3")
	_ino=${_ino#socket:\[}
	_ino=${_ino%\]}
	_hex=$(awk -v i="$_ino" '$10 == i { split($2, a, ":"); print a[2]; exit }' \
	    /proc/net/tcp)
	echo $((16#${_hex:-0})) >"$2.port"
	printf '%s' "$1" >&3
	timeout 20 cat <&3 | tr -d '\r' >"$2"
	exec 3<&-
}

# exam_lines INPUT: the reply with CRs removed.
exam_lines() { exam_talk "$@" | tr -d '\r'; }

# crlf_only FILE: every line of FILE ends with CRLF, the last one too.
crlf_only() {
	[ -s "$1" ] && [ "$(tail -c 2 "$1" | od -An -c | tr -d ' ')" = '\r\n' ] &&
	    ! LC_ALL=C grep -q "[^$(printf '\r')]\$\|^\$" "$1"
}
