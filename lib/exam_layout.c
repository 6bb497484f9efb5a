/* SPDX-License-Identifier: ISC */
#include <stdio.h>

#include "exam_layout.h"

enum db_rc
exam_layout_read(struct sql *db, size_t tables_st, size_t version_st,
    struct exam_layout *l)
{
	struct sql_stmt *st;
	long long version = -1;
	enum db_rc rc;

	l->empty = l->exam = 0;
	l->version = 0;
	/* A version query answers with one row, or fails. */
	if ((rc = sql_value(db, version_st, &version)) != DB_OK)
		return rc;
	if (version == EXAM_LAYOUT) {
		l->exam = 1;
		l->version = version;
		return DB_OK;
	}
	st = sql_stmt(db, tables_st);
	if ((rc = sql_next(st)) == DB_NONE) {
		db_report(sql_name(db), "no answer about its tables");
		return DB_ERROR;
	}
	if (rc != DB_OK)
		return rc;
	l->empty = sql_col_int(st, 0) == 0;
	l->exam = sql_col_int(st, 1) == 3 && sql_col_int(st, 2) == 1;
	sql_reset(st);
	if (l->exam)
		l->version = version;
	return DB_OK;
}

enum db_rc
exam_layout_require(const struct sql *db, const struct exam_layout *l)
{
	char why[160];

	if (l->exam && l->version == EXAM_LAYOUT)
		return DB_OK;
	if (!l->exam)
		snprintf(why, sizeof why, "not an exam database; "
		    "'examctl init' makes one");
	else
		snprintf(why, sizeof why, "layout %lld, not %d: %s",
		    l->version, EXAM_LAYOUT, l->version < EXAM_LAYOUT ?
		    "any examctl command run as examd's user upgrades it" :
		    "made by a newer examctl");
	db_report(sql_name(db), why);
	return DB_INVALID;
}
