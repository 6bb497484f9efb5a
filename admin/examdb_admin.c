#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "examdb_admin.h"
#include "qbank_db.h"

enum stmt {
	ST_BEGIN_READ,
	ST_BEGIN_WRITE,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_QUESTION_COUNT,
	ST_DELETE_QUESTIONS,
	ST_INSERT_QUESTION,
	ST_INSERT_CHOICE,
	ST_BANK,
	ST_LIST_USERS,
	ST_SET_PASSWORD,
	ST_DELETE_USER,
	ST_LIST_RESULTS,
	ST_LIST_CONNECTIONS,
	ST_GET_COUNTER,
	ST_RESET_COUNTER,
	ST__COUNT
};

static const char *const sql[ST__COUNT] = {
	[ST_BEGIN_READ] = "BEGIN",
	[ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_QUESTION_COUNT] = "SELECT count(*) FROM questions",
	/* The choices go with their questions: ON DELETE CASCADE, which
	 * every read-write connection enforces (lib/db). */
	[ST_DELETE_QUESTIONS] = "DELETE FROM questions",
	[ST_INSERT_QUESTION] =
	    "INSERT INTO questions (position, prompt, answer) "
	    "VALUES (?1, ?2, ?3)",
	[ST_INSERT_CHOICE] =
	    "INSERT INTO choices (position, letter, text) VALUES (?1, ?2, ?3)",
	[ST_BANK] = QBANK_DB_SQL,
	[ST_LIST_USERS] = "SELECT username FROM users ORDER BY username",
	[ST_SET_PASSWORD] =
	    "UPDATE users SET password = ?2 WHERE username = ?1",
	[ST_DELETE_USER] = "DELETE FROM users WHERE username = ?1",
	[ST_LIST_RESULTS] =
	    "SELECT username, score, total, finished_at, peer FROM results "
	    "WHERE ?1 IS NULL OR username = ?1 ORDER BY finished_at, id",
	[ST_LIST_CONNECTIONS] =
	    "SELECT seq, arrived_at, peer FROM connections WHERE seq > "
	    "(SELECT reset_seq FROM counter WHERE id = 1) ORDER BY seq",
	[ST_GET_COUNTER] = "SELECT count FROM counter WHERE id = 1",
	[ST_RESET_COUNTER] =
	    "UPDATE counter SET count = 0, reset_seq = "
	    "(SELECT coalesce(max(seq), 0) FROM connections) WHERE id = 1",
};

struct exadm {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__COUNT];
};

/* Column i of the current row as text; "" for NULL, which a lax
 * schema (a TEXT primary key) could still hold. */
static const char *
col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

/* Makes statement i ready for its next use. */
static sqlite3_stmt *
stmt(struct exadm *a, enum stmt i)
{
	sqlite3_reset(a->st[i]);
	sqlite3_clear_bindings(a->st[i]);
	return a->st[i];
}

/* Reports the failure of statement i (before anything else touches the
 * connection), resets it, and returns DB_BUSY or DB_ERROR. */
static int
fail(struct exadm *a, enum stmt i)
{
	int rc = db_fail(a->db, sql[i]);

	sqlite3_reset(a->st[i]);
	return rc;
}

/* Runs a statement that returns no rows (bound beforehand, if at all). */
static int
run(struct exadm *a, enum stmt i)
{
	if (sqlite3_step(a->st[i]) != SQLITE_DONE)
		return fail(a, i);
	sqlite3_reset(a->st[i]);
	return DB_OK;
}

/* Ends a transaction: commits when rc is DB_OK (a failing commit becomes
 * the result), else rolls back keeping the first error. */
static int
finish(struct exadm *a, int rc)
{
	if (rc == DB_OK)
		rc = run(a, ST_COMMIT);
	if (rc != DB_OK && !sqlite3_get_autocommit(a->db)) {
		(void)sqlite3_step(stmt(a, ST_ROLLBACK));
		sqlite3_reset(a->st[ST_ROLLBACK]);
	}
	return rc;
}

struct exadm *
exadm_open(const char *path, int create, const char *schema)
{
	struct exadm *a;
	char msg[256], why[512];
	size_t bad = 0;
	int flags;

	if ((a = calloc(1, sizeof *a)) == NULL) {
		db_report(path, "out of memory");
		return NULL;
	}
	flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	if ((a->db = db_connect(path, flags, EXADM_BUSY_MS)) == NULL)
		goto bad;
	if (create && db_exec(a->db, schema, msg, sizeof msg) != SQLITE_OK) {
		snprintf(why, sizeof why, "schema: %s", msg);
		db_report(path, why);
		goto bad;
	}
	if (db_prepare_all(a->db, sql, a->st, ST__COUNT, &bad) != SQLITE_OK) {
		/* Most often a database that `examctl init` never set up. */
		snprintf(why, sizeof why, "not an exam database (run "
		    "'examctl init' first): %s", sqlite3_errmsg(a->db));
		db_report(path, why);
		goto bad;
	}
	return a;
bad:
	exadm_close(a);
	return NULL;
}

void
exadm_close(struct exadm *a)
{
	if (a == NULL)
		return;
	db_finalize_all(a->st, ST__COUNT);
	sqlite3_close(a->db);
	free(a);
}

/* Deletes the bank and inserts bank; runs inside the caller's write
 * transaction. */
