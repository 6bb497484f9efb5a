#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "qbank_db.h"

/* Column i of st's row as text, NULL for NULL. */
static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
qbank_db_invalid(const struct qbank_error *err)
{
	char where[64];

	snprintf(where, sizeof where, "question %zu in the database",
	    err->line);
	db_report(where, err->reason);
	return DB_INVALID;
}

int
qbank_db_load(sqlite3 *db, sqlite3_stmt *st, long long exam,
    struct qbank **out)
{
	struct qbank_draft *draft = NULL;
	struct qbank_error err;
	struct qbank *b = NULL;
		int rc, ret = DB_ERROR;

	*out = NULL;
	if ((b = qbank_new()) == NULL ||
	    (draft = calloc(1, sizeof *draft)) == NULL) {
		db_report("question bank", "out of memory");
		goto end;
	}
	if (sqlite3_bind_int64(st, 1, exam) != SQLITE_OK) {
		ret = db_fail(db, QBANK_DB_SQL);
		goto end;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (qbank_row(b, draft, sqlite3_column_int64(st, 0), col(st, 1),
		    col(st, 2), col(st, 3), col(st, 4), &err) == -1)
			goto invalid;
	if (rc != SQLITE_DONE) {
		ret = db_fail(db, QBANK_DB_SQL);
		goto end;
	}
	if (qbank_rows_end(b, draft, &err) == -1)
		goto invalid;
	*out = b;
	b = NULL;
	ret = DB_OK;
	goto end;
invalid:
	ret = qbank_db_invalid(&err);
end:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(draft);
	qbank_free(b);
	return ret;
}
