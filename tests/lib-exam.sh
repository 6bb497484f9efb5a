# SPDX-License-Identifier: ISC
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

# exam_db_create [FILE]: a fresh exam.db from the schema, with the known
# bank of three questions (4, 2 and 6 choices) as the only exam, `default`
# (id 1), and password-min 1, so that the stories' conversations keep
# their short passwords (t318 checks the default of 8). On PostgreSQL
# (BACKEND=postgresql) a new database in the suite's cluster instead,
# from sql/exam_schema_pg.sql, whose URI becomes EXAM_DB (FILE, if given,
# only names it).
_exam_short="INSERT INTO settings (name, value) VALUES ('password-min', '1');"
exam_db_create() {
	if [ "$BACKEND" = postgresql ]; then
		new_db "$(basename "${1:-exam}")" || return 1
		_db=$NEW_DB
		[ -n "${1:-}" ] || EXAM_DB=$_db
		psql -X -q -v ON_ERROR_STOP=1 "$_db" \
		    -f "$TOP/sql/exam_schema_pg.sql" >/dev/null || return 1
		{ _exam_bank; echo "$_exam_short"; } |
		    psql -X -q -v ON_ERROR_STOP=1 "$_db" >/dev/null
		return
	fi
	_db=${1:-$EXAM_DB}
	sqlite3 "$_db" <"$TOP/sql/exam_schema.sql" >/dev/null || return 1
	{ _exam_bank; echo "$_exam_short"; } | sqlite3 "$_db" || return 1
	exam_own "$_db"
}
_exam_bank() {
	cat <<'SQL'
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
 (1, 3, 'd', '80'), (1, 3, 'e', '110'), (1, 3, 'f', '443');
SQL
	# The explicit id 1 leaves the identity behind on PostgreSQL.
	[ "$BACKEND" != postgresql ] ||
	    echo "SELECT setval(pg_get_serial_sequence('exams', 'id'), 1);"
}

# exam_sql SQL: runs SQL on the test database, prints the result (rows
# unaligned, columns joined by |, as both sqlite3 and psql -At print them).
# The stories' SQL is SQLite's; on PostgreSQL the few SQLite words they
# use are translated (exam_pg_sql).
exam_sql() {
	case $EXAM_DB in
	postgresql://*|postgres://*)
		psql -X -q -At -v ON_ERROR_STOP=1 "$EXAM_DB" \
		    -c "$(printf '%s' "$1" | exam_pg_sql)" ;;
	*) sqlite3 -cmd '.timeout 10000' "$EXAM_DB" "$1" ;;
	esac
}
# exam_pg_sql: SQLite's spelling on stdin, PostgreSQL's on stdout: GLOB
# becomes an anchored regular expression, IFNULL COALESCE, and
# PRAGMA integrity_check the check that matters on a shared server: ok
# when no session of this database is left inside a transaction (a killed
# or failed examd holds no lock).
exam_pg_sql() {
	perl -0777 -pe '
	    sub re { my $g = shift; my $r = "";
	        while ($g =~ /\G(\[[^\]]*\]|.)/gs) { my $c = $1;
	            $r .= $c eq "*" ? ".*" : $c eq "?" ? "." :
	                length($c) > 1 ? $c : quotemeta($c); }
	        return "^$r\$"; }
	    s/\bNOT\s+GLOB\s+\x27([^\x27]*)\x27/"!~ \x27" . re($1) . "\x27"/ges;
	    s/\bGLOB\s+\x27([^\x27]*)\x27/"~ \x27" . re($1) . "\x27"/ges;
	    s/\bIFNULL\(/COALESCE(/g;
	    s/PRAGMA integrity_check/SELECT CASE count(*) WHEN 0 THEN \x27ok\x27 ELSE count(*) || \x27 sessions left in a transaction\x27 END FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE \x27idle in transaction%\x27/g;
	'
}
# exam_columns TABLE: TABLE's column names, in order, joined by commas.
exam_columns() {
	case $EXAM_DB in
	postgresql://*|postgres://*)
		exam_sql "SELECT string_agg(column_name, ',' ORDER BY
		    ordinal_position) FROM information_schema.columns
		    WHERE table_schema = 'public' AND table_name = '$1'" ;;
	*) exam_sql "SELECT group_concat(name) FROM pragma_table_info('$1')" ;;
	esac
}

# exam_no_seventh: moves the counter past 7, for stories that compare
# whole conversations and must not meet the congratulation.
exam_no_seventh() { exam_sql "UPDATE counter SET count = 1000;"; }

