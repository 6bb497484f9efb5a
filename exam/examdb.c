#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "db.h"
#include "examdb.h"

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
	/* LEFT JOIN so that a question without choices is seen and
	 * rejected rather than silently skipped. */
	[ST_BANK] = "SELECT q.position, q.prompt, q.answer, c.letter, c.text "
	    "FROM questions q LEFT JOIN choices c ON c.position = q.position "
	    "ORDER BY q.position, c.letter",
	[ST_RESULT_ADD] = "INSERT INTO results "
	    "(username, score, total, finished_at, peer) "
	    "VALUES (?1, ?2, ?3, " UTC_NOW ", ?4)",
};

struct examdb {
	sqlite3		*db;
	sqlite3_stmt	*st[ST__MAX];
};

static void
log_fail(struct examdb *d, enum stmt s, int rc)
{
	syslog(LOG_ERR, "database: %s: %s (%d)", sqls[s],
	    sqlite3_errmsg(d->db), rc);
}

/* Steps a statement that returns no rows, then resets it. */
static int
run(struct examdb *d, enum stmt s)
{
	int rc;

	rc = sqlite3_step(d->st[s]);
	if (rc != SQLITE_DONE)
		log_fail(d, s, rc);
	sqlite3_reset(d->st[s]);
	sqlite3_clear_bindings(d->st[s]);
	return rc == SQLITE_DONE ? EXAMDB_OK : EXAMDB_ERROR;
}

/* Sets how hard commits wait for the disk. The connection count is
 * committed with NORMAL (WAL stays consistent; a power cut may lose the
 * last counts), which made a connection cost about 1.7 times less;
 * registrations and results are worth FULL. Not a prepared statement:
 * this pragma takes effect when it is compiled, not when it runs. */
static int
set_sync(struct examdb *d, const char *level)
{
	char sql[64], *msg = NULL;
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA synchronous = %s", level);
	if ((rc = sqlite3_exec(d->db, sql, NULL, NULL, &msg)) != SQLITE_OK)
		syslog(LOG_ERR, "database: %s: %s (%d)", sql,
		    msg ? msg : sqlite3_errstr(rc), rc);
	sqlite3_free(msg);
	return rc == SQLITE_OK ? EXAMDB_OK : EXAMDB_ERROR;
}

/* Resets a statement so it holds no lock and no stale bindings. */
static void
done(struct examdb *d, enum stmt s)
{
	sqlite3_reset(d->st[s]);
	sqlite3_clear_bindings(d->st[s]);
}

static int
bind_text(struct examdb *d, enum stmt s, int i, const char *v)
{
	int rc;

	rc = sqlite3_bind_text(d->st[s], i, v, -1, SQLITE_STATIC);
	if (rc != SQLITE_OK) {
		log_fail(d, s, rc);
		return -1;
	}
	return 0;
}

static int
bind_int(struct examdb *d, enum stmt s, int i, sqlite3_int64 v)
{
	int rc;

	rc = sqlite3_bind_int64(d->st[s], i, v);
	if (rc != SQLITE_OK) {
		log_fail(d, s, rc);
		return -1;
	}
	return 0;
}

/* Rolls back if a transaction is still open (SQLite may already have
 * rolled it back itself after some errors). */
static void
rollback(struct examdb *d)
{
	if (!sqlite3_get_autocommit(d->db))
		run(d, ST_ROLLBACK);
}

