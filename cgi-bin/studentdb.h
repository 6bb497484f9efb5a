/* Read-only lookups in Student_log.db for the student pages. The database
 * is opened with SQLITE_OPEN_READONLY and the lookup statement prepared
 * once, then kept across requests (reset, bind, step). When the file
 * cannot be opened, the caller answers 503 and the next lookup tries
 * again, so a database created or repaired later is picked up without a
 * restart. */
#ifndef STUDENTDB_H
#define STUDENTDB_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "webbuf.h"

enum studentdb_status {
	STUDENTDB_FOUND = 0,
	STUDENTDB_NOT_FOUND,
	STUDENTDB_UNAVAILABLE,	/* cannot open or prepare: retry later */
	STUDENTDB_ERROR		/* a query failed */
};

enum studentdb_stmt {
	STUDENTDB_GET,
	STUDENTDB_NSTMT
};

struct studentdb {
	char		 path[4096];
	sqlite3		*db;
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
 * STUDENTDB_FOUND (meaning ready) or STUDENTDB_UNAVAILABLE with the reason
 * in err; s is usable either way, and lookups retry the open. Returns
 * STUDENTDB_ERROR only when the path is too long. */
enum studentdb_status studentdb_open(struct studentdb *s, const char *path,
    char *err, size_t errlen);

/* Looks up the student with this ID. On STUDENTDB_FOUND fills *out. On
 * STUDENTDB_UNAVAILABLE or STUDENTDB_ERROR writes the reason into err (for
 * the log, not for users) and closes the handle so the next call reopens
 * the file. */
enum studentdb_status studentdb_get(struct studentdb *s, int64_t id,
    struct student *out, char *err, size_t errlen);

/* Closes the database and frees what s owns. */
void studentdb_close(struct studentdb *s);

#endif
