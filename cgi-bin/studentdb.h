/* Read-only lookups in Student_log.db for the student pages. The path
 * chooses the back end: a postgresql:// (or postgres://) URI is a
 * PostgreSQL database (studentdb_pg.c, a read-only session), anything else
 * a SQLite file opened with SQLITE_OPEN_READONLY. Either way the lookup
 * statement is prepared once, then kept across requests. When the database
 * cannot be opened, the caller answers 503 and the next lookup tries
 * again, so a database created or repaired later is picked up without a
 * restart; a file replaced at the path (another inode) is reopened. Results follow lib/db.h; every failure has been reported
 * through the process's failure hook (db_set_failure_hook) before the
 * call returns, with the failing SQL and SQLite's message. */
#ifndef STUDENTDB_H
#define STUDENTDB_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "db.h"
#include "webbuf.h"

enum studentdb_stmt {
	STUDENTDB_GET,
	STUDENTDB_NSTMT
};

struct pg_conn;		/* libpq's PGconn */

struct studentdb {
	char		 path[4096];
	int		 pg;	/* 1: path is a PostgreSQL URI */
	struct pg_conn	*conn;	/* PostgreSQL: the open connection */
	sqlite3		*db;
	dev_t		 dev;	/* the file db is open on */
	ino_t		 ino;
	sqlite3_stmt	*st[STUDENTDB_NSTMT];
	struct webbuf	 name;	/* the last student's name, reused */
};

struct student {
	const char	*name;	/* NUL-terminated; owned by the studentdb,
				 * valid until its next lookup */
	size_t		 namelen;
	int64_t		 id;
	int64_t		 age;
	int		 has_age;	/* 0 when Age is NULL */
};

/* The database path: $STUDENT_DB when set and not empty, else the
 * compiled-in DEFAULT_STUDENT_DB. Static or environment storage. */
const char *studentdb_default_path(void);

/* Prepares s for path (copied) and tries to open it at once. Returns
 * DB_OK (ready) or DB_BUSY (cannot open it now); s is usable either way,
 * and lookups retry the open. Returns DB_INVALID only when the path is too
 * long. */
enum db_rc studentdb_open(struct studentdb *s, const char *path);

/* Looks up the student with this ID: DB_OK fills *out, DB_NONE means no
 * such student, DB_BUSY that the file cannot be opened or is locked right
 * now (try again later), DB_ERROR that the query failed. After DB_BUSY or
 * DB_ERROR the handle is closed, so the next call reopens the file. */
enum db_rc studentdb_get(struct studentdb *s, int64_t id,
    struct student *out);

/* Closes the database and frees what s owns. */
void studentdb_close(struct studentdb *s);

/* The PostgreSQL back end of the three above (studentdb_pg.c), for
 * studentdb.c alone: same results, same reports. */
enum db_rc studentdb_pg_connect(struct studentdb *s);
enum db_rc studentdb_pg_get(struct studentdb *s, int64_t id,
    struct student *out);
void studentdb_pg_disconnect(struct studentdb *s);

#endif
