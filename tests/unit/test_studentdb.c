/* cgi-bin/studentdb.c: read-only lookups, no-row vs error, retry after a
 * failed open, remembered answers against a writer's lock and commits,
 * and what each failure reports through the failure hook, also when
 * SQLite runs out of memory at each step of the open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
exec_on(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Remembered answers: served while a writer holds the file, never after
 * one commits, never for a WAL-mode file. Each check below fails if the
 * answers were remembered without the file's identity, or not at all. */
static void
remembered(const char *path)
{
	struct student st;
	sqlite3 *w = NULL;
	double t;
	int64_t i;

	is_int(studentdb_get(&s, 1711, &st), DB_OK, "remembered: found");
	is_int(studentdb_get(&s, 424242, &st), DB_NONE, "and absent");
	ok(sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK && exec_on(w, "BEGIN EXCLUSIVE") == SQLITE_OK,
	    "a writer holds the file (BEGIN EXCLUSIVE)");
	t = now_s();
	is_int(studentdb_get(&s, 1711, &st), DB_OK,
	    "a remembered student is served meanwhile");
	is_str(st.name, "Karam", "as committed");
	is_int(studentdb_get(&s, 424242, &st), DB_NONE,
	    "and a remembered absence");
	ok(now_s() - t < 0.5, "without waiting for the writer");
	ok(exec_on(w, "UPDATE Fifth_students SET Name = 'Kara', Age = 24 "
	    "WHERE ID = 1711; INSERT INTO Fifth_students VALUES "
	    "('Late', 424242, 5)") == SQLITE_OK, "it changes two rows");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "before its commit");
	is_str(st.name, "Karam", "the committed name is served");
	ok(exec_on(w, "COMMIT") == SQLITE_OK, "the writer commits");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "after the commit");
	is_str(st.name, "Kara", "the new name at once");
	ok(st.has_age && st.age == 24, "and the new age");
	is_int(studentdb_get(&s, 424242, &st), DB_OK,
	    "the absent student, now added, is found");
	is_str(st.name, "Late", "with its name");
	ok(exec_on(w, "DELETE FROM Fifth_students WHERE ID = 424242") ==
	    SQLITE_OK, "deleted again (autocommit)");
	is_int(studentdb_get(&s, 424242, &st), DB_NONE, "is absent at once");
	ok(exec_on(w, "UPDATE Fifth_students SET Name = 'Karam', Age = 23 "
	    "WHERE ID = 1711") == SQLITE_OK, "the name put back");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "read again");
	is_str(st.name, "Karam", "as it is now");
	ok(exec_on(w, "BEGIN EXCLUSIVE") == SQLITE_OK, "the writer again");
	hook_clear();
	t = now_s();
	is_int(studentdb_get(&s, 5, &st), DB_BUSY,
	    "a student never looked up waits for the writer");
	ok(now_s() - t > 1.5, "as long as the busy timeout");
	ok(exec_on(w, "ROLLBACK") == SQLITE_OK, "the writer gives up");

	/* Many IDs share the 1024 slots: each answer stays its own. */
	for (i = 100000; i < 103000; i++)
		if (studentdb_get(&s, i, &st) != DB_NONE)
			break;
	ok(i == 103000, "3,000 absent IDs are absent");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "1711 still found");
	is_str(st.name, "Karam", "with its own name");
	is_int(studentdb_get(&s, 8, &st), DB_OK, "8 too");
	is_int(st.namelen, 3, "with its NUL inside");
	ok(memcmp(st.name, "a\0b", 4) == 0, "byte for byte");

	/* WAL mode: commits need not touch the header, so nothing is
	 * remembered and each change shows at once. */
	ok(exec_on(w, "PRAGMA journal_mode = WAL") == SQLITE_OK,
	    "the file turned to WAL mode");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "read in WAL mode");
	ok(exec_on(w, "UPDATE Fifth_students SET Name = 'Wal' WHERE ID = "
	    "1711") == SQLITE_OK, "a change in WAL mode");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "read after it");
	is_str(st.name, "Wal", "shows the change");
	/* Leaving WAL mode needs the file to itself. */
	studentdb_close(&s);
	ok(exec_on(w, "UPDATE Fifth_students SET Name = 'Karam' WHERE ID = "
	    "1711") == SQLITE_OK && exec_on(w, "PRAGMA journal_mode = DELETE")
	    == SQLITE_OK, "back to rollback mode, name restored");
	sqlite3_close(w);
	is_int(studentdb_open(&s, path), DB_OK, "opened again");
	is_int(studentdb_get(&s, 1711, &st), DB_OK, "read once more");
	is_str(st.name, "Karam", "as restored");
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

	remembered(path);

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
