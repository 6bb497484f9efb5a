/* examctl's statements on PostgreSQL: one table, as examdb_admin.c's for
 * SQLite, with the same transactions. Values travel as text parameters
 * ($1...). Names sort by bytes (COLLATE "C"), as SQLite's BINARY does, so
 * that both back ends list in the same order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_pg.h"
#include "examdb_admin_pg.h"
#include "qbank_db_pg.h"

enum pgst {
	P_EXAM_COUNT,
	P_EXAM_ID,
	P_EXAM_LOCK,
	P_EXAM_ADD,
	P_EXAMS,
	P_SET_ATTEMPTS,
	P_SET_TIME_LIMIT,
	P_DELETE_EXAM,
	P_DELETE_QUESTIONS,
	P_INSERT_QUESTION,
	P_INSERT_CHOICE,
	P_BANK,
	P_LIST_USERS,
	P_ADD_USER,
	P_SET_PASSWORD,
	P_DELETE_USER,
	P_DELETE_USER_RESULTS,
	P_LIST_RESULTS,
	P_LIST_CONNECTIONS,
	P_GET_COUNTER,
	P_LOCK_COUNTER,
	P_RESET_COUNTER,
	P_CONTENTS,
	P_PUT_EXAM,
	P_PUT_QUESTION,
	P_PUT_CHOICE,
	P_PUT_USER,
	P_PUT_RESULT,
	P_PUT_CONNECTION,
	P_PUT_COUNTER,
	P_SETVAL_EXAMS,
	P_SETVAL_RESULTS,
	P_SETVAL_CONNECTIONS,
	P__COUNT
};

static const char *const pg_sql[P__COUNT] = {
	[P_EXAM_COUNT] = "SELECT count(*) FROM exams",
	[P_EXAM_ID] = "SELECT id FROM exams WHERE name = $1",
	/* A writer of an exam's bank holds its row until it commits, so two
	 * imports of one bank follow each other as on SQLite. */
	[P_EXAM_LOCK] = "SELECT id FROM exams WHERE name = $1 FOR UPDATE",
	/* A name another examctl created meanwhile inserts nothing (and
	 * the caller reads its id) instead of ending the transaction. */
	[P_EXAM_ADD] = "INSERT INTO exams (name) VALUES ($1) "
	    "ON CONFLICT (name) DO NOTHING RETURNING id",
	[P_EXAMS] = "SELECT e.name, "
	    "(SELECT count(*) FROM questions q WHERE q.exam = e.id), "
	    "e.attempts, e.time_limit, "
	    "(SELECT count(*) FROM results r WHERE r.exam = e.name) "
	    "FROM exams e ORDER BY e.name COLLATE \"C\"",
	[P_SET_ATTEMPTS] = "UPDATE exams SET attempts = $2 WHERE name = $1",
	[P_SET_TIME_LIMIT] =
	    "UPDATE exams SET time_limit = $2 WHERE name = $1",
	/* Questions and choices go with it (ON DELETE CASCADE). */
	[P_DELETE_EXAM] = "DELETE FROM exams WHERE name = $1",
	[P_DELETE_QUESTIONS] = "DELETE FROM questions WHERE exam = $1",
	[P_INSERT_QUESTION] =
	    "INSERT INTO questions (exam, position, prompt, answer) "
	    "VALUES ($1, $2, $3, $4)",
	[P_INSERT_CHOICE] = "INSERT INTO choices "
	    "(exam, position, letter, text) VALUES ($1, $2, $3, $4)",
	[P_BANK] = QBANK_DB_PG_SQL,
	[P_LIST_USERS] =
	    "SELECT username FROM users ORDER BY username COLLATE \"C\"",
	/* A taken name inserts nothing: import-users goes on to report
	 * every taken name, as on SQLite. */
	[P_ADD_USER] = "INSERT INTO users (username, password) "
	    "VALUES ($1, $2) ON CONFLICT (username) DO NOTHING",
	[P_SET_PASSWORD] =
	    "UPDATE users SET password = $2 WHERE username = $1",
	[P_DELETE_USER] = "DELETE FROM users WHERE username = $1",
	[P_DELETE_USER_RESULTS] = "DELETE FROM results WHERE username = $1",
	/* finished_at is ISO 8601, so a date compares as its prefix. */
	[P_LIST_RESULTS] =
	    "SELECT username, exam, score, total, finished_at, peer "
	    "FROM results WHERE ($1::text IS NULL OR username = $1) "
	    "AND ($2::text IS NULL OR exam = $2) "
	    "AND ($3::text IS NULL OR finished_at COLLATE \"C\" >= $3) "
	    "ORDER BY finished_at COLLATE \"C\", id",
	[P_LIST_CONNECTIONS] =
	    "SELECT arrived_at, peer FROM connections WHERE seq > "
	    "(SELECT reset_seq FROM counter WHERE id = 1) ORDER BY seq",
	[P_GET_COUNTER] = "SELECT count FROM counter WHERE id = 1",
	/* The row lock examd takes first when it counts a connection: while
	 * it is held, no counted connection is half written. */
	[P_LOCK_COUNTER] = "SELECT count FROM counter WHERE id = 1 FOR UPDATE",
	[P_RESET_COUNTER] =
	    "UPDATE counter SET count = 0, reset_seq = "
	    "(SELECT coalesce(max(seq), 0) FROM connections) WHERE id = 1",
	/* import-sqlite: what the target holds, then one row at a time. */
	[P_CONTENTS] = "SELECT (SELECT count(*) FROM exams), "
	    "(SELECT count(*) FROM users), (SELECT count(*) FROM results), "
	    "(SELECT count(*) FROM connections), "
	    "(SELECT count + reset_seq FROM counter WHERE id = 1)",
	[P_PUT_EXAM] = "INSERT INTO exams (id, name, attempts, time_limit) "
	    "VALUES ($1, $2, $3, $4)",
	[P_PUT_QUESTION] =
	    "INSERT INTO questions (exam, position, prompt, answer) "
	    "VALUES ($1, $2, $3, $4)",
	[P_PUT_CHOICE] = "INSERT INTO choices "
	    "(exam, position, letter, text) VALUES ($1, $2, $3, $4)",
	[P_PUT_USER] = "INSERT INTO users (username, password) "
	    "VALUES ($1, $2)",
	[P_PUT_RESULT] = "INSERT INTO results "
	    "(id, username, score, total, finished_at, peer, exam) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7)",
	[P_PUT_CONNECTION] = "INSERT INTO connections (seq, peer, arrived_at) "
	    "VALUES ($1, $2, $3)",
	[P_PUT_COUNTER] =
	    "UPDATE counter SET count = $1, reset_seq = $2 WHERE id = 1",
	/* Identity columns go on after the ids brought in. */
	[P_SETVAL_EXAMS] = "SELECT setval(pg_get_serial_sequence('exams', "
	    "'id'), coalesce(max(id), 0) + 1, false) FROM exams",
	[P_SETVAL_RESULTS] = "SELECT setval(pg_get_serial_sequence('results', "
	    "'id'), coalesce(max(id), 0) + 1, false) FROM results",
	[P_SETVAL_CONNECTIONS] = "SELECT setval(pg_get_serial_sequence("
	    "'connections', 'seq'), coalesce(max(seq), 0) + 1, false) "
	    "FROM connections",
};

