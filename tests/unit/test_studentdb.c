/* lib/studentdb.c: read-only lookups, no-row vs error, retry after a
 * failed open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "studentdb.h"
#include "tap.h"

static struct studentdb s;

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
	char dir[] = "/tmp/test_studentdb.XXXXXX", path[100], err[600];
	struct student st;
	const char *saved;

	ok(mkdtemp(dir) != NULL, "a temporary folder");
	snprintf(path, sizeof path, "%s/Student_log.db", dir);

	is_int(studentdb_open(&s, path, err, sizeof err),
	    STUDENTDB_UNAVAILABLE, "a missing file is unavailable");
	ok(strstr(err, path) != NULL, "the reason names the file");
	is_int(studentdb_get(&s, 1, &st, err, sizeof err),
	    STUDENTDB_UNAVAILABLE, "and lookups say so");
	ok(access(path, F_OK) != 0, "the file was not created");

	ok(make_db(path, "CREATE TABLE other(x);") == 0, "a wrong database");
	is_int(studentdb_get(&s, 1, &st, err, sizeof err),
	    STUDENTDB_UNAVAILABLE, "without the table: unavailable");
	ok(strstr(err, "Fifth_students") != NULL, "the reason says why");

	unlink(path);
	ok(make_db(path, "CREATE TABLE Fifth_students (Name TEXT NOT NULL, "
	    "ID INTEGER PRIMARY KEY, Age INTEGER);"
	    "INSERT INTO Fifth_students VALUES ('Karam', 1711, 23),"
	    "('', 7, NULL), ('Max', 9223372036854775807, 1),"
	    "(CAST(X'6100' || X'62' AS TEXT), 8, 2);") == 0,
	    "the student database");
	is_int(studentdb_get(&s, 1711, &st, err, sizeof err), STUDENTDB_FOUND,
	    "retried: now found");
	is_str(st.name, "Karam", "name");
	is_int(st.namelen, 5, "name length");
	is_int(st.id, 1711, "ID");
	ok(st.has_age && st.age == 23, "age");
	is_int(studentdb_get(&s, 1712, &st, err, sizeof err),
	    STUDENTDB_NOT_FOUND, "no row is not found, not an error");
	is_int(studentdb_get(&s, 1711, &st, err, sizeof err), STUDENTDB_FOUND,
	    "the kept statement is reusable after no row");
	is_int(studentdb_get(&s, 7, &st, err, sizeof err), STUDENTDB_FOUND,
	    "an empty name");
	ok(st.name[0] == '\0' && st.namelen == 0, "is empty, not NULL");
	ok(!st.has_age, "a NULL age has no age");
	is_int(studentdb_get(&s, INT64_MAX, &st, err, sizeof err),
	    STUDENTDB_FOUND, "the largest ID");
	ok(st.id == INT64_MAX, "round-trips");
	is_int(studentdb_get(&s, 8, &st, err, sizeof err), STUDENTDB_FOUND,
	    "a name with a NUL inside");
	is_int(st.namelen, 3, "keeps all its bytes");

	/* Read-only: even a statement on the handle cannot write. */
	ok(sqlite3_db_readonly(s.db, "main") == 1, "the handle is read-only");
	ok(sqlite3_exec(s.db, "DELETE FROM Fifth_students", NULL, NULL,
	    NULL) != SQLITE_OK, "a write fails");
	is_int(studentdb_get(&s, 1711, &st, err, sizeof err), STUDENTDB_FOUND,
	    "the row is still there");
	snprintf(err, sizeof err, "%s-journal", path);
	ok(access(err, F_OK) != 0, "no journal file");
	studentdb_close(&s);
	ok(s.db == NULL, "closed");

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
