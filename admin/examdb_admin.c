#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "examdb_admin.h"
#include "examdb_admin_pg.h"
#include "qbank_db.h"

enum stmt {
	ST_BEGIN_READ,
	ST_BEGIN_WRITE,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_EXAM_COUNT,
	ST_EXAM_ID,
	ST_EXAM_ADD,
	ST_EXAMS,
	ST_SET_ATTEMPTS,
	ST_SET_TIME_LIMIT,
	ST_DELETE_EXAM,
	ST_DELETE_QUESTIONS,
	ST_INSERT_QUESTION,
	ST_INSERT_CHOICE,
	ST_BANK,
	ST_LIST_USERS,
	ST_ADD_USER,
	ST_SET_PASSWORD,
	ST_DELETE_USER,
	ST_DELETE_USER_RESULTS,
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
	[ST_EXAM_COUNT] = "SELECT count(*) FROM exams",
	[ST_EXAM_ID] = "SELECT id FROM exams WHERE name = ?1",
	[ST_EXAM_ADD] = "INSERT INTO exams (name) VALUES (?1) RETURNING id",
	[ST_EXAMS] = "SELECT e.name, "
	    "(SELECT count(*) FROM questions q WHERE q.exam = e.id), "
	    "e.attempts, e.time_limit, "
	    "(SELECT count(*) FROM results r WHERE r.exam = e.name) "
	    "FROM exams e ORDER BY e.name",
	[ST_SET_ATTEMPTS] = "UPDATE exams SET attempts = ?2 WHERE name = ?1",
	[ST_SET_TIME_LIMIT] =
	    "UPDATE exams SET time_limit = ?2 WHERE name = ?1",
	/* Questions and choices go with it (ON DELETE CASCADE, which
	 * every read-write connection enforces: lib/db); results stay. */
	[ST_DELETE_EXAM] = "DELETE FROM exams WHERE name = ?1",
	[ST_DELETE_QUESTIONS] = "DELETE FROM questions WHERE exam = ?1",
	[ST_INSERT_QUESTION] =
	    "INSERT INTO questions (exam, position, prompt, answer) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[ST_INSERT_CHOICE] = "INSERT INTO choices "
	    "(exam, position, letter, text) VALUES (?1, ?2, ?3, ?4)",
	[ST_BANK] = QBANK_DB_SQL,
	[ST_LIST_USERS] = "SELECT username FROM users ORDER BY username",
	[ST_ADD_USER] = "INSERT INTO users (username, password) "
	    "VALUES (?1, ?2)",
	[ST_SET_PASSWORD] =
	    "UPDATE users SET password = ?2 WHERE username = ?1",
	[ST_DELETE_USER] = "DELETE FROM users WHERE username = ?1",
	[ST_DELETE_USER_RESULTS] = "DELETE FROM results WHERE username = ?1",
	/* finished_at is ISO 8601, so a date compares as its prefix. */
	[ST_LIST_RESULTS] =
	    "SELECT username, exam, score, total, finished_at, peer "
	    "FROM results WHERE (?1 IS NULL OR username = ?1) "
	    "AND (?2 IS NULL OR exam = ?2) AND (?3 IS NULL OR finished_at >= ?3) "
	    "ORDER BY finished_at, id",
	[ST_LIST_CONNECTIONS] =
	    "SELECT arrived_at, peer FROM connections WHERE seq > "
	    "(SELECT reset_seq FROM counter WHERE id = 1) ORDER BY seq",
	[ST_GET_COUNTER] = "SELECT count FROM counter WHERE id = 1",
	[ST_RESET_COUNTER] =
	    "UPDATE counter SET count = 0, reset_seq = "
	    "(SELECT coalesce(max(seq), 0) FROM connections) WHERE id = 1",
};

/* The layout this program writes (sql/exam_schema.sql sets it). */
#define EXAM_DB_VERSION 2

/* From the first layout (one bank, results without an exam; user_version
 * 0) to several exams: the bank becomes the exam `default`, and so do the
 * results. One transaction: a failure leaves the old layout. */
