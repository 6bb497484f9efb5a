/* SPDX-License-Identifier: ISC */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exadm.h"
#include "exam_layout.h"
#include "qbank_db.h"
#include "settings.h"
#include "shuffle.h"

enum exadm_stmt {
	EXADM_LAYOUT_TABLES,
	EXADM_LAYOUT_VERSION,
	EXADM_HAS_EXAM_COLUMN,
	EXADM_EXAM_COUNT,
	EXADM_EXAM_ID,
	EXADM_EXAM_LOCK,
	EXADM_EXAM_ADD,
	EXADM_EXAMS,
	EXADM_SET_ATTEMPTS,
	EXADM_SET_TIME_LIMIT,
	EXADM_SET_CLOSED,
	EXADM_USER_FIND,
	EXADM_USER_RESULTS,
	EXADM_GRANT,
	EXADM_DELETE_EXAM,
	EXADM_DELETE_QUESTIONS,
	EXADM_INSERT_QUESTION,
	EXADM_INSERT_CHOICE,
	EXADM_BANK,
	EXADM_LIST_USERS,
	EXADM_ADD_USER,
	EXADM_SET_PASSWORD,
	EXADM_DELETE_USER,
	EXADM_DELETE_USER_RESULTS,
	EXADM_DELETE_USER_ATTEMPTS,
	EXADM_LIST_RESULTS,
	EXADM_LIST_CONNECTIONS,
	EXADM_GET_COUNTER,
	EXADM_LOCK_COUNTER,
	EXADM_RESET_COUNTER,
	/* Layout 3: the login phase. */
	EXADM_CASE_TWINS,
	EXADM_USER_NAME_LOCK,
	EXADM_SETTINGS,
	EXADM_SETTING_SET,
	EXADM_FAILURES,
	EXADM_FAILURES_CLEAR,
	/* The teacher's report and examctl answers. */
	EXADM_ATTEMPT_ANSWERS,
	EXADM_SET_SHUFFLE,
	EXADM_NSTMT
};

/* The account ?1 names, in any case: the exact name first. */
#define USER_OF_1 "(SELECT username FROM users WHERE lower(username) = " \
	"lower(?1) ORDER BY username = ?1 DESC, username LIMIT 1)"

/* Names sort by bytes on both back ends: SQLite's BINARY, PostgreSQL's
 * "C", whatever the database's own collation. */
