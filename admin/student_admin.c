#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "db.h"
#include "intparse.h"
#include "student_admin.h"
#include "utf8.h"

/* Long enough for a writer holding the lock (another studentctl). */
#define BUSY_MS 5000

#define STR(x)	#x
#define XSTR(x)	STR(x)

enum stmt {
	STMT_HAS_TABLE,	/* prepared alone first: the others need it */
	STMT_JOURNAL,
	STMT_INSERT,
	STMT_GET,
	STMT_LIST,
	STMT_DELETE,
	STMT_CLEAR,
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT__MAX
};

static const char *const stmt_sql[STMT__MAX] = {
	[STMT_HAS_TABLE] = "SELECT 1 FROM sqlite_schema "
	    "WHERE type = 'table' AND name = 'Fifth_students'",
	/* The web programs open the file read-only; WAL would need them to
	 * write -shm files (see the schema's comment). */
	[STMT_JOURNAL] = "PRAGMA journal_mode = DELETE",
	[STMT_INSERT] = "INSERT INTO Fifth_students (Name, ID, Age) "
	    "VALUES (?1, ?2, ?3)",
	[STMT_GET] = "SELECT Name, ID, Age FROM Fifth_students WHERE ID = ?1",
	[STMT_LIST] = "SELECT Name, ID, Age FROM Fifth_students ORDER BY ID",
	[STMT_DELETE] = "DELETE FROM Fifth_students WHERE ID = ?1",
	[STMT_CLEAR] = "DELETE FROM Fifth_students",
	/* IMMEDIATE: take the write lock before reading the file, so a
	 * concurrent writer makes us wait rather than fail at commit. */
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
};

struct student_admin {
	sqlite3		*db;
	sqlite3_stmt	*st[STMT__MAX];
};

/* Returns NULL when the n bytes at s are valid UTF-8 (lib/utf8's rules)
 * without C0, DEL or C1 control characters, else the reason. */
static const char *
check_utf8_text(const unsigned char *s, size_t n)
{
	size_t len;

	while (n > 0) {
		if ((len = utf8_seq(s, n)) == 0)
			return "invalid UTF-8";
		/* C0 and DEL are one byte; C1 (U+0080-U+009F) is 0xC2 0x80-0x9F. */
		if ((len == 1 && (*s < 0x20 || *s == 0x7f)) ||
		    (len == 2 && s[0] == 0xC2 && s[1] <= 0x9F))
			return "control character";
		s += len;
		n -= len;
	}
	return NULL;
}

const char *
student_admin_check_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0)
		return "empty";
	if (len > SA_NAME_MAX)
		return "longer than " XSTR(SA_NAME_MAX) " bytes";
	if (name[0] == ' ' || name[len - 1] == ' ')
		return "leading or trailing space";
	return check_utf8_text((const unsigned char *)name, len);
}

int
student_admin_parse_id(const char *s, long long *out)
{
	return intparse_dec(s, 1, SA_ID_MAX, out) == INTPARSE_OK ? 0 : -1;
}

int
student_admin_parse_age(const char *s, long long *out)
{
	return intparse_dec(s, 0, SA_AGE_MAX, out) == INTPARSE_OK ?
	    0 : -1;
}

/* Steps a statement that returns no row we need, and resets it for the
 * next use. Returns the code of the step. */
static int
run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Prepares the table in two steps: the check that Fifth_students exists,
 * then the rest, which would fail with a vaguer "no such table". */
static int
prepare(struct student_admin *sa, const char *path, char *err, size_t errlen)
{
	size_t bad = 0;
	int rc, found;

	rc = db_prepare_all(sa->db, stmt_sql, sa->st, 1, &bad);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(sa->st[STMT_HAS_TABLE]);
	found = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	sqlite3_reset(sa->st[STMT_HAS_TABLE]);
	if (!found) {
		snprintf(err, errlen, "%s: not initialised "
		    "(no table Fifth_students)", path);
		return -1;
	}
	rc = db_prepare_all(sa->db, stmt_sql + 1, sa->st + 1, STMT__MAX - 1,
	    &bad);
	if (rc != SQLITE_OK)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(sa->db));
	return -1;
}

