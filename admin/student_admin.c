/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accesscode.h"
#include "csv.h"
#include "intparse.h"
#include "sql.h"
#include "student_admin.h"
#include "utf8.h"

/* Long enough for a writer holding the lock (another studentctl). */
#define BUSY_MS 5000

#define STR(x)	#x
#define XSTR(x)	STR(x)

enum stmt {
	STMT_HAS_TABLE,
	STMT_TABLES,
	STMT_JOURNAL,
	STMT_INSERT,
	STMT_GET,
	STMT_LIST,
	STMT_DELETE,
	STMT_CLEAR,
	STMT_UPDATE,
	STMT_KEY_INIT,
	STMT_KEY_GET,
	STMT_CODE_SET,
	STMT_CODE_DELETE,
	STMT_CODE_CLEAR,
	STMT__MAX
};

static const struct sql_text stmt_sql[STMT__MAX] = {
	/* Run first: the others would fail with a vaguer "no such
	 * table". */
	[STMT_HAS_TABLE] = {
	    "SELECT 1 FROM sqlite_schema "
	    "WHERE type = 'table' AND name = 'Fifth_students'",
	    "SELECT 1 FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema() "
	    "AND tablename = 'fifth_students'" },
	/* How many tables there are: what init may write into. */
	[STMT_TABLES] = {
	    "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
	    "SELECT count(*) FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema()" },
	/* The web programs open the file read-only; WAL would need them to
	 * write -shm files (see the schema's comment). */
	[STMT_JOURNAL] = { "PRAGMA journal_mode = DELETE", "" },
	/* A taken ID inserts nothing instead of failing, which on
	 * PostgreSQL would end the transaction: import --replace goes on
	 * with an update. */
	[STMT_INSERT] = { "INSERT INTO Fifth_students (Name, ID, Age) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (ID) DO NOTHING" },
	[STMT_GET] = {
	    "SELECT Name, ID, Age FROM Fifth_students WHERE ID = ?1" },
	[STMT_LIST] = {
	    "SELECT Name, ID, Age FROM Fifth_students ORDER BY ID" },
	[STMT_DELETE] = { "DELETE FROM Fifth_students WHERE ID = ?1" },
	[STMT_CLEAR] = { "DELETE FROM Fifth_students" },
	/* NULL keeps the column: update changes what it is given. */
	[STMT_UPDATE] = { "UPDATE Fifth_students SET Name = coalesce(?2, "
	    "Name), Age = coalesce(?3, Age) WHERE ID = ?1" },
	/* The access codes' key is made once and kept by every later init
	 * or upgrade: a new key would void every code handed out. */
	[STMT_KEY_INIT] = { "INSERT INTO Access_key (Id, Key) VALUES (1, ?1) "
	    "ON CONFLICT (Id) DO NOTHING" },
	[STMT_KEY_GET] = { "SELECT Key FROM Access_key WHERE Id = 1" },
	[STMT_CODE_SET] = { "INSERT INTO Access_codes (ID, Digest) "
	    "VALUES (?1, ?2) ON CONFLICT (ID) DO UPDATE SET Digest = "
	    "excluded.Digest" },
	[STMT_CODE_DELETE] = { "DELETE FROM Access_codes WHERE ID = ?1" },
	[STMT_CODE_CLEAR] = { "DELETE FROM Access_codes" },
};

