/* SPDX-License-Identifier: ISC */
/* Read-only lookups in Student_log.db for the student pages, through
 * sql.h: the path chooses the back end (a postgresql:// or postgres://
 * URI is a PostgreSQL database, anything else a SQLite file), and either
 * way the connection only reads and the lookup statement is prepared
 * once, then kept across requests. When the database cannot be opened,
 * the caller answers 503 and the next lookup tries again, so a database
 * created or repaired later is picked up without a restart; a file
 * replaced at the path (another inode) is reopened. Results follow
 * lib/db.h; every failure has been reported through the process's
 * failure hook (db_set_failure_hook) before the call returns, with the
 * failing SQL and the database's message.
 *
 * A SQLite file's answers are remembered under the file's identity and
 * served without asking SQLite while the file keeps it (studentmemo.h). */
#ifndef STUDENTDB_H
#define STUDENTDB_H

#include <stddef.h>
#include <stdint.h>

#include "accesscode.h"
#include "db.h"
#include "webbuf.h"

struct sql;
struct studentmemo;

struct studentdb {
	char		 path[4096];
	struct sql	*db;	/* NULL: not open now */
	struct studentmemo *memo;	/* a SQLite file's; NULL for a URI */
	struct webbuf	 name;	/* the last student's name, reused */
	int		 coded;	/* the database has the access codes'
				 * tables (looked at on each connect) */
};

struct student {
	const char	*name;	/* NUL-terminated; owned by the studentdb,
				 * valid until its next lookup */
	size_t		 namelen;
	int64_t		 id;
	int64_t		 age;
	int		 has_age;	/* 0 when Age is NULL */
	/* The access codes, for a found student and an absent one alike,
	 * so that both cost the same check: */
	int		 codes;		/* some student has a code: the pages
					 * ask for it */
	int		 has_code;	/* this student has one */
	char		 digest[ACCESSCODE_HEX + 1];	/* its digest, or "" */
	char		 key[ACCESSCODE_HEX + 1];	/* the database's key */
};

/* The database path: $STUDENT_DB when set and not empty, else the
 * compiled-in DEFAULT_STUDENT_DB. Static or environment storage. */
const char *studentdb_default_path(void);

/* Prepares s for path (copied) and tries to open it at once. Returns
 * DB_OK (ready) or DB_BUSY (cannot open it now); s is usable either way,
 * and lookups retry the open. Returns DB_INVALID only when the path is too
 * long or memory runs out (reported); s then holds nothing, and closing
 * it is harmless. */
enum db_rc studentdb_open(struct studentdb *s, const char *path);

/* Looks up the student with this ID: DB_OK fills *out, DB_NONE means no
 * such student (the access codes' fields of *out are filled either way), DB_BUSY that the database cannot be opened or is locked
 * right now (try again later), DB_ERROR that the query failed. After
 * DB_BUSY or DB_ERROR the connection is closed, so the next call opens
 * the database again. */
enum db_rc studentdb_get(struct studentdb *s, int64_t id,
    struct student *out);

/* 1 when some student has an access code (the login form then asks for
 * it), 0 when none has or the database cannot be read now (the lookup
 * will say so). */
int studentdb_codes_on(struct studentdb *s);

/* Closes the database and frees what s owns. */
void studentdb_close(struct studentdb *s);

#endif