/* The layout this program writes (sql/exam_schema_pg.sql sets it). */
#define EXAM_DB_VERSION 2

static void
quiet(void *arg, const char *msg)
{
}

/* The database as messages name it: server and name, never a password. */
static void
db_name(PGconn *c, char *buf, size_t len)
{
	snprintf(buf, len, "postgresql://%s%s%s:%s/%s",
	    PQuser(c) ? PQuser(c) : "", PQuser(c) && *PQuser(c) ? "@" : "",
	    PQhost(c) ? PQhost(c) : "", PQport(c) ? PQport(c) : "",
	    PQdb(c) ? PQdb(c) : "");
}

/* Runs statement i with n parameters. Returns its result (the caller
 * clears it) or NULL with *rc the reported failure. */
static PGresult *
run(PGconn *c, enum pgst i, int n, const char *const p[], int *rc)
{
	PGresult *r = dbpg_run(c, i, n, p);

	if (dbpg_ok(r))
		return r;
	*rc = dbpg_fail(c, r, pg_sql[i]);
	PQclear(r);
	return NULL;
}

/* Runs statement i for its effect: DB_OK or the reported failure; the
 * number of rows it changed in *changed unless that is NULL. */
static int
run_cmd(PGconn *c, enum pgst i, int n, const char *const p[],
    long long *changed)
{
	PGresult *r;
	int rc = DB_OK;

	if ((r = run(c, i, n, p, &rc)) == NULL)
		return rc;
	if (changed != NULL && dbpg_int64(PQcmdTuples(r), changed) == -1)
		*changed = 0;
	PQclear(r);
	return DB_OK;
}

