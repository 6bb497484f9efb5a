/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "exadm_import.h"
#include "exam_layout.h"

/* The source: its layout, then each table in key order. */
enum source_stmt {
	SRC_LAYOUT_TABLES,
	SRC_LAYOUT_VERSION,
	SRC_ALL_TABLES,
	SRC_EXAMS,
	SRC_QUESTIONS,
	SRC_CHOICES,
	SRC_USERS,
	SRC_RESULTS,
	SRC_CONNECTIONS,
	SRC_ATTEMPTS,
	SRC_ANSWERS,
	SRC_GRANTS,
	SRC_SETTINGS,
	SRC_LOGIN_FAILURES,
	SRC_LOGIN_KNOWN,
	SRC_COUNTER,
	SRC_NSTMT
};

static const struct sql_text source_sql[SRC_NSTMT] = {
	[SRC_LAYOUT_TABLES] = EXAM_LAYOUT_TABLES_SQL,
	[SRC_LAYOUT_VERSION] = EXAM_LAYOUT_VERSION_SQL,
	[SRC_ALL_TABLES] = { "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('users', 'connections', 'counter', "
	    "'exams', 'questions', 'choices', 'results', 'attempts', "
	    "'answers', 'grants', 'settings', 'login_failures', "
	    "'login_known')" },
	[SRC_EXAMS] = { "SELECT id, name, attempts, time_limit, shuffle, "
	    "closed FROM exams ORDER BY id" },
	[SRC_QUESTIONS] = { "SELECT exam, position, prompt, answer "
	    "FROM questions ORDER BY exam, position" },
	[SRC_CHOICES] = { "SELECT exam, position, letter, text FROM choices "
	    "ORDER BY exam, position, letter" },
	[SRC_USERS] = { "SELECT username, password FROM users "
	    "ORDER BY username" },
	[SRC_RESULTS] = { "SELECT id, username, score, total, finished_at, "
	    "peer, exam FROM results ORDER BY id" },
	[SRC_CONNECTIONS] = { "SELECT seq, peer, arrived_at FROM connections "
	    "ORDER BY seq" },
	[SRC_ATTEMPTS] = { "SELECT id, username, exam, started_at, "
	    "deadline_at, ord, total, finished_at, result FROM attempts "
	    "ORDER BY id" },
	[SRC_ANSWERS] = { "SELECT attempt, position, letter, correct, "
	    "answered_at FROM answers ORDER BY attempt, position" },
	[SRC_GRANTS] = { "SELECT username, exam, extra FROM grants "
	    "ORDER BY username, exam" },
	[SRC_SETTINGS] = { "SELECT name, value FROM settings ORDER BY name" },
	[SRC_LOGIN_FAILURES] = { "SELECT name, source, failures, wait_until, "
	    "expires_at FROM login_failures ORDER BY name, source" },
	[SRC_LOGIN_KNOWN] = { "SELECT name, source, last_at FROM login_known "
	    "ORDER BY name, source" },
	[SRC_COUNTER] = { "SELECT count, reset_seq FROM counter WHERE id = 1" },
};

/* The target: what it holds, then one row at a time. */
enum target_stmt {
	DST_LOCK_COUNTER,
	DST_CONTENTS,
	DST_EXAM,
	DST_QUESTION,
	DST_CHOICE,
	DST_USER,
	DST_RESULT,
	DST_CONNECTION,
	DST_ATTEMPT,
	DST_ANSWER,
	DST_GRANT,
	DST_SETTING,
	DST_LOGIN_FAILURE,
	DST_LOGIN_KNOWN,
	DST_COUNTER,
	DST_SETVAL_EXAMS,
	DST_SETVAL_RESULTS,
	DST_SETVAL_CONNECTIONS,
	DST_SETVAL_ATTEMPTS,
	DST_NSTMT
};