struct student_admin {
	struct sql	*db;
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

/* Whether init may write the schema into a database without
 * Fifth_students: only when it is empty. Anything else (e.g. the exam
 * service's exam database, which WAL and a new table would damage) is
 * refused, by reading only. Returns DB_OK, DB_INVALID (reported) when it
 * is not ours, or a reported failure. */
static enum db_rc
init_allowed(struct sql *db)
{
	long long tables = 0;
	enum db_rc rc;

	if ((rc = sql_value(db, STMT_TABLES, &tables)) == DB_NONE)
		rc = DB_OK;
	if (rc == DB_OK && tables > 0) {
		db_report(sql_name(db), "not a student database (no table "
		    "Fifth_students); refusing to change it");
		rc = DB_INVALID;
	}
	return rc;
}

/* Gives the database its access-code key unless it has one. */
static enum db_rc
make_key(struct sql *db)
{
	char key[ACCESSCODE_HEX + 1];
	struct sql_stmt *st = sql_stmt(db, STMT_KEY_INIT);

	if (accesscode_new_key(key) == -1) {
		db_report("getrandom", "no random bytes for the access-code key");
		return DB_ERROR;
	}
	sql_bind_text(st, 1, key);
	return sql_run(st);
}

enum db_rc
student_admin_open(const char *path, enum sa_mode mode,
    const struct sql_text *schema, struct student_admin **out)
{
	static const int flags[] = {
		[SA_READ] = SQL_READONLY, [SA_WRITE] = 0, [SA_CREATE] = SQL_CREATE,
		[SA_UPGRADE] = 0
	};
	struct student_admin *sa;
	long long one;
	enum db_rc ret = DB_ERROR;

	*out = NULL;
	if ((sa = calloc(1, sizeof *sa)) == NULL) {
		db_report("open", "out of memory");
		return DB_ERROR;
	}
	if ((sa->db = sql_open(path, flags[mode], BUSY_MS, stmt_sql,
	    STMT__MAX)) == NULL)
		goto fail;
	/* A file that is not a database at all fails here, before anything
	 * is written, and says so. */
	ret = sql_value(sa->db, STMT_HAS_TABLE, &one);
	if (ret == DB_NONE && mode != SA_CREATE) {
		db_report(sql_name(sa->db),
		    "not initialised (no table Fifth_students)");
		ret = DB_ERROR;
	} else if (ret == DB_NONE) {
		ret = init_allowed(sa->db);
	}
	if (ret != DB_OK)
		goto fail;
	if ((mode == SA_CREATE || mode == SA_UPGRADE) &&
	    ((ret = sql_script(sa->db, schema, "the schema")) != DB_OK ||
	    (ret = make_key(sa->db)) != DB_OK ||
	    (ret = sql_run(sql_stmt(sa->db, STMT_JOURNAL))) != DB_OK))
		goto fail;
	*out = sa;
	return DB_OK;
fail:
	student_admin_close(sa);
	return ret;
}

enum db_rc
student_admin_backup(struct student_admin *sa, const char *file)
{
	return sql_backup(sa->db, file);
}

void
student_admin_close(struct student_admin *sa)
{
	if (sa == NULL)
		return;
	sql_close(sa->db);
	free(sa);
}

/* Runs st, bound beforehand, a statement that changes rows: DB_OK,
 * DB_NONE when it changed none, or a reported failure. */
static enum db_rc
change(struct student_admin *sa, struct sql_stmt *st)
{
	enum db_rc rc;

	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	return sql_changes(sa->db) == 0 ? DB_NONE : DB_OK;
}

enum db_rc
student_admin_add(struct student_admin *sa, const struct sa_student *s)
{
	struct sql_stmt *st = sql_stmt(sa->db, STMT_INSERT);
	enum db_rc rc;

	sql_bind_text(st, 1, s->name);
	sql_bind_int(st, 2, s->id);
	if (s->has_age)
		sql_bind_int(st, 3, s->age);
	else
		sql_bind_text(st, 3, NULL);
	/* ON CONFLICT DO NOTHING: a taken ID changes no row. */
	rc = change(sa, st);
	return rc == DB_NONE ? DB_EXISTS : rc;
}

/* Fills *out from the current row of st; name points into st's row. */
static void
row_student(struct sql_stmt *st, struct sa_student *out)
{
	const char *name = sql_col_text(st, 0);

	out->name = name != NULL ? name : "";
	out->id = sql_col_int(st, 1);
	out->has_age = !sql_col_null(st, 2);
	out->age = out->has_age ? sql_col_int(st, 2) : 0;
}

enum db_rc
student_admin_get(struct student_admin *sa, long long id,
    struct sa_student *out)
{
	struct sql_stmt *st = sql_stmt(sa->db, STMT_GET);
	enum db_rc rc;
	char *name;

