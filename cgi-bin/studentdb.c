#include <sys/stat.h>

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
	if (s->pg) {
		studentdb_pg_disconnect(s);
		return;
	}
	db_finalize_all(s->st, STUDENTDB_NSTMT);
	sqlite3_close(s->db);
	s->db = NULL;
}

/* The one pragma of a connection; its own statement, so a failure names
 * it and not the lookup. */
static const char studentdb_pragma[] = "PRAGMA query_only = 1";

/* Opens and prepares when not done yet. Any failure here means "not
 * available now" (no file, not a student database, a WAL file we may not
 * read): DB_BUSY, and the next lookup tries again. */
static enum db_rc
studentdb_connect(struct studentdb *s)
{
	struct stat sb;
	size_t bad = 0;
	int found;

	if (s->pg)
		return studentdb_pg_connect(s);
	found = stat(s->path, &sb) == 0;
	/* A file replaced (`mv new.db Student_log.db`) or removed since it
	 * was opened is another file: reopen, so the pages serve what is at
	 * the path now. One stat() per lookup. The path is looked at before
	 * it is opened, so a replacement in between is seen next time. */
	if (s->db != NULL && found && sb.st_dev == s->dev &&
	    sb.st_ino == s->ino)
		return DB_OK;
	if (s->db != NULL)
		studentdb_disconnect(s);
	s->dev = found ? sb.st_dev : 0;
	s->ino = found ? sb.st_ino : 0;
	s->db = db_connect(s->path, SQLITE_OPEN_READONLY, STUDENTDB_BUSY_MS);
	if (s->db == NULL)
		return DB_BUSY;
	/* Belt and braces: even a mistaken statement cannot write. */
	if (sqlite3_exec(s->db, studentdb_pragma, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		db_fail(s->db, studentdb_pragma);
		goto fail;
	}
	if (db_prepare_all(s->db, studentdb_sql, s->st, STUDENTDB_NSTMT,
	    &bad) != SQLITE_OK) {
		db_fail(s->db, studentdb_sql[bad]);
		goto fail;
	}
	return DB_OK;
fail:
	studentdb_disconnect(s);
	return DB_BUSY;
}

enum db_rc
studentdb_open(struct studentdb *s, const char *path)
{
	s->db = NULL;
	s->conn = NULL;
	s->pg = db_is_uri(path);
	memset(s->st, 0, sizeof s->st);
	webbuf_init(&s->name);
	if ((size_t)snprintf(s->path, sizeof s->path, "%s", path) >=
	    sizeof s->path) {
		db_report("open", "database path too long");
		s->path[0] = '\0';
		return DB_INVALID;
	}
	return studentdb_connect(s);
}

enum db_rc
studentdb_get(struct studentdb *s, int64_t id, struct student *out)
{
	const char *sql = studentdb_sql[STUDENTDB_GET];
	const unsigned char *name;
	sqlite3_stmt *st;
	enum db_rc ret;
	int rc;

	if (s->pg)
		return studentdb_pg_get(s, id, out);
	if ((ret = studentdb_connect(s)) != DB_OK)
		return ret;
	st = s->st[STUDENTDB_GET];
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = DB_NONE;
		goto end;
	}
	if (rc != SQLITE_ROW)
		goto fail;
	webbuf_reset(&s->name);
	name = sqlite3_column_text(st, 0);
	if (name == NULL && sqlite3_errcode(s->db) == SQLITE_NOMEM)
		goto fail;
	/* Copy before reset: column memory dies with the step. */
	if (webbuf_add(&s->name, name ? (const char *)name : "",
	    (size_t)sqlite3_column_bytes(st, 0)) == -1 ||
	    webbuf_add(&s->name, "", 0) == -1) {
		db_report(sql, "out of memory copying the name");
		ret = DB_ERROR;
		goto end;
	}
	out->name = s->name.p;
	out->namelen = s->name.len;
	out->id = sqlite3_column_int64(st, 1);
	out->has_age = sqlite3_column_type(st, 2) != SQLITE_NULL;
	out->age = out->has_age ? sqlite3_column_int64(st, 2) : 0;
	ret = DB_OK;
	goto end;
fail:
	ret = db_fail(s->db, sql);
end:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (ret == DB_ERROR || ret == DB_BUSY)
		studentdb_disconnect(s);
	return ret;
}

void
studentdb_close(struct studentdb *s)
{
	studentdb_disconnect(s);
	webbuf_free(&s->name);
}
