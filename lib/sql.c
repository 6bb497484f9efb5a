/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <stdlib.h>

#include "sql_driver.h"

struct sql *
sql_open(const char *path, int flags, int busy_ms,
    const struct sql_text *table, size_t n)
{
	struct sql *db;
	size_t i;

	if ((db = calloc(1, sizeof *db)) == NULL ||
	    (n > 0 && (db->st = calloc(n, sizeof *db->st)) == NULL)) {
		db_report(path, "out of memory");
		free(db);
		return NULL;
	}
	db->pg = !(flags & SQL_FILE) && db_is_uri(path);
	db->drv = db->pg ? &sql_pg_driver : &sql_sqlite_driver;
	db->table = table;
	db->n = n;
	for (i = 0; i < n; i++) {
		db->st[i].db = db;
		db->st[i].text = db->pg && table[i].pg != NULL ?
		    table[i].pg : table[i].text;
	}
	if (db->drv->open(db, path, flags, busy_ms) != DB_OK) {
		free(db->st);
		free(db);
		return NULL;
	}
	return db;
}

void
sql_close(struct sql *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->n; i++)
		if (db->st[i].impl != NULL)
			db->drv->finalize(&db->st[i]);
	db->drv->close(db);
	free(db->st);
	free(db);
}

const char *
sql_name(const struct sql *db)
{
	return db->name;
}

enum db_rc
sql_prepare(struct sql *db, size_t i)
{
	struct sql_stmt *st;

	assert(i < db->n);
	st = &db->st[i];

	if (st->impl != NULL || st->text[0] == '\0')
		return DB_OK;
	return db->drv->prepare(st, i);
}

struct sql_stmt *
sql_stmt(struct sql *db, size_t i)
{
	struct sql_stmt *st;
	enum db_rc rc;

	assert(i < db->n);
	st = &db->st[i];
	if (st->failed == DB_OK && (rc = sql_prepare(db, i)) != DB_OK)
		st->failed = rc;
	return st;
}

void
sql_bind_text(struct sql_stmt *st, int k, const char *v)
{
	enum db_rc rc;

	if (st->failed == DB_OK && st->impl != NULL &&
	    (rc = st->db->drv->bind_text(st, k, v)) != DB_OK)
		st->failed = rc;
}

void
sql_bind_int(struct sql_stmt *st, int k, long long v)
{
	enum db_rc rc;

	if (st->failed == DB_OK && st->impl != NULL &&
	    (rc = st->db->drv->bind_int(st, k, v)) != DB_OK)
		st->failed = rc;
}

void
sql_reset(struct sql_stmt *st)
{
	st->failed = DB_OK;
	if (st->impl != NULL)
		st->db->drv->reset(st);
}

enum db_rc
sql_next(struct sql_stmt *st)
{
	enum db_rc rc = st->failed;

	if (rc == DB_OK && st->text[0] == '\0')
		rc = DB_NONE;	/* nothing to run on this back end */
	else if (rc == DB_OK && (rc = sql_prepare(st->db,
	    (size_t)(st - st->db->st))) == DB_OK)
		rc = st->db->drv->next(st);
	if (rc != DB_OK)
		sql_reset(st);
	return rc;
}

enum db_rc
sql_run(struct sql_stmt *st)
{
	enum db_rc rc;

	while ((rc = sql_next(st)) == DB_OK)
		;
	return rc == DB_NONE ? DB_OK : rc;
}

const char *
sql_col_text(struct sql_stmt *st, int col)
{
	return st->db->drv->col_text(st, col);
}

size_t
sql_col_len(struct sql_stmt *st, int col)
{
	return st->db->drv->col_len(st, col);
}

long long
sql_col_int(struct sql_stmt *st, int col)
{
	return st->db->drv->col_int(st, col);
}

int
sql_col_null(struct sql_stmt *st, int col)
{
	return st->db->drv->col_null(st, col);
}

long long
sql_changes(struct sql *db)
{
	return db->drv->changes(db);
}

enum db_rc
sql_value(struct sql *db, size_t i, long long *v)
{
	struct sql_stmt *st = sql_stmt(db, i);
	enum db_rc rc;

	if ((rc = sql_next(st)) == DB_OK) {
		*v = sql_col_int(st, 0);
		sql_reset(st);
	}
	return rc;
}

enum db_rc
sql_begin(struct sql *db, enum sql_tx how)
{
	return db->drv->begin(db, how);
}

void
sql_rollback(struct sql *db)
{
	if (db->drv->in_transaction(db))
		db->drv->rollback(db);
}

enum db_rc
sql_finish(struct sql *db, enum db_rc rc)
{
	if (rc == DB_OK)
		rc = db->drv->commit(db);
	if (rc != DB_OK)
		sql_rollback(db);
	return rc;
}

enum db_rc
sql_script(struct sql *db, const struct sql_text *script, const char *what)
{
	const char *text = db->pg && script->pg != NULL ? script->pg :
	    script->text;

	return text[0] == '\0' ? DB_OK : db->drv->script(db, text, what);
}

enum db_rc
sql_backup(struct sql *db, const char *file)
{
	return db->drv->backup(db, file);
}
