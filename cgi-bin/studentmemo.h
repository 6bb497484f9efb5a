/* SPDX-License-Identifier: ISC */
/* What the student pages know of a SQLite Student_log.db besides the
 * connection: which file at the path the connection was opened on, and
 * the answers it gave, remembered (found and absent alike) together with
 * the file's identity when they were read: bytes 24-99 of its header,
 * which hold the change counter that every commit of a rollback-journal
 * database raises, and the file's size and modification time. A lookup
 * whose answer is remembered under the identity the file has now is
 * served without asking SQLite, so without taking its lock: a stat of the
 * path and a 100-byte read of the header. Any commit, any file written
 * over in place, a WAL-mode file or a header that cannot be read means
 * the database is asked as before.
 *
 * All of it is about a SQLite file: a PostgreSQL database has no memo.
 * Every function takes NULL as that memo, which remembers nothing and
 * whose connection is always current, so studentdb.c calls them alike for
 * both back ends. */
#ifndef STUDENTMEMO_H
#define STUDENTMEMO_H

#include <stdint.h>

#include "db.h"
#include "studentdb.h"

struct studentmemo;

/* A memo for the SQLite file at path (copied). NULL when memory runs
 * out; without room for the answers it still follows the file, and only
 * remembers nothing. Freed with studentmemo_close. */
struct studentmemo *studentmemo_open(const char *path);

/* Frees m; the connection must be closed already. NULL is allowed. */
void studentmemo_close(struct studentmemo *m);

/* Looks at the path (one stat), before each lookup and before each
 * connect. Returns 1 when it is still the file the connection was opened
 * on (always, for NULL), 0 when that file was replaced (`mv new.db
 * Student_log.db`) or removed, or no connection was made: the caller
 * closes what it has and connects again, so that the pages serve what is
 * at the path now. */
int studentmemo_same_file(struct studentmemo *m);

/* After the connection was opened: takes our own descriptor on the file,
 * for the header, when it is still the one the last studentmemo_same_file
 * saw (the path is looked at before it is opened, so a replacement in
 * between is seen next time); without one every lookup asks the
 * database. */
void studentmemo_connected(struct studentmemo *m);

/* After the connection was closed, never before: closing any descriptor
 * on the file drops the process's POSIX locks on it, SQLite's among them.
 * Closes our descriptor and forgets every answer (they belong to the file
 * just closed). */
void studentmemo_disconnected(struct studentmemo *m);

/* 1 when the answer for id is remembered under the identity the file
 * shows now: *rc is DB_OK with *out filled (out->name owned by the memo,
 * valid until its next call) or DB_NONE. 0 when the database must be
 * asked; the identity read now is kept for studentmemo_put. */
int studentmemo_get(struct studentmemo *m, int64_t id, enum db_rc *rc,
    struct student *out);

/* Remembers the database's answer for the id of the last studentmemo_get
 * (DB_OK with *out, or DB_NONE; nothing else is an answer) if the file
 * still shows the identity read then, before the statement ran: then no
 * commit ended in between, and the answer is the one the file holds under
 * that identity. */
void studentmemo_put(struct studentmemo *m, int64_t id, enum db_rc rc,
    const struct student *out);

/* The same for whether any student has an access code (the login form's
 * question, asked on every GET /login): 1 with *on when it is remembered
 * under the identity the file shows now, else 0 and the database is
 * asked, its answer then given to studentmemo_codes_put. Kept even
 * without room for the answers. */
int studentmemo_codes_get(struct studentmemo *m, int *on);
void studentmemo_codes_put(struct studentmemo *m, int on);

#endif