static const char migrate_v1[] =
	"BEGIN IMMEDIATE;"
	"CREATE TABLE exams ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 32"
	"  AND name NOT GLOB '*[^a-z0-9._-]*'),"
	" attempts INTEGER CHECK (attempts >= 0),"
	" time_limit INTEGER CHECK (time_limit >= 1));"
	"INSERT INTO exams (id, name) VALUES (1, 'default');"
	"ALTER TABLE choices RENAME TO choices_v1;"
	"ALTER TABLE questions RENAME TO questions_v1;"
	"CREATE TABLE questions ("
	" exam INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL CHECK (position >= 1),"
	" prompt TEXT NOT NULL,"
	" answer TEXT NOT NULL CHECK (answer GLOB '[a-f]'),"
	" PRIMARY KEY (exam, position)) WITHOUT ROWID;"
	"CREATE TABLE choices ("
	" exam INTEGER NOT NULL, position INTEGER NOT NULL,"
	" letter TEXT NOT NULL CHECK (letter GLOB '[a-f]'),"
	" text TEXT NOT NULL,"
	" PRIMARY KEY (exam, position, letter),"
	" FOREIGN KEY (exam, position) REFERENCES questions(exam, position)"
	"  ON DELETE CASCADE) WITHOUT ROWID;"
	"INSERT INTO questions SELECT 1, position, prompt, answer"
	" FROM questions_v1;"
	"INSERT INTO choices SELECT 1, position, letter, text FROM choices_v1;"
	"DROP TABLE choices_v1;"
	"DROP TABLE questions_v1;"
	"ALTER TABLE results ADD COLUMN exam TEXT NOT NULL DEFAULT 'default';"
	"CREATE INDEX results_by_user ON results (username, exam);"
	"PRAGMA user_version = 2;"
	"COMMIT;";

/* One of the two back ends, chosen at open by the path: pg for a
 * postgresql:// URI (examdb_admin_pg.c), else db and its statements. */
struct exadm {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__COUNT];
	PGconn		*pg;
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

/* One value of a probe query (sqlite_master, pragmas) that is not part
 * of the statement table: these run once, before it can be prepared. */
static int
probe(sqlite3 *db, const char *q, long long *v)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, q);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE) {
		rc = db_fail(db, q);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	return DB_OK;
}

/* Decides, by reading only, whether path is an exam database: one with
 * the exam tables, or (for init) an empty one. Anything else, e.g. the
 * student pages' Student_log.db, is refused before a byte of it changes.
 * Then brings an older layout up to date. */
