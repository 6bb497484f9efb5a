/* SPDX-License-Identifier: ISC */
/* The database interface every database module is written against once:
 * a connection, a table of statements prepared on first use, typed binds
 * and columns, transactions, and every failure classified into the one
 * result convention of db.h. The path chooses the driver: a
 * postgresql:// (or postgres://) URI is PostgreSQL (sql_pg.c, libpq
 * loaded on first use), anything else a SQLite file (sql_sqlite.c).
 * Callers never see either library's handles.
 *
 * A failure is reported once, by the driver, through the process's
 * failure hook (db_set_failure_hook) with the statement's text and the
 * database's message; callers only choose what the user sees. */
#ifndef SQL_H
#define SQL_H

#include <stddef.h>

#include "db.h"

struct sql;		/* a connection */
struct sql_stmt;	/* one statement of its table */

/* One statement's text. text runs on both back ends, with its parameters
 * written ?1, ?2...; pg, when not NULL, replaces it on PostgreSQL where
 * the dialects really differ (row locks, collations, catalogues, time
 * formatting). An empty text means there is nothing to run on that back
 * end: such a statement returns no rows and changes nothing (a row lock
 * that SQLite's BEGIN IMMEDIATE already gives, say). */
struct sql_text {
	const char	*text;
	const char	*pg;
};

/* sql_open's flags. */
#define SQL_READONLY	0x01	/* may only read, whatever the rights */
#define SQL_CREATE	0x02	/* a missing SQLite file is created */
#define SQL_FILE	0x04	/* the path is a SQLite file, never a URI */
/* One of many short-lived processes writing the same SQLite file, one per
 * client connection (examd): the -wal and -shm files are kept between
 * them and the -wal is checkpointed by the rules of sql_sqlite.c. */
#define SQL_ONE_OF_MANY	0x08

/* How a transaction begins. */
enum sql_tx {
	SQL_TX_READ,	/* one consistent snapshot, read only */
	SQL_TX_WRITE,	/* the write lock at once (SQLite); commits durably */
	SQL_TX_WRITE_LAZY	/* as WRITE, but a crash may lose the commit
				 * (never leave it half-written) */
};

/* Opens the database at path with the statement table of n entries
 * (kept by the caller for the connection's life). A lock is waited for up
 * to busy_ms (PostgreSQL: lock_timeout); a read-write SQLite connection
 * enforces foreign keys. Returns NULL after reporting why, in words that
 * lead to the fix. Closed with sql_close. */
struct sql *sql_open(const char *path, int flags, int busy_ms,
    const struct sql_text *table, size_t n);

/* Finalizes the statements and closes. NULL is allowed. */
void sql_close(struct sql *db);

/* The database as messages name it: the file's path, or
 * postgresql://user@host:port/name (never a password). */
const char *sql_name(const struct sql *db);

/* Statement i of the table, prepared on its first use. Never NULL: a
 * statement that could not be prepared has reported why, and its next
 * sql_run or sql_next returns the failure. */
struct sql_stmt *sql_stmt(struct sql *db, size_t i);

/* Prepares statement i now (so that a bad table fails at open, or no
 * compiling happens under a lock): DB_OK or the reported failure. */
enum db_rc sql_prepare(struct sql *db, size_t i);

/* Bind parameter k (from 1). Text is not copied: it must live until the
 * statement is run or reset. NULL text binds SQL NULL. A failure is
 * reported and returned by the next sql_run or sql_next. */
void sql_bind_text(struct sql_stmt *st, int k, const char *v);
void sql_bind_int(struct sql_stmt *st, int k, long long v);

/* Runs a statement to its end, its rows unread, and resets it. DB_OK,
 * DB_EXISTS (a unique key is taken: not reported), DB_BUSY or
 * DB_ERROR (reported). */
enum db_rc sql_run(struct sql_stmt *st);

/* Steps to the next row: DB_OK when a row is there to read, DB_NONE at
 * the end; a failure as sql_run's. After anything but DB_OK the
 * statement has been reset. */
enum db_rc sql_next(struct sql_stmt *st);

/* Ends the use of a statement before its last row: its bindings are
 * cleared and its locks released. */
void sql_reset(struct sql_stmt *st);

/* Column col (from 0) of the current row. Text is NULL for SQL NULL and
 * lives until the next sql_next or sql_reset of the statement; an
 * integer column that holds no integer reads as 0, as SQLite reads it. */
const char *sql_col_text(struct sql_stmt *st, int col);
size_t sql_col_len(struct sql_stmt *st, int col);
long long sql_col_int(struct sql_stmt *st, int col);
int sql_col_null(struct sql_stmt *st, int col);

/* Rows changed by the last statement run on db. */
long long sql_changes(struct sql *db);

/* Runs statement i (bound beforehand, if at all) for the first column of
 * its first row, into *v: DB_OK, DB_NONE when it has no row, or a
 * reported failure. */
enum db_rc sql_value(struct sql *db, size_t i, long long *v);

/* Transactions. sql_finish ends one: it commits when rc is DB_OK (a
 * failing commit, or one the database turned into a rollback, becomes
 * the result) and otherwise rolls back, keeping rc. sql_rollback rolls
 * back whatever is still open, if anything. */
enum db_rc sql_begin(struct sql *db, enum sql_tx how);
enum db_rc sql_finish(struct sql *db, enum db_rc rc);
void sql_rollback(struct sql *db);

/* Runs a script of statements without parameters (a schema): script's
 * text for this back end. what names it in a report. */
enum db_rc sql_script(struct sql *db, const struct sql_text *script,
    const char *what);

/* Writes a consistent copy of the whole database, as one snapshot taken
 * while others may go on writing, into file, which must not exist yet (it
 * is created with mode 0666 less the umask, and removed again on
 * failure); the copy is on disk when this returns DB_OK. Run it outside
 * a transaction. DB_EXISTS (reported) when file exists; on PostgreSQL
 * DB_INVALID, reported with what to use instead (pg_dump). */
enum db_rc sql_backup(struct sql *db, const char *file);

/* For a short-lived process with one thread and one connection, before
 * its first database call: SQLite without its mutexes, its memory
 * statistics and its bulk page-cache allocation. */
void sql_short_process(void);

#endif
