/* SPDX-License-Identifier: ISC */
/* lib/sql.h over both drivers: opening (the reasons a SQLite file cannot
 * be opened, foreign keys, read-only connections, the busy handler), the
 * statement table (?N parameters in any order, each back end's text,
 * statements prepared on first use, sticky failures reported once), binds
 * and columns, transactions, and lib/db.c's helpers. The scenario runs on
 * SQLite, then on PostgreSQL when PG_URI names a server (tests/run starts
 * one and exports it: postgresql://USER@HOST:PORT, no database), in a
 * database of its own that it drops at the end. */
#include <sys/stat.h>
#include <sys/wait.h>

#include <grp.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sql.h"
#include "tap.h"

static char reported[1024];
static int nreports;

static void
hook(const char *what, const char *msg)
{
	snprintf(reported, sizeof reported, "%s: %s", what, msg);
	nreports++;
}

/* The back end the checks are about, in their descriptions. */
static const char *backend = "sqlite";

static const char *
W(const char *what)
{
	static char buf[256];

	snprintf(buf, sizeof buf, "%s: %s", backend, what);
	return buf;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

enum {
	S_ADD,
	S_SET_A,
	S_TOUCH,
	S_ROWS,
	S_A_OF,
	S_B_OF,
	S_COUNT,
	S_BAD,
	S_EMPTY_ON_SQLITE,
	S_EMPTY_ON_PG,
	S_WHICH,
	S_SAME,
	S_FK,
	S_QUERY_ONLY,
	S_P_ADD,
	S_C_ADD,
	S_P_DEL,
	S_C_COUNT,
	S_N
};

static const struct sql_text table[S_N] = {
	[S_ADD] = { "INSERT INTO t (k, a, b, c) VALUES (?1, ?2, ?3, ?4)" },
	/* The parameters out of their order in the text. */
	[S_SET_A] = { "UPDATE t SET a = ?3 WHERE b = ?1 AND c = ?2" },
	[S_TOUCH] = { "UPDATE t SET a = a WHERE b >= ?1" },
	[S_ROWS] = { "SELECT k, a, b, c FROM t WHERE b >= ?1 ORDER BY k" },
	[S_A_OF] = { "SELECT a FROM t WHERE k = ?1" },
	[S_B_OF] = { "SELECT b FROM t WHERE k = ?1" },
	[S_COUNT] = { "SELECT count(*) FROM t" },
	[S_BAD] = { "SELEC nonsense FROM t WHERE k = ?1 AND a = ?2" },
	[S_EMPTY_ON_SQLITE] = { "", "SELECT 7" },
	[S_EMPTY_ON_PG] = { "SELECT 7", "" },
	[S_WHICH] = { "SELECT 'text'", "SELECT 'pg'" },
	[S_SAME] = { "SELECT 'text'", NULL },
	/* SQLite's alone: PostgreSQL always enforces references. */
	[S_FK] = { "PRAGMA foreign_keys", "" },
	[S_QUERY_ONLY] = { "PRAGMA query_only",
	    "SELECT CASE WHEN current_setting('transaction_read_only') = 'on' "
	    "THEN 1 ELSE 0 END" },
	[S_P_ADD] = { "INSERT INTO p (k) VALUES (?1)" },
	[S_C_ADD] = { "INSERT INTO ch (k) VALUES (?1)" },
	[S_P_DEL] = { "DELETE FROM p WHERE k = ?1" },
	[S_C_COUNT] = { "SELECT count(*) FROM ch" },
};

/* b is BIGINT on PostgreSQL, where INTEGER has 32 bits: the script's pg
 * text is the one that runs there, or 5000000000 would not fit. */
static const struct sql_text schema = {
	"CREATE TABLE t (k INTEGER PRIMARY KEY, a TEXT, b INTEGER NOT NULL, "
	"c TEXT, UNIQUE (b, c));"
	"CREATE TABLE p (k INTEGER PRIMARY KEY);"
	"CREATE TABLE ch (k INTEGER REFERENCES p (k) ON DELETE CASCADE);",
	"CREATE TABLE t (k INTEGER PRIMARY KEY, a TEXT, b BIGINT NOT NULL, "
	"c TEXT, UNIQUE (b, c));"
	"CREATE TABLE p (k INTEGER PRIMARY KEY);"
	"CREATE TABLE ch (k INTEGER REFERENCES p (k) ON DELETE CASCADE);"
};

static enum db_rc
add(struct sql *db, long long k, const char *a, long long b, const char *c)
{
	struct sql_stmt *st = sql_stmt(db, S_ADD);

	sql_bind_int(st, 1, k);
	sql_bind_text(st, 2, a);
	sql_bind_int(st, 3, b);
	sql_bind_text(st, 4, c);
	return sql_run(st);
}

/* Runs statement i with ?1 = v. */
static enum db_rc
run1(struct sql *db, size_t i, long long v)
{
	struct sql_stmt *st = sql_stmt(db, i);

	sql_bind_int(st, 1, v);
	return sql_run(st);
}

/* Statement i's one value, or -1 when it gave none. */
static long long
value(struct sql *db, size_t i)
{
	long long v = -1;

	return sql_value(db, i, &v) == DB_OK ? v : -1;
}

/* t's a for key k, "(null)" for NULL, "(no row)" or the failure's name. */
static const char *
a_of(struct sql *db, long long k)
{
	static char buf[64];
	struct sql_stmt *st = sql_stmt(db, S_A_OF);
	const char *a;
	enum db_rc rc;

	sql_bind_int(st, 1, k);
	if ((rc = sql_next(st)) != DB_OK)
		return rc == DB_NONE ? "(no row)" : db_rc_name(rc);
	a = sql_col_text(st, 0);
	snprintf(buf, sizeof buf, "%s", a != NULL ? a : "(null)");
	sql_reset(st);
	return buf;
}

/* is_int(rc, DB_OK, what), and whether it is a row to read. */
static int
row(enum db_rc rc, const char *what)
{
	is_int(rc, DB_OK, what);
	return rc == DB_OK;
}

/* Walks the rows with b >= 10, as the scenario made them: (1, "uno", 10),
 * (2, NULL, 10), (3, "h\xc3\xa9llo", 5000000000). Stops at the first
 * row missing. */
static void
walk(struct sql *db)
{
	struct sql_stmt *st = sql_stmt(db, S_ROWS);

	sql_bind_int(st, 1, 10);
	if (!row(sql_next(st), W("sql_next: DB_OK with a row")))
		return;
	is_int(sql_col_int(st, 0), 1, W("sql_col_int"));
	is_str(sql_col_text(st, 1), "uno", W("sql_col_text"));
	is_int(sql_col_len(st, 1), 3, W("sql_col_len"));
	is_int(sql_col_null(st, 1), 0, W("sql_col_null: 0 for a value"));
	sql_reset(st);
	is_int(sql_next(st), DB_NONE, W("sql_reset clears the bindings "
	    "(?1 is NULL: no row)"));
	sql_bind_int(st, 1, 10);
	if (!row(sql_next(st), W("after sql_reset the statement runs again")))
		return;
	is_int(sql_col_int(st, 0), 1, W("from its first row"));
	if (!row(sql_next(st), W("sql_next: the second row")))
		return;
	is_int(sql_col_int(st, 0), 2, W("in order"));
	is_int(sql_col_null(st, 1), 1, W("sql_col_null: 1 for NULL"));
	ok(sql_col_text(st, 1) == NULL, W("sql_col_text: NULL for NULL"));
	is_int(sql_col_int(st, 1), 0, W("sql_col_int: 0 for NULL"));
	if (!row(sql_next(st), W("sql_next: the third row")))
		return;
	is_int(sql_col_int(st, 2), 5000000000LL, W("sql_col_int: 64 bits"));
	is_str(sql_col_text(st, 1), "h\xc3\xa9llo", W("UTF-8 text"));
	is_int(sql_col_len(st, 1), 6, W("sql_col_len counts bytes"));
	is_int(sql_col_int(st, 1), 0,
	    W("sql_col_int: 0 for text that is no integer"));
	is_str(sql_col_text(st, 2), "5000000000",
	    W("sql_col_text of an integer"));
	is_int(sql_next(st), DB_NONE, W("sql_next: DB_NONE at the end"));
	is_int(sql_next(st), DB_NONE, W("which reset the statement and "
	    "cleared its bindings"));
}

/* The scenario, on the database at target (a SQLite file that does not
 * exist yet, or a new, empty PostgreSQL database), named name. */
static void
scenario(const char *target, int pg, const char *name)
{
	static const struct sql_text again = { "CREATE TABLE t (x INTEGER)",
	    NULL };
	struct sql *db, *ro, *other;
	struct sql_stmt *st;
	char want[600];
	long long v;
	double t0, took;
	int before;
	size_t here, there;

	backend = pg ? "postgresql" : "sqlite";
	db = sql_open(target, SQL_CREATE, 1000, table, S_N);
	ok(db != NULL, W("opens read-write"));
	if (db == NULL)
		return;
	is_str(sql_name(db), name, W("sql_name names the database"));
	is_int(sql_script(db, &schema, "schema"), DB_OK,
	    W("sql_script runs this back end's script"));
	before = nreports;
	is_int(sql_script(db, &again, "the table again"), DB_ERROR,
	    W("a failing script is DB_ERROR"));
	is_int(nreports, before + 1, W("reported once"));
	/* PostgreSQL's reports name the server first. */
	snprintf(want, sizeof want, "%s%sthe table again: ", pg ? name : "",
	    pg ? ": " : "");
	ok(strncmp(reported, want, strlen(want)) == 0 &&
	    strstr(reported, "already exists") != NULL,
	    W("under the script's name, with the database's message"));

	/* Binds and sql_changes. */
	is_int(add(db, 1, "one", 10, "x"), DB_OK, W("a row added"));
	is_int(sql_changes(db), 1, W("sql_changes: 1"));
	is_int(add(db, 2, NULL, 10, "y"), DB_OK,
	    W("a row added with a NULL text"));
	is_int(add(db, 3, "h\xc3\xa9llo", 5000000000LL, "x"), DB_OK,
	    W("a row with a 64-bit integer"));
	before = nreports;
	is_int(add(db, 1, "dup", 99, "z"), DB_EXISTS,
	    W("a primary key taken: DB_EXISTS"));
	is_int(add(db, 4, "dup", 10, "x"), DB_EXISTS,
	    W("a UNIQUE pair taken: DB_EXISTS"));
	is_int(nreports, before, W("neither is reported to the hook"));
	is_int(value(db, S_COUNT), 3, W("sql_value counts the rows"));

	/* ?3, ?1, ?2 in the text's order: a = "uno" where b = 10, c = "x". */
	st = sql_stmt(db, S_SET_A);
	sql_bind_int(st, 1, 10);
	sql_bind_text(st, 2, "x");
	sql_bind_text(st, 3, "uno");
	is_int(sql_run(st), DB_OK, W("?N parameters used out of order"));
	is_int(sql_changes(db), 1, W("changed one row"));
	is_str(a_of(db, 1), "uno", W("each bound where its number says"));
	is_str(a_of(db, 2), "(null)", W("the other row kept its NULL"));
	is_int(run1(db, S_TOUCH, 10), DB_OK, W("an update of every row"));
	is_int(sql_changes(db), 3, W("sql_changes: 3"));
	is_int(run1(db, S_TOUCH, 6000000000LL), DB_OK,
	    W("an update of no row"));
	is_int(sql_changes(db), 0, W("sql_changes: 0"));

	walk(db);
	st = sql_stmt(db, S_B_OF);
	sql_bind_int(st, 1, 3);
	v = -1;
	is_int(sql_value(db, S_B_OF, &v), DB_OK,
	    W("sql_value with a bound parameter"));
	is_int(v, 5000000000LL, W("reads the first column"));
	st = sql_stmt(db, S_B_OF);
	sql_bind_int(st, 1, 99);
	is_int(sql_value(db, S_B_OF, &v), DB_NONE,
	    W("sql_value: DB_NONE without a row"));

	/* A statement that cannot be prepared: reported once, when it is
	 * first asked for, and its failure returned by sql_run. */
	before = nreports;
	st = sql_stmt(db, S_BAD);
	ok(st != NULL, W("sql_stmt of a bad statement is not NULL"));
	is_int(nreports, before + 1, W("the failure is reported at once"));
	ok(strstr(reported, table[S_BAD].text) != NULL,
	    W("with the statement's text"));
	ok(sql_stmt(db, S_BAD) == st && nreports == before + 1,
	    W("asked for again before it runs: not reported again"));
	sql_bind_int(st, 1, 1);
	sql_bind_text(st, 2, "x");
	is_int(sql_run(st), DB_ERROR, W("sql_run returns the failure"));
	is_int(nreports, before + 1, W("which is not reported again"));
	is_int(sql_next(sql_stmt(db, S_BAD)), DB_ERROR,
	    W("asked for once its failure was returned, it fails again"));
	is_int(sql_prepare(db, S_BAD), DB_ERROR,
	    W("sql_prepare returns it too"));
	is_int(sql_prepare(db, S_COUNT), DB_OK, W("sql_prepare: DB_OK"));
	/* A bind that fails: reported, the run fails, the next use works. */
	before = nreports;
	st = sql_stmt(db, S_A_OF);
	sql_bind_int(st, 5, 1);
	is_int(nreports, before + 1,
	    W("a bind to a parameter the text lacks is reported"));
	is_int(sql_next(st), DB_ERROR, W("and fails the statement's run"));
	is_str(a_of(db, 1), "uno", W("which works again afterwards"));

	/* Texts of one back end. */
	here = pg ? S_EMPTY_ON_PG : S_EMPTY_ON_SQLITE;
	there = pg ? S_EMPTY_ON_SQLITE : S_EMPTY_ON_PG;
	before = nreports;
	st = sql_stmt(db, here);
	sql_bind_int(st, 1, 3);
	is_int(sql_next(st), DB_NONE,
	    W("a statement empty on this back end: sql_next DB_NONE"));
	is_int(sql_run(sql_stmt(db, here)), DB_OK, W("sql_run DB_OK"));
	is_int(sql_prepare(db, here), DB_OK, W("sql_prepare DB_OK"));
	is_int(nreports, before, W("nothing reported"));
	is_int(value(db, there), 7,
	    W("one empty on the other back end runs its text here"));
	st = sql_stmt(db, S_WHICH);
	if (row(sql_next(st), W("a statement with a pg text"))) {
		is_str(sql_col_text(st, 0), pg ? "pg" : "text",
		    W(pg ? "runs its pg text" : "runs its text, not the pg "
		    "one"));
		sql_reset(st);
	}
	st = sql_stmt(db, S_SAME);
	if (row(sql_next(st), W("a statement without one"))) {
		is_str(sql_col_text(st, 0), "text", W("runs its text"));
		sql_reset(st);
	}

	/* References. */
	v = -1;
	if (!pg) {
		is_int(sql_value(db, S_FK, &v), DB_OK,
		    W("PRAGMA foreign_keys"));
		is_int(v, 1, W("foreign keys are on for a read-write "
		    "connection"));
	}
	ok(run1(db, S_P_ADD, 1) == DB_OK && run1(db, S_P_ADD, 2) == DB_OK &&
	    run1(db, S_C_ADD, 1) == DB_OK && run1(db, S_C_ADD, 1) == DB_OK &&
	    run1(db, S_C_ADD, 2) == DB_OK, W("parents and children added"));
	is_int(run1(db, S_P_DEL, 1), DB_OK, W("a parent row deleted"));
	is_int(value(db, S_C_COUNT), 1, W("ON DELETE CASCADE took its rows"));
	before = nreports;
	is_int(run1(db, S_C_ADD, 9), DB_ERROR,
	    W("a row without its parent is refused"));
	ok(nreports == before + 1 && strcasestr(reported, "foreign key"),
	    W("reported as a foreign key's failure"));

	/* Transactions; other is a second connection, to see commits. */
	ro = sql_open(target, SQL_READONLY, 1000, table, S_N);
	ok(ro != NULL, W("opens read-only"));
	other = sql_open(target, 0, 100, table, S_N);
	ok(other != NULL, W("a second read-write connection"));
	if (ro == NULL || other == NULL) {
		sql_close(ro);
		sql_close(other);
		sql_close(db);
		return;
	}
	is_int(sql_begin(db, SQL_TX_WRITE), DB_OK, W("sql_begin: write"));
	is_int(add(db, 10, "ten", 100, "t"), DB_OK, W("a row in it"));
	is_int(sql_finish(db, DB_OK), DB_OK, W("sql_finish(DB_OK) commits"));
	is_str(a_of(ro, 10), "ten", W("another connection sees the row"));
	is_int(sql_begin(db, SQL_TX_WRITE), DB_OK, W("sql_begin again"));
	is_int(add(db, 11, "eleven", 110, "t"), DB_OK, W("a row in it"));
	is_str(a_of(db, 11), "eleven", W("seen inside"));
	is_int(sql_finish(db, DB_ERROR), DB_ERROR,
	    W("sql_finish(DB_ERROR) keeps DB_ERROR"));
	is_str(a_of(db, 11), "(no row)", W("and rolled back"));
	is_int(sql_begin(db, SQL_TX_WRITE), DB_OK, W("sql_begin again"));
	is_int(add(db, 12, "twelve", 120, "t"), DB_OK, W("a row in it"));
	is_int(sql_finish(db, DB_EXISTS), DB_EXISTS,
	    W("sql_finish(DB_EXISTS) keeps DB_EXISTS"));
	is_str(a_of(db, 12), "(no row)", W("and rolled back"));
	is_int(sql_begin(db, SQL_TX_WRITE_LAZY), DB_OK, W("sql_begin: lazy"));
	is_int(add(db, 13, "thirteen", 130, "t"), DB_OK, W("a row in it"));
	is_int(sql_finish(db, DB_OK), DB_OK, W("commits"));
	is_str(a_of(ro, 13), "thirteen", W("another connection sees it"));
	is_int(sql_begin(ro, SQL_TX_READ), DB_OK, W("sql_begin: read"));
	is_int(value(ro, S_COUNT), 5, W("reads in it"));
	is_int(sql_finish(ro, DB_OK), DB_OK, W("and ends it"));
	before = nreports;
	sql_rollback(db);
	is_int(nreports, before,
	    W("sql_rollback without a transaction does nothing"));

	/* The read-only connection. */
	is_int(value(ro, S_QUERY_ONLY), 1, W("a read-only connection is "
	    "read-only (query_only)"));
	is_int(value(db, S_QUERY_ONLY), 0, W("a read-write one is not"));
	before = nreports;
	is_int(add(ro, 20, "twenty", 200, "t"), DB_ERROR,
	    W("a read-only connection cannot write"));
	is_int(nreports, before + 1, W("reported"));
	is_str(a_of(db, 20), "(no row)", W("nothing was written"));
	if (!pg)
		is_int(value(ro, S_FK), 0, W("a read-only connection does not "
		    "ask for foreign keys (it cannot break a reference)"));

	/* A lock another connection holds: waited for up to busy_ms
	 * (PostgreSQL: lock_timeout), then DB_BUSY. */
	is_int(sql_begin(db, SQL_TX_WRITE), DB_OK, W("a writer holds a lock"));
	st = sql_stmt(db, S_SET_A);
	sql_bind_int(st, 1, 10);
	sql_bind_text(st, 2, "x");
	sql_bind_text(st, 3, "locked");
	is_int(sql_run(st), DB_OK, W("on the row it changed"));
	before = nreports;
	st = sql_stmt(other, S_SET_A);
	sql_bind_int(st, 1, 10);
	sql_bind_text(st, 2, "x");
	sql_bind_text(st, 3, "other");
	t0 = now_ms();
	is_int(sql_run(st), DB_BUSY, W("another connection's write: DB_BUSY"));
	took = now_ms() - t0;
	ok(took >= 95 && took < 600, W("after its 100 ms"));
	ok(nreports == before + 1 && strcasestr(reported, "lock") != NULL,
	    W("reported as a lock"));
	is_int(sql_finish(db, DB_ERROR), DB_ERROR, W("the writer gives up"));
	st = sql_stmt(other, S_SET_A);
	sql_bind_int(st, 1, 10);
	sql_bind_text(st, 2, "x");
	sql_bind_text(st, 3, "other");
	is_int(sql_run(st), DB_OK, W("then the other writes"));
	is_str(a_of(db, 1), "other", W("what it wrote"));

	/* PostgreSQL turns the commit of a failed transaction into a
	 * rollback: sql_finish says so. */
	if (pg) {
		is_int(sql_begin(db, SQL_TX_WRITE), DB_OK, W("sql_begin"));
		is_int(add(db, 30, "thirty", 300, "t"), DB_OK, W("a row"));
		is_int(add(db, 1, "dup", 99, "z"), DB_EXISTS,
		    W("a taken key fails the transaction"));
		before = nreports;
		is_int(sql_finish(db, DB_OK), DB_ERROR,
		    W("its commit is DB_ERROR"));
		is_int(nreports, before + 1, W("reported"));
		ok(strstr(reported, "the transaction was rolled back") != NULL,
		    W("as \"the transaction was rolled back\""));
		is_str(a_of(db, 30), "(no row)", W("the row is not there"));
		is_int(value(db, S_COUNT), 5, W("the connection works on"));
	}
	sql_close(other);
	sql_close(ro);
	sql_close(db);
}

/* The busy handler: a lock held by another process is waited for in
 * short steps, up to the timeout and not much longer; a longer timeout
 * gets the lock soon after it is free. */
static void
test_busy(const char *path)
{
	struct sql *a, *b;
	double t0, took, got, released = 0;
	sqlite3 *lite;
	pid_t pid;
	int p[2], status = -1;
	char c;

	backend = "sqlite";
	if (pipe(p) != 0 || (pid = fork()) < 0) {
		ok(0, "pipe and fork");
		return;
	}
	if (pid == 0) {
		/* Holds the write lock for 300 ms. */
		close(p[0]);
		if (sqlite3_open_v2(path, &lite, SQLITE_OPEN_READWRITE,
		    NULL) != SQLITE_OK || sqlite3_exec(lite, "BEGIN EXCLUSIVE",
		    NULL, NULL, NULL) != SQLITE_OK)
			_exit(1);
		(void)!write(p[1], "x", 1);
		usleep(300000);
		sqlite3_exec(lite, "ROLLBACK", NULL, NULL, NULL);
		/* When: the waiter should have the lock within a few ms. */
		released = now_ms();
		(void)!write(p[1], &released, sizeof released);
		sqlite3_close(lite);
		_exit(0);
	}
	close(p[1]);
	ok(read(p[0], &c, 1) == 1, W("another process holds the write lock"));
	a = sql_open(path, 0, 100, table, S_N);
	b = sql_open(path, 0, 2000, table, S_N);
	ok(a != NULL && b != NULL, W("two connections"));
	if (a != NULL && b != NULL) {
		t0 = now_ms();
		is_int(sql_begin(a, SQL_TX_WRITE), DB_BUSY,
		    W("a 100 ms timeout gives up: DB_BUSY"));
		took = now_ms() - t0;
		ok(took >= 95 && took < 180, W("after 100 ms, not much more"));
		ok(strstr(reported, "database is locked") != NULL,
		    W("reported as locked"));
		t0 = now_ms();
		is_int(sql_begin(b, SQL_TX_WRITE), DB_OK,
		    W("a longer one gets the lock once it is free"));
		got = now_ms();
		took = got - t0;
		ok(took < 600, W("and does not wait out the timeout"));
		/* SQLite's own handler sleeps 25 to 100 ms at a time by then. */
		if (!ok(read(p[0], &released, sizeof released) ==
		    sizeof released && got - released < 25,
		    W("it has the lock within 25 ms of its release")))
			printf("#   after %.1f ms\n", got - released);
		is_int(sql_finish(b, DB_OK), DB_OK, W("and commits"));
	}
	close(p[0]);
	sql_close(a);
	sql_close(b);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    W("the process held the lock as planned"));
}

