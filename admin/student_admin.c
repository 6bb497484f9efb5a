#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "db.h"
#include "intparse.h"
#include "student_admin.h"
#include "student_admin_pg.h"
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
	STMT_UPDATE,
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
	/* NULL keeps the column: update changes what it is given. */
	[STMT_UPDATE] = "UPDATE Fifth_students SET Name = coalesce(?2, Name), "
	    "Age = coalesce(?3, Age) WHERE ID = ?1",
	/* IMMEDIATE: take the write lock before reading the file, so a
	 * concurrent writer makes us wait rather than fail at commit. */
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
};

/* One of the two back ends, chosen at open by the path: pg for a
 * postgresql:// URI, else db. */
struct student_admin {
	PGconn		*pg;
	sqlite3		*db;
	sqlite3_stmt	*st[STMT__MAX];
};

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
	switch (utf8_text_check(name, len, 0)) {
	case UTF8_TEXT_INVALID:
		return "invalid UTF-8";
	case UTF8_TEXT_CONTROL:
		return "control character";
	default:
		return NULL;
	}
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

/* Runs statement i of the table and, when it fails, reports it. Returns
 * DB_OK or the reported failure. */
static enum db_rc
run_stmt(struct student_admin *sa, enum stmt i)
{
	int rc = sqlite3_step(sa->st[i]);
	enum db_rc ret = DB_OK;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_fail(sa->db, stmt_sql[i]);
	sqlite3_reset(sa->st[i]);
	sqlite3_clear_bindings(sa->st[i]);
	return ret;
}

/* Prepares the table in two steps: the check that Fifth_students exists,
 * then the rest, which would fail with a vaguer "no such table". */
static enum db_rc
prepare(struct student_admin *sa, const char *path)
{
	size_t bad = 0;
	int rc, found;

	if (db_prepare_all(sa->db, stmt_sql, sa->st, 1, &bad) != SQLITE_OK)
		return db_fail(sa->db, stmt_sql[STMT_HAS_TABLE]);
	rc = sqlite3_step(sa->st[STMT_HAS_TABLE]);
	found = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(sa->db, stmt_sql[STMT_HAS_TABLE]);
	sqlite3_reset(sa->st[STMT_HAS_TABLE]);
	if (!found) {
		db_report(path, "not initialised (no table Fifth_students)");
		return DB_ERROR;
	}
	if (db_prepare_all(sa->db, stmt_sql + 1, sa->st + 1, STMT__MAX - 1,
	    &bad) != SQLITE_OK)
		return db_fail(sa->db, stmt_sql[1 + bad]);
	return DB_OK;
}

/* Whether init may write the schema into path: an empty database, or one
 * that already has Fifth_students. Anything else (e.g. the exam service's
 * exam.db, which WAL and a new table would damage) is refused, by reading
 * only. Returns DB_OK, or DB_INVALID (reported) when it is not ours. */
static enum db_rc
init_allowed(sqlite3 *db, const char *path)
{
	static const char q[] = "SELECT count(*), "
	    "count(*) FILTER (WHERE name = 'Fifth_students') "
	    "FROM sqlite_master WHERE type = 'table'";
	sqlite3_stmt *st = NULL;
	enum db_rc rc = DB_OK;

	/* A file SQLite cannot read at all (not a database) is left to the
	 * schema step, which fails on it the same way, before writing, and
	 * says so under its own name. */
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) > 0 &&
	    sqlite3_column_int64(st, 1) == 0) {
		db_report(path, "not a student database (no table "
		    "Fifth_students); refusing to change it");
		rc = DB_INVALID;
	}
	sqlite3_finalize(st);
	return rc;
}

enum db_rc
student_admin_open(const char *path, enum sa_mode mode, const char *schema,
    struct student_admin **out)
{
	struct student_admin *sa;
	enum db_rc ret = DB_ERROR;
	int flags;

