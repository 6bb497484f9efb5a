/* examctl's access to exam.db: every statement it runs, in one table
 * prepared when the database is opened. Writers take the write lock at
 * once (BEGIN IMMEDIATE) and wait for concurrent examd processes through
 * the busy timeout. Every function returns an enum db_rc (lib/db.h); a
 * failure has already gone to the failure hook (examctl's writes it on
 * stderr) with the SQL text and SQLite's message. */
#ifndef EXAMDB_ADMIN_H
#define EXAMDB_ADMIN_H

#include <stdio.h>

#include "db.h"
#include "qbank.h"

#define EXADM_BUSY_MS	5000

struct exadm;

/* Opens the exam database at path and prepares the statement table.
 * With create, the file is created if needed and the schema script
 * (CREATE ... IF NOT EXISTS, WAL) is run first; without it, a missing file
 * or one without the exam tables is an error. Returns the handle, which
 * the caller closes with exadm_close, or NULL (the hook told why). */
struct exadm *exadm_open(const char *path, int create, const char *schema);

/* Finalizes the statements and closes the database. NULL is allowed. */
void exadm_close(struct exadm *a);

/* Loads bank into the database, in one transaction, only when there are
 * no questions yet. Sets *loaded to 1 when it did. */
int exadm_init_bank(struct exadm *a, const struct qbank *bank, int *loaded);

/* Replaces the whole question bank by bank, in one transaction: on any
 * error nothing is changed. */
int exadm_replace_bank(struct exadm *a, const struct qbank *bank);

/* Reads the question bank into a new bank the caller frees with
 * qbank_free (empty when there are no questions), through qbank's
 * validating API (lib/qbank_db), as examd reads it: DB_INVALID for a
 * stored question the text format could not express. */
int exadm_load_bank(struct exadm *a, struct qbank **out);

/* Writes the user names, one a line, in order. */
int exadm_list_users(struct exadm *a, FILE *out);

/* Stores hash as name's password. DB_NONE when there is no such user (no
 * user is created). */
int exadm_set_password(struct exadm *a, const char *name, const char *hash);

/* Deletes the user name; their results are kept as a record. DB_NONE
 * when there is no such user. */
int exadm_delete_user(struct exadm *a, const char *name);

/* Writes the results, oldest first, one a line: username, score/total,
 * time (UTC) and peer, separated by tabs. With a name, only that user's;
 * then DB_NONE when there are none. */
int exadm_list_results(struct exadm *a, const char *name, FILE *out);

/* Writes the connections counted since the last reset (sequence number,
 * time, peer, tab-separated, in arrival order), then "count: N", from one
 * consistent snapshot. */
int exadm_list_connections(struct exadm *a, FILE *out);

/* Sets the connection count to 0 and the reset point to the last logged
 * connection, in one transaction; *was receives the previous count. */
int exadm_reset_count(struct exadm *a, long long *was);

#endif
