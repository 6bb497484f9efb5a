#include <string.h>

#include "db.h"
#include "examdb_admin.h"

static const char *const sql[EXADM__COUNT] = {
	[EXADM_BEGIN_READ] = "BEGIN",
	[EXADM_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[EXADM_COMMIT] = "COMMIT",
	[EXADM_ROLLBACK] = "ROLLBACK",
	[EXADM_QUESTION_COUNT] = "SELECT count(*) FROM questions",
	[EXADM_DELETE_CHOICES] = "DELETE FROM choices",
	[EXADM_DELETE_QUESTIONS] = "DELETE FROM questions",
	[EXADM_INSERT_QUESTION] =
	    "INSERT INTO questions (position, prompt, answer) "
	    "VALUES (?1, ?2, ?3)",
	[EXADM_INSERT_CHOICE] =
	    "INSERT INTO choices (position, letter, text) VALUES (?1, ?2, ?3)",
	[EXADM_LIST_QUESTIONS] =
	    "SELECT position, prompt, answer FROM questions ORDER BY position",
	[EXADM_LIST_CHOICES] =
	    "SELECT letter, text FROM choices WHERE position = ?1 "
	    "ORDER BY letter",
	[EXADM_LIST_USERS] = "SELECT username FROM users ORDER BY username",
	[EXADM_SET_PASSWORD] =
	    "UPDATE users SET password = ?2 WHERE username = ?1",
	[EXADM_DELETE_USER] = "DELETE FROM users WHERE username = ?1",
	[EXADM_LIST_RESULTS] =
	    "SELECT username, score, total, finished_at, peer FROM results "
	    "WHERE ?1 IS NULL OR username = ?1 ORDER BY finished_at, id",
	[EXADM_LIST_CONNECTIONS] =
	    "SELECT seq, arrived_at, peer FROM connections WHERE seq > "
	    "(SELECT reset_seq FROM counter WHERE id = 1) ORDER BY seq",
	[EXADM_GET_COUNTER] = "SELECT count FROM counter WHERE id = 1",
	[EXADM_RESET_COUNTER] =
	    "UPDATE counter SET count = 0, reset_seq = "
	    "(SELECT coalesce(max(seq), 0) FROM connections) WHERE id = 1",
};

/* Column i of the current row as text; "" for NULL, which a lax
 * schema (a TEXT primary key) could still hold. */
static const char *
col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

/* Records what failed with SQLite's message and returns EXADM_ERROR. */
static int
adm_fail(struct exadm *a, const char *what)
{
	snprintf(a->err, sizeof a->err, "%s: %s", what,
	    a->db ? sqlite3_errmsg(a->db) : "no database");
	return EXADM_ERROR;
}

/* Makes statement i ready for its next use. */
static sqlite3_stmt *
stmt(struct exadm *a, enum exadm_stmt i)
{
	sqlite3_reset(a->st[i]);
	sqlite3_clear_bindings(a->st[i]);
	return a->st[i];
}

/* Runs a statement that returns no rows. */
static int
run(struct exadm *a, enum exadm_stmt i, const char *what)
{
	sqlite3_stmt *s = a->st[i];
	int rc;

	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return adm_fail(a, what);
	return EXADM_OK;
}

/* Ends a transaction: commits when rc is EXADM_OK (a failing commit
 * becomes the result), else rolls back keeping the first error. */
static int
finish(struct exadm *a, int rc)
{
	if (rc == EXADM_OK)
		rc = run(a, EXADM_COMMIT, "commit");
	if (rc != EXADM_OK && !sqlite3_get_autocommit(a->db)) {
		stmt(a, EXADM_ROLLBACK);
		(void)sqlite3_step(a->st[EXADM_ROLLBACK]);
		sqlite3_reset(a->st[EXADM_ROLLBACK]);
	}
	return rc;
}

int
exadm_open(struct exadm *a, const char *path, int create, const char *schema)
{
	char msg[256];
	size_t bad = 0;
	int flags, rc;

	memset(a, 0, sizeof *a);
	flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	a->db = db_open(path, flags, EXADM_BUSY_MS, msg, sizeof msg);
	if (a->db == NULL) {
		snprintf(a->err, sizeof a->err, "%s", msg);
		return EXADM_ERROR;
	}
	if (create && db_exec(a->db, schema, msg, sizeof msg) != SQLITE_OK) {
		snprintf(a->err, sizeof a->err, "%s: schema: %s", path, msg);
		return EXADM_ERROR;
	}
	rc = db_prepare_all(a->db, sql, a->st, EXADM__COUNT, &bad);
	if (rc != SQLITE_OK) {
		/* Most often a database that `examctl init` never set up. */
		snprintf(a->err, sizeof a->err, "%s: not an exam database "
		    "(run 'examctl init' first): %s", path,
		    sqlite3_errmsg(a->db));
		return EXADM_ERROR;
	}
	return EXADM_OK;
}

void
exadm_close(struct exadm *a)
{
	db_finalize_all(a->st, EXADM__COUNT);
	sqlite3_close(a->db);
	a->db = NULL;
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
	int k;

	if (run(a, EXADM_DELETE_CHOICES, "delete choices") != EXADM_OK ||
	    run(a, EXADM_DELETE_QUESTIONS, "delete questions") != EXADM_OK)
		return EXADM_ERROR;
	for (i = 0; i < bank->n; i++) {
		q = &bank->q[i];
		s = stmt(a, EXADM_INSERT_QUESTION);
		letter[0] = q->answer;
		if (sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1) ||
		    sqlite3_bind_text(s, 2, q->prompt, -1, SQLITE_STATIC) ||
		    sqlite3_bind_text(s, 3, letter, 1, SQLITE_TRANSIENT))
			return adm_fail(a, "bind question");
		if (run(a, EXADM_INSERT_QUESTION, "insert question"))
			return EXADM_ERROR;
		for (k = 0; k < q->nchoices; k++) {
			s = stmt(a, EXADM_INSERT_CHOICE);
			letter[0] = (char)('a' + k);
			if (sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1) ||
			    sqlite3_bind_text(s, 2, letter, 1,
			    SQLITE_TRANSIENT) ||
			    sqlite3_bind_text(s, 3, q->choices[k], -1,
			    SQLITE_STATIC))
				return adm_fail(a, "bind choice");
			if (run(a, EXADM_INSERT_CHOICE, "insert choice"))
				return EXADM_ERROR;
		}
	}
	return EXADM_OK;
}