struct examdb *
examdb_open(const char *path, int busy_ms)
{
	struct examdb *d;
	char err[512];
	size_t bad = 0;
	int rc;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		syslog(LOG_ERR, "database: out of memory");
		return NULL;
	}
	/* No SQLITE_OPEN_CREATE: examctl init makes the database; a
	 * missing file is a configuration error, not an empty exam. */
	d->db = db_open(path, SQLITE_OPEN_READWRITE, busy_ms, err, sizeof err);
	if (d->db == NULL) {
		syslog(LOG_ERR, "database: %s", err);
		free(d);
		return NULL;
	}
	/* Checkpoint-on-close stays on: each examd is usually the last
	 * connection, and without that checkpoint the WAL kept growing and
	 * every new process rebuilt its index from the whole file (measured:
	 * 2.4 ms per connection rising past 5.7 ms after 900 connections). */
	rc = db_prepare_all(d->db, sqls, d->st, ST__MAX, &bad);
	if (rc != SQLITE_OK) {
		syslog(LOG_ERR, "database %s: %s: %s (%d)", path, sqls[bad],
		    sqlite3_errmsg(d->db), rc);
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
	const unsigned char *p;
	int rc;

	*npeers = 0;
	if (bind_int(d, ST_COUNTED_PEERS, 1, reset_seq) == -1 ||
	    bind_int(d, ST_COUNTED_PEERS, 2, EXAMDB_LUCKY) == -1) {
		done(d, ST_COUNTED_PEERS);
		return EXAMDB_ERROR;
	}
	while ((rc = sqlite3_step(d->st[ST_COUNTED_PEERS])) == SQLITE_ROW) {
		p = sqlite3_column_text(d->st[ST_COUNTED_PEERS], 0);
		snprintf(peers[*npeers], PEER_MAX, "%s",
		    p ? (const char *)p : "");
		(*npeers)++;
	}
	if (rc != SQLITE_DONE)
		log_fail(d, ST_COUNTED_PEERS, rc);
	done(d, ST_COUNTED_PEERS);
	return rc == SQLITE_DONE ? EXAMDB_OK : EXAMDB_ERROR;
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
	if (set_sync(d, "NORMAL") != EXAMDB_OK ||
	    run(d, ST_BEGIN) != EXAMDB_OK)
		return EXAMDB_ERROR;
	if (bind_text(d, ST_CONN_LOG, 1, peer) == -1 ||
	    run(d, ST_CONN_LOG) != EXAMDB_OK)
		goto fail;
	rc = sqlite3_step(bump);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			syslog(LOG_ERR, "database: counter row missing; "
			    "was the database made by examctl init?");
		else
			log_fail(d, ST_COUNTER_BUMP, rc);
		done(d, ST_COUNTER_BUMP);
		goto fail;
	}
	count = sqlite3_column_int64(bump, 0);
	reset_seq = sqlite3_column_int64(bump, 1);
	done(d, ST_COUNTER_BUMP);
	if (count == EXAMDB_LUCKY) {
		if (counted_peers(d, reset_seq, peers, npeers) != EXAMDB_OK)
			goto fail;
		if (*npeers != EXAMDB_LUCKY)
			syslog(LOG_WARNING, "connection log holds %d of the %d "
			    "counted connections", *npeers, EXAMDB_LUCKY);
	}
	if (run(d, ST_COMMIT) != EXAMDB_OK)
		goto fail;
	*lucky = count == EXAMDB_LUCKY;
	return EXAMDB_OK;
fail:
	rollback(d);
	*npeers = 0;
	return EXAMDB_ERROR;
}

int
examdb_user_hash(struct examdb *d, const char *name, char **hash)
{
	sqlite3_stmt *st = d->st[ST_USER_HASH];
	const unsigned char *h;
	int rc, ret = EXAMDB_ERROR;

	*hash = NULL;
	if (bind_text(d, ST_USER_HASH, 1, name) == -1)
		goto end;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = EXAMDB_NONE;
	} else if (rc == SQLITE_ROW) {
		h = sqlite3_column_text(st, 0);
		/* A copy: crypt_ra must not be handed SQLite's buffer
		 * after the statement is reset. */
		if (h != NULL && (*hash = strdup((const char *)h)) != NULL)
			ret = EXAMDB_OK;
		else
			syslog(LOG_ERR, "database: no hash for user %s", name);
	} else
		log_fail(d, ST_USER_HASH, rc);
end:
	done(d, ST_USER_HASH);
	return ret;
}