static const struct sql_text exadm_sql_text[EXADM_NSTMT] = {
	[EXADM_LAYOUT_TABLES] = EXAM_LAYOUT_TABLES_SQL,
	[EXADM_LAYOUT_VERSION] = EXAM_LAYOUT_VERSION_SQL,
	/* The first layout's questions had no exam; PostgreSQL started at
	 * layout 2. */
	[EXADM_HAS_EXAM_COLUMN] = { "SELECT count(*) FROM "
	    "pragma_table_info('questions') WHERE name = 'exam'",
	    "SELECT 1" },
	[EXADM_EXAM_COUNT] = { "SELECT count(*) FROM exams" },
	[EXADM_EXAM_ID] = { "SELECT id FROM exams WHERE name = ?1" },
	/* A writer of an exam's bank holds its row until it commits, so two
	 * imports of one bank follow each other on PostgreSQL as they do
	 * under SQLite's write lock. */
	[EXADM_EXAM_LOCK] = { "SELECT id FROM exams WHERE name = ?1",
	    "SELECT id FROM exams WHERE name = ?1 FOR UPDATE" },
	/* A name another examctl created meanwhile inserts nothing (and
	 * the caller reads its id) instead of ending the transaction. */
	[EXADM_EXAM_ADD] = { "INSERT INTO exams (name) VALUES (?1) "
	    "ON CONFLICT (name) DO NOTHING RETURNING id" },
	[EXADM_EXAMS] = {
	    "SELECT e.name, "
	    "(SELECT count(*) FROM questions q WHERE q.exam = e.id), "
	    "e.attempts, e.time_limit, "
	    "(SELECT count(*) FROM results r WHERE r.exam = e.name), "
	    "e.closed FROM exams e ORDER BY e.name",
	    "SELECT e.name, "
	    "(SELECT count(*) FROM questions q WHERE q.exam = e.id), "
	    "e.attempts, e.time_limit, "
	    "(SELECT count(*) FROM results r WHERE r.exam = e.name), "
	    "e.closed FROM exams e ORDER BY e.name COLLATE \"C\"" },
	[EXADM_SET_ATTEMPTS] = {
	    "UPDATE exams SET attempts = ?2 WHERE name = ?1" },
	[EXADM_SET_TIME_LIMIT] = {
	    "UPDATE exams SET time_limit = ?2 WHERE name = ?1" },
	[EXADM_SET_CLOSED] = {
	    "UPDATE exams SET closed = ?2 WHERE name = ?1" },
	/* A name in any case names its account, as for passwd and
	 * deluser's statements (USER_OF_1). */
	[EXADM_USER_FIND] = {
	    "SELECT 1 FROM users WHERE lower(username) = lower(?1)" },
	[EXADM_USER_RESULTS] = {
	    "SELECT count(*) FROM results WHERE username = " USER_OF_1 },
	/* Grants add up; the row says how many there are in all. They
	 * are the account's, whatever the case of the name given. */
	[EXADM_GRANT] = { "INSERT INTO grants (username, exam, extra) "
	    "VALUES (" USER_OF_1 ", ?2, ?3) ON CONFLICT (username, exam) "
	    "DO UPDATE SET extra = grants.extra + excluded.extra "
	    "RETURNING extra" },
	/* Questions and choices go with it (ON DELETE CASCADE, which
	 * every read-write connection enforces); results stay. */
	[EXADM_DELETE_EXAM] = { "DELETE FROM exams WHERE name = ?1" },
	[EXADM_DELETE_QUESTIONS] = { "DELETE FROM questions WHERE exam = ?1" },
	[EXADM_INSERT_QUESTION] = {
	    "INSERT INTO questions (exam, position, prompt, answer) "
	    "VALUES (?1, ?2, ?3, ?4)" },
	[EXADM_INSERT_CHOICE] = { "INSERT INTO choices "
	    "(exam, position, letter, text) VALUES (?1, ?2, ?3, ?4)" },
	[EXADM_BANK] = { QBANK_DB_SQL },
	[EXADM_LIST_USERS] = {
	    "SELECT username FROM users ORDER BY username",
	    "SELECT username FROM users ORDER BY username COLLATE \"C\"" },
	/* A taken name, in any case, inserts nothing (the caller holds
	 * EXADM_USER_NAME_LOCK on PostgreSQL): import-users goes on to
	 * report every taken name, where a failed insert would end the
	 * transaction on PostgreSQL. */
	[EXADM_ADD_USER] = EXAM_USER_ADD_SQL,
	/* A name in any case names its account (the exact one first, where
	 * an older layout left two). */
	[EXADM_SET_PASSWORD] = {
	    "UPDATE users SET password = ?2 WHERE username = " USER_OF_1 },
	[EXADM_DELETE_USER] = { "DELETE FROM users WHERE username = "
	    USER_OF_1 },
	[EXADM_DELETE_USER_RESULTS] = {
	    "DELETE FROM results WHERE username = " USER_OF_1 },
	/* Their answers go with them (ON DELETE CASCADE). */
	[EXADM_DELETE_USER_ATTEMPTS] = {
	    "DELETE FROM attempts WHERE username = " USER_OF_1 },
	/* finished_at is ISO 8601, so a date compares as its prefix. */
	[EXADM_LIST_RESULTS] = {
	    "SELECT username, exam, score, total, finished_at, peer "
	    "FROM results WHERE (?1 IS NULL OR username = ?1) "
	    "AND (?2 IS NULL OR exam = ?2) "
	    "AND (?3 IS NULL OR finished_at >= ?3) "
	    "ORDER BY finished_at, id",
	    "SELECT username, exam, score, total, finished_at, peer "
	    "FROM results WHERE (?1::text IS NULL OR username = ?1) "
	    "AND (?2::text IS NULL OR exam = ?2) "
	    "AND (?3::text IS NULL OR finished_at COLLATE \"C\" >= ?3) "
	    "ORDER BY finished_at COLLATE \"C\", id" },
	[EXADM_LIST_CONNECTIONS] = {
	    "SELECT arrived_at, peer FROM connections WHERE seq > "
	    "(SELECT reset_seq FROM counter WHERE id = 1) ORDER BY seq" },
	[EXADM_GET_COUNTER] = { "SELECT count FROM counter WHERE id = 1" },
	/* The row lock examd takes first when it counts a connection: while
	 * it is held, no counted connection is half written. */
	[EXADM_LOCK_COUNTER] = { "SELECT count FROM counter WHERE id = 1",
	    "SELECT count FROM counter WHERE id = 1 FOR UPDATE" },
	[EXADM_RESET_COUNTER] = {
	    "UPDATE counter SET count = 0, reset_seq = "
	    "(SELECT coalesce(max(seq), 0) FROM connections) WHERE id = 1" },
	/* Layout 3, the login phase. */
	/* Accounts a layout 2 let differ only by case: both are kept. */
	[EXADM_CASE_TWINS] = { "SELECT a.username, b.username "
	    "FROM users a JOIN users b ON lower(a.username) = "
	    "lower(b.username) AND a.username < b.username "
	    "ORDER BY a.username",
	    "SELECT a.username, b.username "
	    "FROM users a JOIN users b ON lower(a.username) = "
	    "lower(b.username) AND a.username COLLATE \"C\" < b.username "
	    "ORDER BY a.username COLLATE \"C\"" },
	/* The lock examd's registration takes too (exam_layout.h). */
	[EXADM_USER_NAME_LOCK] = EXAM_USER_NAME_LOCK_SQL,
	[EXADM_SETTINGS] = { "SELECT name, value FROM settings" },
	[EXADM_SETTING_SET] = { "INSERT INTO settings (name, value) "
	    "VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = ?2" },
	/* The live records (a check given back leaves none), by name and
	 * source; the time is the database's, as examd's. */
	[EXADM_FAILURES] = {
	    "SELECT name, source, failures, "
	    "max(wait_until - CAST(strftime('%s', 'now') AS INTEGER), 0) "
	    "FROM login_failures WHERE (?1 IS NULL OR name = lower(?1)) "
	    "AND expires_at > CAST(strftime('%s', 'now') AS INTEGER) "
	    "AND (failures > 0 OR wait_until > "
	    "CAST(strftime('%s', 'now') AS INTEGER)) "
	    "ORDER BY name, source",
	    "SELECT name, source, failures, greatest(wait_until - "
	    "CAST(extract(epoch FROM now()) AS BIGINT), 0) "
	    "FROM login_failures WHERE (?1::text IS NULL OR "
	    "name = lower(?1)) "
	    "AND expires_at > CAST(extract(epoch FROM now()) AS BIGINT) "
	    "AND (failures > 0 OR wait_until > "
	    "CAST(extract(epoch FROM now()) AS BIGINT)) "
	    "ORDER BY name COLLATE \"C\", source COLLATE \"C\"" },
	[EXADM_FAILURES_CLEAR] = { "DELETE FROM login_failures "
	    "WHERE name = lower(?1) OR source = ?1" },
	/* The answers of an exam's finished attempts, an attempt without
	 * any once with a NULL position (LEFT JOIN). A user's first attempt
	 * is the one with the smallest id, finished or not: while it is
	 * open it is not counted, and no later one replaces it.
	 * finished_at is ISO 8601, so a date compares as its prefix. By id
	 * (the order the attempts began) and position, the order of both
	 * tables' keys: no sort. */
	[EXADM_ATTEMPT_ANSWERS] = {
	    "SELECT t.id, t.username, t.finished_at, a.position, a.letter, "
	    "a.correct FROM attempts t LEFT JOIN answers a ON a.attempt = t.id "
	    "WHERE t.exam = ?1 AND t.finished_at IS NOT NULL "
	    "AND (?2 IS NULL OR t.finished_at >= ?2) "
	    "AND (?3 <> 0 OR t.id = (SELECT min(f.id) FROM attempts f "
	    "WHERE f.username = t.username AND f.exam = t.exam)) "
	    "ORDER BY t.id, a.position",
	    "SELECT t.id, t.username, t.finished_at, a.position, a.letter, "
	    "a.correct FROM attempts t LEFT JOIN answers a ON a.attempt = t.id "
	    "WHERE t.exam = ?1 AND t.finished_at IS NOT NULL "
	    "AND (?2::text IS NULL OR t.finished_at COLLATE \"C\" >= ?2) "
	    "AND (?3 <> 0 OR t.id = (SELECT min(f.id) FROM attempts f "
	    "WHERE f.username = t.username AND f.exam = t.exam)) "
	    "ORDER BY t.id, a.position" },
	[EXADM_SET_SHUFFLE] = {
	    "UPDATE exams SET shuffle = ?2 WHERE name = ?1" },
};

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