/* One integer of row 0, column k of r (NULL: -1). */
static int
int_at(const PGresult *r, int row, int k, long long *v, enum pgst i)
{
	if (PQgetisnull(r, row, k)) {
		*v = -1;
		return DB_OK;
	}
	if (dbpg_int64(PQgetvalue(r, row, k), v) == -1) {
		db_report(pg_sql[i], "not an integer");
		return DB_ERROR;
	}
	return DB_OK;
}

/* Runs a one-value probe (no parameters) before the statement table is
 * prepared. */
static int
probe(PGconn *c, const char *q, long long *v)
{
	PGresult *r = PQexec(c, q);
	int rc = DB_OK;

	if (!dbpg_ok(r))
		rc = dbpg_fail(c, r, q);
	else if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0) ||
	    dbpg_int64(PQgetvalue(r, 0, 0), v) == -1) {
		db_report(q, "not one integer");
		rc = DB_ERROR;
	}
	PQclear(r);
	return rc;
}

static int
begin(PGconn *c)
{
	return dbpg_exec(c, "BEGIN", "BEGIN");
}

/* Ends a transaction as examdb_admin.c's finish: commits when rc is
 * DB_OK (a failing commit becomes the result), else rolls back keeping
 * the first error. */
static int
finish(PGconn *c, int rc)
{
	PGresult *r;

	if (rc == DB_OK) {
		r = PQexec(c, "COMMIT");
		if (!dbpg_ok(r))
			rc = dbpg_fail(c, r, "COMMIT");
		else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
			/* A failed transaction "commits" as a ROLLBACK. */
			db_report("COMMIT", "the transaction was rolled back");
			rc = DB_ERROR;
		}
		PQclear(r);
	}
	if (rc != DB_OK && PQtransactionStatus(c) != PQTRANS_IDLE) {
		r = PQexec(c, "ROLLBACK");
		PQclear(r);
	}
	return rc;
}

/* As examdb_admin.c's check_layout: by reading only, an exam database
 * (its tables and a layout this program knows) or, for init, an empty
 * one; the student database or any other is refused untouched. */
static int
check_layout(PGconn *c, const char *name, int create, int *empty)
{
	static const char tables_q[] = "SELECT count(*) FROM pg_catalog."
	    "pg_tables WHERE schemaname = current_schema()";
	static const char ours_q[] = "SELECT count(*) FROM pg_catalog."
	    "pg_tables WHERE schemaname = current_schema() AND tablename IN "
	    "('users', 'connections', 'counter', 'exam_schema')";
	static const char version_q[] =
	    "SELECT coalesce(max(version), 0) FROM exam_schema";
	long long tables = 0, ours = 0, version = 0;

	*empty = 0;
	if (probe(c, tables_q, &tables) != DB_OK ||
	    probe(c, ours_q, &ours) != DB_OK)
		return DB_ERROR;
	if (tables == 0 && create) {
		*empty = 1;
		return DB_OK;
	}
	if (ours != 4) {
		db_report(name, tables == 0 ?
		    "not an exam database (run 'examctl init' first)" :
		    "not an exam database; refusing to change it ("
		    "'examctl init' makes one in a new database)");
		return DB_INVALID;
	}
	if (probe(c, version_q, &version) != DB_OK)
		return DB_ERROR;
	if (version > EXAM_DB_VERSION) {
		db_report(name, "made by a newer examctl; refusing to change it");
		return DB_INVALID;
	}
	return DB_OK;
}

int
expg_open(const char *uri, int create, const char *schema, PGconn **out)
{
	char name[512];
	size_t bad = 0;
	PGconn *c;
	int rc, empty = 0;

	*out = NULL;
	if ((c = dbpg_connect(uri)) == NULL)
		return DB_ERROR;
	/* init's notices ("already exists, skipping") are not news. */
	PQsetNoticeProcessor(c, quiet, NULL);
	db_name(c, name, sizeof name);
	if ((rc = check_layout(c, name, create, &empty)) != DB_OK)
		goto fail;
	if (create && (rc = dbpg_exec(c, schema,
	    "the schema (sql/exam_schema_pg.sql)")) != DB_OK)
		goto fail;
	if ((rc = dbpg_prepare_all(c, pg_sql, P__COUNT, &bad)) != DB_OK)
		goto fail;
	*out = c;
	return DB_OK;
fail:
	PQfinish(c);
	return rc;
}