# exam_reset_count: what `examctl reset-count` does.
exam_reset_count() {
	exam_sql "UPDATE counter SET count = 0,
	    reset_seq = (SELECT COALESCE(MAX(seq), 0) FROM connections);"
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

# How long a client of these helpers waits for a whole reply: 20 s, or
# EXAM_REPLY_SECONDS (make test-valgrind: each examd runs about 20 times
# slower, and a story may start thirty at once).
EXAM_REPLY_SECONDS=${EXAM_REPLY_SECONDS:-20}

# exam_talk INPUT [NC-OPTIONS...]: sends INPUT (all at once, then EOF) and
# prints the whole reply as received, CRs included.
exam_talk() {
	_in=$1; shift
	printf '%s' "$_in" | timeout "$EXAM_REPLY_SECONDS" nc -N "$@" \
	    127.0.0.1 "$EXAM_PORT"
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
	timeout "$EXAM_REPLY_SECONDS" cat <&3 | tr -d '\r' >"$2"
	exec 3<&-
}

# exam_lines INPUT: the reply with CRs removed.
exam_lines() { exam_talk "$@" | tr -d '\r'; }

# crlf_only FILE: every line of FILE ends with CRLF, the last one too.
crlf_only() {
	[ -s "$1" ] && [ "$(tail -c 2 "$1" | od -An -c | tr -d ' ')" = '\r\n' ] &&
	    ! LC_ALL=C grep -q "[^$(printf '\r')]\$\|^\$" "$1"
}

# exam_new_db [NAME]: sets EXAM_DB to a fresh, empty (uninitialised) exam
# database of the story's back end (BACKEND, see tests/lib.sh): the file
# $T/NAME (default exam.db) on sqlite, a new database of the suite's
# cluster (its postgresql:// URI, dropped at exit) on postgresql; the
# examctl stories make theirs with it and run `examctl init` on it.
exam_new_db() {
	new_db "${1:-exam.db}" || return 1
	EXAM_DB=$NEW_DB
}

# exam_is_pg [DB]: DB (default EXAM_DB) is a PostgreSQL database.
exam_is_pg() {
	case ${1:-$EXAM_DB} in postgresql://*|postgres://*) return 0 ;; esac
	return 1
}

# exam_db_sql DB SQL: runs SQL, as it is, on the exam database DB of either
# back end, printing rows as sqlite3 does (columns joined by |, no header).
exam_db_sql() {
	if exam_is_pg "$1"; then
		PGOPTIONS='-c client_min_messages=warning' \
		    psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2"
	else
		sqlite3 -cmd '.timeout 10000' "$1" "$2"
	fi
}

# exam_copy_db NAME: sets COPY_DB to a copy of EXAM_DB as it is now, for
# a story to break: the file $T/NAME.db (given to EXAM_USER), or a
# database made from EXAM_DB as its template (dropped at exit). Nobody may
# be connected to EXAM_DB meanwhile.
exam_copy_db() {
	if exam_is_pg; then
		_n=${EXAM_DB##*/}_$1
		at_exit "psql -X -q '${EXAM_DB%/*}/postgres' -c 'DROP DATABASE IF EXISTS \"$_n\"' >/dev/null 2>&1"
		psql -X -q -v ON_ERROR_STOP=1 "${EXAM_DB%/*}/postgres" \
		    -c "DROP DATABASE IF EXISTS \"$_n\"" \
		    -c "CREATE DATABASE \"$_n\" TEMPLATE \"${EXAM_DB##*/}\"" \
		    >/dev/null 2>&1 || return 1
		COPY_DB=${EXAM_DB%/*}/$_n
		return 0
	fi
	COPY_DB=$T/$1.db
	# A -wal left by an earlier copy of that name would be replayed
	# into this one.
	rm -f "$COPY_DB-wal" "$COPY_DB-shm"
	cp "$EXAM_DB" "$COPY_DB" && exam_own "$COPY_DB"
}

# The one-line apologies examd ends a session with when its database
# fails: before the session starts, and when a result cannot be stored.
APOLOGY_START='The exam service is unavailable. Please try again later.'
APOLOGY_SAVE='Your answers could not be saved. Please try again later.'

# session_at_last_answer NAME OUT: logs in (registering NAME), answers
# two questions, waits for $T/go, then sends the last answer; the client
# runs in the background as $_sess, its output in OUT.
session_at_last_answer() {
	rm -f "$T/go"
	{
		printf '%s\npw\npw\nb\na\n' "$1"
		j=0
		while [ ! -e "$T/go" ] && [ "$j" -lt 200 ]; do
			sleep 0.1; j=$((j + 1))
		done
		printf 'f\n'
	} | timeout 30 nc -N 127.0.0.1 "$EXAM_PORT" >"$2" &
	_sess=$!
	j=0
	while ! grep -q 'Question 3/3' "$2" 2>/dev/null && [ "$j" -lt 100 ]; do
		sleep 0.1; j=$((j + 1))
	done
}

# the_end OUT: the last line, CR removed.
the_end() { tr -d '\r' <"$1" | tail -n 1; }

# --- TLS ----------------------------------------------------------------
# exam_tls_ca [DIR]: a test CA and a server certificate for 127.0.0.1,
# ::1 and localhost in DIR (default $T/tls, made once: scripts/tls-ca),
# the key given to EXAM_USER; sets EXAM_CA (the CA's certificate, for
# clients), EXAM_TLS_CERT and EXAM_TLS_KEY.
exam_tls_ca() {
	_d=${1:-$T/tls}
	sh "$TOP/scripts/tls-ca" "$_d" || return 1
	exam_own "$_d/server.key"
	EXAM_CA=$_d/ca.pem EXAM_TLS_CERT=$_d/server.pem
	EXAM_TLS_KEY=$_d/server.key
}
# start_exam_tls [TIMEOUT]: start_exam with examd speaking TLS
# (--tls-cert, --tls-key from exam_tls_ca, made first when not yet),
# beside any EXAM_ARGS; EXAM_PORT is then a TLS port.
start_exam_tls() {
	[ -n "${EXAM_TLS_KEY:-}" ] || exam_tls_ca || return 1
	_args=${EXAM_ARGS:-}
	EXAM_ARGS="${_args:+$_args }--tls-cert $EXAM_TLS_CERT --tls-key $EXAM_TLS_KEY"
	start_exam "$@"
	_rc=$?
	EXAM_ARGS=$_args
	return $_rc
}
# exam_tls_talk INPUT [HOST]: exam_talk over TLS, verifying the server
# against EXAM_CA (openssl s_client: it reads the whole reply after its
# input ends), the reply on stdout as received.
exam_tls_talk() {
	printf '%s' "$1" | timeout 20 openssl s_client -quiet -ign_eof \
	    -verify_return_error -CAfile "$EXAM_CA" \
	    -verify_ip "${2:-127.0.0.1}" \
	    -connect "${2:-127.0.0.1}:$EXAM_PORT" 2>/dev/null
}
