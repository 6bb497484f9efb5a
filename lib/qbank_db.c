/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>

#include "qbank_db.h"

enum db_rc
qbank_db_load(struct sql_stmt *st, long long exam, struct qbank **out)
{
	struct qbank_draft *draft = NULL;
	struct qbank_error err;
	struct qbank *b = NULL;
	char where[64];
	enum db_rc rc;

	*out = NULL;
	if ((b = qbank_new()) == NULL ||
	    (draft = calloc(1, sizeof *draft)) == NULL) {
		db_report("question bank", "out of memory");
		rc = DB_ERROR;
		goto end;
	}
	sql_bind_int(st, 1, exam);
	while ((rc = sql_next(st)) == DB_OK)
		if (qbank_row(b, draft, sql_col_int(st, 0),
		    sql_col_text(st, 1), sql_col_text(st, 2),
		    sql_col_text(st, 3), sql_col_text(st, 4), &err) == -1)
			goto invalid;
	if (rc != DB_NONE)
		goto end;
	if (qbank_rows_end(b, draft, &err) == -1)
		goto invalid;
	*out = b;
	b = NULL;
	rc = DB_OK;
	goto end;
invalid:
	sql_reset(st);
	snprintf(where, sizeof where, "question %zu in the database",
	    err.line);
	db_report(where, err.reason);
	rc = DB_INVALID;
end:
	free(draft);
	qbank_free(b);
	return rc;
}
