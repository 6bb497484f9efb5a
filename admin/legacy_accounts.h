/* SPDX-License-Identifier: ISC */
/* import-users' input: the accounts of the original server's users.db
 * (read through legacy_users) that exam.db can take, each row checked
 * before exam.db is touched, every refused row reported on stderr as
 * "FILE: row N: why", N counting from 1 in the table's order. */
#ifndef LEGACY_ACCOUNTS_H
#define LEGACY_ACCOUNTS_H

#include <stddef.h>

#include "exadm.h"

struct legacy_accounts {
	struct exadm_account	*acc;	/* the good rows; names and hashes
					 * owned */
	size_t			 n;
	int			 bad;	/* rows refused so far */
	const char		*file;	/* the caller's, for messages */
};

/* Reads file into u (zeroed by the caller), keeping the rows that pass:
 * a valid user name, once in the file, with a hash of the original
 * server's shape; each other row is reported and counted in u->bad.
 * Whether to import is not decided here: exam.db's names come first.
 * Returns 0, or an exit status after saying why: CLI_USAGE when file is
 * not the original server's users.db, CLI_FAILED when it cannot be read
 * or memory runs out. Either way u holds what it kept, for
 * legacy_accounts_free. */
int legacy_accounts_read(struct legacy_accounts *u, const char *file);

/* The taken callback of exadm_import_users, with u as its argument:
 * reports acc as a refused row (its name is already in exam.db) and
 * counts it in u->bad. */
void legacy_accounts_taken(const struct exadm_account *acc, void *u);

/* Frees the accounts u holds (not u itself). */
void legacy_accounts_free(struct legacy_accounts *u);

#endif