/* A read-write open of a file this user may not write is refused. Run as
 * root, the open happens in a child that runs as nobody: root may write
 * any file. */
static void
test_read_only_file(const char *dir)
{
	char path[256], got[1024], want[512], user[64];
	struct passwd *pw = NULL;
	struct sql *db;
	ssize_t n;
	pid_t pid;
	int p[2], status = -1;

	backend = "sqlite";
	snprintf(path, sizeof path, "%s/ro.db", dir);
	db = sql_open(path, SQL_CREATE, 100, NULL, 0);
	ok(db != NULL && sql_script(db, &(struct sql_text){
	    "CREATE TABLE x (y)", NULL }, "x") == DB_OK && chmod(path, 0444) == 0,
	    W("a read-only file"));
	sql_close(db);
	if (geteuid() == 0 && (pw = getpwnam("nobody")) == NULL) {
		ok(1, "# SKIP no user nobody to drop root's rights to");
		unlink(path);
		return;
	}
	if (pw == NULL)
		pw = getpwuid(geteuid());
	snprintf(user, sizeof user, "%s", pw != NULL ? pw->pw_name : "?");
	if (pipe(p) != 0 || (pid = fork()) < 0) {
		ok(0, "pipe and fork");
		unlink(path);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 ||
		    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0))
			_exit(2);
		reported[0] = '\0';
		db = sql_open(path, 0, 100, NULL, 0);
		(void)!write(p[1], reported, strlen(reported));
		_exit(db == NULL ? 0 : 1);
	}
	close(p[1]);
	n = read(p[0], got, sizeof got - 1);
	got[n > 0 ? n : 0] = '\0';
	close(p[0]);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    W("a read-write open of a read-only file fails"));
	snprintf(want, sizeof want, "%s: read-only for user %s: make it "
	    "writable for %s", path, user, user);
	if (!ok(strncmp(got, want, strlen(want)) == 0,
	    W("reported as read-only for the user, with the fix")))
		printf("#   got  \"%s\"\n#   want \"%s...\"\n", got, want);
	unlink(path);
}

