/* Read-only lookups in Student_log.db for the student pages. The path
 * chooses the back end: a postgresql:// (or postgres://) URI is a
 * PostgreSQL database (studentdb_pg.c, a read-only session), anything else
 * a SQLite file opened with SQLITE_OPEN_READONLY. Either way the lookup
 * statement is prepared once, then kept across requests. When the database
 * cannot be opened, the caller answers 503 and the next lookup tries
 * again, so a database created or repaired later is picked up without a
 * restart; a file replaced at the path (another inode) is reopened.
 * Results follow lib/db.h; every failure has been reported through the
 * process's failure hook (db_set_failure_hook) before the call returns,
 * with the failing SQL and SQLite's message.
 *
 * SQLite answers are remembered (found and absent alike) together with
 * the file's identity when they were read: bytes 24-99 of its header,
 * which hold the change counter that every commit of a rollback-journal
 * database raises, and the file's size and modification time. A lookup
 * whose answer is remembered under the identity the file has now is
 * served without taking SQLite's lock (a stat and a 100-byte read); any
 * commit, any file written over in place, a WAL-mode file or a header
 * that cannot be read means the statement runs as before. */
#ifndef STUDENTDB_H
#define STUDENTDB_H

#include <sys/stat.h>
#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sqlite3.h>

#include "db.h"
#include "webbuf.h"

enum studentdb_stmt {
	STUDENTDB_GET,
	STUDENTDB_NSTMT
};

struct pg_conn;		/* libpq's PGconn */

/* The remembered answers: a direct-mapped table, so a lookup costs one
 * probe and the memory is bounded (256 KiB, touched only as used). */
#define STUDENTDB_SLOTS		1024
#define STUDENTDB_SLOT_NAME	231	/* longer names are not remembered */

struct studentdb_slot {
	int64_t		 id;
	int64_t		 age;
	uint32_t	 gen;	/* valid when it is the studentdb's gen */
	uint8_t		 found;	/* 0: no such student */
	uint8_t		 has_age;
	uint8_t		 namelen;
	char		 name[STUDENTDB_SLOT_NAME + 1];
};

/* What identifies the file's content: header bytes 24-99, size, mtime. */
struct studentdb_ident {
	unsigned char	 hdr[76];
	off_t		 size;
	struct timespec	 mtime;
};

struct studentdb {
	char		 path[4096];
	int		 pg;	/* 1: path is a PostgreSQL URI */
	struct pg_conn	*conn;	/* PostgreSQL: the open connection */
	sqlite3		*db;
	dev_t		 dev;	/* the file db is open on */
	ino_t		 ino;
	sqlite3_stmt	*st[STUDENTDB_NSTMT];
	struct webbuf	 name;	/* the last student's name, reused */
	int		 fd;	/* SQLite file: our own descriptor, for the
				 * header; closed only after db, since closing
				 * any descriptor drops the process's locks */
	struct stat	 sb;	/* the path, at the last connect check */
	struct studentdb_ident ident;	/* the slots' file identity */
	uint32_t	 gen;	/* bumped whenever ident changes */
	struct studentdb_slot *slots;	/* NULL: nothing remembered */
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