/* Finds exam name's id as examdb_admin.c's exam_id: DB_NONE when there
 * is none. With lock, the exam's row stays locked until the caller's
 * transaction ends; with created (not NULL), an exam that is missing is
 * made instead, and *created says whether it was this call that made it
 * (another examctl may have made it meanwhile). */
static int
exam_id(PGconn *c, const char *name, int lock, int *created, long long *id)
{
	const char *p[1] = { name };
	enum pgst find = lock ? P_EXAM_LOCK : P_EXAM_ID, i;
	PGresult *r;
	int rc = DB_OK, tries;

	if (created != NULL)
		*created = 0;
	for (tries = 0; tries < 3; tries++) {
		/* Every other try: the one that made it has committed. */
		i = tries % 2 == 0 ? find : P_EXAM_ADD;
		if ((r = run(c, i, 1, p, &rc)) == NULL)
			return rc;
		if (PQntuples(r) > 0) {
			rc = int_at(r, 0, 0, id, i);
			PQclear(r);
			if (rc == DB_OK && i == P_EXAM_ADD)
				*created = 1;
			return rc;
		}
		PQclear(r);
		if (created == NULL)
			return DB_NONE;
	}
	db_report(pg_sql[P_EXAM_ADD], "the exam could not be created");
	return DB_ERROR;
}

/* Replaces exam id's questions by bank, in the caller's transaction. */
static int
store_bank(PGconn *c, long long id, const struct qbank *bank)
{
	const struct qbank_question *q;
	char ids[24], pos[24], letter[2] = { 0, 0 };
	const char *p[4] = { ids, pos, NULL, letter };
	size_t i;
	int k, rc;

	snprintf(ids, sizeof ids, "%lld", id);
	if ((rc = run_cmd(c, P_DELETE_QUESTIONS, 1, p, NULL)) != DB_OK)
		return rc;
	for (i = 0; i < bank->n; i++) {
		q = &bank->q[i];
		snprintf(pos, sizeof pos, "%zu", i + 1);
		p[2] = q->prompt;
		p[3] = letter;
		letter[0] = q->answer;
		if ((rc = run_cmd(c, P_INSERT_QUESTION, 4, p, NULL)) != DB_OK)
			return rc;
		for (k = 0; k < q->nchoices; k++) {
			letter[0] = (char)('a' + k);
			p[2] = letter;
			p[3] = q->choices[k];
			if ((rc = run_cmd(c, P_INSERT_CHOICE, 4, p, NULL)) !=
			    DB_OK)
				return rc;
		}
	}
	return DB_OK;
}

int
expg_init_bank(PGconn *c, const struct qbank *bank, int *loaded)
{
	long long id = 0, n = 0;
	PGresult *r;
	int rc;

	*loaded = 0;
	if ((rc = begin(c)) != DB_OK)
		return rc;
	/* Two inits at once: the second waits here, then finds the exam. */
	if ((rc = run_cmd(c, P_LOCK_COUNTER, 0, NULL, NULL)) != DB_OK)
		return finish(c, rc);
	if ((r = run(c, P_EXAM_COUNT, 0, NULL, &rc)) == NULL)
		return finish(c, rc);
	rc = int_at(r, 0, 0, &n, P_EXAM_COUNT);
	PQclear(r);
	if (rc == DB_OK && n == 0) {
		if ((rc = exam_id(c, EXADM_DEFAULT_EXAM, 1, loaded, &id)) ==
		    DB_OK)
			rc = store_bank(c, id, bank);
		*loaded = rc == DB_OK;
	}
	rc = finish(c, rc);
	if (rc != DB_OK)
		*loaded = 0;
	return rc;
}

int
expg_replace_bank(PGconn *c, const char *exam, const struct qbank *bank,
    int *created)
{
	long long id = 0;
	int rc;

	*created = 0;
	if ((rc = begin(c)) != DB_OK)
		return rc;
	rc = exam_id(c, exam, 1, created, &id);
	if (rc == DB_OK)
		rc = store_bank(c, id, bank);
	rc = finish(c, rc);
	if (rc != DB_OK)
		*created = 0;
	return rc;
}