/* The SQLite file's reasons, and the scenario on a file in dir. */
static void
test_sqlite(const char *dir)
{
	char path[256], missing[256];
	struct sql *db;

	backend = "sqlite";
	snprintf(path, sizeof path, "%s/test.db", dir);
	snprintf(missing, sizeof missing, "%s/missing.db", dir);
	reported[0] = '\0';
	db = sql_open("/nonexistent/dir/x.db", 0, 0, table, S_N);
	ok(db == NULL, W("a missing file does not open"));
	is_str(reported, "/nonexistent/dir/x.db: no such database file",
	    W("and the hook is told the path and that it is missing"));
	db_set_missing_hint("create it with 'x init'");
	reported[0] = '\0';
	ok(sql_open("/nonexistent/dir/x.db", SQL_READONLY, 0, table,
	    S_N) == NULL, W("nor read-only"));
	is_str(db_missing_hint(), "create it with 'x init'",
	    W("db_missing_hint is what was set"));
	is_str(reported, "/nonexistent/dir/x.db: no such database file; "
	    "create it with 'x init'", W("with the program's hint"));
	db_set_missing_hint(NULL);
	ok(sql_open(missing, 0, 0, table, S_N) == NULL &&
	    access(missing, F_OK) != 0, W("without SQL_CREATE nothing is "
	    "created"));
	reported[0] = '\0';
	ok(sql_open("postgresql://nobody@127.0.0.1:1/x", SQL_FILE, 0, table,
	    S_N) == NULL && strcmp(reported, "postgresql://nobody@127.0.0.1:"
	    "1/x: no such database file") == 0,
	    W("with SQL_FILE a URI is a file name"));
	scenario(path, 0, path);
	test_busy(path);
	test_read_only_file(dir);
	unlink(path);
}