	*out = NULL;
	if ((sa = calloc(1, sizeof *sa)) == NULL) {
		db_report("open", "out of memory");
		return DB_ERROR;
	}
	if (db_is_uri(path)) {
		if ((ret = sapg_open(path, mode, schema, &sa->pg)) != DB_OK)
			goto fail;
		*out = sa;
		return DB_OK;
	}
	flags = mode == SA_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (mode == SA_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if ((sa->db = db_connect(path, flags, BUSY_MS)) == NULL)
		goto fail;
	if (mode == SA_CREATE && (ret = init_allowed(sa->db, path)) != DB_OK)
		goto fail;
	if (mode == SA_CREATE &&
	    sqlite3_exec(sa->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		ret = db_fail(sa->db, "the schema (sql/student_schema.sql)");
		goto fail;
	}
	if ((ret = prepare(sa, path)) != DB_OK)
		goto fail;
	if (mode == SA_CREATE && (ret = run_stmt(sa, STMT_JOURNAL)) != DB_OK)
		goto fail;
	*out = sa;
	return DB_OK;
fail:
	student_admin_close(sa);
	return ret;
}

void
student_admin_close(struct student_admin *sa)
{
	if (sa == NULL)
		return;
	db_finalize_all(sa->st, STMT__MAX);
	sqlite3_close(sa->db);
	PQfinish(sa->pg);
	free(sa);
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

/* The result of an insert that did not return SQLITE_DONE: a taken ID is
 * an answer, anything else a reported failure. */
static enum db_rc
insert_failed(struct student_admin *sa, int rc)
{
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return DB_EXISTS;
	return db_fail(sa->db, stmt_sql[STMT_INSERT]);
}

/* Inserts s on either back end: DB_OK, DB_EXISTS or a reported
 * failure. */
static enum db_rc
add(struct student_admin *sa, const struct sa_student *s)
{
	int rc;

	if (sa->pg != NULL)
		return sapg_insert(sa->pg, s);
	rc = insert(sa, s);
	return rc == SQLITE_DONE ? DB_OK : insert_failed(sa, rc);
}

enum db_rc
student_admin_add(struct student_admin *sa, const struct sa_student *s)
{
	return add(sa, s);
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

enum db_rc
student_admin_get(struct student_admin *sa, long long id,
    struct sa_student *out)
{
	sqlite3_stmt *st = sa->st[STMT_GET];
	enum db_rc ret;
	char *name;
	int rc;

	if (sa->pg != NULL)
		return sapg_get(sa->pg, id, out);
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		ret = db_fail(sa->db, stmt_sql[STMT_GET]);
		goto end;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = DB_NONE;
	} else if (rc != SQLITE_ROW) {
		ret = db_fail(sa->db, stmt_sql[STMT_GET]);
	} else {
		row_student(st, out);
		if ((name = strdup(out->name)) == NULL) {
			db_report(stmt_sql[STMT_GET],
			    "out of memory copying the name");
			ret = DB_ERROR;
			goto end;
		}
		out->name = name;
		ret = DB_OK;
	}
end:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

enum db_rc
student_admin_each(struct student_admin *sa,
    int (*fn)(const struct sa_student *, void *), void *arg)
{
	sqlite3_stmt *st = sa->st[STMT_LIST];
	enum db_rc ret = DB_ERROR;
	struct sa_student s;
	int rc;

	if (sa->pg != NULL)
		return sapg_each(sa->pg, fn, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_student(st, &s);
		if (fn(&s, arg) != 0)
			goto end;
	}
	ret = rc == SQLITE_DONE ? DB_OK : db_fail(sa->db, stmt_sql[STMT_LIST]);
end:
	sqlite3_reset(st);
	return ret;
}

enum db_rc
student_admin_delete(struct student_admin *sa, long long id)
{
	enum db_rc ret;

	if (sa->pg != NULL)
		return sapg_delete(sa->pg, id);
	if (sqlite3_bind_int64(sa->st[STMT_DELETE], 1, id) != SQLITE_OK)
		return db_fail(sa->db, stmt_sql[STMT_DELETE]);
	if ((ret = run_stmt(sa, STMT_DELETE)) != DB_OK)
		return ret;
	return sqlite3_changes64(sa->db) == 0 ? DB_NONE : DB_OK;
}

enum db_rc
student_admin_update(struct student_admin *sa, const struct sa_student *s)
{
	sqlite3_stmt *st = sa->st[STMT_UPDATE];
	enum db_rc ret;

	if (sa->pg != NULL)
		return sapg_update(sa->pg, s);
	if (sqlite3_bind_int64(st, 1, s->id) != SQLITE_OK ||
	    (s->name != NULL ? sqlite3_bind_text(st, 2, s->name, -1,
	    SQLITE_STATIC) : sqlite3_bind_null(st, 2)) != SQLITE_OK ||
	    (s->has_age ? sqlite3_bind_int64(st, 3, s->age) :
	    sqlite3_bind_null(st, 3)) != SQLITE_OK) {
		ret = db_fail(sa->db, stmt_sql[STMT_UPDATE]);
		sqlite3_clear_bindings(st);
		return ret;
	}
	if ((ret = run_stmt(sa, STMT_UPDATE)) != DB_OK)
		return ret;
	return sqlite3_changes64(sa->db) == 0 ? DB_NONE : DB_OK;
}

enum db_rc
student_admin_clear(struct student_admin *sa, long long *count)
{
	enum db_rc ret;

	if (sa->pg != NULL)
		return sapg_clear(sa->pg, count);
	if ((ret = run_stmt(sa, STMT_CLEAR)) != DB_OK)
		return ret;
	*count = sqlite3_changes64(sa->db);
	return DB_OK;
}

/* IDs read so far in an import with their lines, to tell an ID repeated
 * in the file from one already in the database. */
struct seen {
	long long	 id;
	unsigned long	 line;
};

/* Checks one data record and inserts it, storing its ID in *id. Returns
 * DB_OK or the failure, with "fname:LINE: reason" in err unless it is a
 * reported database failure. */
static enum db_rc
import_record(struct student_admin *sa, struct csv_reader *r,
    const char *fname, int replace, const struct seen *seen, size_t nseen,
    long long *id, int *updated, char *err, size_t errlen)
{
	unsigned long line = csv_line(r);
	struct sa_student s;
	const char *why;
	enum db_rc ret;
	size_t i;

	if (csv_nfields(r) == 1 && csv_field(r, 0)[0] == '\0') {
		snprintf(err, errlen, "%s:%lu: blank line", fname, line);
		return DB_INVALID;
	}
	if (csv_nfields(r) != 3) {
		snprintf(err, errlen, "%s:%lu: expected 3 fields (Name,ID,Age),"
		    " found %zu", fname, line, csv_nfields(r));
		return DB_INVALID;
	}
	s.name = csv_field(r, 0);
	if ((why = student_admin_check_name(s.name)) != NULL) {
		snprintf(err, errlen, "%s:%lu: bad name: %s", fname, line, why);
		return DB_INVALID;
	}
	if (student_admin_parse_id(csv_field(r, 1), &s.id) < 0) {
		snprintf(err, errlen, "%s:%lu: bad ID: must be a decimal "
		    "integer from 1 to %lld", fname, line, SA_ID_MAX);
		return DB_INVALID;
	}
	if (student_admin_parse_age(csv_field(r, 2), &s.age) < 0) {
		snprintf(err, errlen, "%s:%lu: bad age: must be an integer "
		    "from 0 to %d", fname, line, SA_AGE_MAX);
		return DB_INVALID;
	}
	s.has_age = 1;
	if ((ret = add(sa, &s)) == DB_OK) {
		*id = s.id;
		return DB_OK;
	}
	if (ret != DB_EXISTS)
		return ret;
	for (i = 0; i < nseen; i++) {
		if (seen[i].id == s.id) {
			snprintf(err, errlen, "%s:%lu: duplicate ID %lld "
			    "(first on line %lu)", fname, line, s.id,
			    seen[i].line);
			return DB_INVALID;
		}
	}
	if (replace) {
		*id = s.id;
		*updated = 1;
		return student_admin_update(sa, &s);
	}
	snprintf(err, errlen, "%s:%lu: student ID %lld already exists",
	    fname, line, s.id);
	return DB_EXISTS;
}

/* Reads and checks the header record. */
static enum db_rc
import_header(struct csv_reader *r, FILE *in, const char *fname, char *err,
    size_t errlen)
{
	switch (csv_read(r)) {
	case 0:
		snprintf(err, errlen, "%s:1: empty file, expected header "
		    "Name,ID,Age", fname);
		return DB_INVALID;
	case -1:
		snprintf(err, errlen, "%s:%lu: %s", fname, csv_error_line(r),
		    csv_error(r));
		return ferror(in) ? DB_ERROR : DB_INVALID;
	}
	/* Spreadsheets and people write "name", "NAME"... */
	if (csv_nfields(r) != 3 || strcasecmp(csv_field(r, 0), "Name") != 0 ||
	    strcasecmp(csv_field(r, 1), "ID") != 0 ||
	    strcasecmp(csv_field(r, 2), "Age") != 0) {
		snprintf(err, errlen, "%s:%lu: header must be Name,ID,Age",
		    fname, csv_line(r));
		return DB_INVALID;
	}
	return DB_OK;
}

/* The transaction of an import or a copy, on either back end. */
static enum db_rc
begin(struct student_admin *sa)
{
	return sa->pg != NULL ? sapg_begin(sa->pg) : run_stmt(sa, STMT_BEGIN);
}

static enum db_rc
commit(struct student_admin *sa)
{
	return sa->pg != NULL ? sapg_commit(sa->pg) : run_stmt(sa, STMT_COMMIT);
}

/* Rolls back what is still open: a failure, or a failed COMMIT. */
static void
end_transaction(struct student_admin *sa)
{
	if (sa->pg != NULL)
		sapg_end(sa->pg);
	else if (!sqlite3_get_autocommit(sa->db))
		run(sa->st[STMT_ROLLBACK]);
}

enum db_rc
student_admin_import(struct student_admin *sa, FILE *in, const char *fname,
    int replace, long long *added, long long *updated, char *err,
    size_t errlen)
{
	struct csv_reader *r = NULL;
	struct seen *seen = NULL, *ns;
	size_t nseen = 0, cap = 0;
	long long nupdated = 0;
	enum db_rc ret;
	int rc, upd;

	if (errlen > 0)
		err[0] = '\0';
	if ((ret = begin(sa)) != DB_OK)
		return ret;
	ret = DB_ERROR;
	if ((r = csv_open(in)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto end;
	}
	if ((ret = import_header(r, in, fname, err, errlen)) != DB_OK)
		goto end;
	ret = DB_ERROR;
	while ((rc = csv_read(r)) == 1) {
		if (nseen == cap) {
			cap = cap ? cap * 2 : 64;
			if ((ns = realloc(seen, cap * sizeof *ns)) == NULL) {
				snprintf(err, errlen, "out of memory");
				goto end;
			}
			seen = ns;
		}
		upd = 0;
		ret = import_record(sa, r, fname, replace, seen, nseen,
		    &seen[nseen].id, &upd, err, errlen);
		if (ret != DB_OK)
			goto end;
		ret = DB_ERROR;
		seen[nseen++].line = csv_line(r);
		nupdated += upd;
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s:%lu: %s", fname, csv_error_line(r),
		    csv_error(r));
		ret = ferror(in) ? DB_ERROR : DB_INVALID;
		goto end;
	}
	if ((ret = commit(sa)) != DB_OK)
		goto end;
	*added = (long long)nseen - nupdated;
	*updated = nupdated;
	ret = DB_OK;
end:
	end_transaction(sa);
	csv_close(r);
	free(seen);
	return ret;
}

/* What student_admin_copy carries from one student to the next. */
struct copy {
	struct student_admin	*dst;
	enum db_rc		 ret;
	long long		 n;
	long long		 id;	/* the ID that was taken or refused */
	const char		*why;	/* why it was refused */
};

/* Holds a student of another database to the rules of add and import:
 * a file written by other tools may break them. */
static const char *
copy_problem(const struct sa_student *s)
{
	static char why[64];
	const char *p;

	if ((p = student_admin_check_name(s->name)) != NULL) {
		snprintf(why, sizeof why, "bad name: %s", p);
		return why;
	}
	if (s->id < 1) {
		snprintf(why, sizeof why, "bad ID: must be a decimal integer "
		    "from 1 to %lld", SA_ID_MAX);
		return why;
	}
	if (s->has_age && (s->age < 0 || s->age > SA_AGE_MAX))
		return "bad age: must be an integer from 0 to "
		    XSTR(SA_AGE_MAX);
	return NULL;
}

static int
copy_one(const struct sa_student *s, void *arg)
{
	struct copy *c = arg;

	if ((c->why = copy_problem(s)) != NULL) {
		c->ret = DB_INVALID;
		c->id = s->id;
		return -1;
	}
	if ((c->ret = add(c->dst, s)) != DB_OK) {
		c->id = s->id;
		return -1;
	}
	c->n++;
	return 0;
}

enum db_rc
student_admin_copy(struct student_admin *dst, struct student_admin *src,
    long long *count, long long *taken, const char **why)
{
	struct copy c = { dst, DB_OK, 0, 0, NULL };
	enum db_rc ret;

	if ((ret = begin(dst)) != DB_OK)
		return ret;
	ret = student_admin_each(src, copy_one, &c);
	if (ret == DB_ERROR && c.ret != DB_OK) {
		ret = c.ret;	/* copy_one stopped the walk */
		*taken = c.id;
		*why = c.why;
	}
	if (ret == DB_OK && (ret = commit(dst)) == DB_OK)
		*count = c.n;
	end_transaction(dst);
	return ret;
}
