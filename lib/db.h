/* SQLite helpers shared by every program: opening with the project's
 * settings and preparing a whole statement table at once. */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <sqlite3.h>

/* The one result convention of every database module (studentdb,
 * student_admin, examdb, examdb_admin). "No row" and "already there" are
 * answers, not failures; only DB_ERROR means something broke, and then the
 * failure hook has already been told what. */
enum db_rc {
	DB_OK = 0,
	DB_NONE,	/* no such row */
	DB_EXISTS,	/* a unique key is taken */
	DB_BUSY,	/* locked past the busy timeout: try again later */
	DB_INVALID,	/* the input was refused (a file, a row); see the message */
	DB_ERROR	/* the database or the disk failed */
};

/* Where a program wants database failures reported: syslog for examd,
 * stderr for the commands, lighttpd's breakage log for the pages. sql is
 * the statement that failed (or a short description of the step), msg
 * SQLite's message. */
typedef void (*db_failure_fn)(const char *sql, const char *msg);

/* Installs the process's failure hook (NULL: report nothing). */
void db_set_failure_hook(db_failure_fn fn);

/* Reports a failure of db (its current message) while running sql through
 * the hook, and returns DB_BUSY for SQLITE_BUSY/LOCKED, DB_ERROR otherwise.
 * Call it right after the failing call, before anything else touches db. */
int db_fail(sqlite3 *db, const char *sql);

/* The advice db_connect adds to "no such database file", e.g. "create it
 * with 'examctl init', or give another with --db PATH" (static text;
 * NULL: none). */
void db_set_missing_hint(const char *hint);

/* Reports a failure that is not SQLite's own (out of memory, a file). */
void db_report(const char *what, const char *msg);

/* 1 when path names a PostgreSQL database (a postgresql:// or
 * postgres:// URI), 0 when it is a SQLite file. */
int db_is_uri(const char *path);

/* For a short-lived process with one thread and one connection, before
 * its first database call: SQLite without its mutexes and memory
 * statistics, which were an eighth of the instructions of an examd that
 * only counts its connection, and without the page cache's bulk
 * allocation of 20 pages at open, which touched them all (34 of the 186
 * page faults of such an examd) where it reads about ten. */
void db_short_process(void);

/* The name of a db_rc, for messages and tests. */
const char *db_rc_name(int rc);

/* Opens path with SQLITE_OPEN_* flags, a busy timeout of busy_ms and
 * extended result codes; a read-write connection also enforces foreign
 * keys (PRAGMA foreign_keys = ON). Returns NULL and writes the reason into err
 * (errlen bytes) on failure. The caller owns the handle (sqlite3_close). */
sqlite3 *db_open(const char *path, int flags, int busy_ms,
    char *err, size_t errlen);

/* db_open for a program with a failure hook: the path and the reason go
 * to the hook instead of into a buffer. The reason leads to the fix: a
 * missing file (with the hint of db_set_missing_hint), a permission the
 * process's user lacks, naming the user. A read-write open of a file
 * this user may only read fails ("read-only for user NAME") instead of
 * falling back to read-only as SQLite would. */
sqlite3 *db_connect(const char *path, int flags, int busy_ms);

/* Makes db wait up to busy_ms for a lock (0: not at all), in short steps;
 * db_open and db_connect set it. */
void db_set_busy(sqlite3 *db, int busy_ms);

/* Prepares n statements from sql[] into st[] with SQLITE_PREPARE_PERSISTENT,
 * for statements kept for the life of the process. On failure finalizes
 * what it prepared, stores the index of the failing statement in *bad and
 * returns the SQLite code. */
int db_prepare_all(sqlite3 *db, const char *const sql[], sqlite3_stmt *st[],
    size_t n, size_t *bad);

/* Finalizes n statements (NULLs allowed) and clears the array. */
void db_finalize_all(sqlite3_stmt *st[], size_t n);

/* Runs a script of SQL statements (schema, pragmas). Returns the SQLite
 * code; on failure writes the message into err. */
int db_exec(sqlite3 *db, const char *script, char *err, size_t errlen);

/* Runs `PRAGMA integrity_check` and returns 1 when it says "ok". */
int db_integrity_ok(sqlite3 *db);

#endif