struct student_admin *
student_admin_open(const char *path, enum sa_mode mode, const char *schema,
    char *err, size_t errlen)
{
	struct student_admin *sa;
	int flags, rc;
	char msg[256];

	if ((sa = calloc(1, sizeof *sa)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	flags = mode == SA_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == SA_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	sa->db = db_open(path, flags, BUSY_MS, err, errlen);
	if (sa->db == NULL)
		goto fail;
	if (mode == SA_CREATE &&
	    db_exec(sa->db, schema, msg, sizeof msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, msg);
		goto fail;
	}
	if (prepare(sa, path, err, errlen) < 0)
		goto fail;
	if (mode == SA_CREATE) {
		rc = sqlite3_step(sa->st[STMT_JOURNAL]);
		sqlite3_reset(sa->st[STMT_JOURNAL]);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			snprintf(err, errlen, "%s: %s", path,
			    sqlite3_errmsg(sa->db));
			goto fail;
		}
	}
	return sa;
fail:
	student_admin_close(sa);
	return NULL;
}

void
student_admin_close(struct student_admin *sa)
{
	if (sa == NULL)
		return;
	db_finalize_all(sa->st, STMT__MAX);
	sqlite3_close(sa->db);
	free(sa);
}

const char *
student_admin_errmsg(const struct student_admin *sa)
{
	return sqlite3_errmsg(sa->db);
}

/* Binds and runs the insert: SQLITE_DONE, or the failing code. */
static int
insert(struct student_admin *sa, const struct sa_student *s)
{
	sqlite3_stmt *st = sa->st[STMT_INSERT];

	if (sqlite3_bind_text(st, 1, s->name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, s->id) != SQLITE_OK ||
	    (s->has_age ? sqlite3_bind_int64(st, 3, s->age) :
	    sqlite3_bind_null(st, 3)) != SQLITE_OK) {
		sqlite3_clear_bindings(st);
		return SQLITE_ERROR;
	}
	return run(st);
}

enum sa_status
student_admin_add(struct student_admin *sa, const struct sa_student *s)
{
	int rc = insert(sa, s);

	if (rc == SQLITE_DONE)
		return SA_OK;
	return rc == SQLITE_CONSTRAINT_PRIMARYKEY ? SA_EXISTS : SA_ERROR;
}

/* Fills *out from the current row of st; name points into st's row. */
static void
row_student(sqlite3_stmt *st, struct sa_student *out)
{
	const unsigned char *name = sqlite3_column_text(st, 0);

	out->name = name != NULL ? (const char *)name : "";
	out->id = sqlite3_column_int64(st, 1);
	out->has_age = sqlite3_column_type(st, 2) != SQLITE_NULL;
	out->age = out->has_age ? sqlite3_column_int64(st, 2) : 0;
}

enum sa_status
student_admin_get(struct student_admin *sa, long long id,
    struct sa_student *out)
{
	sqlite3_stmt *st = sa->st[STMT_GET];
	enum sa_status ret = SA_ERROR;
	char *name;
	int rc;

	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		goto end;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = SA_NOTFOUND;
	} else if (rc == SQLITE_ROW) {
		row_student(st, out);
		if ((name = strdup(out->name)) == NULL)
			goto end;
		out->name = name;
		ret = SA_OK;
	}
end:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

enum sa_status
student_admin_each(struct student_admin *sa,
    int (*fn)(const struct sa_student *, void *), void *arg)
{
	sqlite3_stmt *st = sa->st[STMT_LIST];
	enum sa_status ret = SA_ERROR;
	struct sa_student s;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_student(st, &s);
		if (fn(&s, arg) != 0)
			goto end;
	}
	if (rc == SQLITE_DONE)
		ret = SA_OK;
end:
	sqlite3_reset(st);
	return ret;
}

enum sa_status
student_admin_delete(struct student_admin *sa, long long id)
{
	sqlite3_stmt *st = sa->st[STMT_DELETE];

	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    run(st) != SQLITE_DONE)
		return SA_ERROR;
	return sqlite3_changes64(sa->db) == 0 ? SA_NOTFOUND : SA_OK;
}

enum sa_status
student_admin_clear(struct student_admin *sa, long long *count)
{
	if (run(sa->st[STMT_CLEAR]) != SQLITE_DONE)
		return SA_ERROR;
	*count = sqlite3_changes64(sa->db);
	return SA_OK;
}

/* IDs read so far in an import with their lines, to tell an ID repeated
 * in the file from one already in the database. */
struct seen {
	long long	 id;
	unsigned long	 line;
};

/* Checks one data record and inserts it, storing its ID in *id. Returns
 * SA_OK or the failure, with "fname:LINE: reason" in err. */