static int
check_layout(struct exadm *a, const char *path, int create)
{
	long long tables = 0, ours = 0, version = 0, has_exam = 0;
	char msg[256], why[512];

	if (probe(a->db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table'", &tables) != DB_OK ||
	    probe(a->db, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name IN ('users', 'connections', 'counter')",
	    &ours) != DB_OK ||
	    probe(a->db, "PRAGMA user_version", &version) != DB_OK)
		return DB_ERROR;
	if (tables == 0 && create)
		return DB_OK;
	if (ours != 3) {
		db_report(path, tables == 0 ?
		    "not an exam database (run 'examctl init' first)" :
		    "not an exam database; refusing to change it ("
		    "'examctl init' makes one in a new file)");
		return DB_INVALID;
	}
	if (version > EXAM_DB_VERSION) {
		db_report(path, "made by a newer examctl; refusing to change it");
		return DB_INVALID;
	}
	if (probe(a->db, "SELECT count(*) FROM pragma_table_info('questions') "
	    "WHERE name = 'exam'", &has_exam) != DB_OK)
		return DB_ERROR;
	if (version == 0 && !has_exam &&
	    db_exec(a->db, migrate_v1, msg, sizeof msg) != SQLITE_OK) {
		if (!sqlite3_get_autocommit(a->db))
			(void)sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
		snprintf(why, sizeof why, "upgrading to several exams: %s",
		    msg);
		db_report(path, why);
		return DB_ERROR;
	}
	return DB_OK;
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
	if (db_is_uri(path)) {
		if (expg_open(path, create, schema, &a->pg) != DB_OK)
			goto bad;
		return a;
	}
	flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	if ((a->db = db_connect(path, flags, EXADM_BUSY_MS)) == NULL)
		goto bad;
	if (check_layout(a, path, create) != DB_OK)
		goto bad;
	if (create && db_exec(a->db, schema, msg, sizeof msg) != SQLITE_OK) {
		snprintf(why, sizeof why, "schema: %s", msg);
		db_report(path, why);
		goto bad;
	}
	if (db_prepare_all(a->db, sql, a->st, ST__COUNT, &bad) != SQLITE_OK) {
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
	PQfinish(a->pg);
	free(a);
}

static int
bind_text(struct exadm *a, enum stmt i, int k, const char *v)
{
	if (sqlite3_bind_text(a->st[i], k, v, -1, SQLITE_STATIC) != SQLITE_OK)
		return fail(a, i);
	return DB_OK;
}

static int
bind_int(struct exadm *a, enum stmt i, int k, long long v)
{
	if (sqlite3_bind_int64(a->st[i], k, v) != SQLITE_OK)
		return fail(a, i);
	return DB_OK;
}

/* Finds exam name's id: DB_NONE when there is no such exam; with create,
 * makes it instead. Runs inside the caller's transaction. */
static int
exam_id(struct exadm *a, const char *name, int create, long long *id)
{
	sqlite3_stmt *s = stmt(a, ST_EXAM_ID);
	enum stmt i = ST_EXAM_ID;
	int rc;

	if ((rc = bind_text(a, ST_EXAM_ID, 1, name)) != DB_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE && create) {
		sqlite3_reset(s);
		s = stmt(a, i = ST_EXAM_ADD);
		if ((rc = bind_text(a, ST_EXAM_ADD, 1, name)) != DB_OK)
			return rc;
		rc = sqlite3_step(s);
	}
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return DB_NONE;
	}
	if (rc != SQLITE_ROW)
		return fail(a, i);
	*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return DB_OK;
}

/* Replaces exam id's questions by bank; runs inside the caller's write
 * transaction. */
static int
store_bank(struct exadm *a, long long id, const struct qbank *bank)
{
	const struct qbank_question *q;
	char letter[2] = { 0, 0 };
	size_t i;
	int k, rc;

	stmt(a, ST_DELETE_QUESTIONS);
	if ((rc = bind_int(a, ST_DELETE_QUESTIONS, 1, id)) != DB_OK ||
	    (rc = run(a, ST_DELETE_QUESTIONS)) != DB_OK)
		return rc;
	for (i = 0; i < bank->n; i++) {
		q = &bank->q[i];
		stmt(a, ST_INSERT_QUESTION);
		letter[0] = q->answer;
		if ((rc = bind_int(a, ST_INSERT_QUESTION, 1, id)) != DB_OK ||
		    (rc = bind_int(a, ST_INSERT_QUESTION, 2,
		    (long long)i + 1)) != DB_OK ||
		    (rc = bind_text(a, ST_INSERT_QUESTION, 3, q->prompt)) !=
		    DB_OK ||
		    (rc = bind_text(a, ST_INSERT_QUESTION, 4, letter)) != DB_OK ||
		    (rc = run(a, ST_INSERT_QUESTION)) != DB_OK)
			return rc;
		for (k = 0; k < q->nchoices; k++) {
			stmt(a, ST_INSERT_CHOICE);
			letter[0] = (char)('a' + k);
			if ((rc = bind_int(a, ST_INSERT_CHOICE, 1, id)) !=
			    DB_OK ||
			    (rc = bind_int(a, ST_INSERT_CHOICE, 2,
			    (long long)i + 1)) != DB_OK ||
			    (rc = bind_text(a, ST_INSERT_CHOICE, 3, letter)) !=
			    DB_OK ||
			    (rc = bind_text(a, ST_INSERT_CHOICE, 4,
			    q->choices[k])) != DB_OK ||
			    (rc = run(a, ST_INSERT_CHOICE)) != DB_OK)
				return rc;
		}
	}
	return DB_OK;
}

int
exadm_init_bank(struct exadm *a, const struct qbank *bank, int *loaded)
{
	sqlite3_stmt *s;
	long long id = 0;
	int rc;

	if (a->pg != NULL)
		return expg_init_bank(a->pg, bank, loaded);
	*loaded = 0;
	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	s = stmt(a, ST_EXAM_COUNT);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = fail(a, ST_EXAM_COUNT);
	} else if (sqlite3_column_int64(s, 0) > 0) {
		sqlite3_reset(s);
	} else {
		sqlite3_reset(s);
		if ((rc = exam_id(a, EXADM_DEFAULT_EXAM, 1, &id)) == DB_OK)
			rc = store_bank(a, id, bank);
		*loaded = rc == DB_OK;
	}
	rc = finish(a, rc);
	if (rc != DB_OK)
		*loaded = 0;
	return rc;
}

