/* The PostgreSQL back end of student_admin (student_admin_pg.c), for
 * student_admin.c alone: the same operations on a libpq connection, with
 * the same results and reports. */
#ifndef STUDENT_ADMIN_PG_H
#define STUDENT_ADMIN_PG_H

#include "pq.h"

#include "student_admin.h"

/* Connects to uri; SA_CREATE also runs schema (sql/student_schema_pg.sql),
 * SA_READ makes the session read-only. DB_OK with *out set, or a reported
 * failure (no table Fifth_students included). */
enum db_rc sapg_open(const char *uri, enum sa_mode mode, const char *schema,
    PGconn **out);

/* DB_OK, DB_EXISTS (the ID is taken) or a reported failure. */
enum db_rc sapg_insert(PGconn *c, const struct sa_student *s);
/* Changes the name (unless NULL) and the age (if has_age) of s->id:
 * DB_OK, DB_NONE, or a reported failure. */
enum db_rc sapg_update(PGconn *c, const struct sa_student *s);
enum db_rc sapg_get(PGconn *c, long long id, struct sa_student *out);
enum db_rc sapg_each(PGconn *c,
    int (*fn)(const struct sa_student *, void *), void *arg);
enum db_rc sapg_delete(PGconn *c, long long id);
enum db_rc sapg_clear(PGconn *c, long long *count);
enum db_rc sapg_begin(PGconn *c);
enum db_rc sapg_commit(PGconn *c);
/* Rolls back a transaction still open (a failed one included). */
void sapg_end(PGconn *c);

#endif