static enum sa_status
import_record(struct student_admin *sa, struct csv_reader *r,
    const char *fname, const struct seen *seen, size_t nseen,
    long long *id, char *err, size_t errlen)
{
	unsigned long line = csv_line(r);
	struct sa_student s;
	const char *why;
	size_t i;
	int rc;

	if (csv_nfields(r) == 1 && csv_field(r, 0)[0] == '\0') {
		snprintf(err, errlen, "%s:%lu: blank line", fname, line);
		return SA_INVALID;
	}
	if (csv_nfields(r) != 3) {
		snprintf(err, errlen, "%s:%lu: expected 3 fields (Name,ID,Age),"
		    " found %zu", fname, line, csv_nfields(r));
		return SA_INVALID;
	}
	s.name = csv_field(r, 0);
	if ((why = student_admin_check_name(s.name)) != NULL) {
		snprintf(err, errlen, "%s:%lu: bad name: %s", fname, line, why);
		return SA_INVALID;
	}
	if (student_admin_parse_id(csv_field(r, 1), &s.id) < 0) {
		snprintf(err, errlen, "%s:%lu: bad ID: must be a decimal "
		    "integer from 1 to %lld", fname, line, SA_ID_MAX);
		return SA_INVALID;
	}
	if (student_admin_parse_age(csv_field(r, 2), &s.age) < 0) {
		snprintf(err, errlen, "%s:%lu: bad age: must be an integer "
		    "from 0 to %d", fname, line, SA_AGE_MAX);
		return SA_INVALID;
	}
	s.has_age = 1;
	rc = insert(sa, &s);
	if (rc == SQLITE_DONE) {
		*id = s.id;
		return SA_OK;
	}
	if (rc != SQLITE_CONSTRAINT_PRIMARYKEY) {
		snprintf(err, errlen, "%s:%lu: %s", fname, line,
		    sqlite3_errmsg(sa->db));
		return SA_ERROR;
	}
	for (i = 0; i < nseen; i++) {
		if (seen[i].id == s.id) {
			snprintf(err, errlen, "%s:%lu: duplicate ID %lld "
			    "(first on line %lu)", fname, line, s.id,
			    seen[i].line);
			return SA_INVALID;
		}
	}
	snprintf(err, errlen, "%s:%lu: student ID %lld already exists",
	    fname, line, s.id);
	return SA_EXISTS;
}

/* Reads and checks the header record. */
static enum sa_status
import_header(struct csv_reader *r, FILE *in, const char *fname, char *err,
    size_t errlen)
{
	switch (csv_read(r)) {
	case 0:
		snprintf(err, errlen, "%s:1: empty file, expected header "
		    "Name,ID,Age", fname);
		return SA_INVALID;
	case -1:
		snprintf(err, errlen, "%s:%lu: %s", fname, csv_error_line(r),
		    csv_error(r));
		return ferror(in) ? SA_ERROR : SA_INVALID;
	}
	if (csv_nfields(r) != 3 || strcmp(csv_field(r, 0), "Name") != 0 ||
	    strcmp(csv_field(r, 1), "ID") != 0 ||
	    strcmp(csv_field(r, 2), "Age") != 0) {
		snprintf(err, errlen, "%s:%lu: header must be Name,ID,Age",
		    fname, csv_line(r));
		return SA_INVALID;
	}
	return SA_OK;
}

enum sa_status
student_admin_import(struct student_admin *sa, FILE *in, const char *fname,
    long long *count, char *err, size_t errlen)
{
	struct csv_reader *r = NULL;
	struct seen *seen = NULL, *ns;
	size_t nseen = 0, cap = 0;
	enum sa_status ret = SA_ERROR;
	int rc;

	if (run(sa->st[STMT_BEGIN]) != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(sa->db));
		return SA_ERROR;
	}
	if ((r = csv_open(in)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto end;
	}
	if ((ret = import_header(r, in, fname, err, errlen)) != SA_OK)
		goto end;
	ret = SA_ERROR;
	while ((rc = csv_read(r)) == 1) {
		if (nseen == cap) {
			cap = cap ? cap * 2 : 64;
			if ((ns = realloc(seen, cap * sizeof *ns)) == NULL) {
				snprintf(err, errlen, "out of memory");
				goto end;
			}
			seen = ns;
		}
		ret = import_record(sa, r, fname, seen, nseen,
		    &seen[nseen].id, err, errlen);
		if (ret != SA_OK)
			goto end;
		ret = SA_ERROR;
		seen[nseen++].line = csv_line(r);
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s:%lu: %s", fname, csv_error_line(r),
		    csv_error(r));
		ret = ferror(in) ? SA_ERROR : SA_INVALID;
		goto end;
	}
	if (run(sa->st[STMT_COMMIT]) != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(sa->db));
		goto end;
	}
	*count = (long long)nseen;
	ret = SA_OK;
end:
	/* A failed COMMIT may leave the transaction open; end it too. */
	if (!sqlite3_get_autocommit(sa->db))
		run(sa->st[STMT_ROLLBACK]);
	csv_close(r);
	free(seen);
	return ret;
}
