/* SPDX-License-Identifier: ISC */
/* The one result convention of every database module, and where their
 * failures are reported. The driver interface is sql.h. */
#ifndef DB_H
#define DB_H

/* "No row" and "already there" are answers, not failures; only DB_BUSY
 * and DB_ERROR mean something broke, and then the failure hook has
 * already been told what. */
enum db_rc {
	DB_OK = 0,
	DB_NONE,	/* no such row */
	DB_EXISTS,	/* a unique key is taken */
	DB_BUSY,	/* locked past the busy timeout, or the server is
			 * gone: try again later */
	DB_INVALID,	/* the input was refused (a file, a row); see the message */
	DB_ERROR	/* the database or the disk failed */
};

/* Where a program wants database failures reported: syslog for examd,
 * stderr for the commands, lighttpd's breakage log for the pages. what is
 * the statement that failed (or a short description of the step), msg
 * the database's message. */
typedef void (*db_failure_fn)(const char *what, const char *msg);

/* Installs the process's failure hook (NULL: report nothing). */
void db_set_failure_hook(db_failure_fn fn);

/* Reports a failure through the hook. */
void db_report(const char *what, const char *msg);

/* The advice added to "no such database file", e.g. "create it with
 * 'examctl init', or give another with --db PATH" (static text; NULL:
 * none), and what was set. */
void db_set_missing_hint(const char *hint);
const char *db_missing_hint(void);

/* 1 when path names a PostgreSQL database (a postgresql:// or
 * postgres:// URI), 0 when it is a SQLite file. */
int db_is_uri(const char *path);

/* The name of a db_rc, for messages and tests. */
const char *db_rc_name(int rc);

#endif