/* From layout 2 to layout 3, one transaction per back end: a failure
 * leaves layout 2. The schema (every statement IF NOT EXISTS, as examctl
 * init on an existing database runs it too) makes the tables and indexes
 * layout 3 adds; what it cannot make, a column of a table layout 2
 * already has, is added here first, as the schemas' exams declare it.
 * On SQLite the schema's last statement sets user_version 3, and its
 * journal_mode (WAL, which a transaction cannot switch to) is set before
 * the transaction begins. On PostgreSQL two examctl upgrading at once run
 * one after the other (the lock) and the second changes nothing more. */
static const struct sql_text migrate_v2_begin = {
	"PRAGMA journal_mode = WAL;"
	"BEGIN IMMEDIATE;"
	/* -- layout 3: shuffling (sql/exam_schema.sql's exams) */
	"ALTER TABLE exams ADD COLUMN shuffle TEXT NOT NULL DEFAULT 'none'"
	" CHECK (shuffle IN ('none', 'questions', 'choices', 'both'));"
	/* -- layout 3: the teacher's commands: closed exams */
	"ALTER TABLE exams ADD COLUMN closed INTEGER NOT NULL DEFAULT 0"
	" CHECK (closed IN (0, 1));",

	"BEGIN;"
	"LOCK TABLE exam_schema IN EXCLUSIVE MODE;"
	/* -- layout 3: shuffling (sql/exam_schema_pg.sql's exams) */
	"ALTER TABLE exams ADD COLUMN IF NOT EXISTS shuffle TEXT NOT NULL"
	" DEFAULT 'none' CHECK (shuffle IN ('none', 'questions', 'choices', 'both'));"
	/* -- layout 3: the teacher's commands: closed exams */
	"ALTER TABLE exams ADD COLUMN IF NOT EXISTS closed INTEGER NOT NULL"
	" DEFAULT 0 CHECK (closed IN (0, 1));"
};
static const struct sql_text migrate_v2_end = {
	"COMMIT;",
	"UPDATE exam_schema SET version = 3 WHERE version = 2;"
	"COMMIT;"
};

