#include <sys/file.h>

#include <assert.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "examdb.h"
#include "examdb_pg.h"
#include "qbank_db.h"
#include "username.h"

enum stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_CONN_LOG,
	ST_COUNTER_BUMP,
	ST_COUNTED_PEERS,
	ST_USER_HASH,
	ST_USER_ADD,
	ST_USER_REHASH,
	ST_EXAMS,
	ST_BANK,
	ST_ATTEMPTS_USED,
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
	/* Only while the stored hash is still the one that was checked. */
	[ST_USER_REHASH] = "UPDATE users SET password = ?3 "
	    "WHERE username = ?1 AND password = ?2",
	/* The exams a student can take: those with questions. */
	[ST_EXAMS] = "SELECT e.id, e.name, e.attempts, e.time_limit "
	    "FROM exams e WHERE EXISTS "
	    "(SELECT 1 FROM questions q WHERE q.exam = e.id) ORDER BY e.name",
	[ST_BANK] = QBANK_DB_SQL,
	[ST_ATTEMPTS_USED] = "SELECT count(*) FROM results "
	    "WHERE username = ?1 AND exam = ?2",
	[ST_RESULT_ADD] = "INSERT INTO results "
	    "(username, score, total, finished_at, peer, exam) "
	    "VALUES (?1, ?2, ?3, " UTC_NOW ", ?4, ?5)",
};

/* The layout this examd reads and writes: sql/exam_schema.sql's
 * PRAGMA user_version. */
#define EXAMDB_LAYOUT 2

/* The -wal file's length, in frames (pages), past which a closing examd
 * checkpoints it: when it is the only examd on the file, and when others
 * are still running; see examdb_open. */
#define EXAMDB_WAL_FRAMES	32
#define EXAMDB_WAL_FRAMES_BUSY	256

struct examdb {
	struct examdb_pg *pg;	/* a PostgreSQL URI: examdb_pg.c serves all */
	sqlite3		*db;
	int		wal_frames;	/* in the -wal after the last commit */
	int		dirfd;	/* exam.db's folder, flock()ed shared while
				 * open (-1: none); see examdb_open */
	sqlite3_stmt	*st[ST__MAX];
};

/* Prepares statement s on its first use. A connection that only counts
 * itself uses five of the table's statements; preparing all of them at
 * open was over half of such a process's instructions. */
static int
use(struct examdb *d, enum stmt s)
{
	if (d->st[s] != NULL)
		return DB_OK;
	if (sqlite3_prepare_v3(d->db, sqls[s], -1, SQLITE_PREPARE_PERSISTENT,
	    &d->st[s], NULL) != SQLITE_OK) {
		d->st[s] = NULL;
		return db_fail(d->db, sqls[s]);
	}
	return DB_OK;
}

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
	int rc;

	if ((rc = use(d, s)) != DB_OK)
		return rc;
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
	int rc;

	if ((rc = use(d, s)) != DB_OK)
		return rc;
	if (sqlite3_bind_text(d->st[s], i, v, -1, SQLITE_STATIC) != SQLITE_OK)
		return fail(d, s);
	return DB_OK;
}