int
examdb_register(struct examdb *d, const char *name, const char *hash)
{
	int rc;

	if (set_sync(d, "FULL") != EXAMDB_OK)
		return EXAMDB_ERROR;
	if (bind_text(d, ST_USER_ADD, 1, name) == -1 ||
	    bind_text(d, ST_USER_ADD, 2, hash) == -1) {
		done(d, ST_USER_ADD);
		return EXAMDB_ERROR;
	}
	rc = sqlite3_step(d->st[ST_USER_ADD]);
	done(d, ST_USER_ADD);
	if (rc == SQLITE_DONE)
		return EXAMDB_OK;
	/* The primary key decides between concurrent registrations. */
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return EXAMDB_TAKEN;
	log_fail(d, ST_USER_ADD, rc);
	return EXAMDB_ERROR;
}

/* Appends a copy of s to *slot. */
static int
dup_into(char **slot, const unsigned char *s)
{
	*slot = strdup(s ? (const char *)s : "");
	return *slot == NULL ? -1 : 0;
}

int
examdb_load_bank(struct examdb *d, struct exam_bank *bank)
{
	sqlite3_stmt *st = d->st[ST_BANK];
	struct exam_question *q = NULL, *grown;
	sqlite3_int64 pos, last = 0;
	size_t cap = 0, bad;
	const unsigned char *ans, *letter;
	int rc, ret = EXAMDB_ERROR;

	bank->q = NULL;
	bank->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		pos = sqlite3_column_int64(st, 0);
		if (bank->n == 0 || pos != last) {
			if (bank->n == cap) {
				cap = cap ? cap * 2 : 16;
				grown = realloc(bank->q, cap * sizeof *grown);
				if (grown == NULL)
					goto oom;
				bank->q = grown;
			}
			q = &bank->q[bank->n++];
			memset(q, 0, sizeof *q);
			last = pos;
			if (dup_into(&q->prompt, sqlite3_column_text(st, 1)))
				goto oom;
			ans = sqlite3_column_text(st, 2);
			q->answer = ans ? (char)ans[0] : '\0';
		}
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			continue;	/* no choices: caught by the check */
		letter = sqlite3_column_text(st, 3);
		/* Choices must run a, b, c... so that letters and slots
		 * agree; a gap makes the question invalid. */
		if (q->nchoices >= EXAM_MAX_CHOICES || letter == NULL ||
		    letter[0] != 'a' + q->nchoices || letter[1] != '\0') {
			syslog(LOG_ERR, "question %lld: choice letters are "
			    "not a, b, c... in order", (long long)pos);
			goto end;
		}
		if (dup_into(&q->choices[q->nchoices],
		    sqlite3_column_text(st, 4)))
			goto oom;
		q->nchoices++;
	}
	if (rc != SQLITE_DONE) {
		log_fail(d, ST_BANK, rc);
		goto end;
	}
	if ((bad = exam_bank_check(bank)) != 0) {
		syslog(LOG_ERR, "question bank: question %zu of %zu is invalid "
		    "(2 to 6 choices and an answer among them)", bad, bank->n);
		goto end;
	}
	ret = EXAMDB_OK;
	goto end;
oom:
	syslog(LOG_ERR, "question bank: out of memory");
end:
	done(d, ST_BANK);
	if (ret != EXAMDB_OK)
		exam_bank_free(bank);
	return ret;
}

int
examdb_store_result(struct examdb *d, const char *name, int score, int total,
    const char *peer)
{
	if (set_sync(d, "FULL") != EXAMDB_OK)
		return EXAMDB_ERROR;
	if (bind_text(d, ST_RESULT_ADD, 1, name) == -1 ||
	    bind_int(d, ST_RESULT_ADD, 2, score) == -1 ||
	    bind_int(d, ST_RESULT_ADD, 3, total) == -1 ||
	    bind_text(d, ST_RESULT_ADD, 4, peer) == -1) {
		done(d, ST_RESULT_ADD);
		return EXAMDB_ERROR;
	}
	return run(d, ST_RESULT_ADD);
}
