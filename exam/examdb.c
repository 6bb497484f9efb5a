/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exam_layout.h"
#include "examdb.h"
#include "shuffle.h"
#include "log.h"
#include "penalty.h"
#include "qbank_db.h"
#include "settings.h"
#include "sql.h"
#include "username.h"

enum examdb_stmt {
	EXAMDB_LAYOUT_TABLES,
	EXAMDB_LAYOUT_VERSION,
	EXAMDB_COUNTER_BUMP,
	EXAMDB_CONN_LOG,
	EXAMDB_COUNTED_PEERS,
	EXAMDB_USER_HASH,
	EXAMDB_USER_ADD,
	EXAMDB_USER_REHASH,
	EXAMDB_USER_LOCK,
	EXAMDB_EXAMS,
	EXAMDB_BANK,
	EXAMDB_ATTEMPTS_USED,
	EXAMDB_RESULT_ADD,
	/* Attempts (layout 3). */
	EXAMDB_ATTEMPT_FIND,
	EXAMDB_ATTEMPT_ADD,
	EXAMDB_ATTEMPT_TALLY,
	EXAMDB_ANSWER_ADD,
	EXAMDB_ATTEMPT_CLOSE,
	/* Layout 3, the login phase. */
	EXAMDB_SETTINGS,
	EXAMDB_CONN_PRUNE,
	EXAMDB_USER_NAME_LOCK,
	EXAMDB_LOGIN_NOW,
	EXAMDB_LOGIN_KNOWN,
	EXAMDB_FAIL_ENSURE,
	EXAMDB_FAIL_GET,
	EXAMDB_FAIL_PUT,
	EXAMDB_FAIL_PRUNE,
	EXAMDB_FAIL_CLEAR,
	EXAMDB_FAIL_RETURN,
	EXAMDB_KNOWN_PUT,
	EXAMDB_KNOWN_PRUNE,
	EXAMDB_ORDER_SET,
	EXAMDB_ORDER_GET,
	EXAMDB_NSTMT
};

/* The current UTC time as the tables keep it, ISO 8601. */
#define UTC_NOW_SQLITE	"strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
#define UTC_NOW_PG	"to_char(now() AT TIME ZONE 'UTC', " \
			"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
/* The same with milliseconds, as attempts keep their times: a deadline
 * of test minutes (--minute-seconds) needs them. */
#define UTC_MS_SQLITE(plus) "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'" plus ")"
#define UTC_MS_PG(t)	"to_char((" t ") AT TIME ZONE 'UTC', " \
			"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
/* Milliseconds from now to the attempt's deadline_at (NULL: none), by the
 * database's clock: the one clock all exam hosts share. */
#define MS_LEFT_SQLITE	"CAST(round((julianday(a.deadline_at) - " \
			"julianday('now')) * 86400000) AS INTEGER)"
#define MS_LEFT_PG	"CAST(round(1000 * extract(epoch FROM " \
			"(a.deadline_at::timestamptz - now()))) AS BIGINT)"

