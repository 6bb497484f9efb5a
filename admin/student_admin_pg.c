/* studentctl's statements on PostgreSQL: one table, as student_admin.c's
 * for SQLite. Values travel as text parameters ($1...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_pg.h"
#include "student_admin_pg.h"

enum pgstmt {
	PG_HAS_TABLE,	/* prepared alone first: the others need the table */
	PG_TABLES,	/* with it: what init may write into */
	PG_INSERT,
	PG_GET,
	PG_LIST,
	PG_DELETE,
	PG_CLEAR,
	PG_UPDATE,
	PG__MAX
};

static const char *const pg_sql[PG__MAX] = {
	[PG_HAS_TABLE] = "SELECT 1 FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema() "
	    "AND tablename = 'fifth_students'",
	[PG_TABLES] = "SELECT count(*), count(*) FILTER (WHERE tablename = "
	    "'fifth_students') FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema()",
	/* A taken ID inserts nothing instead of failing, which would end
	 * the transaction: import --replace goes on with an update. */
	[PG_INSERT] = "INSERT INTO Fifth_students (Name, ID, Age) "
	    "VALUES ($1, $2, $3) ON CONFLICT (ID) DO NOTHING",
	[PG_GET] = "SELECT Name, ID, Age FROM Fifth_students WHERE ID = $1",
	[PG_LIST] = "SELECT Name, ID, Age FROM Fifth_students ORDER BY ID",
	[PG_DELETE] = "DELETE FROM Fifth_students WHERE ID = $1",
	[PG_CLEAR] = "DELETE FROM Fifth_students",
	/* NULL keeps the column: update changes what it is given. */
	[PG_UPDATE] = "UPDATE Fifth_students SET Name = coalesce($2, Name), "
	    "Age = coalesce($3, Age) WHERE ID = $1",
};

static const char pg_readonly[] =
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";

static void
quiet(void *arg, const char *msg)
{
}

/* As on SQLite: init writes only into an empty database or one that
 * already has Fifth_students; anything else (e.g. the exam service's) is
 * refused, by reading only. DB_OK, DB_INVALID (reported) or a failure. */
static enum db_rc
init_allowed(PGconn *c)
{
	long long all = 0, ours = 0;
	enum db_rc ret = DB_OK;
	PGresult *r;

	r = dbpg_run(c, PG_TABLES, 0, NULL);
	if (!dbpg_ok(r) || PQntuples(r) != 1)
		ret = dbpg_fail(c, r, pg_sql[PG_TABLES]);
	else if (dbpg_int64(PQgetvalue(r, 0, 0), &all) < 0 ||
	    dbpg_int64(PQgetvalue(r, 0, 1), &ours) < 0) {
		db_report(pg_sql[PG_TABLES], "not an integer");
		ret = DB_ERROR;
	} else if (all > 0 && ours == 0) {
		db_report(PQdb(c), "not a student database (no table "
		    "Fifth_students); refusing to change it");
		ret = DB_INVALID;
	}
	PQclear(r);
	return ret;
}

enum db_rc
sapg_open(const char *uri, enum sa_mode mode, const char *schema,
    PGconn **out)
{
	enum db_rc ret;
	PGconn *c;
	PGresult *r;
	size_t bad = 0;
	int found;

	*out = NULL;
	if ((c = dbpg_connect(uri)) == NULL)
		return DB_ERROR;
	/* init's notices ("already exists, skipping") are not news. */
	PQsetNoticeProcessor(c, quiet, NULL);
	if ((ret = dbpg_prepare_all(c, pg_sql, 2, &bad)) != DB_OK)
		goto fail;
	if (mode == SA_CREATE && (ret = init_allowed(c)) != DB_OK)
		goto fail;
	if (mode == SA_CREATE && (ret = dbpg_exec(c, schema,
	    "the schema (sql/student_schema_pg.sql)")) != DB_OK)
		goto fail;
	if (mode == SA_READ &&
	    (ret = dbpg_exec(c, pg_readonly, pg_readonly)) != DB_OK)
		goto fail;
	r = dbpg_run(c, PG_HAS_TABLE, 0, NULL);
	if (!dbpg_ok(r)) {
		ret = dbpg_fail(c, r, pg_sql[PG_HAS_TABLE]);
		PQclear(r);
		goto fail;
	}
	found = PQntuples(r) > 0;
	PQclear(r);
	if (!found) {
		db_report(PQdb(c), "not initialised (no table Fifth_students)");
		ret = DB_ERROR;
		goto fail;
	}
	/* The rest, named s2... after their index in pg_sql. */
	for (bad = 2; bad < PG__MAX; bad++) {
		char name[32];

		snprintf(name, sizeof name, "s%zu", bad);
		r = PQprepare(c, name, pg_sql[bad], 0, NULL);
		if (!dbpg_ok(r)) {
			ret = dbpg_fail(c, r, pg_sql[bad]);
			PQclear(r);
			goto fail;
		}
		PQclear(r);
	}
	*out = c;
	return DB_OK;
fail:
	PQfinish(c);
	return ret;
}

/* Runs statement i with params and, when it fails, reports it. Returns
 * DB_OK with the result in *res (caller clears) when res is not NULL. */
static enum db_rc
run_pg(PGconn *c, enum pgstmt i, int n, const char *const params[],
    PGresult **res)
{
	PGresult *r = dbpg_run(c, i, n, params);
	enum db_rc ret = DB_OK;

	if (!dbpg_ok(r))
		ret = dbpg_fail(c, r, pg_sql[i]);
	if (ret == DB_OK && res != NULL)
		*res = r;
	else
		PQclear(r);
	return ret;
}