int
expg_load_bank(PGconn *c, const char *exam, struct qbank **out)
{
	long long id = 0;
	int rc;

	*out = NULL;
	/* One snapshot for the id and the bank. */
	if ((rc = dbpg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ, "
	    "READ ONLY", "BEGIN")) != DB_OK)
		return rc;
	if ((rc = exam_id(c, exam, 0, NULL, &id)) == DB_OK)
		rc = qbank_db_pg_load(c, P_BANK, id, out);
	return finish(c, rc);
}

int
expg_list_exams(PGconn *c, struct exadm_exam **list, size_t *n)
{
	struct exadm_exam *l = NULL, *e;
	PGresult *r;
	int rc = DB_OK, i, rows;

	*list = NULL;
	*n = 0;
	if ((r = run(c, P_EXAMS, 0, NULL, &rc)) == NULL)
		return rc;
	rows = PQntuples(r);
	if (rows > 0 && (l = calloc((size_t)rows, sizeof *l)) == NULL) {
		db_report(pg_sql[P_EXAMS], "out of memory");
		PQclear(r);
		return DB_ERROR;
	}
	for (i = 0; i < rows && rc == DB_OK; i++) {
		e = &l[i];
		snprintf(e->name, sizeof e->name, "%s", PQgetvalue(r, i, 0));
		if ((rc = int_at(r, i, 1, &e->questions, P_EXAMS)) == DB_OK &&
		    (rc = int_at(r, i, 2, &e->attempts, P_EXAMS)) == DB_OK &&
		    (rc = int_at(r, i, 3, &e->time_limit, P_EXAMS)) == DB_OK)
			rc = int_at(r, i, 4, &e->results, P_EXAMS);
	}
	PQclear(r);
	if (rc != DB_OK) {
		free(l);
		return rc;
	}
	*list = l;
	*n = (size_t)rows;
	return DB_OK;
}

/* One write of one row keyed by name, as examdb_admin.c's change_row:
 * the optional value is text, or an integer (NULL when value < 0); no
 * row changed is DB_NONE. A single statement is its own transaction. */
static int
change_row(PGconn *c, enum pgst i, const char *name, const char *text,
    long long value)
{
	char num[24];
	const char *p[2] = { name, text };
	long long changed = 0;
	int rc;

	if (text == NULL && value >= 0) {
		snprintf(num, sizeof num, "%lld", value);
		p[1] = num;
	}
	if ((rc = run_cmd(c, i, 2, p, &changed)) != DB_OK)
		return rc;
	return changed > 0 ? DB_OK : DB_NONE;
}

int
expg_set_attempts(PGconn *c, const char *exam, long long n)
{
	return change_row(c, P_SET_ATTEMPTS, exam, NULL, n);
}

int
expg_set_time_limit(PGconn *c, const char *exam, long long minutes)
{
	return change_row(c, P_SET_TIME_LIMIT, exam, NULL, minutes);
}

int
expg_delete_exam(PGconn *c, const char *exam)
{
	const char *p[1] = { exam };
	long long changed = 0;
	int rc;

	if ((rc = run_cmd(c, P_DELETE_EXAM, 1, p, &changed)) != DB_OK)
		return rc;
	return changed > 0 ? DB_OK : DB_NONE;
}

int
expg_list_users(PGconn *c, FILE *out)
{
	PGresult *r;
	int rc = DB_OK, i;

	if ((r = run(c, P_LIST_USERS, 0, NULL, &rc)) == NULL)
		return rc;
	for (i = 0; i < PQntuples(r); i++)
		fprintf(out, "%s\n", PQgetvalue(r, i, 0));
	PQclear(r);
	return DB_OK;
}

/* Inserts one user in the caller's transaction: DB_EXISTS when the name
 * is taken. */
static int
insert_user(PGconn *c, const char *name, const char *hash)
{
	const char *p[2] = { name, hash };
	long long added = 0;
	int rc;

	if ((rc = run_cmd(c, P_ADD_USER, 2, p, &added)) != DB_OK)
		return rc;
	return added > 0 ? DB_OK : DB_EXISTS;
}

int
expg_add_user(PGconn *c, const char *name, const char *hash)
{
	return insert_user(c, name, hash);
}

int
expg_begin_write(PGconn *c)
{
	return begin(c);
}

int
expg_finish(PGconn *c, int rc)
{
	return finish(c, rc);
}