static const struct sql_text examdb_sql[EXAMDB_NSTMT] = {
	[EXAMDB_LAYOUT_TABLES] = EXAM_LAYOUT_TABLES_SQL,
	[EXAMDB_LAYOUT_VERSION] = EXAM_LAYOUT_VERSION_SQL,
	/* First in its transaction: on PostgreSQL the row lock it takes
	 * makes every other host's count wait until this one commits, and
	 * READ COMMITTED then re-reads the row, so each gets its own
	 * number (SQLite's BEGIN IMMEDIATE already orders them). */
	[EXAMDB_COUNTER_BUMP] = { "UPDATE counter SET count = count + 1 "
	    "WHERE id = 1 RETURNING count, reset_seq" },
	/* seq is drawn under that lock, so seq order is counting order. */
	[EXAMDB_CONN_LOG] = {
	    "INSERT INTO connections (peer, arrived_at) "
	    "VALUES (?1, " UTC_NOW_SQLITE ")",
	    "INSERT INTO connections (peer, arrived_at) "
	    "VALUES (?1, " UTC_NOW_PG ")" },
	/* The counted connections are those after reset_seq, in order. */
	[EXAMDB_COUNTED_PEERS] = { "SELECT peer FROM connections "
	    "WHERE seq > ?1 ORDER BY seq LIMIT ?2" },
	/* A name is one account whatever its ASCII case; where an older
	 * layout left two, the exact one first. */
	[EXAMDB_USER_HASH] = { "SELECT username, password FROM users "
	    "WHERE lower(username) = lower(?1) "
	    "ORDER BY username = ?1 DESC, username LIMIT 1" },
	/* A taken name, in any case, inserts nothing, as in examctl's
	 * adduser; on PostgreSQL under EXAMDB_USER_NAME_LOCK. */
	[EXAMDB_USER_ADD] = EXAM_USER_ADD_SQL,
	/* Only while the stored hash is still the one that was checked. */
	[EXAMDB_USER_REHASH] = { "UPDATE users SET password = ?3 "
	    "WHERE username = ?1 AND password = ?2" },
	/* Orders one user's results across hosts (and against examctl
	 * deleting the user); SQLite's write lock already does. */
	[EXAMDB_USER_LOCK] = { "",
	    "SELECT 1 FROM users WHERE username = ?1 FOR UPDATE" },
	/* The exams a student can take: open ones with questions. */
	[EXAMDB_EXAMS] = { "SELECT e.id, e.name, e.attempts, e.time_limit, "
	    "e.shuffle "
	    "FROM exams e WHERE e.closed = 0 AND EXISTS "
	    "(SELECT 1 FROM questions q WHERE q.exam = e.id) "
	    "ORDER BY e.name" },
	[EXAMDB_BANK] = { QBANK_DB_SQL },
	/* Attempts used: the finished ones (their results, which also
	 * counts results from before attempts were kept) and the
	 * unfinished one, less what examctl's attempts grant gave this
	 * user at this exam. */
	[EXAMDB_ATTEMPTS_USED] = { "SELECT (SELECT count(*) FROM results "
	    "WHERE username = ?1 AND exam = ?2) + (SELECT count(*) FROM "
	    "attempts WHERE username = ?1 AND exam = ?2 AND "
	    "finished_at IS NULL) - coalesce((SELECT g.extra "
	    "FROM grants g JOIN exams e ON e.id = g.exam "
	    "WHERE g.username = ?1 AND e.name = ?2), 0)" },
	[EXAMDB_RESULT_ADD] = {
	    "INSERT INTO results "
	    "(username, score, total, finished_at, peer, exam) "
	    "VALUES (?1, ?2, ?3, " UTC_NOW_SQLITE ", ?4, ?5) RETURNING id",
	    "INSERT INTO results "
	    "(username, score, total, finished_at, peer, exam) "
	    "VALUES (?1, ?2, ?3, " UTC_NOW_PG ", ?4, ?5) RETURNING id" },
	/* The user's unfinished attempt at an exam (the unique index
	 * allows one), with the milliseconds left to its deadline. */
	[EXAMDB_ATTEMPT_FIND] = {
	    "SELECT a.id, a.total, CASE WHEN a.deadline_at IS NULL "
	    "THEN 0 ELSE 1 END, "
	    MS_LEFT_SQLITE " FROM attempts a WHERE a.username = ?1 "
	    "AND a.exam = ?2 AND a.finished_at IS NULL",
	    "SELECT a.id, a.total, CASE WHEN a.deadline_at IS NULL "
	    "THEN 0 ELSE 1 END, "
	    MS_LEFT_PG " FROM attempts a WHERE a.username = ?1 "
	    "AND a.exam = ?2 AND a.finished_at IS NULL" },
	/* ?4: milliseconds to the deadline, NULL for an untimed exam. */
	[EXAMDB_ATTEMPT_ADD] = {
	    "INSERT INTO attempts (username, exam, started_at, deadline_at, "
	    "total) VALUES (?1, ?2, " UTC_MS_SQLITE("") ", CASE WHEN ?4 IS "
	    "NULL THEN NULL ELSE " UTC_MS_SQLITE(", '+' || (?4 / 1000.0) || "
	    "' seconds'") " END, ?3) ON CONFLICT DO NOTHING",
	    "INSERT INTO attempts (username, exam, started_at, deadline_at, "
	    "total) VALUES (?1, ?2, " UTC_MS_PG("now()") ", CASE WHEN "
	    "?4::bigint IS NULL THEN NULL ELSE " UTC_MS_PG("now() + "
	    "?4::bigint * interval '1 millisecond'") " END, ?3) "
	    "ON CONFLICT DO NOTHING" },
	/* Answers stored and right answers among them. */
	[EXAMDB_ATTEMPT_TALLY] = { "SELECT count(*), coalesce(sum(correct), "
	    "0) FROM answers WHERE attempt = ?1" },
	/* Only into an unfinished attempt, once per question: another
	 * session of the same attempt (the student on two connections)
	 * that got there first leaves this one nothing to change. */
	[EXAMDB_ANSWER_ADD] = {
	    "INSERT INTO answers (attempt, position, letter, correct, "
	    "answered_at) SELECT ?1, ?2, ?3, ?4, " UTC_MS_SQLITE("")
	    " WHERE EXISTS (SELECT 1 FROM attempts WHERE id = ?1 AND "
	    "finished_at IS NULL) ON CONFLICT DO NOTHING",
	    "INSERT INTO answers (attempt, position, letter, correct, "
	    "answered_at) SELECT ?1::bigint, ?2::bigint, ?3::text, "
	    "?4::bigint, " UTC_MS_PG("now()") " WHERE EXISTS "
	    "(SELECT 1 FROM attempts WHERE id = ?1::bigint AND "
	    "finished_at IS NULL) ON CONFLICT DO NOTHING" },
	[EXAMDB_ATTEMPT_CLOSE] = {
	    "UPDATE attempts SET finished_at = " UTC_MS_SQLITE("") ", "
	    "result = ?2 WHERE id = ?1 AND finished_at IS NULL",
	    "UPDATE attempts SET finished_at = " UTC_MS_PG("now()") ", "
	    "result = ?2 WHERE id = ?1 AND finished_at IS NULL" },

	/* Layout 3, the login phase: settings, the connection log's age,
	 * names in any case, the failed-login record (exam/penalty.h). */
	[EXAMDB_SETTINGS] = { "SELECT name, value FROM settings" },
	/* Rows older than ?1 days go, a few with each new one, except the
	 * counted connections the seventh user is still to be shown. */
	[EXAMDB_CONN_PRUNE] = { "DELETE FROM connections WHERE seq IN "
	    "(SELECT seq FROM connections WHERE arrived_at < "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ?1 || ' days') "
	    "AND (seq <= (SELECT reset_seq FROM counter WHERE id = 1) OR "
	    "(SELECT count FROM counter WHERE id = 1) > 7) "
	    "ORDER BY arrived_at LIMIT 8)",
	    "DELETE FROM connections WHERE seq IN "
	    "(SELECT seq FROM connections WHERE arrived_at < "
	    "to_char((now() - make_interval(days => CAST(?1 AS INTEGER))) "
	    "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
	    "AND (seq <= (SELECT reset_seq FROM counter WHERE id = 1) OR "
	    "(SELECT count FROM counter WHERE id = 1) > 7) "
	    "ORDER BY arrived_at LIMIT 8)" },
	/* The lock examctl's adduser takes too (exam_layout.h). */
	[EXAMDB_USER_NAME_LOCK] = EXAM_USER_NAME_LOCK_SQL,
	/* The database's clock, the one every host shares. */
	[EXAMDB_LOGIN_NOW] = { "SELECT CAST(strftime('%s', 'now') AS INTEGER)",
	    "SELECT CAST(extract(epoch FROM now()) AS BIGINT)" },
	[EXAMDB_LOGIN_KNOWN] = { "SELECT count(*) FROM login_known "
	    "WHERE name = ?1 AND source = ?2" },
	/* A row to lock, so that two hosts counting the same scope take
	 * turns (SQLite's write lock already orders them). */
	[EXAMDB_FAIL_ENSURE] = { "INSERT INTO login_failures "
	    "(name, source, failures, wait_until, expires_at) "
	    "VALUES (?1, ?2, 0, 0, 0) ON CONFLICT (name, source) DO NOTHING" },
	[EXAMDB_FAIL_GET] = { "SELECT failures, wait_until, expires_at "
	    "FROM login_failures WHERE name = ?1 AND source = ?2",
	    "SELECT failures, wait_until, expires_at "
	    "FROM login_failures WHERE name = ?1 AND source = ?2 FOR UPDATE" },
	[EXAMDB_FAIL_PUT] = { "UPDATE login_failures SET failures = ?3, "
	    "wait_until = ?4, expires_at = ?5 WHERE name = ?1 AND source = ?2" },
	/* The record stays bounded: each check removes a few rows past
	 * their time. */
	[EXAMDB_FAIL_PRUNE] = { "DELETE FROM login_failures WHERE "
	    "(name, source) IN (SELECT name, source FROM login_failures "
	    "WHERE expires_at <= ?1 ORDER BY expires_at LIMIT 16)" },
	[EXAMDB_FAIL_CLEAR] = { "DELETE FROM login_failures "
	    "WHERE name = ?1 AND source = ?2" },
	/* A check proved right gives back what it took from a wider
	 * scope; a wait it no longer deserves ends. */
	[EXAMDB_FAIL_RETURN] = { "UPDATE login_failures SET "
	    "failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END, "
	    "wait_until = CASE WHEN failures - 1 <= ?3 THEN 0 "
	    "ELSE wait_until END WHERE name = ?1 AND source = ?2" },
	[EXAMDB_KNOWN_PUT] = { "INSERT INTO login_known (name, source, last_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (name, source) "
	    "DO UPDATE SET last_at = ?3" },
	/* A source unused for a year is no longer known. */
	[EXAMDB_KNOWN_PRUNE] = { "DELETE FROM login_known WHERE "
	    "(name, source) IN (SELECT name, source FROM login_known "
	    "WHERE last_at < ?1 - 31536000 ORDER BY last_at LIMIT 4)" },
	/* An attempt's order is set once, as it begins. */
	[EXAMDB_ORDER_SET] = {
	    "UPDATE attempts SET ord = ?2 WHERE id = ?1 AND ord IS NULL" },
	[EXAMDB_ORDER_GET] = { "SELECT ord FROM attempts WHERE id = ?1" },
};

