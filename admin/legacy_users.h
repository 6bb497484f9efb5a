/* SPDX-License-Identifier: ISC */
/* The original server's users.db, as its one table users(username,
 * password) stores the accounts, read row by row in the table's order.
 * This file alone knows that the file is SQLite; what the rows mean is
 * checked by legacy_accounts. */
#ifndef LEGACY_USERS_H
#define LEGACY_USERS_H

struct legacy_users;

/* Opens file read-only (never changing it) and starts reading its users
 * table. Returns DB_OK with *out set, which the caller closes with
 * legacy_users_close; else *out is NULL and, after saying why on stderr,
 * DB_INVALID when the file has no table users(username, password) (it is
 * not the original server's users.db) or DB_ERROR when it cannot be
 * opened (reported through the failure hook). */
int legacy_users_open(const char *file, struct legacy_users **out);

/* Reads the next row: 1 with *name and *hash set (NULL for a value that
 * is not text), owned by u and valid until the next call; 0 after the
 * last row; -1 on a failure, reported through the failure hook. */
int legacy_users_next(struct legacy_users *u, const char **name,
    const char **hash);

/* Ends the reading and closes the file. NULL is allowed. */
void legacy_users_close(struct legacy_users *u);

#endif
