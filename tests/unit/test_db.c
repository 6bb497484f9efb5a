/* lib/db.c: opening, statement tables, scripts, integrity check. */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "tap.h"

static char reported[512];

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The busy handler: a lock held by another process is waited for in
 * short steps, up to the timeout and not much longer. */
static void
test_busy(const char *path)
{
	char err[256];
	sqlite3 *a, *b;
	double t0, took;
	pid_t pid;
	int p[2], rc;
	char c;

	if (pipe(p) != 0 || (pid = fork()) < 0) {
		ok(0, "pipe and fork");
		return;
	}
	if (pid == 0) {
		/* Holds the write lock for 300 ms, or until killed. */
		a = db_open(path, SQLITE_OPEN_READWRITE, 0, err, sizeof err);
		if (a == NULL || sqlite3_exec(a, "BEGIN EXCLUSIVE", NULL, NULL,
		    NULL) != SQLITE_OK)
			_exit(1);
		(void)write(p[1], "x", 1);
		usleep(300000);
		sqlite3_exec(a, "ROLLBACK", NULL, NULL, NULL);
		_exit(0);
	}
	close(p[1]);
	ok(read(p[0], &c, 1) == 1, "another process holds the write lock");
	close(p[0]);
	b = db_open(path, SQLITE_OPEN_READWRITE, 100, err, sizeof err);
	t0 = now_ms();
	rc = sqlite3_exec(b, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	took = now_ms() - t0;
	is_int(rc, SQLITE_BUSY, "a 100 ms timeout gives up");
	ok(took >= 95 && took < 180, "after 100 ms, not much more");
	db_set_busy(b, 2000);
	t0 = now_ms();
	rc = sqlite3_exec(b, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	took = now_ms() - t0;
	is_int(rc, SQLITE_OK, "a longer one gets the lock once it is free");
	ok(took < 600, "and does not wait out the timeout");
	sqlite3_exec(b, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(b);
	waitpid(pid, NULL, 0);
}

static void
hook(const char *what, const char *msg)
{
	snprintf(reported, sizeof reported, "%s: %s", what, msg);
}

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

	db_set_failure_hook(hook);
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
	/* A read-write connection enforces the schema's references. */
	ok(sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &st[0], NULL) ==
	    SQLITE_OK && sqlite3_step(st[0]) == SQLITE_ROW &&
	    sqlite3_column_int(st[0], 0) == 1, "foreign keys are on");
	sqlite3_finalize(st[0]);
	is_int(db_exec(db, "CREATE TABLE p (k INTEGER PRIMARY KEY);"
	    "CREATE TABLE c (k INTEGER REFERENCES p(k) ON DELETE CASCADE);"
	    "INSERT INTO p VALUES (1), (2); INSERT INTO c VALUES (1), (1), (2);"
	    "DELETE FROM p WHERE k = 1;", err, sizeof err), SQLITE_OK,
	    "a parent row deleted");
	ok(sqlite3_prepare_v2(db, "SELECT count(*) FROM c", -1, &st[0],
	    NULL) == SQLITE_OK && sqlite3_step(st[0]) == SQLITE_ROW &&
	    sqlite3_column_int(st[0], 0) == 1, "ON DELETE CASCADE took its rows");
	sqlite3_finalize(st[0]);
	ok(db_exec(db, "INSERT INTO c VALUES (9)", err, sizeof err) !=
	    SQLITE_OK, "a row without its parent is refused");
	sqlite3_close(db);
	db = db_open(path, SQLITE_OPEN_READONLY, 100, err, sizeof err);
	ok(db != NULL && sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1,
	    &st[0], NULL) == SQLITE_OK && sqlite3_step(st[0]) == SQLITE_ROW &&
	    sqlite3_column_int(st[0], 0) == 0, "a read-only connection does "
	    "not ask (it cannot break a reference)");
	sqlite3_finalize(st[0]);
	sqlite3_close(db);
	db = db_connect("/nonexistent/dir/x.db", SQLITE_OPEN_READWRITE, 0);
	ok(db == NULL, "db_connect fails on a missing file");
	is_str(reported, "/nonexistent/dir/x.db: no such database file",
	    "and tells the hook the path and that the file is missing");
	db_set_missing_hint("create it with 'x init'");
	db = db_connect("/nonexistent/dir/x.db", SQLITE_OPEN_READWRITE, 0);
	is_str(reported, "/nonexistent/dir/x.db: no such database file; "
	    "create it with 'x init'", "with the program's hint");
	db_set_missing_hint(NULL);
	ok(db_open("/nonexistent/dir/x.db", SQLITE_OPEN_READONLY, 0, err,
	    sizeof err) == NULL, "db_open fails on a missing file");
	/* The back end is the path's: a URI is PostgreSQL, the rest files. */
	ok(db_is_uri("postgresql://u@h:5432/db"), "postgresql:// is a URI");
	ok(db_is_uri("postgres://h/db"), "postgres:// is a URI");
	ok(!db_is_uri("Student_log.db"), "a file name is not");
	ok(!db_is_uri("postgresql:/x"), "nor a near miss");
	ok(!db_is_uri("./postgresql://x"), "nor a path that holds one");
	ok(!db_is_uri("POSTGRESQL://h/db"), "the scheme is lower case");
	ok(!db_is_uri(""), "nor an empty path");
	test_busy(path);
	unlink(path);
	return tap_done();
}