struct examdb {
	struct sql	*db;
};

struct examdb *
examdb_open(const char *path, int busy_ms)
{
	struct exam_layout layout;
	struct examdb *d;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		db_report(db_is_uri(path) ? "postgresql" : path,
		    "out of memory");
		return NULL;
	}
	/* No SQL_CREATE: examctl init makes the database; a missing file
	 * is a configuration error, not an empty exam. */
	if ((d->db = sql_open(path, SQL_ONE_OF_MANY, busy_ms, examdb_sql,
	    EXAMDB_NSTMT)) == NULL)
		goto fail;
	/* Refused before the session starts: a database that is not an
	 * exam database of this layout. The statements that count the
	 * connection are prepared here too, so that no compiling happens
	 * while the write lock is held; the others on first use. */
	if (exam_layout_read(d->db, EXAMDB_LAYOUT_TABLES,
	    EXAMDB_LAYOUT_VERSION, &layout) != DB_OK ||
	    exam_layout_require(d->db, &layout) != DB_OK ||
	    sql_prepare(d->db, EXAMDB_COUNTER_BUMP) != DB_OK ||
	    sql_prepare(d->db, EXAMDB_CONN_LOG) != DB_OK)
		goto fail;
	return d;
fail:
	examdb_close(d);
	return NULL;
}

