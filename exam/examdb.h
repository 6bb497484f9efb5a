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
	long long	attempts;	/* attempts allowed per user (grants
					 * add to it); -1: unlimited */
	long long	time_limit;	/* minutes; -1: none */
	int		shuffle;	/* enum shuffle_mode (lib/shuffle.h) */
};

/* Reads the exams that have questions, by name, into a new array *list
 * of *n entries (the caller frees it; NULL when there are none). */
int examdb_exams(struct examdb *d, struct examdb_exam **list, size_t *n);

/* Loads exam's questions with their choices, in position order, into a
 * new bank *bank (the caller frees it with qbank_free), through qbank's
 * validating API (lib/qbank_db): DB_INVALID for a stored question qbank
 * refuses. No questions give DB_OK with (*bank)->n 0. */
int examdb_load_bank(struct examdb *d, long long exam, struct qbank **bank);

/* Sets *left to 1 when name may still take e: unlimited, fewer attempts
 * (finished or not) than e's attempts, or an unfinished attempt to go
 * on with; else 0. A hint for the menu: the binding check is
 * examdb_attempt_open's. */
int examdb_attempts_left(struct examdb *d, const char *name,
    const struct examdb_exam *e, int *left);

/* An attempt (layout 3's table attempts): begun when its first question
 * is sent, each answer stored as it is given, finished with its result. */
struct examdb_attempt {
	long long	id;
	int		total;		/* questions when it began */
	int		answered;	/* answers stored */
	int		score;		/* right answers among them */
	long long	ms_left;	/* to the deadline, by the database's
					 * clock (0 when passed); -1: untimed */
	int		fresh;		/* 1: begun by this call */
};

/* One answer, in the bank's order: the question's position (from 1) and
 * the letter chosen, and whether it is the bank's answer. */
struct examdb_answer {
	int		position;
	char		letter;
	int		correct;
};

/* Goes on with name's unfinished attempt at e, or begins one of total
 * questions (ms_limit milliseconds to its deadline; -1: untimed) shown
 * in the order drawn (exam/order.h; NULL: the bank's), in one durable
 * write transaction holding the user's lock (PostgreSQL), so that no
 * session, on any host, begins a second one or one past the limit, or
 * finds one without its order: DB_EXISTS, nothing begun, when name has
 * no attempts left. Sets *ord to the attempt's order, a copy the caller
 * frees, or NULL for the bank's own (drawn is unused when an unfinished
 * attempt goes on). */
int examdb_attempt_open(struct examdb *d, const char *name,
    const struct examdb_exam *e, int total, long long ms_limit,
    const char *drawn, struct examdb_attempt *a, char **ord);

/* Stores one answer of a in its own transaction, committed as the
 * process ends whatever happens to the connection (a machine crash may
 * lose it: SQL_TX_WRITE_LAZY). DB_EXISTS, nothing stored, when another
 * session of the same attempt answered that question or finished the
 * attempt first. */
int examdb_attempt_answer(struct examdb *d, const struct examdb_attempt *a,
    const struct examdb_answer *an);

/* Finishes a: stores last (may be NULL: the time ran out), then the
 * result (name, e, the right answers stored as *score, over a's total as
 * *total, the current UTC time, peer) and marks the attempt finished
 * with it, in one durable write transaction: DB_EXISTS, nothing stored,
 * when another session of the same attempt got there first. */
int examdb_attempt_finish(struct examdb *d, const char *name,
    const struct examdb_exam *e, const struct examdb_attempt *a,
    const struct examdb_answer *last, const char *peer, int *score,
    int *total);

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