int
exadm_replace_bank(struct exadm *a, const char *exam,
    const struct qbank *bank, int *created)
{
	long long id = 0, before = 0;
	int rc;

	if (a->pg != NULL)
		return expg_replace_bank(a->pg, exam, bank, created);
	*created = 0;
	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	rc = exam_id(a, exam, 0, &before);
	if (rc == DB_NONE) {
		*created = 1;
		rc = exam_id(a, exam, 1, &id);
	} else
		id = before;
	if (rc == DB_OK)
		rc = store_bank(a, id, bank);
	rc = finish(a, rc);
	if (rc != DB_OK)
		*created = 0;
	return rc;
}

int
exadm_load_bank(struct exadm *a, const char *exam, struct qbank **out)
{
	long long id = 0;
	int rc;

	if (a->pg != NULL)
		return expg_load_bank(a->pg, exam, out);
	*out = NULL;
	if ((rc = run(a, ST_BEGIN_READ)) != DB_OK)
		return rc;
	if ((rc = exam_id(a, exam, 0, &id)) == DB_OK)
		rc = qbank_db_load(a->db, stmt(a, ST_BANK), id, out);
	return finish(a, rc);
}

int
exadm_list_exams(struct exadm *a, struct exadm_exam **list, size_t *n)
{
	sqlite3_stmt *s;
	struct exadm_exam *l = NULL, *bigger, *e;
	size_t cap = 0;
	int rc;

	if (a->pg != NULL)
		return expg_list_exams(a->pg, list, n);
	s = stmt(a, ST_EXAMS);
	*list = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			if ((bigger = reallocarray(l, cap, sizeof *l)) ==
			    NULL) {
				db_report(sql[ST_EXAMS], "out of memory");
				sqlite3_reset(s);
				free(l);
				*n = 0;
				return DB_ERROR;
			}
			l = bigger;
		}
		e = &l[(*n)++];
		snprintf(e->name, sizeof e->name, "%s", col(s, 0));
		e->questions = sqlite3_column_int64(s, 1);
		e->attempts = sqlite3_column_type(s, 2) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(s, 2);
		e->time_limit = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(s, 3);
		e->results = sqlite3_column_int64(s, 4);
	}
	if (rc != SQLITE_DONE) {
		rc = fail(a, ST_EXAMS);
		free(l);
		*n = 0;
		return rc;
	}
	sqlite3_reset(s);
	*list = l;
	return DB_OK;
}

/* Runs one write of one row keyed by name in a transaction, with an
 * optional integer (NULL when value < 0); a statement that changed no row
 * means there is no such row: DB_NONE. */
static int
change_row(struct exadm *a, enum stmt i, const char *name,
    const char *text, long long value)
{
	int rc, changed = 0;

	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	stmt(a, i);
	rc = bind_text(a, i, 1, name);
	if (rc == DB_OK && text != NULL)
		rc = bind_text(a, i, 2, text);
	else if (rc == DB_OK && value >= 0)
		rc = bind_int(a, i, 2, value);
	if (rc == DB_OK)
		rc = run(a, i);
	if (rc == DB_OK)
		changed = sqlite3_changes(a->db) > 0;
	rc = finish(a, rc);
	sqlite3_clear_bindings(a->st[i]);
	if (rc == DB_OK && !changed)
		return DB_NONE;
	return rc;
}

int
exadm_set_attempts(struct exadm *a, const char *exam, long long n)
{
	return a->pg != NULL ? expg_set_attempts(a->pg, exam, n) :
	    change_row(a, ST_SET_ATTEMPTS, exam, NULL, n);
}