struct exadm {
	struct sql	*db;
	const char	*path;
};

const char *
exadm_path(const struct exadm *a)
{
	return a->path;
}

/* Says which accounts differ only by case (an older layout allowed
 * them): both are kept, each logging in by its exact name. */
static enum db_rc
report_case_twins(struct exadm *a)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_CASE_TWINS);
	const char *x, *y;
	enum db_rc rc;

	while ((rc = sql_next(st)) == DB_OK) {
		x = sql_col_text(st, 0);
		y = sql_col_text(st, 1);
		warnx("users '%s' and '%s' differ only by case: both are "
		    "kept, and each logs in by its exact name", x ? x : "",
		    y ? y : "");
	}
	return rc == DB_NONE ? DB_OK : rc;
}

/* Decides, by reading only, whether the database is an exam database:
 * one with the exam tables, or (for init) an empty one. Anything else,
 * e.g. the student pages' database, is refused before a byte of it
 * changes. Then brings an older layout up to date (the first to 2, 2 to
 * 3), and says which accounts differ only by case. */
static enum db_rc
check_layout(struct exadm *a, int create, const struct sql_text *schema)
{
	struct exam_layout l;
	long long has_exam = 0;
	enum db_rc rc;

	if ((rc = exam_layout_read(a->db, EXADM_LAYOUT_TABLES,
	    EXADM_LAYOUT_VERSION, &l)) != DB_OK)
		return rc;
	if (l.empty && create == 1)
		return DB_OK;
	if (!l.exam) {
		db_report(sql_name(a->db), l.empty ?
		    "not an exam database (run 'examctl init' first)" :
		    "not an exam database; refusing to change it ("
		    "'examctl init' makes one in a new database)");
		return DB_INVALID;
	}
	if (l.version > EXAM_LAYOUT) {
		db_report(sql_name(a->db),
		    "made by a newer examctl; refusing to change it");
		return DB_INVALID;
	}
	if (l.version == EXAM_LAYOUT || create == EXADM_AS_IS)
		return DB_OK;
	/* Layout 0 without the exams' column is the first layout. */
	if (l.version == 0) {
		if ((rc = sql_value(a->db, EXADM_HAS_EXAM_COLUMN,
		    &has_exam)) != DB_OK)
			return rc;
		if (has_exam)
			return DB_OK;
		if (sql_script(a->db, &(struct sql_text){ migrate_v1, "" },
		    "upgrading to several exams") != DB_OK) {
			sql_rollback(a->db);
			return DB_ERROR;
		}
		l.version = 2;
	}
	if (l.version == 2 && (sql_script(a->db, &migrate_v2_begin,
	    "upgrading to layout 3") != DB_OK ||
	    sql_script(a->db, schema, "upgrading to layout 3") != DB_OK ||
	    sql_script(a->db, &migrate_v2_end, "upgrading to layout 3") !=
	    DB_OK)) {
		sql_rollback(a->db);
		return DB_ERROR;
	}
	return report_case_twins(a);
}

struct exadm *
exadm_open(const char *path, int create, const struct sql_text *schema)
{
	struct exadm *a;

	if ((a = calloc(1, sizeof *a)) == NULL) {
		db_report(path, "out of memory");
		return NULL;
	}
	a->path = path;
	if ((a->db = sql_open(path, create == 1 ? SQL_CREATE : 0,
	    EXADM_BUSY_MS, exadm_sql_text, EXADM_NSTMT)) == NULL ||
	    check_layout(a, create, schema) != DB_OK ||
	    (create == 1 &&
	    sql_script(a->db, schema, "the schema") != DB_OK)) {
		exadm_close(a);
		return NULL;
	}
	return a;
}

int
exadm_backup(struct exadm *a, const char *file)
{
	return sql_backup(a->db, file);
}

