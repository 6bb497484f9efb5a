/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "studentdb.h"
#include "studentmemo.h"

#ifndef DEFAULT_STUDENT_DB
#define DEFAULT_STUDENT_DB "/var/lib/student-pages/Student_log.db"
#endif

/* A reader waits this long for a writer (studentctl) to finish. */
#define STUDENTDB_BUSY_MS	2000

enum studentdb_stmt {
	STUDENTDB_GET,
	STUDENTDB_NSTMT
};

static const struct sql_text studentdb_sql[STUDENTDB_NSTMT] = {
	[STUDENTDB_GET] = {
	    "SELECT Name, ID, Age FROM Fifth_students WHERE ID = ?1" },
};

const char *
studentdb_default_path(void)
{
	const char *p = getenv("STUDENT_DB");

	return p != NULL && *p != '\0' ? p : DEFAULT_STUDENT_DB;
}

static void
studentdb_disconnect(struct studentdb *s)
{
	if (s->db == NULL)
		return;
	sql_close(s->db);
	s->db = NULL;
	/* After the connection's close: see studentmemo_disconnected. */
	studentmemo_disconnected(s->memo);
}

/* Opens and prepares when not done yet. Any failure here means "not
 * available now" (no file, not a student database, a WAL file we may not
 * read, a server that is down or a role without access): DB_BUSY, and
 * the next lookup tries again. */
static enum db_rc
studentdb_connect(struct studentdb *s)
{
	/* A SQLite file replaced or removed since it was opened is another
	 * file: reopen, so the pages serve what is at the path now. */
	if (studentmemo_same_file(s->memo) && s->db != NULL)
		return DB_OK;
	studentdb_disconnect(s);
	if ((s->db = sql_open(s->path, SQL_READONLY, STUDENTDB_BUSY_MS,
	    studentdb_sql, STUDENTDB_NSTMT)) == NULL)
		return DB_BUSY;
	studentmemo_connected(s->memo);
	if (sql_prepare(s->db, STUDENTDB_GET) != DB_OK) {
		studentdb_disconnect(s);
		return DB_BUSY;
	}
	return DB_OK;
}

enum db_rc
studentdb_open(struct studentdb *s, const char *path)
{
	s->db = NULL;
	s->memo = NULL;
	webbuf_init(&s->name);
	if ((size_t)snprintf(s->path, sizeof s->path, "%s", path) >=
	    sizeof s->path) {
		db_report("open", "database path too long");
		s->path[0] = '\0';
		return DB_INVALID;
	}
	/* Decided once: what the memo knows is a SQLite file's. */
	if (!db_is_uri(s->path) &&
	    (s->memo = studentmemo_open(s->path)) == NULL) {
		db_report(s->path, "out of memory");
		return DB_INVALID;
	}
	return studentdb_connect(s);
}

/* Reads the current row of st into *out, the name copied into s (the
 * row's memory dies with the statement's reset). */
static enum db_rc
studentdb_row(struct studentdb *s, struct sql_stmt *st, struct student *out)
{
	const char *name = sql_col_text(st, 0);

	webbuf_reset(&s->name);
	/* NULL for a value that is there: memory ran out converting it. */
	if ((name == NULL && !sql_col_null(st, 0)) ||
	    webbuf_add(&s->name, name ? name : "",
	    name ? sql_col_len(st, 0) : 0) == -1 ||
	    webbuf_add(&s->name, "", 0) == -1) {
		db_report(studentdb_sql[STUDENTDB_GET].text,
		    "out of memory copying the name");
		return DB_ERROR;
	}
	out->name = s->name.p;
	out->namelen = s->name.len;
	out->id = sql_col_int(st, 1);
	out->has_age = !sql_col_null(st, 2);
	out->age = out->has_age ? sql_col_int(st, 2) : 0;
	return DB_OK;
}

enum db_rc
studentdb_get(struct studentdb *s, int64_t id, struct student *out)
{
	struct sql_stmt *st;
	enum db_rc rc;

	if ((rc = studentdb_connect(s)) != DB_OK)
		return rc;
	if (studentmemo_get(s->memo, id, &rc, out))
		return rc;
	st = sql_stmt(s->db, STUDENTDB_GET);
	sql_bind_int(st, 1, id);
	if ((rc = sql_next(st)) == DB_OK) {
		rc = studentdb_row(s, st, out);
		sql_reset(st);
	}
	if (rc == DB_ERROR || rc == DB_BUSY)
		studentdb_disconnect(s);
	else
		studentmemo_put(s->memo, id, rc, out);
	return rc;
}

void
studentdb_close(struct studentdb *s)
{
	studentdb_disconnect(s);
	studentmemo_close(s->memo);
	s->memo = NULL;
	webbuf_free(&s->name);
}
