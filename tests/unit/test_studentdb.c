/* SPDX-License-Identifier: ISC */
/* cgi-bin/studentdb.c and studentmemo.c: read-only lookups, no-row vs
 * error, retry after a failed open, remembered answers against a writer's
 * lock and commits (a SQLite file's only), and what each failure reports
 * through the failure hook, also when SQLite runs out of memory at each
 * step of the open. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
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
 * that makes the connection read-only, reported as itself with SQLite's
 * message (its failure was once reported as the lookup's SQL). */
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
		if (strcmp(hook_sql, path) == 0 &&
		    strncmp(hook_msg, "PRAGMA query_only = 1: ", 23) == 0 &&
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
	sqlite3 *db = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* How many of this process's descriptors are open on the file at path,
 * and in *writable how many of them may write (their open flags, from
 * /proc/self/fdinfo): what the studentdb holds of the file, without a
 * handle on its connection. -1 when /proc cannot be read. */
static int
fds_on(const char *path, int *writable)
{
	char real[PATH_MAX], link[300], target[PATH_MAX], line[128];
	struct dirent *e;
	unsigned long flags;
	ssize_t n;
	DIR *d;
	FILE *f;
	int count = 0;

	*writable = 0;
	if (realpath(path, real) == NULL || (d = opendir("/proc/self/fd")) ==
	    NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
		if ((n = readlink(link, target, sizeof target - 1)) < 0)
			continue;
		target[n] = '\0';
		if (strcmp(target, real) != 0)
			continue;
		count++;
		snprintf(link, sizeof link, "/proc/self/fdinfo/%s", e->d_name);
		if ((f = fopen(link, "r")) == NULL) {
			count = -1;
			break;
		}
		while (fgets(line, sizeof line, f) != NULL)
			if (sscanf(line, "flags: %lo", &flags) == 1 &&
			    (flags & O_ACCMODE) != O_RDONLY)
				(*writable)++;
		fclose(f);
	}
	closedir(d);
	return count;
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

/* Whether any student has a code (asked on every GET /login) is
 * remembered as the answers are: served while a writer holds the file,
 * asked again after any commit, so a code issued shows at once. */
static void
codes_remembered(const char *path)
{
	sqlite3 *w = NULL;
	double t;

	is_int(studentdb_codes_on(&s), 0, "codes: none without the tables");
	ok(sqlite3_open_v2(path, &w, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK && exec_on(w, "BEGIN EXCLUSIVE") == SQLITE_OK,
	    "a writer holds the file");
	t = now_s();
	is_int(studentdb_codes_on(&s), 0, "still none, remembered");
	ok(now_s() - t < 0.5, "without waiting for the writer");
	ok(exec_on(w, "CREATE TABLE Access_key (Id INTEGER PRIMARY KEY, "
	    "Key TEXT NOT NULL); CREATE TABLE Access_codes (ID INTEGER "
	    "PRIMARY KEY, Digest TEXT NOT NULL); INSERT INTO Access_key "
	    "VALUES (1, 'k'); COMMIT") == SQLITE_OK, "the tables, no code");
	is_int(studentdb_codes_on(&s), 0, "none with empty tables");
	ok(exec_on(w, "INSERT INTO Access_codes VALUES (1711, 'd')") ==
	    SQLITE_OK, "a code issued");
	is_int(studentdb_codes_on(&s), 1, "is seen at once");
	ok(exec_on(w, "BEGIN EXCLUSIVE") == SQLITE_OK, "the writer again");
	t = now_s();
	is_int(studentdb_codes_on(&s), 1, "codes on, remembered");
	ok(now_s() - t < 0.5, "without waiting for the writer");
	ok(exec_on(w, "DELETE FROM Access_codes; COMMIT") == SQLITE_OK,
	    "the codes cleared");
	is_int(studentdb_codes_on(&s), 0, "is seen at once");
	ok(exec_on(w, "DROP TABLE Access_codes; DROP TABLE Access_key") ==
	    SQLITE_OK, "the tables dropped again");
	sqlite3_close(w);
	/* The connection prepared the coded statements: start afresh. */
	studentdb_close(&s);
	is_int(studentdb_open(&s, path), DB_OK, "opened again");
	is_int(studentdb_codes_on(&s), 0, "without codes");
}

int
main(void)
{
	char dir[] = "/tmp/test_studentdb.XXXXXX", path[100], buf[600];
	struct student st;
	const char *saved;
	int n;

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

	/* Read-only: SQLite opens the file for writing unless the
	 * connection was opened read-only, so no descriptor of this process
	 * on it may write (the connection's, and the memo's own). */
	ok(fds_on(path, &n) == 2, "the connection and the memo each hold "
	    "the file");
	is_int(n, 0, "neither may write it");
	snprintf(buf, sizeof buf, "%s-journal", path);
	ok(access(buf, F_OK) != 0, "no journal file");

	remembered(path);
	codes_remembered(path);

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
	is_int(fds_on(path, &n), 0, "with no descriptor left on the file");

	/* A PostgreSQL database has no memo: what it remembers and the
	 * inode it watches are a SQLite file's. (Nothing listens on port
	 * 1, so the open fails, reported, and is retried later.) */
	hook_clear();
	is_int(studentdb_open(&s, "postgresql://127.0.0.1:1/none"), DB_BUSY,
	    "a server that is not there is not available");
	ok(s.memo == NULL, "and a URI has no memo");
	is_int(hook_calls, 1, "the failure is reported once");
	ok(strncmp(hook_sql, "postgresql", 10) == 0, "naming the server");
	studentdb_close(&s);

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