static int
store_bank(struct exadm *a, const struct qbank *bank)
{
	const struct qbank_question *q;
	sqlite3_stmt *s;
	char letter[2] = { 0, 0 };
	size_t i;
	int k, rc;

	if ((rc = run(a, ST_DELETE_QUESTIONS)) != DB_OK)
		return rc;
	for (i = 0; i < bank->n; i++) {
		q = &bank->q[i];
		s = stmt(a, ST_INSERT_QUESTION);
		letter[0] = q->answer;
		if (sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1) ||
		    sqlite3_bind_text(s, 2, q->prompt, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(s, 3, letter, 1, SQLITE_TRANSIENT))
			return fail(a, ST_INSERT_QUESTION);
		if ((rc = run(a, ST_INSERT_QUESTION)) != DB_OK)
			return rc;
		for (k = 0; k < q->nchoices; k++) {
			s = stmt(a, ST_INSERT_CHOICE);
			letter[0] = (char)('a' + k);
			if (sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1) ||
			    sqlite3_bind_text(s, 2, letter, 1,
			    SQLITE_TRANSIENT) ||
			    sqlite3_bind_text(s, 3, q->choices[k], -1,
			    SQLITE_STATIC))
				return fail(a, ST_INSERT_CHOICE);
			if ((rc = run(a, ST_INSERT_CHOICE)) != DB_OK)
				return rc;
		}
	}
	return DB_OK;
}

int
exadm_init_bank(struct exadm *a, const struct qbank *bank, int *loaded)
{
	sqlite3_stmt *s;
	int rc;

	*loaded = 0;
	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	s = stmt(a, ST_QUESTION_COUNT);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = fail(a, ST_QUESTION_COUNT);
	} else if (sqlite3_column_int64(s, 0) > 0) {
		sqlite3_reset(s);
	} else {
		sqlite3_reset(s);
		rc = store_bank(a, bank);
		*loaded = rc == DB_OK;
	}
	rc = finish(a, rc);
	if (rc != DB_OK)
		*loaded = 0;
	return rc;
}

int
exadm_replace_bank(struct exadm *a, const struct qbank *bank)
{
	int rc;

	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	return finish(a, store_bank(a, bank));
}

int
exadm_load_bank(struct exadm *a, struct qbank **out)
{
	/* One statement: a consistent snapshot without a transaction. */
	return qbank_db_load(a->db, stmt(a, ST_BANK), out);
}

int
exadm_list_users(struct exadm *a, FILE *out)
{
	sqlite3_stmt *s = stmt(a, ST_LIST_USERS);
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%s\n", col(s, 0));
	if (rc != SQLITE_DONE)
		return fail(a, ST_LIST_USERS);
	sqlite3_reset(s);
	return DB_OK;
}

/* Runs a one-user write (UPDATE or DELETE) in a transaction; a statement
 * that changed no row means there is no such user. */
static int
change_user(struct exadm *a, enum stmt i, const char *name,
    const char *hash)
{
	sqlite3_stmt *s;
	int rc, changed = 0;

	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	s = stmt(a, i);
	if (sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) ||
	    (hash != NULL &&
	    sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC)))
		rc = fail(a, i);
	else
		rc = run(a, i);
	if (rc == DB_OK)
		changed = sqlite3_changes(a->db) > 0;
	rc = finish(a, rc);
	sqlite3_clear_bindings(s);
	if (rc == DB_OK && !changed)
		return DB_NONE;
	return rc;
}

int
exadm_set_password(struct exadm *a, const char *name, const char *hash)
{
	return change_user(a, ST_SET_PASSWORD, name, hash);
}

int
exadm_delete_user(struct exadm *a, const char *name)
{
	return change_user(a, ST_DELETE_USER, name, NULL);
}

int
exadm_list_results(struct exadm *a, const char *name, FILE *out)
{
	sqlite3_stmt *s = stmt(a, ST_LIST_RESULTS);
	long n = 0;
	int rc;

	if (name != NULL &&
	    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) != SQLITE_OK)
		return fail(a, ST_LIST_RESULTS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fprintf(out, "%s\t%lld/%lld\t%s\t%s\n", col(s, 0),
		    (long long)sqlite3_column_int64(s, 1),
		    (long long)sqlite3_column_int64(s, 2), col(s, 3),
		    col(s, 4));
		n++;
	}
	if (rc != SQLITE_DONE)
		rc = fail(a, ST_LIST_RESULTS);
	else
		rc = name != NULL && n == 0 ? DB_NONE : DB_OK;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

int
exadm_list_connections(struct exadm *a, FILE *out)
{
	sqlite3_stmt *s;
	long long count = 0;
	int rc;

	if ((rc = run(a, ST_BEGIN_READ)) != DB_OK)
		return rc;
	s = stmt(a, ST_LIST_CONNECTIONS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%lld\t%s\t%s\n",
		    (long long)sqlite3_column_int64(s, 0), col(s, 1),
		    col(s, 2));
	if (rc != SQLITE_DONE) {
		rc = fail(a, ST_LIST_CONNECTIONS);
	} else {
		sqlite3_reset(s);
		s = stmt(a, ST_GET_COUNTER);
		if (sqlite3_step(s) == SQLITE_ROW) {
			count = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			rc = DB_OK;
		} else
			rc = fail(a, ST_GET_COUNTER);
	}
	rc = finish(a, rc);
	if (rc == DB_OK)
		fprintf(out, "count: %lld\n", count);
	return rc;
}

int
exadm_reset_count(struct exadm *a, long long *was)
{
	sqlite3_stmt *s;
	int rc;

	*was = 0;
	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	s = stmt(a, ST_GET_COUNTER);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*was = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		rc = run(a, ST_RESET_COUNTER);
	} else
		rc = fail(a, ST_GET_COUNTER);
	return finish(a, rc);
}
