#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "studentdb.h"

#ifndef DEFAULT_STUDENT_DB
#define DEFAULT_STUDENT_DB "/var/lib/student-pages/Student_log.db"
#endif

/* A reader waits this long for a writer (studentctl) to finish. */
#define STUDENTDB_BUSY_MS	2000

static const char *const studentdb_sql[STUDENTDB_NSTMT] = {
	[STUDENTDB_GET] =
	    "SELECT Name, ID, Age FROM Fifth_students WHERE ID = ?1",
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
	db_finalize_all(s->st, STUDENTDB_NSTMT);
	sqlite3_close(s->db);
	s->db = NULL;
}

/* Opens and prepares when not done yet. */
static enum studentdb_status
studentdb_connect(struct studentdb *s, char *err, size_t errlen)
{
	size_t bad = 0;
	int rc;

	if (s->db != NULL)
		return STUDENTDB_FOUND;
	s->db = db_open(s->path, SQLITE_OPEN_READONLY, STUDENTDB_BUSY_MS,
	    err, errlen);
	if (s->db == NULL)
		return STUDENTDB_UNAVAILABLE;
	/* Belt and braces: even a mistaken statement cannot write. */
	rc = db_exec(s->db, "PRAGMA query_only = 1", err, errlen);
	if (rc == SQLITE_OK)
		rc = db_prepare_all(s->db, studentdb_sql, s->st,
		    STUDENTDB_NSTMT, &bad);
	if (rc != SQLITE_OK) {
		/* Not a student database, or a WAL file we may not read. */
		snprintf(err, errlen, "%s: %s (%s)", s->path,
		    sqlite3_errmsg(s->db), studentdb_sql[bad]);
		studentdb_disconnect(s);
		return STUDENTDB_UNAVAILABLE;
	}
	return STUDENTDB_FOUND;
}

enum studentdb_status
studentdb_open(struct studentdb *s, const char *path, char *err,
    size_t errlen)
{
	s->db = NULL;
	memset(s->st, 0, sizeof s->st);
	webbuf_init(&s->name);
	if ((size_t)snprintf(s->path, sizeof s->path, "%s", path) >=
	    sizeof s->path) {
		snprintf(err, errlen, "database path too long");
		s->path[0] = '\0';
		return STUDENTDB_ERROR;
	}
	return studentdb_connect(s, err, errlen);
}

enum studentdb_status
studentdb_get(struct studentdb *s, int64_t id, struct student *out,
    char *err, size_t errlen)
{
	enum studentdb_status ret;
	sqlite3_stmt *st;
	const unsigned char *name;
	int rc;

	if ((ret = studentdb_connect(s, err, errlen)) != STUDENTDB_FOUND)
		return ret;
	st = s->st[STUDENTDB_GET];
	if ((rc = sqlite3_bind_int64(st, 1, id)) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = STUDENTDB_NOT_FOUND;
		goto end;
	}
	if (rc != SQLITE_ROW)
		goto fail;
	webbuf_reset(&s->name);
	name = sqlite3_column_text(st, 0);
	if (name == NULL && sqlite3_errcode(s->db) == SQLITE_NOMEM) {
		rc = SQLITE_NOMEM;
		goto fail;
	}
	/* Copy before reset: column memory dies with the step. */
	if (webbuf_add(&s->name, name ? (const char *)name : "",
	    (size_t)sqlite3_column_bytes(st, 0)) == -1 ||
	    webbuf_add(&s->name, "", 0) == -1) {
		rc = SQLITE_NOMEM;
		goto fail;
	}
	out->name = s->name.p;
	out->namelen = s->name.len;
	out->id = sqlite3_column_int64(st, 1);
	out->has_age = sqlite3_column_type(st, 2) != SQLITE_NULL;
	out->age = out->has_age ? sqlite3_column_int64(st, 2) : 0;
	ret = STUDENTDB_FOUND;
	goto end;
fail:
	snprintf(err, errlen, "%s: %s: %s", s->path, sqlite3_errstr(rc),
	    sqlite3_errmsg(s->db));
	ret = rc == SQLITE_BUSY ? STUDENTDB_UNAVAILABLE : STUDENTDB_ERROR;
end:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (ret == STUDENTDB_ERROR || ret == STUDENTDB_UNAVAILABLE)
		studentdb_disconnect(s);
	return ret;
}

void
studentdb_close(struct studentdb *s)
{
	studentdb_disconnect(s);
	webbuf_free(&s->name);
}
