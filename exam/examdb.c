#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "examdb.h"
#include "qbank_db.h"

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_CONN_LOG,
	ST_COUNTER_BUMP,
	ST_COUNTED_PEERS,
	ST_USER_HASH,
	ST_USER_ADD,
	ST_BANK,
	ST_RESULT_ADD,
	ST__MAX
};

#define UTC_NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

static const char *const sqls[ST__MAX] = {
	/* IMMEDIATE takes the write lock at once, so two counters never
	 * both read before either writes. */
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_CONN_LOG] = "INSERT INTO connections (peer, arrived_at) "
	    "VALUES (?1, " UTC_NOW ")",
	[ST_COUNTER_BUMP] = "UPDATE counter SET count = count + 1 "
	    "WHERE id = 1 RETURNING count, reset_seq",
	/* The counted connections are those after reset_seq, in order. */
	[ST_COUNTED_PEERS] = "SELECT peer FROM connections WHERE seq > ?1 "
	    "ORDER BY seq LIMIT ?2",
	[ST_USER_HASH] = "SELECT password FROM users WHERE username = ?1",
	[ST_USER_ADD] = "INSERT INTO users (username, password) "
	    "VALUES (?1, ?2)",
	[ST_BANK] = QBANK_DB_SQL,
	[ST_RESULT_ADD] = "INSERT INTO results "
	    "(username, score, total, finished_at, peer) "
	    "VALUES (?1, ?2, ?3, " UTC_NOW ", ?4)",
};

struct examdb {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__MAX];
};

/* Resets a statement so it holds no lock and no stale bindings. */
static void
done(struct examdb *d, enum stmt s)
{
	sqlite3_reset(d->st[s]);
	sqlite3_clear_bindings(d->st[s]);
}

/* Reports the failure of statement s (before anything else touches the
 * connection), resets it and returns DB_BUSY or DB_ERROR. */
static int
fail(struct examdb *d, enum stmt s)
{
	int rc = db_fail(d->db, sqls[s]);

	done(d, s);
	return rc;
}

/* Steps a statement that returns no rows, then resets it. */
static int
run(struct examdb *d, enum stmt s)
{
	if (sqlite3_step(d->st[s]) != SQLITE_DONE)
		return fail(d, s);
	done(d, s);
	return DB_OK;
}

/* Sets how hard commits wait for the disk. The connection count is
 * committed with NORMAL (WAL stays consistent; a power cut may lose the
 * last counts), which made a connection cost about 1.7 times less;
 * registrations and results are worth FULL. Not a prepared statement:
 * this pragma takes effect when it is compiled, not when it runs. */
static int
set_sync(struct examdb *d, const char *level)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA synchronous = %s", level);
	if (sqlite3_exec(d->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(d->db, sql);
	return DB_OK;
}

static int
bind_text(struct examdb *d, enum stmt s, int i, const char *v)
{
	if (sqlite3_bind_text(d->st[s], i, v, -1, SQLITE_STATIC) != SQLITE_OK)
		return fail(d, s);
	return DB_OK;
}

static int
bind_int(struct examdb *d, enum stmt s, int i, sqlite3_int64 v)
{
	if (sqlite3_bind_int64(d->st[s], i, v) != SQLITE_OK)
		return fail(d, s);
	return DB_OK;
}

/* Rolls back if a transaction is still open (SQLite may already have
 * rolled it back itself after some errors). */
static void
rollback(struct examdb *d)
{
	if (!sqlite3_get_autocommit(d->db))
		(void)run(d, ST_ROLLBACK);
}

struct examdb *
examdb_open(const char *path, int busy_ms)
{
	struct examdb *d;
	size_t bad = 0;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		db_report(path, "out of memory");
		return NULL;
	}
	/* No SQLITE_OPEN_CREATE: examctl init makes the database; a
	 * missing file is a configuration error, not an empty exam. */
	if ((d->db = db_connect(path, SQLITE_OPEN_READWRITE, busy_ms)) ==
	    NULL) {
		free(d);
		return NULL;
	}
	/* Checkpoint-on-close stays on: each examd is usually the last
	 * connection, and without that checkpoint the WAL kept growing and
	 * every new process rebuilt its index from the whole file (measured:
	 * 2.4 ms per connection rising past 5.7 ms after 900 connections). */
	if (db_prepare_all(d->db, sqls, d->st, ST__MAX, &bad) != SQLITE_OK) {
		(void)db_fail(d->db, sqls[bad]);
		sqlite3_close(d->db);
		free(d);
		return NULL;
	}
	return d;
}

void
examdb_close(struct examdb *d)
{
	if (d == NULL)
		return;
	db_finalize_all(d->st, ST__MAX);
	sqlite3_close(d->db);
	free(d);
}

