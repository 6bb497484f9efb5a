/* cgi-bin/studentdb.c: read-only lookups, no-row vs error, retry after a
 * failed open, and what each failure reports through the failure hook,
 * also when SQLite runs out of memory at each step of the open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "studentdb.h"
#include "tap.h"

static struct studentdb s;

/* The failure hook's last report and how many there were. */
static char hook_sql[512], hook_msg[512];
static int hook_calls;

static void
hook(const char *sql, const char *msg)
{
	snprintf(hook_sql, sizeof hook_sql, "%s", sql);
	snprintf(hook_msg, sizeof hook_msg, "%s", msg);
	hook_calls++;
}

static void
hook_clear(void)
{
	hook_sql[0] = hook_msg[0] = '\0';
	hook_calls = 0;
}

/* SQLite's allocator, failing once the countdown reaches 0 (-1: never). */
static sqlite3_mem_methods real_mem;
static long mem_countdown = -1;

static int
mem_fails(void)
{
	if (mem_countdown < 0)
		return 0;
	return mem_countdown-- == 0;
}

static void *
mem_malloc(int n)
{
	return mem_fails() ? NULL : real_mem.xMalloc(n);
}

static void *
mem_realloc(void *p, int n)
{
	return mem_fails() ? NULL : real_mem.xRealloc(p, n);
}

/* Opens path with the allocation number k failing, for k = 0, 1, ...
 * until an open makes fewer than k allocations; checks that every failed
 * open was reported once, and returns 1 when one of them was the pragma
 * (the step whose failure used to be reported as the lookup's SQL). */
static int
open_under_faults(const char *path)
{
	sqlite3_mem_methods m;
	int blamed_pragma = 0, all_reported = 1, reached, rc = -1;
	long k;

	sqlite3_shutdown();
	sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
	m = real_mem;
	m.xMalloc = mem_malloc;
	m.xRealloc = mem_realloc;
	sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
	/* Without lookaside every small allocation reaches the allocator. */
	sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);
	/* Until the open no longer reaches the failing allocation. */
	for (k = 0; k < 100000; k++) {
		hook_clear();
		mem_countdown = k;
		rc = studentdb_open(&s, path);
		reached = mem_countdown < 0;
		mem_countdown = -1;
		studentdb_close(&s);
		if (!reached)
			break;
		/* SQLite survives some failed allocations: then no report. */
		if (rc == DB_OK ? hook_calls != 0 :
		    rc != DB_BUSY || hook_calls != 1)
			all_reported = 0;
		if (strcmp(hook_sql, "PRAGMA query_only = 1") == 0 &&
		    strstr(hook_msg, "out of memory") != NULL)
			blamed_pragma = 1;
	}
	ok(k > 0 && k < 100000, "an open that allocates nothing more to fail");
	printf("# the open made %ld allocations\n", k);
	ok(all_reported, "each failed open is DB_BUSY, reported once");
	ok(rc == DB_OK, "and one that does not fail succeeds");
	sqlite3_shutdown();
	sqlite3_config(SQLITE_CONFIG_MALLOC, &real_mem);
	return blamed_pragma;
}

static int
make_db(const char *path, const char *sql)
{
	char err[256];
	sqlite3 *db;
	int rc;

	db = db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 100,
	    err, sizeof err);
	if (db == NULL)
		return -1;
	rc = db_exec(db, sql, err, sizeof err);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