void
exadm_close(struct exadm *a)
{
	if (a == NULL)
		return;
	sql_close(a->db);
	free(a);
}

/* Finds exam name's id, in the caller's transaction: DB_NONE when there
 * is none. With lock, the exam's row stays locked until the transaction
 * ends; with created (not NULL), an exam that is missing is made instead,
 * and *created says whether this call made it (on PostgreSQL another
 * examctl may have made it meanwhile, and then it is found again). */
static enum db_rc
exam_id(struct exadm *a, const char *name, int lock, int *created,
    long long *id)
{
	enum exadm_stmt find = lock ? EXADM_EXAM_LOCK : EXADM_EXAM_ID, i;
	struct sql_stmt *st;
	enum db_rc rc;
	int tries;

	if (created != NULL)
		*created = 0;
	for (tries = 0; tries < 3; tries++) {
		i = tries % 2 == 0 ? find : EXADM_EXAM_ADD;
		st = sql_stmt(a->db, i);
		sql_bind_text(st, 1, name);
		if ((rc = sql_next(st)) == DB_OK) {
			*id = sql_col_int(st, 0);
			sql_reset(st);
			if (i == EXADM_EXAM_ADD)
				*created = 1;
			return DB_OK;
		}
		if (rc != DB_NONE || created == NULL)
			return rc;
	}
	db_report(exadm_sql_text[EXADM_EXAM_ADD].text,
	    "the exam could not be created");
	return DB_ERROR;
}

/* Replaces exam id's questions by bank, in the caller's transaction. */
static enum db_rc
store_bank(struct exadm *a, long long id, const struct qbank *bank)
{
	const struct qbank_question *q;
	struct sql_stmt *st;
	char answer[2] = { 0, 0 }, letter[2] = { 0, 0 };
	enum db_rc rc;
	size_t i;
	int k;

	st = sql_stmt(a->db, EXADM_DELETE_QUESTIONS);
	sql_bind_int(st, 1, id);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	for (i = 0; i < bank->n; i++) {
		q = &bank->q[i];
		answer[0] = q->answer;
		st = sql_stmt(a->db, EXADM_INSERT_QUESTION);
		sql_bind_int(st, 1, id);
		sql_bind_int(st, 2, (long long)i + 1);
		sql_bind_text(st, 3, q->prompt);
		sql_bind_text(st, 4, answer);
		if ((rc = sql_run(st)) != DB_OK)
			return rc;
		for (k = 0; k < q->nchoices; k++) {
			letter[0] = (char)('a' + k);
			st = sql_stmt(a->db, EXADM_INSERT_CHOICE);
			sql_bind_int(st, 1, id);
			sql_bind_int(st, 2, (long long)i + 1);
			sql_bind_text(st, 3, letter);
			sql_bind_text(st, 4, q->choices[k]);
			if ((rc = sql_run(st)) != DB_OK)
				return rc;
		}
	}
	return DB_OK;
}

