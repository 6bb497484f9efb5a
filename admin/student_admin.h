/* Everything studentctl does to Student_log.db (table Fifth_students):
 * checking student fields, and one statement table for init, add, show,
 * list, delete, clear and an all-or-nothing CSV import. */
#ifndef STUDENT_ADMIN_H
#define STUDENT_ADMIN_H

#include <stddef.h>
#include <stdio.h>

#define SA_NAME_MAX 200				/* bytes of UTF-8 */
#define SA_ID_MAX   9223372036854775807LL	/* largest SQLite rowid */
#define SA_AGE_MAX  150

/* Outcome of an operation; studentctl maps each to its exit status. */
enum sa_status {
	SA_OK = 0,
	SA_NOTFOUND,	/* no student with that ID */
	SA_EXISTS,	/* the ID is taken */
	SA_INVALID,	/* malformed input (import) */
	SA_ERROR	/* database or I/O failure */
};

enum sa_mode {
	SA_READ,	/* existing database, read-only */
	SA_WRITE,	/* existing database, read-write */
	SA_CREATE	/* create the file and table if missing (init) */
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

/* Opens the database at path. SA_CREATE also creates the file and runs
 * schema (the table definition), and sets the rollback journal (never WAL,
 * so read-only readers work); the other modes need an initialised file.
 * Returns NULL and the reason in err on failure. Free with
 * student_admin_close(). */
struct student_admin *student_admin_open(const char *path, enum sa_mode mode,
    const char *schema, char *err, size_t errlen);

/* Finalizes the statements and closes the database. NULL is allowed. */
void student_admin_close(struct student_admin *sa);

/* The last SQLite error message of the connection; owned by SQLite. */
const char *student_admin_errmsg(const struct student_admin *sa);

/* Inserts s (already checked). SA_OK, SA_EXISTS or SA_ERROR. */
enum sa_status student_admin_add(struct student_admin *sa,
    const struct sa_student *s);

/* Looks up id. On SA_OK *out is filled and out->name is a malloc'd string
 * the caller frees. SA_OK, SA_NOTFOUND or SA_ERROR. */
enum sa_status student_admin_get(struct student_admin *sa, long long id,
    struct sa_student *out);

/* Calls fn for each student in ID order; the student is valid only during
 * the call. Stops when fn returns non-zero, which gives SA_ERROR. */
enum sa_status student_admin_each(struct student_admin *sa,
    int (*fn)(const struct sa_student *, void *), void *arg);

/* Deletes one student: SA_OK, SA_NOTFOUND or SA_ERROR. */
enum sa_status student_admin_delete(struct student_admin *sa, long long id);

/* Deletes every student and stores how many in *count. */
enum sa_status student_admin_clear(struct student_admin *sa,
    long long *count);

/* Imports CSV from in (header exactly Name,ID,Age, then one student per
 * record) in one transaction: every row or none. fname names the input in
 * messages. On failure err holds "fname:LINE: reason" and nothing changed:
 * SA_INVALID for malformed input or an ID repeated in the file, SA_EXISTS
 * for an ID already in the database, SA_ERROR for a database or read
 * failure. On SA_OK *count is the number of students added. */
enum sa_status student_admin_import(struct student_admin *sa, FILE *in,
    const char *fname, long long *count, char *err, size_t errlen);

#endif
