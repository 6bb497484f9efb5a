/* examctl's access to exam.db: every statement it runs, in one table
 * prepared when the database is opened. Writers take the write lock at
 * once (BEGIN IMMEDIATE) and wait for concurrent examd processes through
 * the busy timeout. */
#ifndef EXAMDB_ADMIN_H
#define EXAMDB_ADMIN_H

#include <stdio.h>
#include <sqlite3.h>

#include "qbank.h"

enum exadm_stmt {
	EXADM_BEGIN_READ,
	EXADM_BEGIN_WRITE,
	EXADM_COMMIT,
	EXADM_ROLLBACK,
	EXADM_QUESTION_COUNT,
	EXADM_DELETE_CHOICES,
	EXADM_DELETE_QUESTIONS,
	EXADM_INSERT_QUESTION,
	EXADM_INSERT_CHOICE,
	EXADM_LIST_QUESTIONS,
	EXADM_LIST_CHOICES,
	EXADM_LIST_USERS,
	EXADM_SET_PASSWORD,
	EXADM_DELETE_USER,
	EXADM_LIST_RESULTS,
	EXADM_LIST_CONNECTIONS,
	EXADM_GET_COUNTER,
	EXADM_RESET_COUNTER,
	EXADM__COUNT
};

/* Return values of the exadm_* functions. */
#define EXADM_OK	0
#define EXADM_ERROR	(-1)	/* the reason is in a->err */
#define EXADM_NOTFOUND	1	/* no such user, or nothing to show */

#define EXADM_BUSY_MS	5000

struct exadm {
	sqlite3		*db;
	sqlite3_stmt	*st[EXADM__COUNT];
	char		 err[512];
};

/* Opens the exam database at path and prepares the statement table.
 * With create, the file is created if needed and the schema script
 * (CREATE ... IF NOT EXISTS, WAL) is run first; without it, a missing file
 * or one without the exam tables is an error. Returns EXADM_OK or
 * EXADM_ERROR; either way release with exadm_close. */
int exadm_open(struct exadm *a, const char *path, int create,
    const char *schema);

/* Finalizes the statements and closes the database. */
void exadm_close(struct exadm *a);

/* Loads bank into the database, in one transaction, only when there are
 * no questions yet. Sets *loaded to 1 when it did. */
int exadm_init_bank(struct exadm *a, const struct qbank *bank, int *loaded);

/* Replaces the whole question bank by bank, in one transaction: on any
 * error nothing is changed. */
int exadm_replace_bank(struct exadm *a, const struct qbank *bank);

/* Reads the question bank into a new bank the caller frees with
 * qbank_free (*out is NULL for an empty bank). A stored question that the
 * text format could not express is an error. */
int exadm_load_bank(struct exadm *a, struct qbank **out);

/* Writes the user names, one a line, in order. */
int exadm_list_users(struct exadm *a, FILE *out);

/* Stores hash as name's password. EXADM_NOTFOUND when there is no such
 * user (no user is created). */
int exadm_set_password(struct exadm *a, const char *name, const char *hash);

/* Deletes the user name; their results are kept as a record.
 * EXADM_NOTFOUND when there is no such user. */
int exadm_delete_user(struct exadm *a, const char *name);

/* Writes the results, oldest first, one a line: username, score/total,
 * time (UTC) and peer, separated by tabs. With a name, only that user's;
 * then EXADM_NOTFOUND when there are none. */
int exadm_list_results(struct exadm *a, const char *name, FILE *out);

/* Writes the connections counted since the last reset (sequence number,
 * time, peer, tab-separated, in arrival order), then "count: N", from one
 * consistent snapshot. */
int exadm_list_connections(struct exadm *a, FILE *out);

/* Sets the connection count to 0 and the reset point to the last logged
 * connection, in one transaction; *was receives the previous count. */
int exadm_reset_count(struct exadm *a, long long *was);

#endif
