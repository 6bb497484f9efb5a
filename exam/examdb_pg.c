/* examd's statements on PostgreSQL: exam.db's layout as
 * sql/exam_schema_pg.sql makes it, shared by every exam host. What SQLite
 * gets from BEGIN IMMEDIATE (one writer at a time) comes here from row
 * locks: the counter row orders the counted connections, the user's row
 * orders that user's results. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_pg.h"
#include "examdb_pg.h"
#include "qbank_db_pg.h"
#include "username.h"

enum stmt {
	ST_COUNTER_BUMP,
	ST_CONN_LOG,
	ST_COUNTED_PEERS,
	ST_USER_HASH,
	ST_USER_ADD,
	ST_USER_REHASH,
	ST_USER_LOCK,
	ST_EXAMS,
	ST_BANK,
	ST_ATTEMPTS_USED,
	ST_RESULT_ADD,
	ST__MAX
};

#define UTC_NOW "to_char(now() AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static const char *const sqls[ST__MAX] = {
	/* First in its transaction: the row lock it takes makes every
	 * other host's count wait until this one commits, and READ
	 * COMMITTED then re-reads the row, so each gets its own number. */
	[ST_COUNTER_BUMP] = "UPDATE counter SET count = count + 1 "
	    "WHERE id = 1 RETURNING count, reset_seq",
	/* seq is drawn under that lock, so seq order is counting order. */
	[ST_CONN_LOG] = "INSERT INTO connections (peer, arrived_at) "
	    "VALUES ($1, " UTC_NOW ")",
	[ST_COUNTED_PEERS] = "SELECT peer FROM connections WHERE seq > $1 "
	    "ORDER BY seq LIMIT $2",
	[ST_USER_HASH] = "SELECT password FROM users WHERE username = $1",
	[ST_USER_ADD] = "INSERT INTO users (username, password) "
	    "VALUES ($1, $2)",
	[ST_USER_REHASH] = "UPDATE users SET password = $3 "
	    "WHERE username = $1 AND password = $2",
	/* Orders one user's results across hosts (and against examctl
	 * deleting the user). */
	[ST_USER_LOCK] = "SELECT 1 FROM users WHERE username = $1 FOR UPDATE",
	[ST_EXAMS] = "SELECT e.id, e.name, e.attempts, e.time_limit "
	    "FROM exams e WHERE EXISTS "
	    "(SELECT 1 FROM questions q WHERE q.exam = e.id) ORDER BY e.name",
	[ST_BANK] = QBANK_DB_PG_SQL,
	[ST_ATTEMPTS_USED] = "SELECT count(*) FROM results "
	    "WHERE username = $1 AND exam = $2",
	[ST_RESULT_ADD] = "INSERT INTO results "
	    "(username, score, total, finished_at, peer, exam) "
	    "VALUES ($1, $2, $3, " UTC_NOW ", $4, $5)",
};

/* The count is committed without waiting for the server's disk (as
 * SQLite's synchronous = NORMAL: a server crash may lose the last counts,
 * never leave them half-written); the session's default, on, covers the
 * registrations, results and rehashes, whatever the server's default. */
static const char begin_count[] =
    "BEGIN; SET LOCAL synchronous_commit = off";

struct examdb_pg {
	PGconn	*c;
	char	 server[256];	/* postgresql://user@host:port/db, no
				 * password: the prefix of every report */
};

/* Reports the failure of r (NULL: of the connection) while running what,
 * naming the server, and returns DB_BUSY or DB_ERROR. */
static int
fail(struct examdb_pg *d, const PGresult *r, const char *what)
{
	char where[1024];

	snprintf(where, sizeof where, "%s: %s", d->server, what);
	return dbpg_fail(d->c, r, where);
}

/* Runs statement s with its text parameters; NULL (reported) on
 * failure, else a result the caller clears. want is the status that
 * means success. */
static PGresult *
run(struct examdb_pg *d, enum stmt s, int n, const char *const params[],
    ExecStatusType want, int *rc)
{
	PGresult *r = dbpg_run(d->c, s, n, params);

	if (r != NULL && PQresultStatus(r) == want) {
		*rc = DB_OK;
		return r;
	}
	*rc = fail(d, r, sqls[s]);
	PQclear(r);
	return NULL;
}

/* A plain statement (BEGIN, COMMIT, SET). */
static int
exec(struct examdb_pg *d, const char *sql)
{
	PGresult *r = PQexec(d->c, sql);
	int rc = DB_OK;

	if (!dbpg_ok(r))
		rc = fail(d, r, sql);
	PQclear(r);
	return rc;
}

/* Rolls back a transaction still open (nothing to do when the server
 * has gone: it rolled back itself). */
static void
rollback(struct examdb_pg *d)
{
	PGTransactionStatusType t = PQtransactionStatus(d->c);

	if (PQstatus(d->c) == CONNECTION_OK &&
	    (t == PQTRANS_INTRANS || t == PQTRANS_INERROR))
		(void)exec(d, "ROLLBACK");
}

