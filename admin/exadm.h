/* SPDX-License-Identifier: ISC */
/* examctl's access to exam.db: every statement it runs, in one table
 * written once for both back ends over lib/sql.h. Writers take the write
 * lock at once and wait for concurrent examd processes up to
 * EXADM_BUSY_MS; on PostgreSQL, what examd counts under (the counter row)
 * is locked first. Every function returns an enum db_rc (lib/db.h); a
 * failure has already gone to the failure hook (examctl's writes it on
 * stderr) with the SQL text and the database's message. */
#ifndef EXADM_H
#define EXADM_H

#include <stdio.h>

#include "db.h"
#include "sql.h"
#include "qbank.h"
#include "settings.h"
#include "username.h"

#define EXADM_BUSY_MS	5000

struct exadm;

/* Opens the exam database at path (a SQLite file, or a postgresql:// or
 * postgres:// URI) and checks its layout (lib/exam_layout.h).
 * A file that is neither an exam database nor (with create) empty, e.g.
 * the student pages' database, is refused unchanged; an exam database of
 * the first layout (one bank) is upgraded in place, its bank becoming the
 * exam `default`. With create, the file is created if needed and the
 * schema script for the back end (sql/exam_schema.sql or
 * sql/exam_schema_pg.sql: CREATE ... IF NOT EXISTS) is run; without it, a
 * missing file is an error. path is kept, not copied. Returns the handle, which
 * the caller closes with exadm_close, or NULL (the hook told why). */
struct exadm *exadm_open(const char *path, int create,
    const struct sql_text *schema);

/* exadm_open's create: 0, 1 (as above), or EXADM_AS_IS: an exam database
 * of this or an older layout is opened as it is, never upgraded (backup
 * copies it as it was). */
#define EXADM_AS_IS	2

/* Writes a consistent copy of the database into the new file (lib/sql.h
 * sql_backup): DB_EXISTS when file exists, DB_INVALID on PostgreSQL. */
int exadm_backup(struct exadm *a, const char *file);

/* Finalizes the statements and closes the database. NULL is allowed. */
void exadm_close(struct exadm *a);

/* The exam `init` creates and a bank file goes to by default. */
#define EXADM_DEFAULT_EXAM "default"

/* Loads bank as the exam EXADM_DEFAULT_EXAM, in one transaction, only
 * when there are no exams yet. Sets *loaded to 1 when it did. */
int exadm_init_bank(struct exadm *a, const struct qbank *bank, int *loaded);

/* Replaces exam's bank by bank, creating the exam (*created set to 1)
 * when there is none of that name, in one transaction: on any error
 * nothing is changed. */
int exadm_replace_bank(struct exadm *a, const char *exam,
    const struct qbank *bank, int *created);

/* Reads exam's bank into a new bank the caller frees with qbank_free
 * (empty when it has no questions), through qbank's validating API
 * (lib/qbank_db), as examd reads it: DB_NONE when there is no such exam,
 * DB_INVALID for a stored question the text format could not express. */
int exadm_load_bank(struct exadm *a, const char *exam, struct qbank **out);

/* One exam as `examctl exams` lists it. */
struct exadm_exam {
	char		name[EXAMNAME_MAX + 1];
	long long	questions;
	long long	attempts;	/* -1: unlimited */
	long long	time_limit;	/* minutes; -1: none */
	long long	results;	/* stored under its name */
	int		closed;		/* 1: not offered */
};

/* Reads every exam, by name, into a new array *list of *n (the caller
 * frees it; NULL when there are none). */
int exadm_list_exams(struct exadm *a, struct exadm_exam **list, size_t *n);

/* Sets exam's attempts limit (n < 0: unlimited) or time limit in
 * minutes (< 0: none). DB_NONE when there is no such exam. */
int exadm_set_attempts(struct exadm *a, const char *exam, long long n);
int exadm_set_time_limit(struct exadm *a, const char *exam,
    long long minutes);

/* Sets what exam shuffles (enum shuffle_mode, lib/shuffle.h): from the
 * next attempt on, each gets its own order. DB_NONE when there is no
 * such exam. */
int exadm_set_shuffle(struct exadm *a, const char *exam, int mode);

/* Closes exam (closed 1: examd no longer offers it; its results, grants
 * and bank stay) or opens it again. DB_NONE when there is no such exam. */
int exadm_set_closed(struct exadm *a, const char *exam, int closed);

/* Here, in exadm_user_results, exadm_set_password and exadm_delete_user,
 * name names its account in any ASCII case (the exact name first, where
 * an older layout left two), as at login. */

/* Grants name n more attempts at exam, on top of the exam's limit, in
 * one transaction; *total is what name has been granted there in all.
 * DB_EXISTS when there is no such user, DB_NONE when there is no such
 * exam. */
int exadm_grant(struct exadm *a, const char *name, const char *exam,
    long long n, long long *total);

/* Reads how many results name has, into *n: DB_NONE when there is no
 * such user. */
int exadm_user_results(struct exadm *a, const char *name, long long *n);

