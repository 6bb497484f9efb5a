/* The original server's users.db through SQLite (legacy_users.h). */
#include <err.h>
#include <stdlib.h>

#include "db.h"
#include "examdb_admin.h"
#include "legacy_users.h"

struct legacy_users {
	sqlite3		*db;
	sqlite3_stmt	*st;
	const char	*file;		/* the caller's, for messages */
};

int
legacy_users_open(const char *file, struct legacy_users **out)
{
	static const char q[] =
	    "SELECT username, password FROM users ORDER BY rowid";
	struct legacy_users *u;
	char err[256];
	int rc = DB_ERROR;

	*out = NULL;
	if ((u = calloc(1, sizeof *u)) == NULL) {
		warnx("out of memory");
		return DB_ERROR;
	}
	u->file = file;
	/* Waits for a lock as long as examctl waits on exam.db. */
	if ((u->db = db_open(file, SQLITE_OPEN_READONLY, EXADM_BUSY_MS, err,
	    sizeof err)) == NULL) {
		warnx("%s", err);
		goto fail;
	}
	if (sqlite3_prepare_v2(u->db, q, -1, &u->st, NULL) != SQLITE_OK) {
		warnx("%s: not the original server's users.db (want a table "
		    "users(username, password)): %s", file,
		    sqlite3_errmsg(u->db));
		rc = DB_INVALID;
		goto fail;
	}
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
	int rc;

	rc = sqlite3_step(u->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		warnx("%s: %s", u->file, sqlite3_errmsg(u->db));
		return -1;
	}
	*name = sqlite3_column_type(u->st, 0) == SQLITE_TEXT ?
	    (const char *)sqlite3_column_text(u->st, 0) : NULL;
	*hash = sqlite3_column_type(u->st, 1) == SQLITE_TEXT ?
	    (const char *)sqlite3_column_text(u->st, 1) : NULL;
	return 1;
}

void
legacy_users_close(struct legacy_users *u)
{
	if (u == NULL)
		return;
	sqlite3_finalize(u->st);
	sqlite3_close(u->db);
	free(u);
}