/* The scenario on PostgreSQL, in a new database of the cluster at base
 * (postgresql://USER@HOST:PORT). */
static void
test_pg(const char *base)
{
	char uri[512], name[512], bad[512], want[512], sql[256], db_name[64];
	const char *rest, *at;
	struct sql *admin;
	struct sql_text s = { sql, NULL };

	backend = "postgresql";
	rest = strstr(base, "://");
	at = rest != NULL ? strchr(rest, '@') : NULL;
	if (rest == NULL || at == NULL || strchr(at, '/') != NULL ||
	    strchr(at, '?') != NULL) {
		ok(0, "PG_URI is postgresql://USER@HOST:PORT");
		printf("#   PG_URI=%s\n", base);
		return;
	}
	rest += 3;
	snprintf(db_name, sizeof db_name, "test_sql_%ld", (long)getpid());
	snprintf(uri, sizeof uri, "%s/postgres", base);
	admin = sql_open(uri, 0, 5000, NULL, 0);
	ok(admin != NULL, W("connects to the cluster of PG_URI"));
	if (admin == NULL)
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", db_name);
	(void)sql_script(admin, &s, "drop");
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db_name);
	ok(sql_script(admin, &s, "create") == DB_OK,
	    W("a database of the test's own"));
	snprintf(uri, sizeof uri, "%s/%s", base, db_name);
	snprintf(name, sizeof name, "postgresql://%s/%s", rest, db_name);
	scenario(uri, 1, name);

	/* A failed connection names the server, never the password. */
	backend = "postgresql";
	snprintf(bad, sizeof bad, "%.*s:s3cret-pw%s/no_%s", (int)(at - base),
	    base, at, db_name);
	snprintf(want, sizeof want, "postgresql://%s/no_%s: ", rest, db_name);
	reported[0] = '\0';
	ok(sql_open(bad, 0, 100, table, S_N) == NULL,
	    W("a connection to a missing database fails"));
	if (!ok(strncmp(reported, want, strlen(want)) == 0,
	    W("reported as postgresql://user@host:port/db")))
		printf("#   got  \"%s\"\n#   want \"%s...\"\n", reported, want);
	ok(strstr(reported, "does not exist") != NULL,
	    W("with the server's reason"));
	ok(strstr(reported, "s3cret") == NULL, W("without the password"));

	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", db_name);
	ok(sql_script(admin, &s, "drop") == DB_OK, W("the database dropped"));
	sql_close(admin);
}

