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
	STUDENTDB_CODED,
	STUDENTDB_GET_CODED,
	STUDENTDB_CODES_ON,
	STUDENTDB_NSTMT
};

/* A database from before the access codes has neither table: it is read
 * as before, without codes. */
static const struct sql_text studentdb_sql[STUDENTDB_NSTMT] = {
	[STUDENTDB_GET] = {
	    "SELECT Name, ID, Age FROM Fifth_students WHERE ID = ?1" },
	[STUDENTDB_CODED] = {
	    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
	    "AND name IN ('Access_key', 'Access_codes')",
	    "SELECT count(*) FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema() "
	    "AND tablename IN ('access_key', 'access_codes')" },
	/* One row whether or not the student is there: the key, the
	 * student's digest if any, and whether codes are in use at all. */
	[STUDENTDB_GET_CODED] = {
	    "SELECT s.Name, s.ID, s.Age, c.Digest, k.Key, "
	    "CASE WHEN EXISTS (SELECT 1 FROM Access_codes) THEN 1 ELSE 0 END "
	    "FROM Access_key k "
	    "LEFT JOIN Fifth_students s ON s.ID = ?1 "
	    "LEFT JOIN Access_codes c ON c.ID = ?1 WHERE k.Id = 1" },
	[STUDENTDB_CODES_ON] = {
	    "SELECT CASE WHEN EXISTS (SELECT 1 FROM Access_codes) "
	    "THEN 1 ELSE 0 END" },
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
/* Looks whether the database has the access codes' tables, until it has:
 * `studentctl codes issue` adds them to a database from before them while
 * the pages run, and from then on no lookup may skip the code. */
static enum db_rc
studentdb_coded(struct studentdb *s)
{
	long long tables = 0;
	enum db_rc rc;

	if (s->coded)
		return DB_OK;
	if ((rc = sql_value(s->db, STUDENTDB_CODED, &tables)) != DB_OK)
		return rc;
	if (tables == 2 && ((rc = sql_prepare(s->db, STUDENTDB_GET_CODED)) !=
	    DB_OK || (rc = sql_prepare(s->db, STUDENTDB_CODES_ON)) != DB_OK))
		return rc;
	s->coded = tables == 2;
	return DB_OK;
}

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
	s->coded = 0;
	if (sql_prepare(s->db, STUDENTDB_GET) != DB_OK ||
	    studentdb_coded(s) != DB_OK) {
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
	s->coded = 0;
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

/* Copies a key or digest (NULL: none) into a buffer of ACCESSCODE_HEX + 1
 * bytes, zero-filled, so that comparing all of it is always in bounds. */
static void
copy_hex(char *dst, const char *src)
{
	size_t n = src != NULL ? strlen(src) : 0;

	memset(dst, 0, ACCESSCODE_HEX + 1);
	memcpy(dst, src != NULL ? src : "", n < ACCESSCODE_HEX ? n :
	    ACCESSCODE_HEX);
}

/* Reads the current row of st into *out, the name copied into s (the
 * row's memory dies with the statement's reset). */
static enum db_rc
studentdb_row(struct studentdb *s, struct sql_stmt *st, struct student *out,
    int coded)
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
	if (coded) {
		out->has_code = !sql_col_null(st, 3);
		copy_hex(out->digest, sql_col_text(st, 3));
		copy_hex(out->key, sql_col_text(st, 4));
		out->codes = sql_col_int(st, 5) != 0;
		/* The key's row with no student: not there. */
		if (sql_col_null(st, 1))
			return DB_NONE;
	}
	return DB_OK;
}

enum db_rc
studentdb_get(struct studentdb *s, int64_t id, struct student *out)
{
	struct sql_stmt *st;
	enum db_rc rc;
	int coded;

	out->codes = out->has_code = 0;
	copy_hex(out->digest, NULL);
	copy_hex(out->key, NULL);
	if ((rc = studentdb_connect(s)) != DB_OK)
		return rc;
	if (studentmemo_get(s->memo, id, &rc, out))
		return rc;
	if ((rc = studentdb_coded(s)) != DB_OK) {
		studentdb_disconnect(s);
		return DB_BUSY;
	}
	coded = s->coded;
	st = sql_stmt(s->db, coded ? STUDENTDB_GET_CODED : STUDENTDB_GET);
	sql_bind_int(st, 1, id);
	/* The tables without the key's row (made by hand, not by
	 * studentctl): no code can have been issued; the plain lookup. */
	if ((rc = sql_next(st)) == DB_NONE && coded) {
		coded = 0;
		st = sql_stmt(s->db, STUDENTDB_GET);
		sql_bind_int(st, 1, id);
		rc = sql_next(st);
	}
	if (rc == DB_OK) {
		rc = studentdb_row(s, st, out, coded);
		sql_reset(st);
	}
	if (rc == DB_ERROR || rc == DB_BUSY)
		studentdb_disconnect(s);
	else
		studentmemo_put(s->memo, id, rc, out);
	return rc;
}

int
studentdb_codes_on(struct studentdb *s)
{
	long long on = 0;
	enum db_rc rc;
	int known;

	if (studentdb_connect(s) != DB_OK)
		return 0;
	/* Any commit (a code issued or cleared) changes the file's
	 * identity, and the database is asked again. */
	if (studentmemo_codes_get(s->memo, &known))
		return known;
	if (studentdb_coded(s) != DB_OK) {
		studentdb_disconnect(s);
		return 0;
	}
	if (!s->coded) {
		studentmemo_codes_put(s->memo, 0);
		return 0;
	}
	if ((rc = sql_value(s->db, STUDENTDB_CODES_ON, &on)) != DB_OK &&
	    rc != DB_NONE) {
		studentdb_disconnect(s);
		return 0;
	}
	studentmemo_codes_put(s->memo, rc == DB_OK && on != 0);
	return rc == DB_OK && on != 0;
}

void
studentdb_close(struct studentdb *s)
{
	studentdb_disconnect(s);
	studentmemo_close(s->memo);
	s->memo = NULL;
	webbuf_free(&s->name);
}