int
main(void)
{
	char dir[] = "/tmp/test_studentdb.XXXXXX", path[100], buf[600];
	struct student st;
	const char *saved;

	db_set_failure_hook(hook);
	ok(mkdtemp(dir) != NULL, "a temporary folder");
	snprintf(path, sizeof path, "%s/Student_log.db", dir);

	hook_clear();
	is_int(studentdb_open(&s, path), DB_BUSY,
	    "a missing file is not available (busy: retry later)");
	is_int(hook_calls, 1, "the failure is reported once");
	is_str(hook_sql, path, "naming the file");
	is_str(hook_msg, "no such database file", "saying it is missing");
	hook_clear();
	is_int(studentdb_get(&s, 1, &st), DB_BUSY, "and lookups say so");
	is_int(hook_calls, 1, "each time, reported");
	ok(access(path, F_OK) != 0, "the file was not created");

	ok(make_db(path, "CREATE TABLE other(x);") == 0, "a wrong database");
	hook_clear();
	is_int(studentdb_get(&s, 1, &st), DB_BUSY,
	    "without the table: not available");
	is_str(hook_sql, "SELECT Name, ID, Age FROM Fifth_students WHERE "
	    "ID = ?1", "the report names the statement that failed");
	is_str(hook_msg, "no such table: Fifth_students",
	    "with SQLite's message");

	unlink(path);
	ok(make_db(path, "CREATE TABLE Fifth_students (Name TEXT NOT NULL, "
	    "ID INTEGER PRIMARY KEY, Age INTEGER);"
	    "INSERT INTO Fifth_students VALUES ('Karam', 1711, 23),"
	    "('', 7, NULL), ('Max', 9223372036854775807, 1),"
	    "(CAST(X'6100' || X'62' AS TEXT), 8, 2);") == 0,
	    "the student database");
	hook_clear();
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "retried: now found");
	is_int(hook_calls, 0, "and nothing reported");
	is_str(st.name, "Karam", "name");
	is_int(st.namelen, 5, "name length");
	is_int(st.id, 1711, "ID");
	ok(st.has_age && st.age == 23, "age");
	is_int(studentdb_get(&s, 1712, &st), DB_NONE,
	    "no row is DB_NONE, not an error");
	is_int(hook_calls, 0, "and is not reported");
	is_int(studentdb_get(&s, 1711, &st), DB_OK,
	    "the kept statement is reusable after no row");
	is_int(studentdb_get(&s, 7, &st), DB_OK, "an empty name");
	ok(st.name[0] == '\0' && st.namelen == 0, "is empty, not NULL");
	ok(!st.has_age, "a NULL age has no age");
	is_int(studentdb_get(&s, INT64_MAX, &st), DB_OK, "the largest ID");
	ok(st.id == INT64_MAX, "round-trips");
	is_int(studentdb_get(&s, 8, &st), DB_OK, "a name with a NUL inside");
	is_int(st.namelen, 3, "keeps all its bytes");

	/* Read-only: even a statement on the handle cannot write. */
	ok(sqlite3_db_readonly(s.db, "main") == 1, "the handle is read-only");
	ok(sqlite3_exec(s.db, "DELETE FROM Fifth_students", NULL, NULL,
	    NULL) != SQLITE_OK, "a write fails");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "the row is still there");
	snprintf(buf, sizeof buf, "%s-journal", path);
	ok(access(buf, F_OK) != 0, "no journal file");

	/* Another file moved over the path: the next lookup reads it. */
	snprintf(buf, sizeof buf, "%s/new.db", dir);
	ok(make_db(buf, "CREATE TABLE Fifth_students (Name TEXT NOT NULL, "
	    "ID INTEGER PRIMARY KEY, Age INTEGER);"
	    "INSERT INTO Fifth_students VALUES ('Nova', 1711, 30);") == 0 &&
	    rename(buf, path) == 0, "a new file moved over the database");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "the lookup works");
	is_str(st.name, "Nova", "on the new file");
	is_int(studentdb_get(&s, 7, &st), DB_NONE, "without the old rows");
	ok(unlink(path) == 0, "the file removed");
	hook_clear();
	is_int(studentdb_get(&s, 1711, &st), DB_BUSY, "is not available");
	is_str(hook_msg, "no such database file", "and is reported missing");
	ok(make_db(path, "CREATE TABLE Fifth_students (Name TEXT NOT NULL, "
	    "ID INTEGER PRIMARY KEY, Age INTEGER);"
	    "INSERT INTO Fifth_students VALUES ('Back', 1711, 31);") == 0,
	    "the file put back");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "is read again");
	is_str(st.name, "Back", "as it is now");
	studentdb_close(&s);
	ok(s.db == NULL, "closed");

	{
		static char longpath[5000];

		memset(longpath, 'x', sizeof longpath - 1);
		hook_clear();
		is_int(studentdb_open(&s, longpath), DB_INVALID,
		    "a path too long is refused");
		is_str(hook_msg, "database path too long", "and reported");
		studentdb_close(&s);
	}

	ok(open_under_faults(path), "a failing PRAGMA query_only is "
	    "reported as itself, with SQLite's message");

	saved = getenv("STUDENT_DB");
	setenv("STUDENT_DB", path, 1);
	is_str(studentdb_default_path(), path, "STUDENT_DB wins");
	setenv("STUDENT_DB", "", 1);
	is_str(studentdb_default_path(), DEFAULT_STUDENT_DB,
	    "an empty STUDENT_DB means the default");
	if (saved != NULL)
		setenv("STUDENT_DB", saved, 1);
	else
		unsetenv("STUDENT_DB");

	unlink(path);
	rmdir(dir);
	return tap_done();
}