int
exadm_set_time_limit(struct exadm *a, const char *exam, long long minutes)
{
	return a->pg != NULL ? expg_set_time_limit(a->pg, exam, minutes) :
	    change_row(a, ST_SET_TIME_LIMIT, exam, NULL, minutes);
}

int
exadm_delete_exam(struct exadm *a, const char *exam)
{
	return a->pg != NULL ? expg_delete_exam(a->pg, exam) :
	    change_row(a, ST_DELETE_EXAM, exam, NULL, -1);
}

int
exadm_list_users(struct exadm *a, FILE *out)
{
	sqlite3_stmt *s;
	int rc;

	if (a->pg != NULL)
		return expg_list_users(a->pg, out);
	s = stmt(a, ST_LIST_USERS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%s\n", col(s, 0));
	if (rc != SQLITE_DONE)
		return fail(a, ST_LIST_USERS);
	sqlite3_reset(s);
	return DB_OK;
}

/* Inserts one user inside the caller's transaction: DB_EXISTS when the
 * name is taken. */
static int
insert_user(struct exadm *a, const char *name, const char *hash)
{
	int rc;

	stmt(a, ST_ADD_USER);
	if ((rc = bind_text(a, ST_ADD_USER, 1, name)) != DB_OK ||
	    (rc = bind_text(a, ST_ADD_USER, 2, hash)) != DB_OK)
		return rc;
	rc = sqlite3_step(a->st[ST_ADD_USER]);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		sqlite3_reset(a->st[ST_ADD_USER]);
		return DB_EXISTS;
	}
	if (rc != SQLITE_DONE)
		return fail(a, ST_ADD_USER);
	sqlite3_reset(a->st[ST_ADD_USER]);
	return DB_OK;
}

int
exadm_add_user(struct exadm *a, const char *name, const char *hash)
{
	int rc;

	if (a->pg != NULL)
		return expg_add_user(a->pg, name, hash);
	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	return finish(a, insert_user(a, name, hash));
}

