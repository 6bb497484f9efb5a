/* SPDX-License-Identifier: ISC */
/* All of examd's SQL: one statement table for exam.db, written once for
 * both back ends over lib/sql.h (a postgresql:// URI is exam.db on
 * PostgreSQL, shared by several exam hosts; anything else a SQLite file).
 * Every function returns an enum db_rc (lib/db.h); a failure has already
 * gone to the failure hook (examd's goes to its log) with the SQL text
 * (and, on PostgreSQL, the server, never the password), and the caller
 * only decides what the client sees. A lost server connection is
 * DB_BUSY. */
#ifndef EXAMDB_H
#define EXAMDB_H

#include <stddef.h>

#include "db.h"
#include "netsource.h"
#include "penalty.h"
#include "peer.h"
#include "qbank.h"
#include "settings.h"
#include "username.h"

/* The connection that gets the congratulation, and how many peers it sees. */
#define EXAMDB_LUCKY 7

struct examdb;

/* Opens an existing exam.db read-write with a busy timeout of busy_ms (on
 * PostgreSQL: a lock timeout) and checks its layout (lib/exam_layout.h).
 * Returns NULL (the hook told why) on failure. The caller owns the handle
 * and closes it with examdb_close. */
struct examdb *examdb_open(const char *path, int busy_ms);

/* Finalizes the statements and closes the database. NULL is allowed. */
void examdb_close(struct examdb *d);

/* Counts the connection from peer and logs it, in one write transaction
 * that takes the counter row first, so concurrent processes, on any host,
 * each get their own number. Sets
 * *lucky to 1 when this is the EXAMDB_LUCKY-th connection since the last
 * reset, and then fills peers[0..*npeers) with the counted connections'
 * peers in arrival order (this one last). Rows of the log older than
 * keep_days go meanwhile (the count is a row of its own, and the counted
 * connections stay until the seventh has been shown them). */
int examdb_count_connection(struct examdb *d, const char *peer, int keep_days,
    int *lucky, char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers);

/* Looks up a user by name in any ASCII case (the exact name first where
 * an older layout left two). On DB_OK account is the account's name as
 * stored and *hash a malloc'd copy of its password hash (the caller
 * frees it); DB_NONE when there is no such user. */
int examdb_user_hash(struct examdb *d, const char *name,
    char account[USERNAME_MAX + 1], char **hash);

/* Adds a user, in a write transaction of its own. DB_EXISTS when the name
 * exists in any case, including when another session registered it a
 * moment ago: exactly one wins. */
int examdb_register(struct examdb *d, const char *name, const char *hash);

/* An exam a student can take (one with questions). */
struct examdb_exam {
	long long	id;
	char		name[EXAMNAME_MAX + 1];
	long long	attempts;	/* results allowed per user; -1: unlimited */
	long long	time_limit;	/* minutes; -1: none */
};

/* Reads the exams that have questions, by name, into a new array *list
 * of *n entries (the caller frees it; NULL when there are none). */
int examdb_exams(struct examdb *d, struct examdb_exam **list, size_t *n);

/* Loads exam's questions with their choices, in position order, into a
 * new bank *bank (the caller frees it with qbank_free), through qbank's
 * validating API (lib/qbank_db): DB_INVALID for a stored question qbank
 * refuses. No questions give DB_OK with (*bank)->n 0. */
int examdb_load_bank(struct examdb *d, long long exam, struct qbank **bank);

/* Sets *left to 1 when name may still take e (unlimited, or fewer
 * results than e's attempts), else 0. A hint for the menu: the binding
 * check is examdb_store_result's. */
int examdb_attempts_left(struct examdb *d, const char *name,
    const struct examdb_exam *e, int *left);

/* Stores a finished (or timed-out) exam of e, stamped with the current
 * UTC time, in one write transaction with the attempts check (on
 * PostgreSQL it locks the user's row first), committed durably:
 * DB_EXISTS, and nothing stored, when name has used all of e's attempts
 * meanwhile (another session of the same user). */
int examdb_store_result(struct examdb *d, const char *name,
    const struct examdb_exam *e, int score, int total, const char *peer);

/* Replaces name's stored hash old by fresh, in one statement (its own
 * transaction) that changes it only while it is still old: DB_NONE when
 * it no longer is (another login replaced it first). */
int examdb_replace_hash(struct examdb *d, const char *name, const char *old,
    const char *fresh);

/* Reads the settings (lib/settings.h) into set: the defaults for those
 * never set, and for a stored value the rule refuses (logged). */
int examdb_settings(struct examdb *d, struct exam_settings *set);

/* One login's place in the failed-login record (exam/penalty.h). */
struct examdb_login {
	char	name[USERNAME_MAX + 1];		/* the name typed, lower case */
	char	source[NETSOURCE_MAX];		/* lib/netsource */
	int	counted[PENALTY_NSCOPES];	/* scopes this check counts in */
};

/* Before a password is checked: in one write transaction on the
 * database's clock, refuses (*wait set to the seconds left, nothing
 * counted) while a scope that binds this login waits, else counts the
 * check in its scopes (each past its allowance setting the next wait)
 * and prunes a few records past their time. DB_OK either way. */
int examdb_login_admit(struct examdb *d, struct examdb_login *l,
    long long *wait);

/* After a right password: clears the name's record at the source, gives
 * the wider scopes back the check, and remembers the source as one the
 * name logs in from. */
int examdb_login_passed(struct examdb *d, const struct examdb_login *l);

#endif
