/* The PostgreSQL back end of examdb_admin (examdb_admin_pg.c), for
 * examdb_admin.c alone: the same operations on a libpq connection, with
 * the same results and reports; examdb_admin.h says what each does. */
#ifndef EXAMDB_ADMIN_PG_H
#define EXAMDB_ADMIN_PG_H

#include "pq.h"

#include "examdb_admin.h"

/* Connects to uri and checks the layout as exadm_open does (the student
 * database and any other foreign one are refused unchanged); with create,
 * an empty database gets schema (sql/exam_schema_pg.sql). DB_OK with *out
 * set, or a reported failure. */
int expg_open(const char *uri, int create, const char *schema,
    PGconn **out);

int expg_init_bank(PGconn *c, const struct qbank *bank, int *loaded);
int expg_replace_bank(PGconn *c, const char *exam, const struct qbank *bank,
    int *created);
int expg_load_bank(PGconn *c, const char *exam, struct qbank **out);
int expg_list_exams(PGconn *c, struct exadm_exam **list, size_t *n);
int expg_set_attempts(PGconn *c, const char *exam, long long n);
int expg_set_time_limit(PGconn *c, const char *exam, long long minutes);
int expg_delete_exam(PGconn *c, const char *exam);
int expg_list_users(PGconn *c, FILE *out);
int expg_add_user(PGconn *c, const char *name, const char *hash);
/* A write transaction, for the callers that hold one rule for both back
 * ends (exadm_import_users): expg_finish commits when rc is DB_OK, else
 * rolls back, and returns the outcome. expg_add_user adds inside it. */
int expg_begin_write(PGconn *c);
int expg_finish(PGconn *c, int rc);
int expg_set_password(PGconn *c, const char *name, const char *hash);
int expg_delete_user(PGconn *c, const char *name);
int expg_results(PGconn *c, const struct exadm_filter *f,
    int (*each)(const struct exadm_result *, void *), void *arg);
int expg_list_connections(PGconn *c, FILE *out);
int expg_reset_count(PGconn *c, long long *was);
/* Copies every row of the open SQLite exam database src into c. */
int expg_import_sqlite(PGconn *c, sqlite3 *src, const char *file,
    struct exadm_moved *n);

#endif