	sql_bind_int(st, 1, id);
	if ((rc = sql_next(st)) != DB_OK)
		return rc;
	row_student(st, out);
	if ((name = strdup(out->name)) == NULL) {
		db_report(stmt_sql[STMT_GET].text,
		    "out of memory copying the name");
		rc = DB_ERROR;
	}
	out->name = name;
	sql_reset(st);
	return rc;
}

enum db_rc
student_admin_each(struct student_admin *sa,
    int (*fn)(const struct sa_student *, void *), void *arg)
{
	struct sql_stmt *st = sql_stmt(sa->db, STMT_LIST);
	struct sa_student s;
	enum db_rc rc;

	while ((rc = sql_next(st)) == DB_OK) {
		row_student(st, &s);
		if (fn(&s, arg) != 0) {
			sql_reset(st);
			return DB_ERROR;
		}
	}
	return rc == DB_NONE ? DB_OK : rc;
}

enum db_rc
student_admin_delete(struct student_admin *sa, long long id)
{
	struct sql_stmt *st = sql_stmt(sa->db, STMT_DELETE);

	sql_bind_int(st, 1, id);
	return change(sa, st);
}

enum db_rc
student_admin_update(struct student_admin *sa, const struct sa_student *s)
{
	struct sql_stmt *st = sql_stmt(sa->db, STMT_UPDATE);

	sql_bind_int(st, 1, s->id);
	sql_bind_text(st, 2, s->name);
	if (s->has_age)
		sql_bind_int(st, 3, s->age);
	else
		sql_bind_text(st, 3, NULL);
	return change(sa, st);
}

enum db_rc
student_admin_clear(struct student_admin *sa, long long *count)
{
	enum db_rc rc;

	if ((rc = sql_run(sql_stmt(sa->db, STMT_CLEAR))) != DB_OK)
		return rc;
	*count = sql_changes(sa->db);
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
	if ((ret = student_admin_add(sa, &s)) == DB_OK) {
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
	if ((ret = sql_begin(sa->db, SQL_TX_WRITE)) != DB_OK)
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
	ret = DB_OK;
end:
	/* Every row or none: a failure rolls back, and so does a failed
	 * commit, which then is the result. */
	if ((ret = sql_finish(sa->db, ret)) == DB_OK) {
		*added = (long long)nseen - nupdated;
		*updated = nupdated;
	}
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
	if ((c->ret = student_admin_add(c->dst, s)) != DB_OK) {
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

	if ((ret = sql_begin(dst->db, SQL_TX_WRITE)) != DB_OK)
		return ret;
	ret = student_admin_each(src, copy_one, &c);
	if (ret == DB_ERROR && c.ret != DB_OK) {
		ret = c.ret;	/* copy_one stopped the walk */
		*taken = c.id;
		*why = c.why;
	}
	if ((ret = sql_finish(dst->db, ret)) == DB_OK)
		*count = c.n;
	return ret;
}

/* What student_admin_codes_issue carries from one student to the next. */
struct issue {
	struct student_admin	*sa;
	const char		*key;
	int			(*fn)(const struct sa_student *, const char *,
				    void *);
	void			*arg;
	enum db_rc		 ret;
	long long		 n;
};

static int
issue_one(const struct sa_student *s, void *arg)
{
	struct issue *is = arg;
	char code[ACCESSCODE_PRINTED + 1], digest[ACCESSCODE_HEX + 1];
	struct sql_stmt *st = sql_stmt(is->sa->db, STMT_CODE_SET);

	if (accesscode_new(code) == -1) {
		db_report("getrandom", "no random bytes for an access code");
		is->ret = DB_ERROR;
		return -1;
	}
	accesscode_digest(is->key, code, strlen(code), digest);
	sql_bind_int(st, 1, s->id);
	sql_bind_text(st, 2, digest);
	if ((is->ret = sql_run(st)) != DB_OK)
		return -1;
	if (is->fn(s, code, is->arg) != 0) {
		is->ret = DB_ERROR;
		return -1;
	}
	is->n++;
	return 0;
}

enum db_rc
student_admin_codes_issue(struct student_admin *sa, const long long *ids,
    size_t n, long long *missing,
    int (*fn)(const struct sa_student *, const char *, void *), void *arg)
{
	struct issue is = { sa, NULL, fn, arg, DB_OK, 0 };
	struct sql_stmt *kst;
	struct sa_student s;
	enum db_rc ret;
	char *key = NULL;
	size_t i;

	if ((ret = sql_begin(sa->db, SQL_TX_WRITE)) != DB_OK)
		return ret;
	kst = sql_stmt(sa->db, STMT_KEY_GET);
	if ((ret = sql_next(kst)) == DB_OK) {
		if ((key = strdup(sql_col_text(kst, 0) ? sql_col_text(kst, 0) :
		    "")) == NULL) {
			db_report("access key", "out of memory");
			ret = DB_ERROR;
		}
		sql_reset(kst);
	} else if (ret == DB_NONE) {
		db_report(sql_name(sa->db), "no access-code key (run "
		    "studentctl init)");
		ret = DB_ERROR;
	}
	is.key = key;
	if (ret == DB_OK && ids == NULL) {
		ret = student_admin_each(sa, issue_one, &is);
		if (ret == DB_ERROR && is.ret != DB_OK)
			ret = is.ret;
	}
	for (i = 0; ret == DB_OK && ids != NULL && i < n; i++) {
		if ((ret = student_admin_get(sa, ids[i], &s)) == DB_NONE) {
			*missing = ids[i];
			break;
		}
		if (ret != DB_OK)
			break;
		if (issue_one(&s, &is) != 0)
			ret = is.ret;
		free((char *)s.name);
	}
	free(key);
	return sql_finish(sa->db, ret);
}

enum db_rc
student_admin_codes_clear(struct student_admin *sa, const long long *ids,
    size_t n, long long *count)
{
	struct sql_stmt *st;
	enum db_rc ret;
	long long c = 0;
	size_t i;

	if ((ret = sql_begin(sa->db, SQL_TX_WRITE)) != DB_OK)
		return ret;
	if (ids == NULL) {
		if ((ret = sql_run(sql_stmt(sa->db, STMT_CODE_CLEAR))) ==
		    DB_OK)
			c = sql_changes(sa->db);
	}
	for (i = 0; ret == DB_OK && ids != NULL && i < n; i++) {
		st = sql_stmt(sa->db, STMT_CODE_DELETE);
		sql_bind_int(st, 1, ids[i]);
		if ((ret = sql_run(st)) == DB_OK)
			c += sql_changes(sa->db);
	}
	if ((ret = sql_finish(sa->db, ret)) == DB_OK)
		*count = c;
	return ret;
}