static const struct sql_text target_sql[DST_NSTMT] = {
	/* examd counts under this lock: nothing is counted meanwhile. */
	[DST_LOCK_COUNTER] = { "SELECT count FROM counter WHERE id = 1 "
	    "FOR UPDATE" },
	[DST_CONTENTS] = { "SELECT (SELECT count(*) FROM exams), "
	    "(SELECT count(*) FROM users), (SELECT count(*) FROM results), "
	    "(SELECT count(*) FROM connections), "
	    "(SELECT count + reset_seq FROM counter WHERE id = 1)" },
	[DST_EXAM] = { "INSERT INTO exams (id, name, attempts, time_limit, "
	    "shuffle, closed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
	[DST_QUESTION] = {
	    "INSERT INTO questions (exam, position, prompt, answer) "
	    "VALUES (?1, ?2, ?3, ?4)" },
	[DST_CHOICE] = { "INSERT INTO choices "
	    "(exam, position, letter, text) VALUES (?1, ?2, ?3, ?4)" },
	[DST_USER] = { "INSERT INTO users (username, password) "
	    "VALUES (?1, ?2)" },
	[DST_RESULT] = { "INSERT INTO results "
	    "(id, username, score, total, finished_at, peer, exam) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
	[DST_CONNECTION] = { "INSERT INTO connections (seq, peer, arrived_at) "
	    "VALUES (?1, ?2, ?3)" },
	[DST_ATTEMPT] = { "INSERT INTO attempts (id, username, exam, "
	    "started_at, deadline_at, ord, total, finished_at, result) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)" },
	[DST_ANSWER] = { "INSERT INTO answers (attempt, position, letter, "
	    "correct, answered_at) VALUES (?1, ?2, ?3, ?4, ?5)" },
	[DST_GRANT] = { "INSERT INTO grants (username, exam, extra) "
	    "VALUES (?1, ?2, ?3)" },
	/* The file's settings win over any set on the empty target. */
	[DST_SETTING] = { "INSERT INTO settings (name, value) VALUES (?1, ?2) "
	    "ON CONFLICT (name) DO UPDATE SET value = excluded.value" },
	[DST_LOGIN_FAILURE] = { "INSERT INTO login_failures (name, source, "
	    "failures, wait_until, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)" },
	[DST_LOGIN_KNOWN] = { "INSERT INTO login_known (name, source, "
	    "last_at) VALUES (?1, ?2, ?3)" },
	[DST_COUNTER] = {
	    "UPDATE counter SET count = ?1, reset_seq = ?2 WHERE id = 1" },
	/* Identity columns go on after the ids brought in. */
	[DST_SETVAL_EXAMS] = { "SELECT setval(pg_get_serial_sequence("
	    "'exams', 'id'), coalesce(max(id), 0) + 1, false) FROM exams" },
	[DST_SETVAL_RESULTS] = { "SELECT setval(pg_get_serial_sequence("
	    "'results', 'id'), coalesce(max(id), 0) + 1, false) FROM results" },
	[DST_SETVAL_CONNECTIONS] = { "SELECT setval(pg_get_serial_sequence("
	    "'connections', 'seq'), coalesce(max(seq), 0) + 1, false) "
	    "FROM connections" },
	[DST_SETVAL_ATTEMPTS] = { "SELECT setval(pg_get_serial_sequence("
	    "'attempts', 'id'), coalesce(max(id), 0) + 1, false) "
	    "FROM attempts" },
};

/* Each source table, the statement that puts its rows in, its columns. */
static const struct {
	enum source_stmt	from;
	enum target_stmt	to;
	int			ncol;
} copies[] = {
	{ SRC_EXAMS, DST_EXAM, 6 },
	{ SRC_QUESTIONS, DST_QUESTION, 4 },
	{ SRC_CHOICES, DST_CHOICE, 4 },
	{ SRC_USERS, DST_USER, 2 },
	{ SRC_RESULTS, DST_RESULT, 7 },
	{ SRC_CONNECTIONS, DST_CONNECTION, 3 },
	{ SRC_ATTEMPTS, DST_ATTEMPT, 9 },
	{ SRC_ANSWERS, DST_ANSWER, 5 },
	{ SRC_GRANTS, DST_GRANT, 3 },	/* after users and exams: keys */
	/* Who may register and the other settings, and the failed logins'
	 * waits with the sources each name is known at. */
	{ SRC_SETTINGS, DST_SETTING, 2 },
	{ SRC_LOGIN_FAILURES, DST_LOGIN_FAILURE, 5 },
	{ SRC_LOGIN_KNOWN, DST_LOGIN_KNOWN, 3 },
	{ SRC_COUNTER, DST_COUNTER, 2 },	/* last: checked below */
};
#define NCOPIES (sizeof copies / sizeof copies[0])

/* Opens file, an exam database of this layout, read-only into *out;
 * anything else is DB_INVALID (reported). */
static enum db_rc
open_source(const char *file, struct sql **out)
{
	struct exam_layout l;
	long long all = 0;
	char why[512];
	struct sql *src;
	enum db_rc rc;

	/* Read-only: the file stays byte for byte as it was. */
	if ((*out = src = sql_open(file, SQL_READONLY | SQL_FILE,
	    EXADM_BUSY_MS, source_sql, SRC_NSTMT)) == NULL)
		return DB_ERROR;
	if ((rc = exam_layout_read(src, SRC_LAYOUT_TABLES, SRC_LAYOUT_VERSION,
	    &l)) == DB_OK &&
	    (rc = sql_value(src, SRC_ALL_TABLES, &all)) == DB_OK) {
		if (!l.exam) {
			db_report(file, "not an exam database");
			rc = DB_INVALID;
		} else if (l.version < EXAM_LAYOUT) {
			/* Upgraded in place by any command, as documented. */
			snprintf(why, sizeof why, "an older layout; any examctl "
			    "command on it (e.g. 'examctl --db %s exams') "
			    "upgrades it first", file);
			db_report(file, why);
			rc = DB_INVALID;
		} else if (l.version > EXAM_LAYOUT) {
			db_report(file, "made by a newer examctl");
			rc = DB_INVALID;
		} else if (all != 13) {
			db_report(file, "not an exam database");
			rc = DB_INVALID;
		}
	}
	if (rc != DB_OK) {
		sql_close(src);
		*out = NULL;
	}
	return rc;
}

int
exadm_import_check(const char *file)
{
	struct sql *src = NULL;
	enum db_rc rc = open_source(file, &src);

	sql_close(src);
	return rc;
}

/* Copies table t's rows into dst; *rows counts them. */
static enum db_rc
copy_table(struct sql *dst, struct sql *src, size_t t, long long *rows)
{
	struct sql_stmt *from = sql_stmt(src, copies[t].from), *to;
	enum db_rc rc;
	int k;

	*rows = 0;
	while ((rc = sql_next(from)) == DB_OK) {
		/* As text: the target's types read it back. */
		to = sql_stmt(dst, copies[t].to);
		for (k = 0; k < copies[t].ncol; k++)
			sql_bind_text(to, k + 1, sql_col_text(from, k));
		if ((rc = sql_run(to)) != DB_OK) {
			sql_reset(from);
			return rc;
		}
		(*rows)++;
	}
	return rc == DB_NONE ? DB_OK : rc;
}

/* Refuses a target that holds anything (DB_EXISTS, reported). */
static enum db_rc
check_empty(struct sql *dst)
{
	struct sql_stmt *st = sql_stmt(dst, DST_CONTENTS);
	long long held[5] = { 0 };
	char why[640];
	enum db_rc rc;
	int k;

	if ((rc = sql_next(st)) != DB_OK)
		return rc == DB_NONE ? DB_ERROR : rc;
	for (k = 0; k < 5; k++)
		held[k] = sql_col_int(st, k);
	sql_reset(st);
	if (!held[0] && !held[1] && !held[2] && !held[3] && held[4] <= 0)
		return DB_OK;
	snprintf(why, sizeof why, "not empty (%lld exam%s, %lld user%s, "
	    "%lld result%s, %lld connection%s); import-sqlite fills a new "
	    "database, without init", held[0], held[0] == 1 ? "" : "s",
	    held[1], held[1] == 1 ? "" : "s", held[2],
	    held[2] == 1 ? "" : "s", held[3], held[3] == 1 ? "" : "s");
	db_report(sql_name(dst), why);
	return DB_EXISTS;
}

int
exadm_import_sqlite(struct exadm *a, const char *file,
    struct exadm_moved *n)
{
	const char *uri = exadm_path(a);
	struct sql *src = NULL, *tgt = NULL;
	long long rows[NCOPIES] = { 0 };
	enum db_rc rc;
	size_t t;

	memset(n, 0, sizeof *n);
	if (!db_is_uri(uri)) {
		db_report(file, "import-sqlite moves into PostgreSQL only");
		return DB_INVALID;
	}
	if ((rc = open_source(file, &src)) != DB_OK)
		return rc;
	/* The target's own statements, on a connection of their own. */
	if ((tgt = sql_open(uri, 0, EXADM_BUSY_MS, target_sql,
	    DST_NSTMT)) == NULL) {
		sql_close(src);
		return DB_ERROR;
	}
	if ((rc = sql_begin(tgt, SQL_TX_WRITE)) != DB_OK)
		goto end;
	if ((rc = sql_run(sql_stmt(tgt, DST_LOCK_COUNTER))) == DB_OK)
		rc = check_empty(tgt);
	/* The source is read in one snapshot too. */
	if (rc == DB_OK && (rc = sql_begin(src, SQL_TX_READ)) == DB_OK) {
		for (t = 0; t < NCOPIES && rc == DB_OK; t++)
			rc = copy_table(tgt, src, t, &rows[t]);
		sql_rollback(src);
	}
	if (rc == DB_OK && rows[NCOPIES - 1] != 1) {
		db_report(file, "no counter row");
		rc = DB_INVALID;
	}
	if (rc == DB_OK &&
	    (rc = sql_run(sql_stmt(tgt, DST_SETVAL_EXAMS))) == DB_OK &&
	    (rc = sql_run(sql_stmt(tgt, DST_SETVAL_RESULTS))) == DB_OK &&
	    (rc = sql_run(sql_stmt(tgt, DST_SETVAL_ATTEMPTS))) == DB_OK)
		rc = sql_run(sql_stmt(tgt, DST_SETVAL_CONNECTIONS));
	if ((rc = sql_finish(tgt, rc)) == DB_OK) {
		n->exams = rows[0];
		n->questions = rows[1];
		n->users = rows[3];
		n->results = rows[4];
		n->connections = rows[5];
	}
end:
	sql_close(tgt);
	sql_close(src);
	return rc;
}