int
exadm_init_bank(struct exadm *a, const struct qbank *bank, int *loaded)
{
	long long id = 0, n = 0;
	enum db_rc rc;

	*loaded = 0;
	if ((rc = sql_begin(a->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	/* Two inits at once: the second waits here, then finds the exam. */
	if ((rc = sql_run(sql_stmt(a->db, EXADM_LOCK_COUNTER))) == DB_OK &&
	    (rc = sql_value(a->db, EXADM_EXAM_COUNT, &n)) == DB_OK &&
	    n == 0) {
		if ((rc = exam_id(a, EXADM_DEFAULT_EXAM, 1, loaded, &id)) ==
		    DB_OK)
			rc = store_bank(a, id, bank);
		*loaded = rc == DB_OK;
	}
	if ((rc = sql_finish(a->db, rc)) != DB_OK)
		*loaded = 0;
	return rc;
}

int
exadm_replace_bank(struct exadm *a, const char *exam,
    const struct qbank *bank, int *created)
{
	long long id = 0;
	enum db_rc rc;

	*created = 0;
	if ((rc = sql_begin(a->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	if ((rc = exam_id(a, exam, 1, created, &id)) == DB_OK)
		rc = store_bank(a, id, bank);
	if ((rc = sql_finish(a->db, rc)) != DB_OK)
		*created = 0;
	return rc;
}

int
exadm_load_bank(struct exadm *a, const char *exam, struct qbank **out)
{
	long long id = 0;
	enum db_rc rc;

	*out = NULL;
	/* One snapshot for the id and the bank. */
	if ((rc = sql_begin(a->db, SQL_TX_READ)) != DB_OK)
		return rc;
	if ((rc = exam_id(a, exam, 0, NULL, &id)) == DB_OK)
		rc = qbank_db_load(sql_stmt(a->db, EXADM_BANK), id, out);
	return sql_finish(a->db, rc);
}

int
exadm_list_exams(struct exadm *a, struct exadm_exam **list, size_t *n)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_EXAMS);
	struct exadm_exam *l = NULL, *bigger, *e;
	const char *name;
	size_t cap = 0;
	enum db_rc rc;

	*list = NULL;
	*n = 0;
	while ((rc = sql_next(st)) == DB_OK) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			if ((bigger = reallocarray(l, cap, sizeof *l)) ==
			    NULL) {
				db_report(exadm_sql_text[EXADM_EXAMS].text,
				    "out of memory");
				sql_reset(st);
				rc = DB_ERROR;
				break;
			}
			l = bigger;
		}
		e = &l[(*n)++];
		name = sql_col_text(st, 0);
		snprintf(e->name, sizeof e->name, "%s", name ? name : "");
		e->questions = sql_col_int(st, 1);
		e->attempts = sql_col_null(st, 2) ? -1 : sql_col_int(st, 2);
		e->time_limit = sql_col_null(st, 3) ? -1 : sql_col_int(st, 3);
		e->results = sql_col_int(st, 4);
		e->closed = sql_col_int(st, 5) != 0;
	}
	if (rc != DB_NONE) {
		free(l);
		*n = 0;
		return rc;
	}
	*list = l;
	return DB_OK;
}

/* Runs statement i, a write of the row keyed by name, with its second
 * parameter text or an integer (NULL when value < 0), as its own
 * transaction; a statement that changed no row means there is no such
 * row: DB_NONE. */
static enum db_rc
change_row(struct exadm *a, enum exadm_stmt i, const char *name,
    const char *text, long long value)
{
	struct sql_stmt *st = sql_stmt(a->db, i);
	enum db_rc rc;

	sql_bind_text(st, 1, name);
	if (text != NULL)
		sql_bind_text(st, 2, text);
	else if (value >= 0)
		sql_bind_int(st, 2, value);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	return sql_changes(a->db) > 0 ? DB_OK : DB_NONE;
}

int
exadm_set_attempts(struct exadm *a, const char *exam, long long n)
{
	return change_row(a, EXADM_SET_ATTEMPTS, exam, NULL, n);
}

int
exadm_set_time_limit(struct exadm *a, const char *exam, long long minutes)
{
	return change_row(a, EXADM_SET_TIME_LIMIT, exam, NULL, minutes);
}

int
exadm_set_closed(struct exadm *a, const char *exam, int closed)
{
	return change_row(a, EXADM_SET_CLOSED, exam, NULL, closed != 0);
}

int
exadm_grant(struct exadm *a, const char *name, const char *exam,
    long long n, long long *total)
{
	struct sql_stmt *st;
	long long id = 0;
	enum db_rc rc;

	*total = 0;
	if ((rc = sql_begin(a->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	st = sql_stmt(a->db, EXADM_USER_FIND);
	sql_bind_text(st, 1, name);
	if ((rc = sql_next(st)) == DB_OK)
		sql_reset(st);
	else if (rc == DB_NONE)
		rc = DB_EXISTS;	/* no user: told apart from no exam */
	if (rc == DB_OK)
		rc = exam_id(a, exam, 1, NULL, &id);
	if (rc == DB_OK) {
		st = sql_stmt(a->db, EXADM_GRANT);
		sql_bind_text(st, 1, name);
		sql_bind_int(st, 2, id);
		sql_bind_int(st, 3, n);
		if ((rc = sql_next(st)) == DB_OK) {
			*total = sql_col_int(st, 0);
			sql_reset(st);
		} else if (rc == DB_NONE) {
			db_report(exadm_sql_text[EXADM_GRANT].text,
			    "no row returned");
			rc = DB_ERROR;
		}
	}
	return sql_finish(a->db, rc);
}

int
exadm_user_results(struct exadm *a, const char *name, long long *n)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_USER_FIND);
	enum db_rc rc;

	*n = 0;
	sql_bind_text(st, 1, name);
	if ((rc = sql_next(st)) != DB_OK)
		return rc;
	sql_reset(st);
	sql_bind_text(sql_stmt(a->db, EXADM_USER_RESULTS), 1, name);
	return sql_value(a->db, EXADM_USER_RESULTS, n);
}

int
exadm_delete_exam(struct exadm *a, const char *exam)
{
	return change_row(a, EXADM_DELETE_EXAM, exam, NULL, -1);
}

int
exadm_set_password(struct exadm *a, const char *name, const char *hash)
{
	return change_row(a, EXADM_SET_PASSWORD, name, hash, -1);
}

int
exadm_list_users(struct exadm *a, FILE *out)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_LIST_USERS);
	const char *name;
	enum db_rc rc;

	while ((rc = sql_next(st)) == DB_OK) {
		name = sql_col_text(st, 0);
		fprintf(out, "%s\n", name ? name : "");
	}
	return rc == DB_NONE ? DB_OK : rc;
}

/* Inserts one user, in the caller's write transaction: DB_EXISTS when
 * the name is taken in any case. */
static enum db_rc
insert_user(struct exadm *a, const char *name, const char *hash)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_USER_NAME_LOCK);
	enum db_rc rc;

	sql_bind_text(st, 1, name);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	st = sql_stmt(a->db, EXADM_ADD_USER);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, hash);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	return sql_changes(a->db) > 0 ? DB_OK : DB_EXISTS;
}