void
examdb_close(struct examdb *d)
{
	if (d == NULL)
		return;
	sql_close(d->db);
	free(d);
}

/* Reads the counted peers (those after reset_seq) into peers. */
static enum db_rc
counted_peers(struct examdb *d, long long reset_seq,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_COUNTED_PEERS);
	const char *p;
	enum db_rc rc;

	*npeers = 0;
	sql_bind_int(st, 1, reset_seq);
	sql_bind_int(st, 2, EXAMDB_LUCKY);
	while ((rc = sql_next(st)) == DB_OK) {
		/* LIMIT ?2 keeps the rows within peers[]. */
		assert(*npeers < EXAMDB_LUCKY);
		p = sql_col_text(st, 0);
		snprintf(peers[*npeers], PEER_MAX, "%s", p ? p : "");
		(*npeers)++;
	}
	return rc == DB_NONE ? DB_OK : rc;
}

int
examdb_count_connection(struct examdb *d, const char *peer, int keep_days,
    int *lucky, char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	struct sql_stmt *bump, *log;
	long long count = 0, reset_seq = 0;
	enum db_rc rc;

	*lucky = 0;
	*npeers = 0;
	/* The count may be lost in a crash, never half-written. */
	if ((rc = sql_begin(d->db, SQL_TX_WRITE_LAZY)) != DB_OK)
		return rc;
	bump = sql_stmt(d->db, EXAMDB_COUNTER_BUMP);
	if ((rc = sql_next(bump)) == DB_NONE) {
		db_report(examdb_sql[EXAMDB_COUNTER_BUMP].text, "counter row "
		    "missing; was the database made by examctl init?");
		rc = DB_ERROR;
	}
	if (rc != DB_OK)
		goto end;
	count = sql_col_int(bump, 0);
	reset_seq = sql_col_int(bump, 1);
	sql_reset(bump);
	log = sql_stmt(d->db, EXAMDB_CONN_LOG);
	sql_bind_text(log, 1, peer);
	if ((rc = sql_run(log)) != DB_OK)
		goto end;
	/* The seventh-user rule: the EXAMDB_LUCKY-th connection since the
	 * reset gets the peers, read in the counting transaction so that
	 * no other connection slips in between. */
	if (count == EXAMDB_LUCKY)
		rc = counted_peers(d, reset_seq, peers, npeers);
	/* The log keeps keep_days: a few old rows go with each new one,
	 * which is more than arrive, so it never grows past its age. */
	if (rc == DB_OK) {
		log = sql_stmt(d->db, EXAMDB_CONN_PRUNE);
		sql_bind_int(log, 1, keep_days);
		rc = sql_run(log);
	}
end:
	if ((rc = sql_finish(d->db, rc)) != DB_OK) {
		*npeers = 0;
		return rc;
	}
	*lucky = count == EXAMDB_LUCKY;
	if (*lucky && *npeers != EXAMDB_LUCKY)
		exam_log(LOG_WARNING, "connection log holds %d of the %d "
		    "counted connections", *npeers, EXAMDB_LUCKY);
	return DB_OK;
}

