/* examdb's PostgreSQL back end (examdb_pg.c), for examdb.c alone: the
 * functions of examdb.h on a libpq connection, with the same results and
 * the same reports. examdb.c chooses it when --db is a postgresql:// URI
 * (db_is_uri). */
#ifndef EXAMDB_PG_H
#define EXAMDB_PG_H

#include "examdb.h"

struct examdb_pg;

struct examdb_pg *examdb_pg_open(const char *uri, int busy_ms);
void examdb_pg_close(struct examdb_pg *d);
/* Counts the connection as examdb_count_connection describes, setting
 * *count to its number; when that is peers_at, also reads the counted
 * peers in the same transaction. The rule about them is examdb.c's. */
int examdb_pg_count_connection(struct examdb_pg *d, const char *peer,
    long long peers_at, long long *count,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers);
int examdb_pg_user_hash(struct examdb_pg *d, const char *name, char **hash);
int examdb_pg_register(struct examdb_pg *d, const char *name,
    const char *hash);
int examdb_pg_exams(struct examdb_pg *d, struct examdb_exam **list,
    size_t *n);
int examdb_pg_load_bank(struct examdb_pg *d, long long exam,
    struct qbank **bank);
/* How many results name has for exam; examdb_attempts_left applies the
 * rule on both back ends. */
int examdb_pg_attempts_used(struct examdb_pg *d, const char *name,
    const char *exam, long long *used);
int examdb_pg_store_result(struct examdb_pg *d, const char *name,
    const struct examdb_exam *e, int score, int total, const char *peer);
int examdb_pg_replace_hash(struct examdb_pg *d, const char *name,
    const char *old, const char *fresh);

#endif