static int
bind_int(struct examdb *d, enum stmt s, int i, sqlite3_int64 v)
{
	int rc;

	if ((rc = use(d, s)) != DB_OK)
		return rc;
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

/* Refuses an exam.db of another layout (PRAGMA user_version): examctl
 * upgrades an older one in place, and examd must not write into a layout
 * it does not know. */
static int
check_layout(struct examdb *d)
{
	static const char sql[] = "PRAGMA user_version";
	sqlite3_stmt *st;
	char why[160];
	int v;

	if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(d->db, sql);
	if (sqlite3_step(st) != SQLITE_ROW) {
		(void)db_fail(d->db, sql);
		sqlite3_finalize(st);
		return DB_ERROR;
	}
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (v == EXAMDB_LAYOUT)
		return DB_OK;
	snprintf(why, sizeof why, "layout %d, not %d: %s", v, EXAMDB_LAYOUT,
	    v < EXAMDB_LAYOUT ? "any examctl command run as examd's user "
	    "upgrades it" : "made by a newer examctl");
	db_report("exam.db", why);
	return DB_INVALID;
}

/* SQLite's hook after each commit in WAL mode: remembers the -wal's
 * length. Setting it also turns off SQLite's own checkpoints, which
 * examdb_close replaces. */
static int
wal_grew(void *arg, sqlite3 *db, const char *name, int frames)
{
	((struct examdb *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/* Opens the folder that holds the file path names, for flock(); -1 when
 * it cannot be opened (or the path is too long). */
static int
open_folder(const char *path)
{
	char dir[4096];

	if ((size_t)snprintf(dir, sizeof dir, "%s", path) >= sizeof dir)
		return -1;
	return open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

struct examdb *
examdb_open(const char *path, int busy_ms)
{
	struct examdb *d;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		db_report(db_is_uri(path) ? "postgresql" : path,
		    "out of memory");
		return NULL;
	}
	d->dirfd = -1;
	if (db_is_uri(path)) {
		if ((d->pg = examdb_pg_open(path, busy_ms)) == NULL) {
			free(d);
			return NULL;
		}
		return d;
	}
	/* No SQLITE_OPEN_CREATE: examctl init makes the database; a
	 * missing file is a configuration error, not an empty exam. */
	if ((d->db = db_connect(path, SQLITE_OPEN_READWRITE, busy_ms)) ==
	    NULL) {
		free(d);
		return NULL;
	}
	/* exam.db keeps its -wal and -shm files when this, usually the
	 * only, connection closes (after the checkpoint below). Otherwise
	 * each examd created both, synced the folder for the new -wal and
	 * unlinked both again. Only examd asks: it always runs as the user
	 * who owns exam.db, so the files it leaves are that user's. A size
	 * limit empties the kept -wal after that checkpoint: its frames
	 * would still be valid, and the next examd, the first to open the
	 * file again, would read them all back into the index (a -wal
	 * grown under 20 concurrent sessions made a connection cost 4.4
	 * times the instructions). */
	(void)sqlite3_file_control(d->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &(int){ 1 });
	if (sqlite3_exec(d->db, "PRAGMA journal_size_limit = 0", NULL, NULL,
	    NULL) != SQLITE_OK) {
		(void)db_fail(d->db, "PRAGMA journal_size_limit = 0");
		sqlite3_close(d->db);
		free(d);
		return NULL;
	}
	/* No checkpoint at every close: it cost two of the four fdatasync
	 * calls of a connection, and restarting the emptied -wal the other
	 * two (about 0.65 ms in all, more than xinetd's fork and exec). But
	 * each examd is usually the only connection, so it rebuilds the
	 * -wal's index from the whole file, and SQLite's own checkpoints
	 * never let the file restart (the index that would tell it the
	 * frames were copied is rebuilt as "not copied"); without any
	 * checkpoint a connection cost 2.4 ms rising past 5.7 ms after 900
	 * connections. So examdb_close checkpoints and empties the -wal
	 * once it is EXAMDB_WAL_FRAMES long: the sync cost is paid every
	 * ten connections or so, and the rebuilt index stays small (32
	 * frames cost about 60 preads and 200,000 instructions to read
	 * back: the balance with four syncs of 0.65 ms in all).
	 * Commits that promise durability still sync (set_sync). */
	(void)sqlite3_db_config(d->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
	    NULL);
	sqlite3_wal_hook(d->db, wal_grew, d);
	/* The statements are prepared on first use (use()), but the
	 * layout is checked and the schema read here, so that a file that
	 * is not an exam.db of this layout is refused before the session
	 * starts; and those that count the connection are prepared here,
	 * so that no compiling happens while the write lock is held. */
	if (check_layout(d) != DB_OK || use(d, ST_BEGIN) != DB_OK ||
	    use(d, ST_CONN_LOG) != DB_OK || use(d, ST_COUNTER_BUMP) != DB_OK ||
	    use(d, ST_COMMIT) != DB_OK) {
		/* sqlite3_close refuses (and leaks the connection) while
		 * statements prepared above are still alive. */
		db_finalize_all(d->st, ST__MAX);
		sqlite3_close(d->db);
		free(d);
		return NULL;
	}
	/* That balance holds for an examd on its own. With others running,
	 * the index lives on in their -shm and is not rebuilt, while each
	 * checkpoint still syncs: with 20 at once, checkpointing at 32
	 * frames cost a tenth of the connections per second. So every
	 * examd holds a shared flock() on exam.db's folder (not on exam.db:
	 * a descriptor of ours closed on the file would drop SQLite's POSIX
	 * locks), and at close, one that cannot take it exclusively is not
	 * alone and waits for EXAMDB_WAL_FRAMES_BUSY frames. Without the
	 * folder, every examd counts as alone, as before. */
	d->dirfd = open_folder(path);
	if (d->dirfd != -1 && flock(d->dirfd, LOCK_SH | LOCK_NB) == -1) {
		(void)close(d->dirfd);
		d->dirfd = -1;
	}
	return d;
}

void
examdb_close(struct examdb *d)
{
	int alone = 1;

	if (d == NULL)
		return;
	examdb_pg_close(d->pg);
	db_finalize_all(d->st, ST__MAX);
	if (d->dirfd != -1) {
		alone = flock(d->dirfd, LOCK_EX | LOCK_NB) == 0;
		(void)close(d->dirfd);	/* releases either lock */
	}
	/* Without waiting: TRUNCATE holds off every writer while it waits
	 * for the readers, and with other sessions running there are always
	 * some. Then it copies what it can, as a passive checkpoint would,
	 * and the next writer starts the -wal afresh; the last examd to
	 * close empties it. */
	if (d->wal_frames >= (alone ? EXAMDB_WAL_FRAMES :
	    EXAMDB_WAL_FRAMES_BUSY)) {
		db_set_busy(d->db, 0);
		(void)sqlite3_wal_checkpoint_v2(d->db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	sqlite3_close(d->db);
	free(d);
}

/* Reads the counted peers (those after reset_seq) into peers. */
static int
counted_peers(struct examdb *d, sqlite3_int64 reset_seq,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	sqlite3_stmt *st;
	const unsigned char *p;
	int rc;

	*npeers = 0;
	if ((rc = bind_int(d, ST_COUNTED_PEERS, 1, reset_seq)) != DB_OK ||
	    (rc = bind_int(d, ST_COUNTED_PEERS, 2, EXAMDB_LUCKY)) != DB_OK)
		return rc;
	st = d->st[ST_COUNTED_PEERS];
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

/* SQLite's side of examdb_count_connection: as examdb_pg_count_connection. */
static int
count_connection(struct examdb *d, const char *peer, long long peers_at,
    long long *count, char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	sqlite3_stmt *bump;
	sqlite3_int64 reset_seq;
	int rc;

	*count = 0;
	*npeers = 0;
	if ((rc = set_sync(d, "NORMAL")) != DB_OK ||
	    (rc = run(d, ST_BEGIN)) != DB_OK)
		return rc;
	if ((rc = bind_text(d, ST_CONN_LOG, 1, peer)) != DB_OK ||
	    (rc = run(d, ST_CONN_LOG)) != DB_OK ||
	    (rc = use(d, ST_COUNTER_BUMP)) != DB_OK)
		goto fail;
	bump = d->st[ST_COUNTER_BUMP];
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
	*count = sqlite3_column_int64(bump, 0);
	reset_seq = sqlite3_column_int64(bump, 1);
	done(d, ST_COUNTER_BUMP);
	if (*count == peers_at &&
	    (rc = counted_peers(d, reset_seq, peers, npeers)) != DB_OK)
		goto fail;
	if ((rc = run(d, ST_COMMIT)) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	rollback(d);
	*npeers = 0;
	return rc;
}

int
examdb_count_connection(struct examdb *d, const char *peer, int *lucky,
    char peers[EXAMDB_LUCKY][PEER_MAX], int *npeers)
{
	long long count;
	int rc;

	/* The seventh-user rule, for both back ends: the EXAMDB_LUCKY-th
	 * connection since the reset gets the peers, read in the counting
	 * transaction so no other connection slips in between. */
	rc = d->pg != NULL ? examdb_pg_count_connection(d->pg, peer,
	    EXAMDB_LUCKY, &count, peers, npeers) :
	    count_connection(d, peer, EXAMDB_LUCKY, &count, peers, npeers);
	*lucky = rc == DB_OK && count == EXAMDB_LUCKY;
	if (*lucky && *npeers != EXAMDB_LUCKY)
		exam_log(LOG_WARNING, "connection log holds %d of the %d "
		    "counted connections", *npeers, EXAMDB_LUCKY);
	return rc;
}

int
examdb_user_hash(struct examdb *d, const char *name, char **hash)
{
	sqlite3_stmt *st;
	const unsigned char *h;
	int rc;

	if (d->pg != NULL)
		return examdb_pg_user_hash(d->pg, name, hash);

	*hash = NULL;
	if ((rc = bind_text(d, ST_USER_HASH, 1, name)) != DB_OK)
		return rc;
	st = d->st[ST_USER_HASH];
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

	if (d->pg != NULL)
		return examdb_pg_register(d->pg, name, hash);

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
examdb_exams(struct examdb *d, struct examdb_exam **list, size_t *n)
{
	sqlite3_stmt *st;
	struct examdb_exam *l = NULL, *e, *bigger;
	const unsigned char *name;
	size_t cap = 0;
	int rc;

	if (d->pg != NULL)
		return examdb_pg_exams(d->pg, list, n);

	*list = NULL;
	*n = 0;
	if ((rc = use(d, ST_EXAMS)) != DB_OK)
		return rc;
	st = d->st[ST_EXAMS];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((bigger = reallocarray(l, cap, sizeof *l)) == NULL) {
				db_report(sqls[ST_EXAMS], "out of memory");
				rc = DB_ERROR;
				goto fail;
			}
			l = bigger;
		}
		e = &l[*n];
		e->id = sqlite3_column_int64(st, 0);
		name = sqlite3_column_text(st, 1);
		/* The schema's CHECK holds names to the exam name rule. */
		if (name == NULL || !examname_valid((const char *)name)) {
			db_report(sqls[ST_EXAMS], "an exam name breaks the rule");
			rc = DB_INVALID;
			goto fail;
		}
		snprintf(e->name, sizeof e->name, "%s", (const char *)name);
		e->attempts = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 2);
		e->time_limit = sqlite3_column_type(st, 3) == SQLITE_NULL ?
		    -1 : sqlite3_column_int64(st, 3);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		rc = fail(d, ST_EXAMS);
		goto fail;
	}
	done(d, ST_EXAMS);
	*list = l;
	return DB_OK;
fail:
	done(d, ST_EXAMS);
	free(l);
	*n = 0;
	return rc;
}

int
examdb_load_bank(struct examdb *d, long long exam, struct qbank **bank)
{
	int rc;

	if (d->pg != NULL)
		return examdb_pg_load_bank(d->pg, exam, bank);
	*bank = NULL;
	if ((rc = use(d, ST_BANK)) != DB_OK)
		return rc;
	return qbank_db_load(d->db, d->st[ST_BANK], exam, bank);
}

/* Reads how many results name has for exam into *used. */
static int
attempts_used(struct examdb *d, const char *name, const char *exam,
    long long *used)
{
	int rc;

	if ((rc = bind_text(d, ST_ATTEMPTS_USED, 1, name)) != DB_OK ||
	    (rc = bind_text(d, ST_ATTEMPTS_USED, 2, exam)) != DB_OK)
		return rc;
	if (sqlite3_step(d->st[ST_ATTEMPTS_USED]) != SQLITE_ROW)
		return fail(d, ST_ATTEMPTS_USED);
	*used = sqlite3_column_int64(d->st[ST_ATTEMPTS_USED], 0);
	done(d, ST_ATTEMPTS_USED);
	return DB_OK;
}

int
examdb_attempts_left(struct examdb *d, const char *name,
    const struct examdb_exam *e, int *left)
{
	long long used = 0;
	int rc;

	*left = 1;
	if (e->attempts < 0)
		return DB_OK;
	if ((rc = d->pg != NULL ? examdb_pg_attempts_used(d->pg, name,
	    e->name, &used) : attempts_used(d, name, e->name, &used)) != DB_OK)
		return rc;
	*left = used < e->attempts;
	return DB_OK;
}

int
examdb_store_result(struct examdb *d, const char *name,
    const struct examdb_exam *e, int score, int total, const char *peer)
{
	long long used = 0;
	int rc;

	if (d->pg != NULL)
		return examdb_pg_store_result(d->pg, name, e, score, total,
		    peer);

	if ((rc = set_sync(d, "FULL")) != DB_OK ||
	    (rc = run(d, ST_BEGIN)) != DB_OK)
		return rc;
	/* The check and the insert share the write lock, so two sessions
	 * of one user cannot both take the last attempt. */
	if (e->attempts >= 0) {
		if ((rc = attempts_used(d, name, e->name, &used)) != DB_OK)
			goto fail;
		if (used >= e->attempts) {
			rc = DB_EXISTS;
			goto fail;
		}
	}
	if ((rc = bind_text(d, ST_RESULT_ADD, 1, name)) != DB_OK ||
	    (rc = bind_int(d, ST_RESULT_ADD, 2, score)) != DB_OK ||
	    (rc = bind_int(d, ST_RESULT_ADD, 3, total)) != DB_OK ||
	    (rc = bind_text(d, ST_RESULT_ADD, 4, peer)) != DB_OK ||
	    (rc = bind_text(d, ST_RESULT_ADD, 5, e->name)) != DB_OK ||
	    (rc = run(d, ST_RESULT_ADD)) != DB_OK ||
	    (rc = run(d, ST_COMMIT)) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	rollback(d);
	return rc;
}

int
examdb_replace_hash(struct examdb *d, const char *name, const char *old,
    const char *fresh)
{
	int rc, changed;

	if (d->pg != NULL)
		return examdb_pg_replace_hash(d->pg, name, old, fresh);

	if ((rc = set_sync(d, "FULL")) != DB_OK ||
	    (rc = bind_text(d, ST_USER_REHASH, 1, name)) != DB_OK ||
	    (rc = bind_text(d, ST_USER_REHASH, 2, old)) != DB_OK ||
	    (rc = bind_text(d, ST_USER_REHASH, 3, fresh)) != DB_OK ||
	    (rc = run(d, ST_USER_REHASH)) != DB_OK)
		return rc;
	changed = sqlite3_changes(d->db) > 0;
	return changed ? DB_OK : DB_NONE;
}