int
exadm_init_bank(struct exadm *a, const struct qbank *bank, int *loaded)
{
	sqlite3_stmt *s;
	int rc;

	*loaded = 0;
	if (run(a, EXADM_BEGIN_WRITE, "begin") != EXADM_OK)
		return EXADM_ERROR;
	s = stmt(a, EXADM_QUESTION_COUNT);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = adm_fail(a, "count questions");
	} else if (sqlite3_column_int64(s, 0) > 0) {
		rc = EXADM_OK;
	} else {
		rc = store_bank(a, bank);
		*loaded = rc == EXADM_OK;
	}
	sqlite3_reset(s);
	rc = finish(a, rc);
	if (rc != EXADM_OK)
		*loaded = 0;
	return rc;
}

int
exadm_replace_bank(struct exadm *a, const struct qbank *bank)
{
	if (run(a, EXADM_BEGIN_WRITE, "begin") != EXADM_OK)
		return EXADM_ERROR;
	return finish(a, store_bank(a, bank));
}

/* Reads the choices of the question at pos and appends the question. */
static int
load_question(struct exadm *a, struct qbank *b, sqlite3_int64 pos,
    const char *prompt, const char *answer)
{
	char text[QBANK_MAX_CHOICES][QBANK_MAX_TEXT + 1];
	const char *choices[QBANK_MAX_CHOICES], *letter, *t, *why;
	sqlite3_stmt *s;
	int n = 0, rc;

	s = stmt(a, EXADM_LIST_CHOICES);
	if (sqlite3_bind_int64(s, 1, pos))
		return adm_fail(a, "bind position");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		letter = (const char *)sqlite3_column_text(s, 0);
		t = (const char *)sqlite3_column_text(s, 1);
		/* Choices must run a, b, c... to be written back as text. */
		if (n == QBANK_MAX_CHOICES || letter == NULL || t == NULL ||
		    letter[0] != 'a' + n || letter[1] != '\0' ||
		    strlen(t) > QBANK_MAX_TEXT) {
			sqlite3_reset(s);
			snprintf(a->err, sizeof a->err, "question %lld in the "
			    "database: bad choices", (long long)pos);
			return EXADM_ERROR;
		}
		memcpy(text[n], t, strlen(t) + 1);
		choices[n] = text[n];
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return adm_fail(a, "read choices");
	why = qbank_add(b, prompt, choices, n,
	    answer != NULL && answer[0] != '\0' && answer[1] == '\0' ?
	    answer[0] : '?');
	if (why != NULL) {
		snprintf(a->err, sizeof a->err, "question %lld in the "
		    "database: %s", (long long)pos, why);
		return EXADM_ERROR;
	}
	return EXADM_OK;
}