enum db_rc
sapg_insert(PGconn *c, const struct sa_student *s)
{
	char id[32], age[32];
	const char *params[3] = { s->name, id, s->has_age ? age : NULL };
	enum db_rc ret = DB_OK;
	PGresult *r;

	snprintf(id, sizeof id, "%lld", s->id);
	snprintf(age, sizeof age, "%lld", s->age);
	r = dbpg_run(c, PG_INSERT, 3, params);
	if (dbpg_unique_violation(r))
		ret = DB_EXISTS;
	else if (!dbpg_ok(r))
		ret = dbpg_fail(c, r, pg_sql[PG_INSERT]);
	else if (strcmp(PQcmdTuples(r), "0") == 0)
		ret = DB_EXISTS;	/* ON CONFLICT DO NOTHING */
	PQclear(r);
	return ret;
}

enum db_rc
sapg_update(PGconn *c, const struct sa_student *s)
{
	char id[32], age[32];
	const char *params[3] = { id, s->name, s->has_age ? age : NULL };
	PGresult *r = NULL;
	enum db_rc ret;

	snprintf(id, sizeof id, "%lld", s->id);
	snprintf(age, sizeof age, "%lld", s->age);
	if ((ret = run_pg(c, PG_UPDATE, 3, params, &r)) != DB_OK)
		return ret;
	ret = strcmp(PQcmdTuples(r), "0") == 0 ? DB_NONE : DB_OK;
	PQclear(r);
	return ret;
}

/* Fills *out from row i of r; name points into r. */
static enum db_rc
row_student(PGresult *r, int i, struct sa_student *out, const char *sql)
{
	out->name = PQgetvalue(r, i, 0);
	out->has_age = !PQgetisnull(r, i, 2);
	out->age = 0;
	if (dbpg_int64(PQgetvalue(r, i, 1), &out->id) < 0 ||
	    (out->has_age && dbpg_int64(PQgetvalue(r, i, 2), &out->age) < 0)) {
		db_report(sql, "ID or Age is not an integer");
		return DB_ERROR;
	}
	return DB_OK;
}

enum db_rc
sapg_get(PGconn *c, long long id, struct sa_student *out)
{
	char idbuf[32];
	const char *params[1] = { idbuf };
	PGresult *r = NULL;
	enum db_rc ret;
	char *name;

	snprintf(idbuf, sizeof idbuf, "%lld", id);
	if ((ret = run_pg(c, PG_GET, 1, params, &r)) != DB_OK)
		return ret;
	if (PQntuples(r) == 0)
		ret = DB_NONE;
	else if ((ret = row_student(r, 0, out, pg_sql[PG_GET])) == DB_OK) {
		if ((name = strdup(out->name)) == NULL) {
			db_report(pg_sql[PG_GET],
			    "out of memory copying the name");
			ret = DB_ERROR;
		} else {
			out->name = name;
		}
	}
	PQclear(r);
	return ret;
}

enum db_rc
sapg_each(PGconn *c, int (*fn)(const struct sa_student *, void *),
    void *arg)
{
	PGresult *r = NULL;
	struct sa_student s;
	enum db_rc ret;
	int i;

	if ((ret = run_pg(c, PG_LIST, 0, NULL, &r)) != DB_OK)
		return ret;
	for (i = 0; i < PQntuples(r) && ret == DB_OK; i++) {
		if ((ret = row_student(r, i, &s, pg_sql[PG_LIST])) == DB_OK &&
		    fn(&s, arg) != 0)
			ret = DB_ERROR;
	}
	PQclear(r);
	return ret;
}

/* The row count of a DELETE. */
static long long
changes(PGresult *r)
{
	long long n = 0;

	return dbpg_int64(PQcmdTuples(r), &n) == 0 ? n : 0;
}

enum db_rc
sapg_delete(PGconn *c, long long id)
{
	char idbuf[32];
	const char *params[1] = { idbuf };
	PGresult *r = NULL;
	enum db_rc ret;

	snprintf(idbuf, sizeof idbuf, "%lld", id);
	if ((ret = run_pg(c, PG_DELETE, 1, params, &r)) != DB_OK)
		return ret;
	ret = changes(r) == 0 ? DB_NONE : DB_OK;
	PQclear(r);
	return ret;
}

enum db_rc
sapg_clear(PGconn *c, long long *count)
{
	PGresult *r = NULL;
	enum db_rc ret;

	if ((ret = run_pg(c, PG_CLEAR, 0, NULL, &r)) != DB_OK)
		return ret;
	*count = changes(r);
	PQclear(r);
	return DB_OK;
}

enum db_rc
sapg_begin(PGconn *c)
{
	return dbpg_exec(c, "BEGIN", "BEGIN");
}

enum db_rc
sapg_commit(PGconn *c)
{
	PGresult *r = PQexec(c, "COMMIT");
	enum db_rc ret = DB_OK;

	if (!dbpg_ok(r))
		ret = dbpg_fail(c, r, "COMMIT");
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		/* A failed transaction "commits" as a ROLLBACK. */
		db_report("COMMIT", "the transaction was rolled back");
		ret = DB_ERROR;
	}
	PQclear(r);
	return ret;
}

void
sapg_end(PGconn *c)
{
	PGresult *r;

	if (PQtransactionStatus(c) == PQTRANS_IDLE)
		return;
	r = PQexec(c, "ROLLBACK");
	PQclear(r);
}
