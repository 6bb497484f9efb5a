/* lib/db.c: opening, statement tables, scripts, integrity check. */
#include <stdlib.h>
#include <unistd.h>

#include "db.h"
#include "tap.h"

int
main(void)
{
	char err[256], path[] = "/tmp/test_db.XXXXXX";
	static const char *const sql[] = { "SELECT 1", "SELECT x FROM t" };
	static const char *const bad_sql[] = { "SELECT 1", "SELEC nonsense" };
	sqlite3_stmt *st[2];
	sqlite3 *db;
	size_t bad = 99;
	int fd;

	fd = mkstemp(path);
	ok(fd >= 0, "temporary file");
	close(fd);
	db = db_open(path, SQLITE_OPEN_READWRITE, 100, err, sizeof err);
	ok(db != NULL, "db_open read-write");
	is_int(db_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (7);",
	    err, sizeof err), SQLITE_OK, "db_exec runs a script");
	ok(db_exec(db, "CREATE TABLE t(x)", err, sizeof err) != SQLITE_OK,
	    "db_exec reports an error");
	is_str(err, "table t already exists", "error message is kept");
	is_int(db_prepare_all(db, sql, st, 2, &bad), SQLITE_OK,
	    "db_prepare_all prepares a table");
	ok(sqlite3_step(st[1]) == SQLITE_ROW &&
	    sqlite3_column_int(st[1], 0) == 7, "prepared statement runs");
	db_finalize_all(st, 2);
	ok(st[0] == NULL && st[1] == NULL, "db_finalize_all clears");
	ok(db_prepare_all(db, bad_sql, st, 2, &bad) != SQLITE_OK,
	    "db_prepare_all fails on bad SQL");
	is_int(bad, 1, "and names the bad statement");
	ok(st[0] == NULL, "and finalizes what it prepared");
	ok(db_integrity_ok(db), "integrity check says ok");
	sqlite3_close(db);
	ok(db_open("/nonexistent/dir/x.db", SQLITE_OPEN_READONLY, 0, err,
	    sizeof err) == NULL, "db_open fails on a missing file");
	unlink(path);
	return tap_done();
}