int
expg_set_password(PGconn *c, const char *name, const char *hash)
{
	return change_row(c, P_SET_PASSWORD, name, hash, -1);
}

int
expg_delete_user(PGconn *c, const char *name)
{
	const char *p[1] = { name };
	long long changed = 0;
	int rc;

	if ((rc = begin(c)) != DB_OK)
		return rc;
	if ((rc = run_cmd(c, P_DELETE_USER, 1, p, &changed)) != DB_OK)
		return finish(c, rc);
	if (changed == 0)
		return finish(c, DB_NONE);
	return finish(c, run_cmd(c, P_DELETE_USER_RESULTS, 1, p, NULL));
}

int
expg_results(PGconn *c, const struct exadm_filter *f,
    int (*each)(const struct exadm_result *, void *), void *arg)
{
	const char *p[3] = { f->user, f->exam, f->since };
	struct exadm_result res;
	PGresult *r;
	int rc = DB_OK, i, n;

	if ((r = run(c, P_LIST_RESULTS, 3, p, &rc)) == NULL)
		return rc;
	n = PQntuples(r);
	for (i = 0; i < n; i++) {
		res.user = PQgetvalue(r, i, 0);
		res.exam = PQgetvalue(r, i, 1);
		res.finished_at = PQgetvalue(r, i, 4);
		res.peer = PQgetvalue(r, i, 5);
		if ((rc = int_at(r, i, 2, &res.score, P_LIST_RESULTS)) !=
		    DB_OK ||
		    (rc = int_at(r, i, 3, &res.total, P_LIST_RESULTS)) !=
		    DB_OK)
			break;
		if (each(&res, arg) != 0)
			break;
	}
	PQclear(r);
	if (rc != DB_OK)
		return rc;
	return n == 0 ? DB_NONE : DB_OK;
}

int
expg_list_connections(PGconn *c, FILE *out)
{
	PGresult *r, *cnt = NULL;
	long long count = 0;
	int rc = DB_OK, i;

	/* One snapshot for the list and the count. */
	if ((rc = dbpg_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ, "
	    "READ ONLY", "BEGIN")) != DB_OK)
		return rc;
	if ((r = run(c, P_LIST_CONNECTIONS, 0, NULL, &rc)) == NULL)
		return finish(c, rc);
	if ((cnt = run(c, P_GET_COUNTER, 0, NULL, &rc)) != NULL) {
		if (PQntuples(cnt) != 1) {
			db_report(pg_sql[P_GET_COUNTER], "no counter row");
			rc = DB_ERROR;
		} else
			rc = int_at(cnt, 0, 0, &count, P_GET_COUNTER);
	}
	PQclear(cnt);
	if ((rc = finish(c, rc)) == DB_OK) {
		/* Numbered from 1 since the last reset, as the seventh
		 * user's. */
		for (i = 0; i < PQntuples(r); i++)
			fprintf(out, "%d\t%s\t%s\n", i + 1,
			    PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
		fprintf(out, "count: %lld\n", count);
	}
	PQclear(r);
	return rc;
}

int
expg_reset_count(PGconn *c, long long *was)
{
	PGresult *r;
	int rc = DB_OK;

	*was = 0;
	if ((rc = begin(c)) != DB_OK)
		return rc;
	/* The counter row's lock first, as examd counts: no connection is
	 * counted between reading the count and resetting it. */
	if ((r = run(c, P_LOCK_COUNTER, 0, NULL, &rc)) == NULL)
		return finish(c, rc);
	if (PQntuples(r) != 1) {
		db_report(pg_sql[P_LOCK_COUNTER], "no counter row");
		rc = DB_ERROR;
	} else
		rc = int_at(r, 0, 0, was, P_LOCK_COUNTER);
	PQclear(r);
	if (rc == DB_OK)
		rc = run_cmd(c, P_RESET_COUNTER, 0, NULL, NULL);
	return finish(c, rc);
}

/* import-sqlite: each table of the SQLite file, read in key order, and
 * the statement that puts its rows in. */
