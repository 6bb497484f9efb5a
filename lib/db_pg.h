/* PostgreSQL helpers (libpq) for the database modules that have a second
 * back end: connecting with the project's settings, preparing a whole
 * statement table, and turning a failure into the one result convention
 * of lib/db.h, reported through the same failure hook. Only the programs
 * whose modules call these link libpq. */
#ifndef DB_PG_H
#define DB_PG_H

#include <stddef.h>
#include "pq.h"

#include "db.h"

/* Connects to uri (postgresql://...) in UTF-8, with a 5 s connect
 * timeout unless the URI sets one. Returns NULL after reporting the
 * server (never the password) and libpq's reason through the hook. The
 * caller owns the connection (PQfinish). */
PGconn *dbpg_connect(const char *uri);

/* Prepares n statements from sql[] on c, named "s0", "s1", ... after their
 * index. On failure stores the index in *bad and returns the reported
 * failure (dbpg_fail). */
enum db_rc dbpg_prepare_all(PGconn *c, const char *const sql[], size_t n,
    size_t *bad);

/* Runs prepared statement i (see dbpg_prepare_all) with nparams text
 * parameters (NULL for SQL NULL). Returns the result, which the caller
 * clears; NULL only when out of memory. */
PGresult *dbpg_run(PGconn *c, size_t i, int nparams,
    const char *const params[]);

/* 1 when r is a success (a command or rows). */
int dbpg_ok(const PGresult *r);

/* 1 when r failed on a unique key (SQLSTATE 23505). */
int dbpg_unique_violation(const PGresult *r);

/* Reports the failure of r (NULL: of the connection) while running sql
 * and returns DB_BUSY for a lost connection, a serialization failure, a
 * deadlock or a lock timeout (the next try may work), else DB_ERROR. */
enum db_rc dbpg_fail(PGconn *c, const PGresult *r, const char *sql);

/* Runs one plain statement (no parameters, e.g. BEGIN) or a script of
 * them; DB_OK or the reported failure naming what. */
enum db_rc dbpg_exec(PGconn *c, const char *sql, const char *what);

/* Parses an integer column value; -1 when it is not one. */
int dbpg_int64(const char *s, long long *out);

#endif