int
exadm_load_bank(struct exadm *a, struct qbank **out)
{
	struct qbank *b = NULL;
	sqlite3_stmt *s;
	int rc, step = SQLITE_DONE;

	*out = NULL;
	if ((b = qbank_new()) == NULL) {
		snprintf(a->err, sizeof a->err, "out of memory");
		return EXADM_ERROR;
	}
	if (run(a, EXADM_BEGIN_READ, "begin") != EXADM_OK) {
		qbank_free(b);
		return EXADM_ERROR;
	}
	s = stmt(a, EXADM_LIST_QUESTIONS);
	rc = EXADM_OK;
	while (rc == EXADM_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = load_question(a, b, sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 2));
	if (rc == EXADM_OK && step != SQLITE_DONE)
		rc = adm_fail(a, "read questions");
	sqlite3_reset(s);
	rc = finish(a, rc);
	if (rc != EXADM_OK || b->n == 0) {
		qbank_free(b);
		return rc;
	}
	*out = b;
	return EXADM_OK;
}

int
exadm_list_users(struct exadm *a, FILE *out)
{
	sqlite3_stmt *s = stmt(a, EXADM_LIST_USERS);
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%s\n", col(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return adm_fail(a, "list users");
	return EXADM_OK;
}

/* Runs a one-user write (UPDATE or DELETE) in a transaction; a statement
 * that changed no row means there is no such user. */
static int
change_user(struct exadm *a, enum exadm_stmt i, const char *name,
    const char *hash, const char *what)
{
	sqlite3_stmt *s;
	int rc, changed = 0;

	if (run(a, EXADM_BEGIN_WRITE, "begin") != EXADM_OK)
		return EXADM_ERROR;
	s = stmt(a, i);
	if (sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) ||
	    (hash != NULL &&
	    sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC)))
		rc = adm_fail(a, "bind");
	else
		rc = run(a, i, what);
	if (rc == EXADM_OK)
		changed = sqlite3_changes(a->db) > 0;
	rc = finish(a, rc);
	sqlite3_clear_bindings(s);
	if (rc == EXADM_OK && !changed)
		return EXADM_NOTFOUND;
	return rc;
}

int
exadm_set_password(struct exadm *a, const char *name, const char *hash)
{
	return change_user(a, EXADM_SET_PASSWORD, name, hash, "set password");
}

int
exadm_delete_user(struct exadm *a, const char *name)
{
	return change_user(a, EXADM_DELETE_USER, name, NULL, "delete user");
}

int
exadm_list_results(struct exadm *a, const char *name, FILE *out)
{
	sqlite3_stmt *s = stmt(a, EXADM_LIST_RESULTS);
	long n = 0;
	int rc;

	if (name != NULL &&
	    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) != SQLITE_OK)
		return adm_fail(a, "bind name");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fprintf(out, "%s\t%lld/%lld\t%s\t%s\n", col(s, 0),
		    (long long)sqlite3_column_int64(s, 1),
		    (long long)sqlite3_column_int64(s, 2), col(s, 3),
		    col(s, 4));
		n++;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return adm_fail(a, "list results");
	return name != NULL && n == 0 ? EXADM_NOTFOUND : EXADM_OK;
}

int
exadm_list_connections(struct exadm *a, FILE *out)
{
	sqlite3_stmt *s;
	long long count = 0;
	int rc = EXADM_OK, step;

	if (run(a, EXADM_BEGIN_READ, "begin") != EXADM_OK)
		return EXADM_ERROR;
	s = stmt(a, EXADM_LIST_CONNECTIONS);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%lld\t%s\t%s\n",
		    (long long)sqlite3_column_int64(s, 0), col(s, 1),
		    col(s, 2));
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		rc = adm_fail(a, "list connections");
	if (rc == EXADM_OK) {
		s = stmt(a, EXADM_GET_COUNTER);
		if (sqlite3_step(s) == SQLITE_ROW)
			count = sqlite3_column_int64(s, 0);
		else
			rc = adm_fail(a, "read the counter");
		sqlite3_reset(s);
	}
	rc = finish(a, rc);
	if (rc == EXADM_OK)
		fprintf(out, "count: %lld\n", count);
	return rc;
}

int
exadm_reset_count(struct exadm *a, long long *was)
{
	sqlite3_stmt *s;
	int rc;

	*was = 0;
	if (run(a, EXADM_BEGIN_WRITE, "begin") != EXADM_OK)
		return EXADM_ERROR;
	s = stmt(a, EXADM_GET_COUNTER);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*was = sqlite3_column_int64(s, 0);
		rc = EXADM_OK;
	} else
		rc = adm_fail(a, "read the counter");
	sqlite3_reset(s);
	if (rc == EXADM_OK)
		rc = run(a, EXADM_RESET_COUNTER, "reset the counter");
	return finish(a, rc);
}