int
examdb_user_hash(struct examdb *d, const char *name,
    char account[USERNAME_MAX + 1], char **hash)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_USER_HASH);
	const char *h, *n;
	enum db_rc rc;

	*hash = NULL;
	sql_bind_text(st, 1, name);
	if ((rc = sql_next(st)) != DB_OK)
		return rc;
	/* A copy: crypt_ra must not be handed the driver's buffer after
	 * the statement is reset. The schema makes the hash NOT NULL, so
	 * NULL here means memory ran out converting it. */
	n = sql_col_text(st, 0);
	h = sql_col_text(st, 1);
	if (n == NULL || h == NULL || (*hash = strdup(h)) == NULL) {
		db_report(examdb_sql[EXAMDB_USER_HASH].text, "out of memory");
		rc = DB_ERROR;
	} else
		snprintf(account, USERNAME_MAX + 1, "%s", n);
	sql_reset(st);
	return rc;
}

int
examdb_register(struct examdb *d, const char *name, const char *hash)
{
	struct sql_stmt *st;
	enum db_rc rc;

	if ((rc = sql_begin(d->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	st = sql_stmt(d->db, EXAMDB_USER_NAME_LOCK);
	sql_bind_text(st, 1, name);
	if ((rc = sql_run(st)) != DB_OK)
		goto end;
	st = sql_stmt(d->db, EXAMDB_USER_ADD);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, hash);
	if ((rc = sql_run(st)) == DB_OK && sql_changes(d->db) == 0)
		rc = DB_EXISTS;
end:
	/* A taken name changed nothing: its rollback loses nothing. */
	return sql_finish(d->db, rc);
}

int
examdb_exams(struct examdb *d, struct examdb_exam **list, size_t *n)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_EXAMS);
	struct examdb_exam *l = NULL, *e, *bigger;
	const char *name;
	size_t cap = 0;
	enum db_rc rc;

	*list = NULL;
	*n = 0;
	while ((rc = sql_next(st)) == DB_OK) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((bigger = reallocarray(l, cap, sizeof *l)) == NULL) {
				db_report(examdb_sql[EXAMDB_EXAMS].text,
				    "out of memory");
				rc = DB_ERROR;
				break;
			}
			l = bigger;
		}
		e = &l[*n];
		e->id = sql_col_int(st, 0);
		name = sql_col_text(st, 1);
		/* The schema's CHECK holds names to the exam name rule. */
		if (name == NULL || !examname_valid(name)) {
			db_report(examdb_sql[EXAMDB_EXAMS].text,
			    "an exam name breaks the rule");
			rc = DB_INVALID;
			break;
		}
		snprintf(e->name, sizeof e->name, "%s", name);
		e->attempts = sql_col_null(st, 2) ? -1 : sql_col_int(st, 2);
		e->time_limit = sql_col_null(st, 3) ? -1 : sql_col_int(st, 3);
		/* The schema's CHECK holds it to the modes' names. */
		if ((e->shuffle = shuffle_mode_parse(sql_col_text(st, 4))) < 0)
			e->shuffle = SHUFFLE_NONE;
		(*n)++;
	}
	if (rc != DB_NONE) {
		sql_reset(st);
		free(l);
		*n = 0;
		return rc;
	}
	*list = l;
	return DB_OK;
}

int
examdb_load_bank(struct examdb *d, long long exam, struct qbank **bank)
{
	return qbank_db_load(sql_stmt(d->db, EXAMDB_BANK), exam, bank);
}

/* Reads how many attempts name has made at exam, finished or not, less
 * the attempts granted to name there (so it may be negative), into
 * *used. */
static enum db_rc
attempts_used(struct examdb *d, const char *name, const char *exam,
    long long *used)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_ATTEMPTS_USED);

	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, exam);
	/* One row, always. */
	return sql_value(d->db, EXAMDB_ATTEMPTS_USED, used);
}

/* Reads name's unfinished attempt at e into *a: DB_NONE when there is
 * none. */
static enum db_rc
attempt_find(struct examdb *d, const char *name,
    const struct examdb_exam *e, struct examdb_attempt *a)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_ATTEMPT_FIND);
	enum db_rc rc;

	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, e->name);
	if ((rc = sql_next(st)) != DB_OK)
		return rc;
	a->id = sql_col_int(st, 0);
	a->total = (int)sql_col_int(st, 1);
	/* A deadline already passed is 0 left, whatever the overshoot. */
	a->ms_left = -1;
	if (sql_col_int(st, 2))
		a->ms_left = sql_col_int(st, 3) > 0 ? sql_col_int(st, 3) : 0;
	sql_reset(st);
	st = sql_stmt(d->db, EXAMDB_ATTEMPT_TALLY);
	sql_bind_int(st, 1, a->id);
	if ((rc = sql_next(st)) != DB_OK)
		return rc == DB_NONE ? DB_ERROR : rc;
	a->answered = (int)sql_col_int(st, 0);
	a->score = (int)sql_col_int(st, 1);
	sql_reset(st);
	return DB_OK;
}