/* An integer column, reported when it is not one. */
static int
int_col(struct examdb_pg *d, const PGresult *r, int row, int col,
    enum stmt s, long long *out)
{
	if (PQgetisnull(r, row, col) ||
	    dbpg_int64(PQgetvalue(r, row, col), out) == -1) {
		db_report(sqls[s], "a column is not an integer");
		return DB_ERROR;
	}
	return DB_OK;
}

struct examdb_pg *
examdb_pg_open(const char *uri, int busy_ms)
{
	struct examdb_pg *d;
	char set[128];
	size_t bad = 0;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		db_report("postgresql", "out of memory");
		return NULL;
	}
	/* dbpg_connect names the server itself when it cannot connect. */
	if ((d->c = dbpg_connect(uri)) == NULL) {
		free(d);
		return NULL;
	}
	snprintf(d->server, sizeof d->server, "postgresql://%s%s%s:%s/%s",
	    PQuser(d->c), *PQuser(d->c) ? "@" : "", PQhost(d->c),
	    PQport(d->c), PQdb(d->c));
	/* A row lock waited on longer than SQLite's busy timeout gives the
	 * same answer: busy, try later. */
	snprintf(set, sizeof set, "SET synchronous_commit = on; "
	    "SET lock_timeout = %d", busy_ms);
	if (exec(d, set) != DB_OK) {
		examdb_pg_close(d);
		return NULL;
	}
	if (dbpg_prepare_all(d->c, sqls, ST__MAX, &bad) != DB_OK) {
		db_report(d->server, "cannot prepare examd's statements: "
		    "was the database made by examctl init?");
		examdb_pg_close(d);
		return NULL;
	}
	return d;
}

void
examdb_pg_close(struct examdb_pg *d)
{
	if (d == NULL)
		return;
	PQfinish(d->c);
	free(d);
}

/* Reads the counted peers (those after reset_seq) into peers. */
static int
counted_peers(struct examdb_pg *d, long long reset_seq,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	char seq[24], lim[8];
	const char *params[2] = { seq, lim };
	PGresult *r;
	int i, n, rc;

	*npeers = 0;
	snprintf(seq, sizeof seq, "%lld", reset_seq);
	snprintf(lim, sizeof lim, "%d", EXAMDB_LUCKY);
	if ((r = run(d, ST_COUNTED_PEERS, 2, params, PGRES_TUPLES_OK, &rc)) ==
	    NULL)
		return rc;
	n = PQntuples(r);
	/* LIMIT $2 keeps the rows within peers[]. */
	assert(n <= EXAMDB_LUCKY);
	for (i = 0; i < n; i++)
		snprintf(peers[i], PEER_MAX, "%s", PQgetvalue(r, i, 0));
	*npeers = n;
	PQclear(r);
	return DB_OK;
}

