#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "db_pg.h"
#include "qbank_db_pg.h"

/* Row r's column i as text, NULL for NULL. */
static const char *
col(const PGresult *res, int r, int i)
{
	return PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
}

int
qbank_db_pg_load(PGconn *c, size_t stmt, long long exam, struct qbank **out)
{
	struct qbank_draft *draft = NULL;
	struct qbank_error err;
	struct qbank *b = NULL;
	PGresult *res = NULL;
	char id[24];
	const char *params[1] = { id };
	long long pos;
	int r, n, ret = DB_ERROR;

	*out = NULL;
	if ((b = qbank_new()) == NULL ||
	    (draft = calloc(1, sizeof *draft)) == NULL) {
		db_report("question bank", "out of memory");
		goto end;
	}
	snprintf(id, sizeof id, "%lld", exam);
	res = dbpg_run(c, stmt, 1, params);
	if (!dbpg_ok(res)) {
		ret = dbpg_fail(c, res, QBANK_DB_SQL);
		goto end;
	}
	n = PQntuples(res);
	for (r = 0; r < n; r++) {
		if (dbpg_int64(col(res, r, 0), &pos) == -1) {
			db_report(QBANK_DB_SQL, "position is not an integer");
			goto end;
		}
		if (qbank_row(b, draft, pos, col(res, r, 1), col(res, r, 2),
		    col(res, r, 3), col(res, r, 4), &err) == -1)
			goto invalid;
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
	PQclear(res);
	free(draft);
	qbank_free(b);
	return ret;
}