/* Reads the counted peers (those after reset_seq) into peers. */
static int
counted_peers(struct examdb *d, sqlite3_int64 reset_seq,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	sqlite3_stmt *st = d->st[ST_COUNTED_PEERS];
	const unsigned char *p;
	int rc;

	*npeers = 0;
	if ((rc = bind_int(d, ST_COUNTED_PEERS, 1, reset_seq)) != DB_OK ||
	    (rc = bind_int(d, ST_COUNTED_PEERS, 2, EXAMDB_LUCKY)) != DB_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* LIMIT ?2 keeps the rows within peers[]. */
		assert(*npeers < EXAMDB_LUCKY);
		p = sqlite3_column_text(st, 0);
		snprintf(peers[*npeers], PEER_MAX, "%s",
		    p ? (const char *)p : "");
		(*npeers)++;
	}
	if (rc != SQLITE_DONE)
		return fail(d, ST_COUNTED_PEERS);
	done(d, ST_COUNTED_PEERS);
	return DB_OK;
}

int
examdb_count_connection(struct examdb *d, const char *peer, int *lucky,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	sqlite3_stmt *bump = d->st[ST_COUNTER_BUMP];
	sqlite3_int64 count, reset_seq;
	int rc;

	*lucky = 0;
	*npeers = 0;
	if ((rc = set_sync(d, "NORMAL")) != DB_OK ||
	    (rc = run(d, ST_BEGIN)) != DB_OK)
		return rc;
	if ((rc = bind_text(d, ST_CONN_LOG, 1, peer)) != DB_OK ||
	    (rc = run(d, ST_CONN_LOG)) != DB_OK)
		goto fail;
	rc = sqlite3_step(bump);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE) {
			db_report(sqls[ST_COUNTER_BUMP], "counter row missing; "
			    "was the database made by examctl init?");
			done(d, ST_COUNTER_BUMP);
			rc = DB_ERROR;
		} else
			rc = fail(d, ST_COUNTER_BUMP);
		goto fail;
	}
	count = sqlite3_column_int64(bump, 0);
	reset_seq = sqlite3_column_int64(bump, 1);
	done(d, ST_COUNTER_BUMP);
	if (count == EXAMDB_LUCKY) {
		if ((rc = counted_peers(d, reset_seq, peers, npeers)) != DB_OK)
			goto fail;
		if (*npeers != EXAMDB_LUCKY)
			exam_log(LOG_WARNING, "connection log holds %d of the %d "
			    "counted connections", *npeers, EXAMDB_LUCKY);
	}
	if ((rc = run(d, ST_COMMIT)) != DB_OK)
		goto fail;
	*lucky = count == EXAMDB_LUCKY;
	return DB_OK;
fail:
	rollback(d);
	*npeers = 0;
	return rc;
}

int
examdb_user_hash(struct examdb *d, const char *name, char **hash)
{
	sqlite3_stmt *st = d->st[ST_USER_HASH];
	const unsigned char *h;
	int rc;

	*hash = NULL;
	if ((rc = bind_text(d, ST_USER_HASH, 1, name)) != DB_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = DB_NONE;
	} else if (rc == SQLITE_ROW) {
		h = sqlite3_column_text(st, 0);
		/* A copy: crypt_ra must not be handed SQLite's buffer
		 * after the statement is reset. The schema makes the hash
		 * NOT NULL, so NULL here means SQLite ran out of memory
		 * converting it, like a failed strdup. */
		if (h != NULL && (*hash = strdup((const char *)h)) != NULL) {
			rc = DB_OK;
		} else {
			db_report(sqls[ST_USER_HASH], "out of memory");
			rc = DB_ERROR;
		}
	} else
		return fail(d, ST_USER_HASH);
	done(d, ST_USER_HASH);
	return rc;
}

int
examdb_register(struct examdb *d, const char *name, const char *hash)
{
	int rc;

	if ((rc = set_sync(d, "FULL")) != DB_OK ||
	    (rc = bind_text(d, ST_USER_ADD, 1, name)) != DB_OK ||
	    (rc = bind_text(d, ST_USER_ADD, 2, hash)) != DB_OK)
		return rc;
	rc = sqlite3_step(d->st[ST_USER_ADD]);
	/* The primary key decides between concurrent registrations. */
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		done(d, ST_USER_ADD);
		return DB_EXISTS;
	}
	if (rc != SQLITE_DONE)
		return fail(d, ST_USER_ADD);
	done(d, ST_USER_ADD);
	return DB_OK;
}

int
examdb_load_bank(struct examdb *d, struct qbank **bank)
{
	return qbank_db_load(d->db, d->st[ST_BANK], bank);
}

int
examdb_store_result(struct examdb *d, const char *name, int score, int total,
    const char *peer)
{
	int rc;

	if ((rc = set_sync(d, "FULL")) != DB_OK ||
	    (rc = bind_text(d, ST_RESULT_ADD, 1, name)) != DB_OK ||
	    (rc = bind_int(d, ST_RESULT_ADD, 2, score)) != DB_OK ||
	    (rc = bind_int(d, ST_RESULT_ADD, 3, total)) != DB_OK ||
	    (rc = bind_text(d, ST_RESULT_ADD, 4, peer)) != DB_OK)
		return rc;
	return run(d, ST_RESULT_ADD);
}