static const struct {
	const char	*select;
	enum pgst	 put;
	int		 ncol;
} copies[] = {
	{ "SELECT id, name, attempts, time_limit FROM exams ORDER BY id",
	    P_PUT_EXAM, 4 },
	{ "SELECT exam, position, prompt, answer FROM questions "
	    "ORDER BY exam, position", P_PUT_QUESTION, 4 },
	{ "SELECT exam, position, letter, text FROM choices "
	    "ORDER BY exam, position, letter", P_PUT_CHOICE, 4 },
	{ "SELECT username, password FROM users ORDER BY username",
	    P_PUT_USER, 2 },
	{ "SELECT id, username, score, total, finished_at, peer, exam "
	    "FROM results ORDER BY id", P_PUT_RESULT, 7 },
	{ "SELECT seq, peer, arrived_at FROM connections ORDER BY seq",
	    P_PUT_CONNECTION, 3 },
	{ "SELECT count, reset_seq FROM counter WHERE id = 1",
	    P_PUT_COUNTER, 2 },
};
#define NCOPIES (sizeof copies / sizeof copies[0])

/* Copies one table's rows; *rows counts them. */
static int
copy_table(PGconn *c, sqlite3 *src, size_t t, long long *rows)
{
	const char *p[8];
	sqlite3_stmt *st = NULL;
	int rc = DB_OK, k, step;

	*rows = 0;
	if (sqlite3_prepare_v2(src, copies[t].select, -1, &st, NULL) !=
	    SQLITE_OK)
		return db_fail(src, copies[t].select);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (k = 0; k < copies[t].ncol; k++)
			p[k] = (const char *)sqlite3_column_text(st, k);
		if ((rc = run_cmd(c, copies[t].put, copies[t].ncol, p,
		    NULL)) != DB_OK)
			break;
		(*rows)++;
	}
	if (rc == DB_OK && step != SQLITE_DONE)
		rc = db_fail(src, copies[t].select);
	sqlite3_finalize(st);
	return rc;
}

int
expg_import_sqlite(PGconn *c, sqlite3 *src, const char *file,
    struct exadm_moved *n)
{
	long long held[5] = { 0 }, rows[NCOPIES] = { 0 };
	char name[512], why[640];
	PGresult *r;
	size_t t;
	int rc = DB_OK, k;

	memset(n, 0, sizeof *n);
	if ((rc = begin(c)) != DB_OK)
		return rc;
	/* examd counts under this lock: nothing is counted meanwhile. */
	if ((rc = run_cmd(c, P_LOCK_COUNTER, 0, NULL, NULL)) != DB_OK)
		return finish(c, rc);
	if ((r = run(c, P_CONTENTS, 0, NULL, &rc)) == NULL)
		return finish(c, rc);
	for (k = 0; k < 5 && rc == DB_OK; k++)
		rc = int_at(r, 0, k, &held[k], P_CONTENTS);
	PQclear(r);
	if (rc == DB_OK && (held[0] || held[1] || held[2] || held[3] ||
	    held[4] > 0)) {
		db_name(c, name, sizeof name);
		snprintf(why, sizeof why, "not empty (%lld exam%s, %lld "
		    "user%s, %lld result%s, %lld connection%s); import-sqlite "
		    "fills a new database, without init", held[0],
		    held[0] == 1 ? "" : "s", held[1], held[1] == 1 ? "" : "s",
		    held[2], held[2] == 1 ? "" : "s", held[3],
		    held[3] == 1 ? "" : "s");
		db_report(name, why);
		return finish(c, DB_EXISTS);
	}
	/* The source's reading is one snapshot too. */
	if (rc == DB_OK && sqlite3_exec(src, "BEGIN", NULL, NULL, NULL) !=
	    SQLITE_OK)
		rc = db_fail(src, "BEGIN");
	for (t = 0; t < NCOPIES && rc == DB_OK; t++)
		rc = copy_table(c, src, t, &rows[t]);
	if (!sqlite3_get_autocommit(src))
		(void)sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	if (rc == DB_OK && rows[NCOPIES - 1] != 1) {
		db_report(file, "no counter row");
		rc = DB_INVALID;
	}
	if (rc == DB_OK &&
	    (rc = run_cmd(c, P_SETVAL_EXAMS, 0, NULL, NULL)) == DB_OK &&
	    (rc = run_cmd(c, P_SETVAL_RESULTS, 0, NULL, NULL)) == DB_OK)
		rc = run_cmd(c, P_SETVAL_CONNECTIONS, 0, NULL, NULL);
	if ((rc = finish(c, rc)) != DB_OK)
		return rc;
	n->exams = rows[0];
	n->questions = rows[1];
	n->users = rows[3];
	n->results = rows[4];
	n->connections = rows[5];
	return DB_OK;
}
