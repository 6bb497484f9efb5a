/* SPDX-License-Identifier: ISC */
/* Everything studentctl does to Student_log.db (table Fifth_students):
 * checking student fields, and one statement table over sql.h, for a
 * SQLite file or a PostgreSQL database alike (chosen by the path at
 * open), for init, add, show, list, delete, clear, an all-or-nothing CSV
 * import, a copy between databases, and the access codes. Results follow lib/db.h; a
 * database failure has been reported through the process's failure hook
 * (db_set_failure_hook), with the failing SQL and the database's message,
 * before the call returns DB_ERROR or DB_BUSY. */
#ifndef STUDENT_ADMIN_H
#define STUDENT_ADMIN_H

#include <stddef.h>
#include <stdio.h>

#include "db.h"
#include "sql.h"

#define SA_NAME_MAX 200				/* bytes of UTF-8 */
#define SA_ID_MAX   9223372036854775807LL	/* largest SQLite rowid */
#define SA_AGE_MAX  150

enum sa_mode {
	SA_READ,	/* existing database, read-only */
	SA_WRITE,	/* existing database, read-write */
	SA_CREATE,	/* create the file and table if missing (init) */
	SA_UPGRADE	/* existing database, read-write, its schema brought
			 * up to this release's (the access codes' tables
			 * and key) as init does */
};

struct sa_student {
	const char	*name;
	long long	 id;
	long long	 age;
	int		 has_age;	/* 0 when Age is NULL */
};

struct student_admin;

/* Checks a name: 1..SA_NAME_MAX bytes of valid UTF-8 with no control
 * characters and no leading or trailing space. Returns NULL when it is
 * fine, else the reason (static text). */
const char *student_admin_check_name(const char *name);

/* Parse an ID (1..SA_ID_MAX) or an age (0..SA_AGE_MAX) given as
 * ASCII digits, leading zeros allowed, no sign or blanks. Return 0, or -1
 * with *out untouched. */
int student_admin_parse_id(const char *s, long long *out);
int student_admin_parse_age(const char *s, long long *out);

/* Opens the database at path into *out: a postgresql:// (or postgres://)
 * URI is a PostgreSQL database, anything else a SQLite file. SA_READ
 * opens it read-only. SA_CREATE creates a missing SQLite file, refuses a
 * database that holds other tables and not Fifth_students (DB_INVALID),
 * runs schema (its text for the back end: sql/student_schema.sql, or
 * sql/student_schema_pg.sql with the pages' read-only role; NULL only for
 * the other modes), and sets SQLite's rollback journal (never WAL, so
 * read-only readers work); the other modes need an initialised database.
 * Returns DB_OK, or DB_INVALID/DB_ERROR/DB_BUSY after reporting why (a
 * missing or foreign file, no table Fifth_students) with *out NULL. Free
 * with student_admin_close(). */
enum db_rc student_admin_open(const char *path, enum sa_mode mode,
    const struct sql_text *schema, struct student_admin **out);

/* Finalizes the statements and closes the database. NULL is allowed. */
void student_admin_close(struct student_admin *sa);

/* Writes a consistent copy of the database into the new file (lib/sql.h
 * sql_backup): DB_EXISTS when file exists, DB_INVALID on PostgreSQL. */
enum db_rc student_admin_backup(struct student_admin *sa, const char *file);

/* Inserts s (already checked): DB_OK, DB_EXISTS (the ID is taken), or a
 * reported failure. */
enum db_rc student_admin_add(struct student_admin *sa,
    const struct sa_student *s);

/* Looks up id. On DB_OK *out is filled and out->name is a malloc'd string
 * the caller frees. DB_OK, DB_NONE (no such student), or a reported
 * failure. */
enum db_rc student_admin_get(struct student_admin *sa, long long id,
    struct sa_student *out);

/* Calls fn for each student in ID order; the student is valid only during
 * the call. Stops when fn returns non-zero, which gives DB_ERROR without a
 * report (fn knows what went wrong). */
enum db_rc student_admin_each(struct student_admin *sa,
    int (*fn)(const struct sa_student *, void *), void *arg);

/* Deletes one student: DB_OK, DB_NONE, or a reported failure. */
enum db_rc student_admin_delete(struct student_admin *sa, long long id);

/* Changes student s->id: its name unless s->name is NULL, its age when
 * s->has_age (both already checked). DB_OK, DB_NONE (no such student),
 * or a reported failure. */
enum db_rc student_admin_update(struct student_admin *sa,
    const struct sa_student *s);

/* Deletes every student and stores how many in *count. */
enum db_rc student_admin_clear(struct student_admin *sa, long long *count);

/* Imports CSV from in (header Name,ID,Age in any case, then one student
 * per record; see csv.h for the separators) in one transaction: every row
 * or none. With replace, a student whose ID is already in the database
 * gets the file's name and age; without, that is a failure. fname names
 * the input in messages. On failure nothing changed, and err holds the
 * reason as "fname:LINE: reason" unless it is a database failure, which
 * was reported (err is then ""): DB_INVALID for malformed input or an ID
 * repeated in the file, DB_EXISTS for an ID already in the database,
 * DB_ERROR for a read failure, memory, or the database. On DB_OK *added
 * and *updated count the students added and changed. */
enum db_rc student_admin_import(struct student_admin *sa, FILE *in,
    const char *fname, int replace, long long *added, long long *updated,
    char *err, size_t errlen);

/* Adds every student of src to dst in one transaction of dst: all or
 * none. Each is checked as add checks its arguments. DB_OK with *count
 * the number copied; DB_EXISTS with *id the ID dst already holds;
 * DB_INVALID with *id the student that breaks a rule and *why the reason
 * (static text); or a reported failure. Nothing is copied unless DB_OK. */
enum db_rc student_admin_copy(struct student_admin *dst,
    struct student_admin *src, long long *count, long long *id,
    const char **why);

/* Gives each student ids[0..n-1] (ids NULL: every student) a new access
 * code, stores its digest under the database's key, and calls fn with the
 * student and the code as printed, in one transaction: all or none.
 * DB_OK; DB_NONE with *missing the first ID that is no student; DB_ERROR
 * when fn returns non-zero (fn knows why); or a reported failure. The
 * codes fn saw are void unless DB_OK. */
enum db_rc student_admin_codes_issue(struct student_admin *sa,
    const long long *ids, size_t n, long long *missing,
    int (*fn)(const struct sa_student *, const char *, void *), void *arg);

/* Removes the access codes of ids[0..n-1] (ids NULL: every code), storing
 * how many there were in *count. */
enum db_rc student_admin_codes_clear(struct student_admin *sa,
    const long long *ids, size_t n, long long *count);

#endif