int
examdb_attempts_left(struct examdb *d, const char *name,
    const struct examdb_exam *e, int *left)
{
	long long used = 0;
	enum db_rc rc;

	*left = 1;
	if (e->attempts < 0)
		return DB_OK;
	if ((rc = attempts_used(d, name, e->name, &used)) != DB_OK)
		return rc;
	/* An unfinished attempt is counted, and may always go on. */
	*left = used < e->attempts;
	if (!*left) {
		struct examdb_attempt a;

		if ((rc = attempt_find(d, name, e, &a)) == DB_OK)
			*left = 1;
		else if (rc != DB_NONE)
			return rc;
	}
	return DB_OK;
}

/* Reads attempt a's order into *ord (NULL: the bank's own), a copy the
 * caller frees, in the caller's transaction. */
static enum db_rc
order_get(struct examdb *d, const struct examdb_attempt *a, char **ord)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_ORDER_GET);
	const char *v;
	enum db_rc rc;

	sql_bind_int(st, 1, a->id);
	if ((rc = sql_next(st)) != DB_OK) {
		if (rc == DB_NONE) {
			db_report(examdb_sql[EXAMDB_ORDER_GET].text,
			    "the attempt is not there");
			rc = DB_ERROR;
		}
		return rc;
	}
	if ((v = sql_col_text(st, 0)) != NULL && (*ord = strdup(v)) == NULL) {
		db_report(examdb_sql[EXAMDB_ORDER_GET].text, "out of memory");
		rc = DB_ERROR;
	}
	sql_reset(st);
	return rc;
}

int
examdb_attempt_open(struct examdb *d, const char *name,
    const struct examdb_exam *e, int total, long long ms_limit,
    const char *drawn, struct examdb_attempt *a, char **ord)
{
	struct sql_stmt *st;
	long long used = 0;
	enum db_rc rc;

	memset(a, 0, sizeof *a);
	a->ms_left = -1;
	*ord = NULL;
	/* Durable: the attempt counts against the limit from now on, and
	 * a crash must not hand out a fresh one. */
	if ((rc = sql_begin(d->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	/* The user's lock orders the find, the count and the insert
	 * against every other session of the same user, on any host. */
	st = sql_stmt(d->db, EXAMDB_USER_LOCK);
	sql_bind_text(st, 1, name);
	if ((rc = sql_run(st)) != DB_OK)
		goto end;
	/* One unfinished: it goes on, in the order it began with. */
	if ((rc = attempt_find(d, name, e, a)) == DB_OK)
		rc = order_get(d, a, ord);
	if (rc != DB_NONE)
		goto end;
	if (e->attempts >= 0) {
		if ((rc = attempts_used(d, name, e->name, &used)) != DB_OK)
			goto end;
		if (used >= e->attempts) {
			rc = DB_EXISTS;
			goto end;
		}
	}
	st = sql_stmt(d->db, EXAMDB_ATTEMPT_ADD);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, e->name);
	sql_bind_int(st, 3, total);
	if (ms_limit >= 0)
		sql_bind_int(st, 4, ms_limit);
	if ((rc = sql_run(st)) != DB_OK)
		goto end;
	/* Read back: its id, and its deadline by the database's clock. */
	if ((rc = attempt_find(d, name, e, a)) == DB_NONE) {
		db_report(examdb_sql[EXAMDB_ATTEMPT_ADD].text,
		    "the new attempt is not there");
		rc = DB_ERROR;
	}
	a->fresh = 1;
	/* Its order, stored as it begins: any session that finds it sees
	 * the same. */
	if (rc == DB_OK && drawn != NULL) {
		st = sql_stmt(d->db, EXAMDB_ORDER_SET);
		sql_bind_int(st, 1, a->id);
		sql_bind_text(st, 2, drawn);
		if ((rc = sql_run(st)) == DB_OK && (*ord = strdup(drawn)) ==
		    NULL) {
			db_report(examdb_sql[EXAMDB_ORDER_SET].text,
			    "out of memory");
			rc = DB_ERROR;
		}
	}
end:
	if ((rc = sql_finish(d->db, rc)) != DB_OK) {
		free(*ord);
		*ord = NULL;
	}
	return rc;
}

/* Stores answer k (from 0, in the bank's order) of attempt a, in the
 * caller's transaction: DB_EXISTS when another session of the attempt
 * answered it or finished the attempt first. */
static enum db_rc
answer_add(struct examdb *d, const struct examdb_attempt *a,
    const struct examdb_answer *an)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_ANSWER_ADD);
	char letter[2] = { an->letter, '\0' };
	enum db_rc rc;

	sql_bind_int(st, 1, a->id);
	sql_bind_int(st, 2, an->position);
	sql_bind_text(st, 3, letter);
	sql_bind_int(st, 4, an->correct);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	return sql_changes(d->db) > 0 ? DB_OK : DB_EXISTS;
}