int
exadm_add_user(struct exadm *a, const char *name, const char *hash)
{
	enum db_rc rc;

	if ((rc = sql_begin(a->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	rc = insert_user(a, name, hash);
	/* A taken name changed nothing: the rollback loses nothing. */
	return sql_finish(a->db, rc);
}

int
exadm_settings(struct exadm *a, struct exam_settings *set,
    void (*bad)(const char *, const char *, const char *))
{
	return settings_read(sql_stmt(a->db, EXADM_SETTINGS), set, bad);
}

int
exadm_set_setting(struct exadm *a, const char *name, const char *value)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_SETTING_SET);

	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, value);
	return sql_run(st);
}

int
exadm_failures(struct exadm *a, const char *name,
    int (*each)(const struct exadm_failure *, void *), void *arg)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_FAILURES);
	struct exadm_failure f;
	const char *v;
	enum db_rc rc;

	sql_bind_text(st, 1, name);
	while ((rc = sql_next(st)) == DB_OK) {
		f.name = (v = sql_col_text(st, 0)) ? v : "";
		f.source = (v = sql_col_text(st, 1)) ? v : "";
		f.failures = sql_col_int(st, 2);
		f.wait = sql_col_int(st, 3);
		if (each(&f, arg) != 0) {
			sql_reset(st);
			return DB_OK;
		}
	}
	return rc == DB_NONE ? DB_OK : rc;
}

int
exadm_clear_failures(struct exadm *a, const char *what, long long *n)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_FAILURES_CLEAR);
	enum db_rc rc;

	*n = 0;
	sql_bind_text(st, 1, what);
	if ((rc = sql_run(st)) != DB_OK)
		return rc;
	*n = sql_changes(a->db);
	return *n > 0 ? DB_OK : DB_NONE;
}