int
exadm_import_users(struct exadm *a, const struct exadm_account *acc,
    size_t n, int skip_bad, int bad, size_t *imported,
    void (*taken)(const struct exadm_account *, void *), void *arg)
{
	size_t i;
	int rc;

	/* One rule on both back ends: all or none, taken names reported. */
	*imported = 0;
	if ((rc = a->pg != NULL ? expg_begin_write(a->pg) :
	    run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	for (i = 0; i < n && rc == DB_OK; i++) {
		rc = a->pg != NULL ? expg_add_user(a->pg, acc[i].name,
		    acc[i].hash) : insert_user(a, acc[i].name, acc[i].hash);
		if (rc == DB_EXISTS) {
			taken(&acc[i], arg);
			bad = 1;
			rc = DB_OK;
		} else if (rc == DB_OK)
			(*imported)++;
	}
	if (rc == DB_OK && bad && !skip_bad)
		rc = DB_INVALID;
	rc = a->pg != NULL ? expg_finish(a->pg, rc) : finish(a, rc);
	if (rc != DB_OK)
		*imported = 0;
	return rc;
}

int
exadm_set_password(struct exadm *a, const char *name, const char *hash)
{
	return a->pg != NULL ? expg_set_password(a->pg, name, hash) :
	    change_row(a, ST_SET_PASSWORD, name, hash, -1);
}

int
exadm_delete_user(struct exadm *a, const char *name)
{
	int rc, changed;

	if (a->pg != NULL)
		return expg_delete_user(a->pg, name);
	if ((rc = run(a, ST_BEGIN_WRITE)) != DB_OK)
		return rc;
	stmt(a, ST_DELETE_USER);
	stmt(a, ST_DELETE_USER_RESULTS);
	if ((rc = bind_text(a, ST_DELETE_USER, 1, name)) != DB_OK ||
	    (rc = run(a, ST_DELETE_USER)) != DB_OK)
		return finish(a, rc);
	changed = sqlite3_changes(a->db) > 0;
	if (!changed)
		return finish(a, DB_NONE);
	if ((rc = bind_text(a, ST_DELETE_USER_RESULTS, 1, name)) == DB_OK)
		rc = run(a, ST_DELETE_USER_RESULTS);
	return finish(a, rc);
}

int
exadm_results(struct exadm *a, const struct exadm_filter *f,
    int (*each)(const struct exadm_result *, void *), void *arg)
{
	sqlite3_stmt *s;
	struct exadm_result r;
	long n = 0;
	int rc;

	if (a->pg != NULL)
		return expg_results(a->pg, f, each, arg);
	s = stmt(a, ST_LIST_RESULTS);
	if ((f->user != NULL &&
	    (rc = bind_text(a, ST_LIST_RESULTS, 1, f->user)) != DB_OK) ||
	    (f->exam != NULL &&
	    (rc = bind_text(a, ST_LIST_RESULTS, 2, f->exam)) != DB_OK) ||
	    (f->since != NULL &&
	    (rc = bind_text(a, ST_LIST_RESULTS, 3, f->since)) != DB_OK))
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r.user = col(s, 0);
		r.exam = col(s, 1);
		r.score = sqlite3_column_int64(s, 2);
		r.total = sqlite3_column_int64(s, 3);
		r.finished_at = col(s, 4);
		r.peer = col(s, 5);
		n++;
		if (each(&r, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		rc = fail(a, ST_LIST_RESULTS);
	else
		rc = n == 0 ? DB_NONE : DB_OK;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

int
exadm_list_connections(struct exadm *a, FILE *out)
{
	sqlite3_stmt *s;
	long long count = 0, k = 0;
	int rc;

	if (a->pg != NULL)
		return expg_list_connections(a->pg, out);
	if ((rc = run(a, ST_BEGIN_READ)) != DB_OK)
		return rc;
	s = stmt(a, ST_LIST_CONNECTIONS);
	/* Numbered from 1 since the last reset, as the seventh user's. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fprintf(out, "%lld\t%s\t%s\n", ++k, col(s, 0), col(s, 1));
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

	if (a->pg != NULL)
		return expg_reset_count(a->pg, was);
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

/* Opens file, an exam database of this layout, read-only into *out;
 * anything else is DB_INVALID (reported). */
static int
open_source(const char *file, sqlite3 **out)
{
	long long core = 0, all = 0, version = 0;
	char why[512];
	sqlite3 *src;
	int rc;

	*out = NULL;
	/* Read-only: the file stays byte for byte as it was. */
	if ((src = db_connect(file, SQLITE_OPEN_READONLY, EXADM_BUSY_MS)) ==
	    NULL)
		return DB_ERROR;
	if ((rc = probe(src, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name IN ('users', 'connections', 'counter')",
	    &core)) == DB_OK &&
	    (rc = probe(src, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name IN ('users', 'connections', 'counter', 'exams', "
	    "'questions', 'choices', 'results')", &all)) == DB_OK &&
	    (rc = probe(src, "PRAGMA user_version", &version)) == DB_OK) {
		if (core != 3) {
			db_report(file, "not an exam database");
			rc = DB_INVALID;
		} else if (version < EXAM_DB_VERSION) {
			/* Upgraded in place by any command, as documented. */
			snprintf(why, sizeof why, "an older layout; any examctl "
			    "command on it (e.g. 'examctl --db %s exams') "
			    "upgrades it first", file);
			db_report(file, why);
			rc = DB_INVALID;
		} else if (version > EXAM_DB_VERSION) {
			db_report(file, "made by a newer examctl");
			rc = DB_INVALID;
		} else if (all != 7) {
			db_report(file, "not an exam database");
			rc = DB_INVALID;
		}
	}
	if (rc != DB_OK) {
		sqlite3_close(src);
		return rc;
	}
	*out = src;
	return DB_OK;
}

int
exadm_check_sqlite(const char *file)
{
	sqlite3 *src = NULL;
	int rc = open_source(file, &src);

	sqlite3_close(src);
	return rc;
}

int
exadm_import_sqlite(struct exadm *a, const char *file, struct exadm_moved *n)
{
	sqlite3 *src = NULL;
	int rc;

	memset(n, 0, sizeof *n);
	if (a->pg == NULL) {
		db_report(file, "import-sqlite moves into PostgreSQL only");
		return DB_INVALID;
	}
	if ((rc = open_source(file, &src)) == DB_OK)
		rc = expg_import_sqlite(a->pg, src, file, n);
	sqlite3_close(src);
	return rc;
}