int
examdb_attempt_answer(struct examdb *d, const struct examdb_attempt *a,
    const struct examdb_answer *an)
{
	enum db_rc rc;

	/* Lazy: a commit survives the process (a cut connection, a killed
	 * examd) and costs no fsync; only a machine crash may lose the
	 * last answers, and the student, who was told nothing about them,
	 * answers those questions again. */
	if ((rc = sql_begin(d->db, SQL_TX_WRITE_LAZY)) != DB_OK)
		return rc;
	rc = answer_add(d, a, an);
	return sql_finish(d->db, rc);
}

int
examdb_attempt_finish(struct examdb *d, const char *name,
    const struct examdb_exam *e, const struct examdb_attempt *a,
    const struct examdb_answer *last, const char *peer, int *score,
    int *total)
{
	struct sql_stmt *st;
	long long result = 0;
	enum db_rc rc;

	*score = 0;
	*total = a->total;
	/* Durable: the student is told the score. */
	if ((rc = sql_begin(d->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	if (last != NULL && (rc = answer_add(d, a, last)) != DB_OK)
		goto end;
	/* The score from the stored answers: one count, whichever session
	 * gave them. */
	st = sql_stmt(d->db, EXAMDB_ATTEMPT_TALLY);
	sql_bind_int(st, 1, a->id);
	if ((rc = sql_next(st)) != DB_OK) {
		rc = rc == DB_NONE ? DB_ERROR : rc;
		goto end;
	}
	*score = (int)sql_col_int(st, 1);
	sql_reset(st);
	st = sql_stmt(d->db, EXAMDB_RESULT_ADD);
	sql_bind_text(st, 1, name);
	sql_bind_int(st, 2, *score);
	sql_bind_int(st, 3, a->total);
	sql_bind_text(st, 4, peer);
	sql_bind_text(st, 5, e->name);
	if ((rc = sql_next(st)) != DB_OK) {
		rc = rc == DB_NONE ? DB_ERROR : rc;
		goto end;
	}
	result = sql_col_int(st, 0);
	sql_reset(st);
	st = sql_stmt(d->db, EXAMDB_ATTEMPT_CLOSE);
	sql_bind_int(st, 1, a->id);
	sql_bind_int(st, 2, result);
	if ((rc = sql_run(st)) == DB_OK && sql_changes(d->db) == 0)
		rc = DB_EXISTS;
end:
	return sql_finish(d->db, rc);
}

int
examdb_replace_hash(struct examdb *d, const char *name, const char *old,
    const char *fresh)
{
	struct sql_stmt *st = sql_stmt(d->db, EXAMDB_USER_REHASH);
	enum db_rc rc;

	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, old);
	sql_bind_text(st, 3, fresh);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	return sql_changes(d->db) > 0 ? DB_OK : DB_NONE;
}

/* examctl checks what it stores; a value written by other hands that the
 * rule refuses leaves the default, and the log says so. */
static void
setting_ignored(const char *name, const char *value, const char *why)
{
	(void)why;
	exam_log(LOG_WARNING, "setting %s: value '%s' ignored", name, value);
}

int
examdb_settings(struct examdb *d, struct exam_settings *set)
{
	return settings_read(sql_stmt(d->db, EXAMDB_SETTINGS), set,
	    setting_ignored);
}

/* The scope's key: (name, source), (name, "") or ("", source). */
static void
scope_key(const struct examdb_login *l, enum penalty_scope sc,
    const char **name, const char **source)
{
	*name = sc == PENALTY_SOURCE ? "" : l->name;
	*source = sc == PENALTY_NAME ? "" : l->source;
}

/* Reads scope sc's row into *failures and *wait_until (0 for a row past
 * its time), creating and (on PostgreSQL) locking it, in the caller's
 * write transaction. */
static enum db_rc
scope_get(struct examdb *d, const struct examdb_login *l,
    enum penalty_scope sc, long long now, long long *failures,
    long long *wait_until)
{
	struct sql_stmt *st;
	const char *name, *source;
	enum db_rc rc;

	scope_key(l, sc, &name, &source);
	st = sql_stmt(d->db, EXAMDB_FAIL_ENSURE);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, source);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	st = sql_stmt(d->db, EXAMDB_FAIL_GET);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, source);
	if ((rc = sql_next(st)) != DB_OK)
		return rc == DB_NONE ? DB_ERROR : rc;
	*failures = sql_col_int(st, 0);
	*wait_until = sql_col_int(st, 1);
	if (sql_col_int(st, 2) <= now)
		*failures = *wait_until = 0;
	sql_reset(st);
	return DB_OK;
}