int
examdb_pg_count_connection(struct examdb_pg *d, const char *peer,
    long long peers_at, long long *count,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	const char *params[1] = { peer };
	long long reset_seq = 0;
	PGresult *r;
	int rc;

	*count = 0;
	*npeers = 0;
	if ((rc = exec(d, begin_count)) != DB_OK)
		goto fail;
	if ((r = run(d, ST_COUNTER_BUMP, 0, NULL, PGRES_TUPLES_OK, &rc)) ==
	    NULL)
		goto fail;
	if (PQntuples(r) != 1) {
		db_report(sqls[ST_COUNTER_BUMP], "counter row missing; "
		    "was the database made by examctl init?");
		rc = DB_ERROR;
	} else if ((rc = int_col(d, r, 0, 0, ST_COUNTER_BUMP, count)) ==
	    DB_OK)
		rc = int_col(d, r, 0, 1, ST_COUNTER_BUMP, &reset_seq);
	PQclear(r);
	if (rc != DB_OK)
		goto fail;
	if ((r = run(d, ST_CONN_LOG, 1, params, PGRES_COMMAND_OK, &rc)) ==
	    NULL)
		goto fail;
	PQclear(r);
	if (*count == peers_at &&
	    (rc = counted_peers(d, reset_seq, peers, npeers)) != DB_OK)
		goto fail;
	if ((rc = exec(d, "COMMIT")) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	rollback(d);
	*npeers = 0;
	return rc;
}

int
examdb_pg_user_hash(struct examdb_pg *d, const char *name, char **hash)
{
	const char *params[1] = { name };
	PGresult *r;
	int rc;

	*hash = NULL;
	if ((r = run(d, ST_USER_HASH, 1, params, PGRES_TUPLES_OK, &rc)) ==
	    NULL)
		return rc;
	if (PQntuples(r) == 0)
		rc = DB_NONE;
	else if ((*hash = strdup(PQgetvalue(r, 0, 0))) == NULL) {
		db_report(sqls[ST_USER_HASH], "out of memory");
		rc = DB_ERROR;
	}
	PQclear(r);
	return rc;
}

int
examdb_pg_register(struct examdb_pg *d, const char *name, const char *hash)
{
	const char *params[2] = { name, hash };
	PGresult *r = dbpg_run(d->c, ST_USER_ADD, 2, params);
	int rc = DB_OK;

	/* The primary key decides between registrations on any host. */
	if (dbpg_unique_violation(r))
		rc = DB_EXISTS;
	else if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = fail(d, r, sqls[ST_USER_ADD]);
	PQclear(r);
	return rc;
}

int
examdb_pg_exams(struct examdb_pg *d, struct examdb_exam **list, size_t *n)
{
	struct examdb_exam *l = NULL, *e;
	const char *name;
	PGresult *r;
	int i, rows, rc;

	*list = NULL;
	*n = 0;
	if ((r = run(d, ST_EXAMS, 0, NULL, PGRES_TUPLES_OK, &rc)) == NULL)
		return rc;
	rows = PQntuples(r);
	if (rows > 0 && (l = calloc((size_t)rows, sizeof *l)) == NULL) {
		db_report(sqls[ST_EXAMS], "out of memory");
		rc = DB_ERROR;
		goto fail;
	}
	for (i = 0; i < rows; i++) {
		e = &l[i];
		if ((rc = int_col(d, r, i, 0, ST_EXAMS, &e->id)) != DB_OK)
			goto fail;
		name = PQgetvalue(r, i, 1);
		/* The schema's CHECK holds names to the exam name rule. */
		if (!examname_valid(name)) {
			db_report(sqls[ST_EXAMS], "an exam name breaks the rule");
			rc = DB_INVALID;
			goto fail;
		}
		snprintf(e->name, sizeof e->name, "%s", name);
		e->attempts = e->time_limit = -1;
		if ((!PQgetisnull(r, i, 2) &&
		    (rc = int_col(d, r, i, 2, ST_EXAMS, &e->attempts)) !=
		    DB_OK) || (!PQgetisnull(r, i, 3) &&
		    (rc = int_col(d, r, i, 3, ST_EXAMS, &e->time_limit)) !=
		    DB_OK))
			goto fail;
	}
	PQclear(r);
	*list = l;
	*n = (size_t)rows;
	return DB_OK;
fail:
	PQclear(r);
	free(l);
	return rc;
}

int
examdb_pg_load_bank(struct examdb_pg *d, long long exam, struct qbank **bank)
{
	return qbank_db_pg_load(d->c, ST_BANK, exam, bank);
}

/* Reads how many results name has for exam into *used. */
static int
attempts_used(struct examdb_pg *d, const char *name, const char *exam,
    long long *used)
{
	const char *params[2] = { name, exam };
	PGresult *r;
	int rc;

	if ((r = run(d, ST_ATTEMPTS_USED, 2, params, PGRES_TUPLES_OK, &rc)) ==
	    NULL)
		return rc;
	rc = PQntuples(r) == 1 ?
	    int_col(d, r, 0, 0, ST_ATTEMPTS_USED, used) : DB_ERROR;
	if (PQntuples(r) != 1)
		db_report(sqls[ST_ATTEMPTS_USED], "no count");
	PQclear(r);
	return rc;
}

int
examdb_pg_attempts_used(struct examdb_pg *d, const char *name,
    const char *exam, long long *used)
{
	return attempts_used(d, name, exam, used);
}

int
examdb_pg_store_result(struct examdb_pg *d, const char *name,
    const struct examdb_exam *e, int score, int total, const char *peer)
{
	char sc[16], tot[16];
	const char *lock[1] = { name };
	const char *params[5] = { name, sc, tot, peer, e->name };
	long long used = 0;
	PGresult *r;
	int rc;

	snprintf(sc, sizeof sc, "%d", score);
	snprintf(tot, sizeof tot, "%d", total);
	if ((rc = exec(d, "BEGIN")) != DB_OK)
		goto fail;
	/* The count is its own statement, after the lock: in READ
	 * COMMITTED a statement sees what was committed when it started,
	 * so a count in the locking statement itself would miss the result
	 * of the session it waited for. */
	if ((r = run(d, ST_USER_LOCK, 1, lock, PGRES_TUPLES_OK, &rc)) ==
	    NULL)
		goto fail;
	PQclear(r);
	if (e->attempts >= 0) {
		if ((rc = attempts_used(d, name, e->name, &used)) != DB_OK)
			goto fail;
		if (used >= e->attempts) {
			rc = DB_EXISTS;
			goto fail;
		}
	}
	if ((r = run(d, ST_RESULT_ADD, 5, params, PGRES_COMMAND_OK, &rc)) ==
	    NULL)
		goto fail;
	PQclear(r);
	if ((rc = exec(d, "COMMIT")) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	rollback(d);
	return rc;
}

int
examdb_pg_replace_hash(struct examdb_pg *d, const char *name,
    const char *old, const char *fresh)
{
	const char *params[3] = { name, old, fresh };
	PGresult *r;
	int rc;

	if ((r = run(d, ST_USER_REHASH, 3, params, PGRES_COMMAND_OK, &rc)) ==
	    NULL)
		return rc;
	rc = strcmp(PQcmdTuples(r), "0") == 0 ? DB_NONE : DB_OK;
	PQclear(r);
	return rc;
}
