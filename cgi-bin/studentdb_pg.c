/* The student pages' lookup on PostgreSQL: the same statement table as
 * studentdb.c, on a session that can only read. */
#include <stdio.h>
#include <string.h>

#include "db_pg.h"
#include "pq.h"
#include "studentdb.h"

static const char *const studentdb_pg_sql[STUDENTDB_NSTMT] = {
	[STUDENTDB_GET] =
	    "SELECT Name, ID, Age FROM Fifth_students WHERE ID = $1",
};

/* Belt and braces, as PRAGMA query_only for SQLite: even a mistaken
 * statement cannot write, whatever the role may do. */
static const char studentdb_pg_readonly[] =
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";

void
studentdb_pg_disconnect(struct studentdb *s)
{
	PQfinish(s->conn);
	s->conn = NULL;
}

/* Connects and prepares when not done yet; any failure (server down, no
 * table, a role without access) means "not available now": DB_BUSY, and
 * the next lookup tries again. */
enum db_rc
studentdb_pg_connect(struct studentdb *s)
{
	size_t bad = 0;

	if (s->conn != NULL)
		return DB_OK;
	if ((s->conn = dbpg_connect(s->path)) == NULL)
		return DB_BUSY;
	if (dbpg_exec(s->conn, studentdb_pg_readonly, studentdb_pg_readonly)
	    != DB_OK || dbpg_prepare_all(s->conn, studentdb_pg_sql,
	    STUDENTDB_NSTMT, &bad) != DB_OK) {
		studentdb_pg_disconnect(s);
		return DB_BUSY;
	}
	return DB_OK;
}

enum db_rc
studentdb_pg_get(struct studentdb *s, int64_t id, struct student *out)
{
	const char *sql = studentdb_pg_sql[STUDENTDB_GET];
	const char *params[1];
	long long v;
	char idbuf[32];
	enum db_rc ret;
	PGresult *r;

	if ((ret = studentdb_pg_connect(s)) != DB_OK)
		return ret;
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
	params[0] = idbuf;
	r = dbpg_run(s->conn, STUDENTDB_GET, 1, params);
	if (!dbpg_ok(r) || PQresultStatus(r) != PGRES_TUPLES_OK) {
		ret = dbpg_fail(s->conn, r, sql);
		goto end;
	}
	if (PQntuples(r) == 0) {
		ret = DB_NONE;
		goto end;
	}
	webbuf_reset(&s->name);
	/* Copy before PQclear: the value dies with the result. */
	if (webbuf_add(&s->name, PQgetvalue(r, 0, 0),
	    (size_t)PQgetlength(r, 0, 0)) == -1 ||
	    webbuf_add(&s->name, "", 0) == -1) {
		db_report(sql, "out of memory copying the name");
		ret = DB_ERROR;
		goto end;
	}
	out->name = s->name.p;
	out->namelen = s->name.len;
	if (dbpg_int64(PQgetvalue(r, 0, 1), &v) < 0) {
		db_report(sql, "ID is not an integer");
		ret = DB_ERROR;
		goto end;
	}
	out->id = v;
	out->has_age = !PQgetisnull(r, 0, 2);
	out->age = 0;
	if (out->has_age && dbpg_int64(PQgetvalue(r, 0, 2), &v) < 0) {
		db_report(sql, "Age is not an integer");
		ret = DB_ERROR;
		goto end;
	}
	if (out->has_age)
		out->age = v;
	ret = DB_OK;
end:
	PQclear(r);
	if (ret == DB_ERROR || ret == DB_BUSY)
		studentdb_pg_disconnect(s);
	return ret;
}