/* Deletes exam and its questions; its results stay. DB_NONE when there
 * is no such exam. */
int exadm_delete_exam(struct exadm *a, const char *exam);

/* Writes the user names, one a line, in order. */
int exadm_list_users(struct exadm *a, FILE *out);

/* Adds a user with the password hash. DB_EXISTS when the name is taken,
 * in any case: a name is one account whatever its ASCII case. */
int exadm_add_user(struct exadm *a, const char *name, const char *hash);

/* An account to import: a checked name and hash, and its row in the
 * file it came from (for messages). */
struct exadm_account {
	const char	*name;
	const char	*hash;
	long long	 row;
};

/* Adds the n accounts in one transaction. Each name already in exam.db is
 * passed to taken (with arg); then, or when bad says the file had bad
 * rows already, nothing is imported (DB_INVALID) unless skip_bad, which
 * imports the others. *imported is how many were added. */
int exadm_import_users(struct exadm *a, const struct exadm_account *acc,
    size_t n, int skip_bad, int bad, size_t *imported,
    void (*taken)(const struct exadm_account *, void *), void *arg);

/* Stores hash as name's password. DB_NONE when there is no such user (no
 * user is created). */
int exadm_set_password(struct exadm *a, const char *name, const char *hash);

/* Deletes the user name and that user's results (and grants), in one
 * transaction, so a new account of that name starts clean; *results is
 * how many results went. DB_NONE when there is no such user. */
int exadm_delete_user(struct exadm *a, const char *name,
    long long *results);

/* Which results to list; NULL fields do not filter. since is a date,
 * YYYY-MM-DD (UTC), already checked. */
struct exadm_filter {
	const char	*user;
	const char	*exam;
	const char	*since;
};

/* One stored result; the strings live until the next row. */
struct exadm_result {
	const char	*user, *exam, *finished_at, *peer;
	long long	 score, total;
};

/* Calls each(row, arg) for the results that pass f, oldest first, until
 * it returns nonzero. DB_NONE when no result passed. */
int exadm_results(struct exadm *a, const struct exadm_filter *f,
    int (*each)(const struct exadm_result *, void *), void *arg);

/* Writes the connections counted since the last reset (number from 1,
 * time, peer, tab-separated, in arrival order), then "count: N", from one
 * consistent snapshot. */
int exadm_list_connections(struct exadm *a, FILE *out);

/* Sets the connection count to 0 and the reset point to the last logged
 * connection, in one transaction; *was receives the previous count. */
int exadm_reset_count(struct exadm *a, long long *was);

/* Reads the settings into set (defaults for those never set); a stored
 * value the rule refuses is passed to bad (may be NULL) and left at its
 * default. */
int exadm_settings(struct exadm *a, struct exam_settings *set,
    void (*bad)(const char *name, const char *value, const char *why));

/* Stores setting name's value (already checked by settings_apply). */
int exadm_set_setting(struct exadm *a, const char *name, const char *value);

/* One scope of the failed-login record (SPEC "Failed logins"). */
struct exadm_failure {
	const char	*name;		/* "" for an address's record */
	const char	*source;	/* "" for a name's record */
	long long	 failures;
	long long	 wait;		/* seconds left; 0: none */
};

/* Calls each(row, arg) for the live records, of name when not NULL (in
 * any case), by name and source, until it returns nonzero. */
int exadm_failures(struct exadm *a, const char *name,
    int (*each)(const struct exadm_failure *, void *), void *arg);

/* Deletes the records of what, a name (in any case) or a source
 * (lib/netsource's form); *n is how many. DB_NONE when there were none. */
int exadm_clear_failures(struct exadm *a, const char *what, long long *n);
/* Which finished attempts the teacher's report and `answers` read. */
struct exadm_attempts_filter {
	const char	*exam;	/* required */
	const char	*since;	/* finished on that UTC day (YYYY-MM-DD,
				 * checked) or later; NULL: any */
	int		 all;	/* every attempt, not only each user's first */
};

/* One stored answer of a finished attempt, position and letter in the
 * bank's order; the strings live until the next row. */
struct exadm_answer {
	long long	 attempt;	/* the attempt's id */
	const char	*user, *finished_at;
	long long	 position;	/* from 1; 0: the attempt has none */
	char		 letter;	/* 'a'...; '\0' when position is 0 */
	int		 correct;	/* right when it was given */
};

/* Reads f->exam's bank into *bank (the caller frees it with qbank_free),
 * then calls each(row, arg) for every answer of the finished attempts
 * that pass f, attempt by attempt (in the order they began), each
 * attempt's by position, all in one snapshot. Each's nonzero return
 * stops the reading with DB_ERROR (each says why). DB_NONE when there is
 * no such exam; on any failure *bank is NULL. */
int exadm_attempt_answers(struct exadm *a,
    const struct exadm_attempts_filter *f, struct qbank **bank,
    int (*each)(const struct exadm_answer *, void *), void *arg);

/* The path or URI a was opened with (for exadm_import.c). */
const char *exadm_path(const struct exadm *a);

#endif