int
exadm_import_users(struct exadm *a, const struct exadm_account *acc,
    size_t n, int skip_bad, int bad, size_t *imported,
    void (*taken)(const struct exadm_account *, void *), void *arg)
{
	enum db_rc rc;
	size_t i;

	/* All or none, every taken name reported. */
	*imported = 0;
	if ((rc = sql_begin(a->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	for (i = 0; i < n && rc == DB_OK; i++) {
		rc = insert_user(a, acc[i].name, acc[i].hash);
		if (rc == DB_EXISTS) {
			taken(&acc[i], arg);
			bad = 1;
			rc = DB_OK;
		} else if (rc == DB_OK)
			(*imported)++;
	}
	if (rc == DB_OK && bad && !skip_bad)
		rc = DB_INVALID;
	if ((rc = sql_finish(a->db, rc)) != DB_OK)
		*imported = 0;
	return rc;
}

int
exadm_delete_user(struct exadm *a, const char *name, long long *results)
{
	struct sql_stmt *st;
	enum db_rc rc;

	*results = 0;
	if ((rc = sql_begin(a->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	/* The results and attempts first, while the account still
	 * resolves the name (in any case); then the account. */
	st = sql_stmt(a->db, EXADM_DELETE_USER_RESULTS);
	sql_bind_text(st, 1, name);
	if ((rc = sql_run(st)) == DB_OK) {
		*results = sql_changes(a->db);
		st = sql_stmt(a->db, EXADM_DELETE_USER_ATTEMPTS);
		sql_bind_text(st, 1, name);
		rc = sql_run(st);
	}
	if (rc == DB_OK) {
		st = sql_stmt(a->db, EXADM_DELETE_USER);
		sql_bind_text(st, 1, name);
		if ((rc = sql_run(st)) == DB_OK && sql_changes(a->db) == 0)
			rc = DB_NONE;
	}
	if ((rc = sql_finish(a->db, rc)) != DB_OK)
		*results = 0;
	return rc;
}

int
exadm_results(struct exadm *a, const struct exadm_filter *f,
    int (*each)(const struct exadm_result *, void *), void *arg)
{
	struct sql_stmt *st = sql_stmt(a->db, EXADM_LIST_RESULTS);
	struct exadm_result r;
	const char *v;
	long n = 0;
	enum db_rc rc;

	sql_bind_text(st, 1, f->user);
	sql_bind_text(st, 2, f->exam);
	sql_bind_text(st, 3, f->since);
	while ((rc = sql_next(st)) == DB_OK) {
		r.user = (v = sql_col_text(st, 0)) ? v : "";
		r.exam = (v = sql_col_text(st, 1)) ? v : "";
		r.score = sql_col_int(st, 2);
		r.total = sql_col_int(st, 3);
		r.finished_at = (v = sql_col_text(st, 4)) ? v : "";
		r.peer = (v = sql_col_text(st, 5)) ? v : "";
		n++;
		if (each(&r, arg) != 0) {
			sql_reset(st);
			rc = DB_NONE;
			break;
		}
	}
	if (rc != DB_NONE)
		return rc;
	return n == 0 ? DB_NONE : DB_OK;
}

int
exadm_list_connections(struct exadm *a, FILE *out)
{
	struct sql_stmt *st;
	const char *at, *peer;
	long long count = 0, k = 0;
	enum db_rc rc;

	/* One snapshot for the list and the count. */
	if ((rc = sql_begin(a->db, SQL_TX_READ)) != DB_OK)
		return rc;
	st = sql_stmt(a->db, EXADM_LIST_CONNECTIONS);
	/* Numbered from 1 since the last reset, as the seventh user's. */
	while ((rc = sql_next(st)) == DB_OK) {
		at = sql_col_text(st, 0);
		peer = sql_col_text(st, 1);
		fprintf(out, "%lld\t%s\t%s\n", ++k, at ? at : "",
		    peer ? peer : "");
	}
	if (rc == DB_NONE)
		rc = sql_value(a->db, EXADM_GET_COUNTER, &count);
	if (rc == DB_NONE) {
		db_report(exadm_sql_text[EXADM_GET_COUNTER].text,
		    "no counter row");
		rc = DB_ERROR;
	}
	if ((rc = sql_finish(a->db, rc)) == DB_OK)
		fprintf(out, "count: %lld\n", count);
	return rc;
}

int
exadm_reset_count(struct exadm *a, long long *was)
{
	enum db_rc rc;

	*was = 0;
	if ((rc = sql_begin(a->db, SQL_TX_WRITE)) != DB_OK)
		return rc;
	/* The counter row's lock first, as examd counts: no connection is
	 * counted between reading the count and resetting it. */
	if ((rc = sql_value(a->db, EXADM_LOCK_COUNTER, was)) == DB_NONE) {
		db_report(exadm_sql_text[EXADM_LOCK_COUNTER].text,
		    "no counter row");
		rc = DB_ERROR;
	}
	if (rc == DB_OK)
		rc = sql_run(sql_stmt(a->db, EXADM_RESET_COUNTER));
	return sql_finish(a->db, rc);
}

int
exadm_attempt_answers(struct exadm *a, const struct exadm_attempts_filter *f,
    struct qbank **bank, int (*each)(const struct exadm_answer *, void *),
    void *arg)
{
	struct sql_stmt *st;
	struct exadm_answer ans;
	const char *v;
	long long id = 0;
	enum db_rc rc;

	*bank = NULL;
	/* One snapshot for the bank and the answers read against it. */
	if ((rc = sql_begin(a->db, SQL_TX_READ)) != DB_OK)
		return rc;
	if ((rc = exam_id(a, f->exam, 0, NULL, &id)) != DB_OK ||
	    (rc = qbank_db_load(sql_stmt(a->db, EXADM_BANK), id, bank)) !=
	    DB_OK)
		goto end;
	st = sql_stmt(a->db, EXADM_ATTEMPT_ANSWERS);
	sql_bind_text(st, 1, f->exam);
	sql_bind_text(st, 2, f->since);
	sql_bind_int(st, 3, f->all);
	while ((rc = sql_next(st)) == DB_OK) {
		ans.attempt = sql_col_int(st, 0);
		ans.user = (v = sql_col_text(st, 1)) ? v : "";
		ans.finished_at = (v = sql_col_text(st, 2)) ? v : "";
		ans.position = sql_col_null(st, 3) ? 0 : sql_col_int(st, 3);
		ans.letter = (v = sql_col_text(st, 4)) ? v[0] : '\0';
		ans.correct = sql_col_int(st, 5) != 0;
		if (each(&ans, arg) != 0) {
			sql_reset(st);
			rc = DB_ERROR;
			goto end;
		}
	}
	if (rc == DB_NONE)
		rc = DB_OK;
end:
	rc = sql_finish(a->db, rc);
	if (rc != DB_OK) {
		qbank_free(*bank);
		*bank = NULL;
	}
	return rc;
}

int
exadm_set_shuffle(struct exadm *a, const char *exam, int mode)
{
	return change_row(a, EXADM_SET_SHUFFLE, exam, shuffle_mode_name(mode),
	    -1);
}