int
examdb_login_admit(struct examdb *d, struct examdb_login *l,
    long long *wait)
{
	const struct penalty_rule *r;
	struct sql_stmt *st;
	const char *name, *source;
	long long now = 0, known = 0, n[PENALTY_NSCOPES], until[PENALTY_NSCOPES];
	enum penalty_scope sc;
	enum db_rc rc;

	*wait = 0;
	memset(l->counted, 0, sizeof l->counted);
	/* Losing the last check to a crash costs the guesser nothing
	 * worth a synchronous commit. */
	if ((rc = sql_begin(d->db, SQL_TX_WRITE_LAZY)) != DB_OK)
		return rc;
	if ((rc = sql_value(d->db, EXAMDB_LOGIN_NOW, &now)) != DB_OK)
		goto end;
	st = sql_stmt(d->db, EXAMDB_LOGIN_KNOWN);
	sql_bind_text(st, 1, l->name);
	sql_bind_text(st, 2, l->source);
	if ((rc = sql_value(d->db, EXAMDB_LOGIN_KNOWN, &known)) != DB_OK)
		goto end;
	/* Always in this order, so hosts never wait on each other in a
	 * circle. */
	for (sc = 0; sc < PENALTY_NSCOPES; sc++) {
		if ((rc = scope_get(d, l, sc, now, &n[sc], &until[sc])) !=
		    DB_OK)
			goto end;
		/* A name is never kept out of a source it logged in from by
		 * what others did: only its own record there binds it. */
		if (until[sc] > now && (sc == PENALTY_PAIR || !known) &&
		    until[sc] - now > *wait)
			*wait = until[sc] - now;
	}
	if (*wait > 0) {
		/* Refused: nothing is counted, the rows made go back. */
		rc = DB_NONE;
		goto end;
	}
	/* Admitted: the check counts now, before the hash, so that checks
	 * running at once on any host each see the others; a right one
	 * gives its count back (examdb_login_passed). */
	for (sc = 0; sc < PENALTY_NSCOPES; sc++) {
		/* Past its allowance a pair feeds only itself: one source
		 * never fills the name's record. */
		if (sc == PENALTY_NAME &&
		    n[PENALTY_PAIR] > penalty_rules[PENALTY_PAIR].allow)
			continue;
		r = &penalty_rules[sc];
		n[sc]++;
		if (n[sc] > r->allow)
			until[sc] = now + penalty_wait(sc, n[sc]);
		scope_key(l, sc, &name, &source);
		st = sql_stmt(d->db, EXAMDB_FAIL_PUT);
		sql_bind_text(st, 1, name);
		sql_bind_text(st, 2, source);
		sql_bind_int(st, 3, n[sc]);
		sql_bind_int(st, 4, until[sc]);
		sql_bind_int(st, 5, now + r->forget);
		if ((rc = sql_run(st)) != DB_OK)
			goto end;
		l->counted[sc] = 1;
	}
	st = sql_stmt(d->db, EXAMDB_FAIL_PRUNE);
	sql_bind_int(st, 1, now);
	rc = sql_run(st);
end:
	if ((rc = sql_finish(d->db, rc)) == DB_NONE)
		rc = DB_OK;
	if (rc != DB_OK)
		memset(l->counted, 0, sizeof l->counted);
	return rc;
}

int
examdb_login_passed(struct examdb *d, const struct examdb_login *l)
{
	struct sql_stmt *st;
	const char *name, *source;
	long long now = 0;
	enum penalty_scope sc;
	enum db_rc rc;

	if ((rc = sql_begin(d->db, SQL_TX_WRITE_LAZY)) != DB_OK)
		return rc;
	if ((rc = sql_value(d->db, EXAMDB_LOGIN_NOW, &now)) != DB_OK)
		goto end;
	/* The name's record at this source goes (SPEC); the wider ones
	 * get back the check this login took. */
	st = sql_stmt(d->db, EXAMDB_FAIL_CLEAR);
	sql_bind_text(st, 1, l->name);
	sql_bind_text(st, 2, l->source);
	if ((rc = sql_run(st)) != DB_OK)
		goto end;
	for (sc = PENALTY_PAIR + 1; sc < PENALTY_NSCOPES; sc++) {
		if (!l->counted[sc])
			continue;
		scope_key(l, sc, &name, &source);
		st = sql_stmt(d->db, EXAMDB_FAIL_RETURN);
		sql_bind_text(st, 1, name);
		sql_bind_text(st, 2, source);
		sql_bind_int(st, 3, penalty_rules[sc].allow);
		if ((rc = sql_run(st)) != DB_OK)
			goto end;
	}
	st = sql_stmt(d->db, EXAMDB_KNOWN_PUT);
	sql_bind_text(st, 1, l->name);
	sql_bind_text(st, 2, l->source);
	sql_bind_int(st, 3, now);
	if ((rc = sql_run(st)) != DB_OK)
		goto end;
	st = sql_stmt(d->db, EXAMDB_KNOWN_PRUNE);
	sql_bind_int(st, 1, now);
	rc = sql_run(st);
end:
	return sql_finish(d->db, rc);
}
