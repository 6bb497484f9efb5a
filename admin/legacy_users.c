/* SPDX-License-Identifier: ISC */
/* The original server's users.db, a SQLite file of its own (legacy_users.h). */
#include <err.h>
#include <stdlib.h>

#include "exadm.h"
#include "legacy_users.h"
#include "sql.h"

/* A name or hash that is not text (a number, a blob) reads as NULL and
 * so as a bad row. */
static const struct sql_text legacy_users_sql[] = {
	{ "SELECT CASE WHEN typeof(username) = 'text' THEN username END, "
	    "CASE WHEN typeof(password) = 'text' THEN password END "
	    "FROM users ORDER BY rowid", NULL },
};

struct legacy_users {
	struct sql	*db;
	struct sql_stmt	*st;
};

int
legacy_users_open(const char *file, struct legacy_users **out)
{
	struct legacy_users *u;
	int rc = DB_ERROR;

	*out = NULL;
	if ((u = calloc(1, sizeof *u)) == NULL) {
		warnx("out of memory");
		return DB_ERROR;
	}
	/* Waits for a lock as long as examctl waits on exam.db; the
	 * driver says why it cannot open the file. */
	if ((u->db = sql_open(file, SQL_READONLY | SQL_FILE, EXADM_BUSY_MS,
	    legacy_users_sql, 1)) == NULL)
		goto fail;
	if (sql_prepare(u->db, 0) != DB_OK) {
		warnx("%s: not the original server's users.db (want a table "
		    "users(username, password))", file);
		rc = DB_INVALID;
		goto fail;
	}
	u->st = sql_stmt(u->db, 0);
	*out = u;
	return DB_OK;
fail:
	legacy_users_close(u);
	return rc;
}

int
legacy_users_next(struct legacy_users *u, const char **name,
    const char **hash)
{
	switch (sql_next(u->st)) {
	case DB_OK:
		*name = sql_col_text(u->st, 0);
		*hash = sql_col_text(u->st, 1);
		return 1;
	case DB_NONE:
		return 0;
	default:
		return -1;	/* reported by the driver */
	}
}

void
legacy_users_close(struct legacy_users *u)
{
	if (u == NULL)
		return;
	sql_close(u->db);
	free(u);
}