int
main(void)
{
	char dir[] = "/tmp/test_sql.XXXXXX";
	const char *pg_uri = getenv("PG_URI");

	/* A lock waited for without end fails the test, not the suite. */
	alarm(60);
	db_set_failure_hook(hook);
	ok(mkdtemp(dir) != NULL && chmod(dir, 0755) == 0,
	    "a temporary folder");

	/* The back end is the path's: a URI is PostgreSQL, the rest files. */
	ok(db_is_uri("postgresql://u@h:5432/db"), "postgresql:// is a URI");
	ok(db_is_uri("postgres://h/db"), "postgres:// is a URI");
	ok(!db_is_uri("Student_log.db"), "a file name is not");
	ok(!db_is_uri("postgresql:/x"), "nor a near miss");
	ok(!db_is_uri("./postgresql://x"), "nor a path that holds one");
	ok(!db_is_uri("POSTGRESQL://h/db"), "the scheme is lower case");
	ok(!db_is_uri(""), "nor an empty path");
	is_str(db_rc_name(DB_OK), "ok", "db_rc_name(DB_OK)");
	is_str(db_rc_name(DB_NONE), "none", "db_rc_name(DB_NONE)");
	is_str(db_rc_name(DB_EXISTS), "exists", "db_rc_name(DB_EXISTS)");
	is_str(db_rc_name(DB_BUSY), "busy", "db_rc_name(DB_BUSY)");
	is_str(db_rc_name(DB_INVALID), "invalid", "db_rc_name(DB_INVALID)");
	is_str(db_rc_name(DB_ERROR), "error", "db_rc_name(DB_ERROR)");
	is_str(db_rc_name(DB_ERROR + 1), "unknown", "db_rc_name: past the end");
	is_str(db_rc_name(-1), "unknown", "db_rc_name: negative");

	test_sqlite(dir);
	if (pg_uri != NULL && pg_uri[0] != '\0')
		test_pg(pg_uri);
	else
		ok(1, "# SKIP PostgreSQL: PG_URI is not set (tests/run sets "
		    "it when PostgreSQL is installed)");
	rmdir(dir);
	return tap_done();
}
