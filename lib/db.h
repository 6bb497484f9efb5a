/* SQLite helpers shared by every program: opening with the project's
 * settings and preparing a whole statement table at once. */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <sqlite3.h>

/* Opens path with SQLITE_OPEN_* flags, a busy timeout of busy_ms and
 * extended result codes. Returns NULL and writes the reason into err
 * (errlen bytes) on failure. The caller owns the handle (sqlite3_close). */
sqlite3 *db_open(const char *path, int flags, int busy_ms,
    char *err, size_t errlen);

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
