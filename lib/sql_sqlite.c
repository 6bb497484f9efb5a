/* SPDX-License-Identifier: ISC */
/* The SQLite driver of sql.h. */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sql_driver.h"

/* The -wal's length, in frames, past which a closing SQL_ONE_OF_MANY
 * connection checkpoints it: when it is the only process on the file, and
 * when others still run (see lite_close). */
#define WAL_FRAMES_ALONE	32
#define WAL_FRAMES_SHARED	256

struct lite {
	sqlite3	*db;
	int	 sync;		/* 2: FULL, 1: NORMAL (a lazy transaction) */
	int	 wal_frames;	/* in the -wal after the last commit */
	int	 dirfd;		/* the file's folder, flock()ed shared while
				 * open (-1: none); see lite_keep_wal */
	int	 one_of_many;
};

#define LITE(db)	((struct lite *)(db)->conn)
#define STMT(st)	((sqlite3_stmt *)(st)->impl)

/* Reports the connection's last failure while running what: DB_BUSY for
 * a lock held past the timeout, DB_EXISTS (unreported) for a unique key,
 * else DB_ERROR. */
static enum db_rc
lite_fail(sqlite3 *db, const char *what)
{
	int ext = sqlite3_extended_errcode(db), code = ext & 0xff;

	if (ext == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    ext == SQLITE_CONSTRAINT_UNIQUE)
		return DB_EXISTS;
	db_report(what, sqlite3_errmsg(db));
	return code == SQLITE_BUSY || code == SQLITE_LOCKED ? DB_BUSY :
	    DB_ERROR;
}

void
sql_short_process(void)
{
	/* These fail only after SQLite is initialised; then it keeps the
	 * safe defaults, which are correct, only slower. */
	(void)sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
}

/* The busy handler's waits, in microseconds: short first, since a lock
 * is held for one small transaction, then never longer than 2 ms.
 * SQLite's own busy_timeout sleeps up to 25 ms and more at a time, long
 * after the lock is free when many sessions share it. */
static int
busy_wait_us(int n)
{
	return n < 6 ? 50 << n : 2000;
}

/* SQLite calls this with the number of earlier waits for the same lock;
 * returning 0 gives up with SQLITE_BUSY. The clock, not the sum of the
 * waits, decides: a sleep can last longer than asked. One lock is waited
 * for at a time (the programs have one thread), so one start will do. */
static int
on_busy(void *arg, int n)
{
	static struct timespec start;
	static unsigned int seed;
	long long limit_us = (long long)(intptr_t)arg * 1000, waited_us;
	struct timespec now, ts;
	int us;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	if (n == 0)
		start = now;
	waited_us = (now.tv_sec - start.tv_sec) * 1000000LL +
	    (now.tv_nsec - start.tv_nsec) / 1000;
	if (waited_us >= limit_us)
		return 0;
	us = busy_wait_us(n);
	/* Spread the waiters so that they do not all retry at once (a
	 * linear congruential step, seeded by the process). */
	if (seed == 0)
		seed = (unsigned int)getpid() | 1;
	seed = seed * 1103515245u + 12345u;
	us += (int)((seed >> 16) % (unsigned int)(us / 2 + 1));
	if (us > limit_us - waited_us)
		us = (int)(limit_us - waited_us);
	ts.tv_sec = 0;
	ts.tv_nsec = (long)us * 1000;
	(void)nanosleep(&ts, NULL);
	return 1;
}

static void
set_busy(sqlite3 *db, int busy_ms)
{
	(void)sqlite3_busy_handler(db, busy_ms > 0 ? on_busy : NULL,
	    (void *)(intptr_t)busy_ms);
}

/* The user this process runs as, for "read-only for user NAME". */
static void
user_name(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw != NULL)
		snprintf(buf, len, "%s", pw->pw_name);
	else
		snprintf(buf, len, "uid %ld", (long)geteuid());
}

/* Why path could not be opened, in words that lead to the fix: a missing
 * file, a permission this user lacks, a folder SQLite cannot write its
 * journal into. Keeps SQLite's message (in why) when none of them is it. */
static void
explain_open(const char *path, int flags, char *why, size_t whylen)
{
	char user[64], dir[4096], *d;
	struct passwd *owner;
	struct stat sb;
	const char *hint = db_missing_hint();

	user_name(user, sizeof user);
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && !(flags & SQLITE_OPEN_CREATE))
			snprintf(why, whylen, "no such database file%s%s",
			    hint ? "; " : "", hint ? hint : "");
		else if (errno == EACCES)
			snprintf(why, whylen, "permission denied: user %s "
			    "may not enter its folder", user);
		return;
	}
	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0 &&
	    errno == EACCES) {
		owner = getpwuid(sb.st_uid);
		snprintf(why, whylen, "permission denied: user %s may not "
		    "read it (owner %s, mode %04o)", user,
		    owner != NULL ? owner->pw_name : "unknown",
		    (unsigned)(sb.st_mode & 07777));
		return;
	}
	snprintf(dir, sizeof dir, "%s", path);
	d = dirname(dir);
	if ((flags & SQLITE_OPEN_READWRITE) &&
	    faccessat(AT_FDCWD, d, W_OK, AT_EACCESS) != 0)
		snprintf(why, whylen, "its folder %s is read-only for user "
		    "%s, and SQLite writes its journal beside the database",
		    d, user);
}

/* Opens path with SQLITE_OPEN_* flags; NULL with the reason in why. */
static sqlite3 *
open_why(const char *path, int flags, int busy_ms, char *why, size_t whylen)
{
	const char *pragma = (flags & SQLITE_OPEN_READWRITE) ?
	    "PRAGMA foreign_keys = ON" : "PRAGMA query_only = 1";
	sqlite3 *db = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(why, whylen, "%s",
		    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	set_busy(db, busy_ms);
	/* SQLite enforces REFERENCES (and so ON DELETE CASCADE) only when a
	 * connection asks; every writer asks, so the schemas mean what they
	 * say. A reader cannot break a reference, and query_only makes sure
	 * that even a mistaken statement of it cannot write. */
	if (sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "%s: %s", pragma, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Opens the folder that holds path, for flock(); -1 when it cannot. */
static int
open_folder(const char *path)
{
	char dir[4096];

	if ((size_t)snprintf(dir, sizeof dir, "%s", path) >= sizeof dir)
		return -1;
	return open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* SQLite's hook after each commit in WAL mode: remembers the -wal's
 * length. Setting it also turns off SQLite's own checkpoints, which
 * lite_close replaces. */
static int
wal_grew(void *arg, sqlite3 *db, const char *name, int frames)
{
	((struct lite *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/* SQL_ONE_OF_MANY: keeps the -wal and -shm between the processes.
 * Without it each process created both, synced the folder for the new
 * -wal and unlinked both again, and a checkpoint at every close synced
 * twice more: more than the fork and exec that started it. Without any
 * checkpoint, though, the -wal grows without end and each process reads
 * its index back from the whole file. So lite_close checkpoints and
 * empties it once it is WAL_FRAMES_ALONE long, the balance of the two
 * costs when a process is alone on the file. With others running, the
 * index lives on in their -shm and a checkpoint buys only syncs, so each
 * process holds a shared flock() on the folder (not on the file: closing
 * a descriptor of ours on it would drop SQLite's POSIX locks), and one
 * that cannot take it exclusively at close is not alone and waits for
 * WAL_FRAMES_SHARED frames. Only the file's owner runs such processes,
 * so the files left behind are the owner's. */
static enum db_rc
lite_keep_wal(struct lite *l, const char *path)
{
	(void)sqlite3_file_control(l->db, "main", SQLITE_FCNTL_PERSIST_WAL,
	    &(int){ 1 });
	/* The size limit empties the kept -wal after a checkpoint: its
	 * frames would stay valid and be read back into the index. */
	if (sqlite3_exec(l->db, "PRAGMA journal_size_limit = 0", NULL, NULL,
	    NULL) != SQLITE_OK)
		return lite_fail(l->db, "PRAGMA journal_size_limit = 0");
	(void)sqlite3_db_config(l->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
	    NULL);
	sqlite3_wal_hook(l->db, wal_grew, l);
	l->one_of_many = 1;
	l->dirfd = open_folder(path);
	if (l->dirfd != -1 && flock(l->dirfd, LOCK_SH | LOCK_NB) == -1) {
		(void)close(l->dirfd);
		l->dirfd = -1;
	}
	return DB_OK;
}

static enum db_rc
lite_open(struct sql *db, const char *path, int flags, int busy_ms)
{
	char why[512], user[64];
	struct lite *l;
	int f;

	snprintf(db->name, sizeof db->name, "%s", path);
	if ((l = calloc(1, sizeof *l)) == NULL) {
		db_report(path, "out of memory");
		return DB_ERROR;
	}
	l->dirfd = -1;
	l->sync = 2;
	f = (flags & SQL_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	if (flags & SQL_CREATE)
		f |= SQLITE_OPEN_CREATE;
	if ((l->db = open_why(path, f, busy_ms, why, sizeof why)) == NULL) {
		explain_open(path, f, why, sizeof why);
		db_report(path, why);
		free(l);
		return DB_ERROR;
	}
	db->conn = l;
	/* SQLite quietly opens a file it may not write read-only; a program
	 * that asked to write would then fail later, with a vaguer message
	 * (or "run 'init' first"). */
	if ((f & SQLITE_OPEN_READWRITE) &&
	    sqlite3_db_readonly(l->db, "main") == 1) {
		user_name(user, sizeof user);
		snprintf(why, sizeof why, "read-only for user %s: make it "
		    "writable for %s, or run as a user who may write it",
		    user, user);
		db_report(path, why);
		goto fail;
	}
	if ((flags & SQL_ONE_OF_MANY) && lite_keep_wal(l, path) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	if (l->dirfd != -1)
		(void)close(l->dirfd);
	sqlite3_close(l->db);
	free(l);
	db->conn = NULL;
	return DB_ERROR;
}

static void
lite_close(struct sql *db)
{
	struct lite *l = LITE(db);
	int alone = 1;

	if (l->dirfd != -1) {
		alone = flock(l->dirfd, LOCK_EX | LOCK_NB) == 0;
		(void)close(l->dirfd);	/* releases either lock */
	}
	/* Without waiting: TRUNCATE holds off every writer while it waits
	 * for the readers, and with other sessions running there are always
	 * some. Then it copies what it can, as a passive checkpoint would,
	 * and the next writer starts the -wal afresh; the last process to
	 * close empties it. */
	if (l->one_of_many && l->wal_frames >= (alone ? WAL_FRAMES_ALONE :
	    WAL_FRAMES_SHARED)) {
		set_busy(l->db, 0);
		(void)sqlite3_wal_checkpoint_v2(l->db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	sqlite3_close(l->db);
	free(l);
}

static enum db_rc
lite_prepare(struct sql_stmt *st, size_t index)
{
	sqlite3_stmt *s = NULL;

	(void)index;
	if (sqlite3_prepare_v3(LITE(st->db)->db, st->text, -1,
	    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		return lite_fail(LITE(st->db)->db, st->text);
	st->impl = s;
	return DB_OK;
}

static void
lite_finalize(struct sql_stmt *st)
{
	sqlite3_finalize(STMT(st));
	st->impl = NULL;
}

static enum db_rc
lite_bind_text(struct sql_stmt *st, int k, const char *v)
{
	int rc = v != NULL ? sqlite3_bind_text(STMT(st), k, v, -1,
	    SQLITE_STATIC) : sqlite3_bind_null(STMT(st), k);

	return rc == SQLITE_OK ? DB_OK : lite_fail(LITE(st->db)->db, st->text);
}

static enum db_rc
lite_bind_int(struct sql_stmt *st, int k, long long v)
{
	if (sqlite3_bind_int64(STMT(st), k, v) != SQLITE_OK)
		return lite_fail(LITE(st->db)->db, st->text);
	return DB_OK;
}

/* Before a write outside a lazy transaction: commits are durable unless
 * a transaction asked otherwise. Not a prepared statement: this pragma
 * takes effect when it is compiled, not when it runs. */
static enum db_rc
set_sync(struct lite *l, int level)
{
	const char *sql = level == 2 ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = NORMAL";

	if (l->sync == level)
		return DB_OK;
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return lite_fail(l->db, sql);
	l->sync = level;
	return DB_OK;
}

static enum db_rc
lite_next(struct sql_stmt *st)
{
	struct lite *l = LITE(st->db);
	enum db_rc rc;

	/* A statement outside a transaction commits by itself. */
	if (l->sync != 2 && sqlite3_get_autocommit(l->db) &&
	    !sqlite3_stmt_readonly(STMT(st)) &&
	    (rc = set_sync(l, 2)) != DB_OK)
		return rc;
	switch (sqlite3_step(STMT(st))) {
	case SQLITE_ROW:
		return DB_OK;
	case SQLITE_DONE:
		return DB_NONE;
	default:
		return lite_fail(l->db, st->text);
	}
}

static void
lite_reset(struct sql_stmt *st)
{
	sqlite3_reset(STMT(st));
	sqlite3_clear_bindings(STMT(st));
}

static const char *
lite_col_text(struct sql_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(STMT(st), col);
}

static size_t
lite_col_len(struct sql_stmt *st, int col)
{
	return (size_t)sqlite3_column_bytes(STMT(st), col);
}

static long long
lite_col_int(struct sql_stmt *st, int col)
{
	return sqlite3_column_int64(STMT(st), col);
}

static int
lite_col_null(struct sql_stmt *st, int col)
{
	return sqlite3_column_type(STMT(st), col) == SQLITE_NULL;
}

static long long
lite_changes(struct sql *db)
{
	return sqlite3_changes64(LITE(db)->db);
}

/* Runs a statement of the driver's own (BEGIN, COMMIT...). */
static enum db_rc
lite_exec(struct lite *l, const char *sql)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return lite_fail(l->db, sql);
	return DB_OK;
}

static enum db_rc
lite_begin(struct sql *db, enum sql_tx how)
{
	struct lite *l = LITE(db);
	enum db_rc rc;

	if (how == SQL_TX_READ)
		return lite_exec(l, "BEGIN");
	/* IMMEDIATE takes the write lock at once, so two writers never
	 * both read before either writes. */
	if ((rc = set_sync(l, how == SQL_TX_WRITE_LAZY ? 1 : 2)) != DB_OK)
		return rc;
	return lite_exec(l, "BEGIN IMMEDIATE");
}

static enum db_rc
lite_commit(struct sql *db)
{
	/* A transaction SQLite rolled back itself fails here ("no
	 * transaction is active"). */
	return lite_exec(LITE(db), "COMMIT");
}

static int
lite_in_transaction(struct sql *db)
{
	return !sqlite3_get_autocommit(LITE(db)->db);
}

static void
lite_rollback(struct sql *db)
{
	(void)lite_exec(LITE(db), "ROLLBACK");
}

static enum db_rc
lite_script(struct sql *db, const char *script, const char *what)
{
	struct lite *l = LITE(db);
	char *msg = NULL;
	enum db_rc rc = DB_OK;

	if (sqlite3_exec(l->db, script, NULL, NULL, &msg) != SQLITE_OK) {
		db_report(what, msg != NULL ? msg : sqlite3_errmsg(l->db));
		rc = DB_ERROR;
	}
	sqlite3_free(msg);
	return rc;
}

/* SQLite's online backup API, in one step: the source is read in one
 * read transaction (in WAL mode writers go on meanwhile), and the copy is
 * committed, and synced, as any write to a new database. The file is
 * made here with O_EXCL, so an existing one is never overwritten. */
static enum db_rc
lite_backup(struct sql *db, const char *file)
{
	struct lite *l = LITE(db);
	sqlite3_backup *b;
	sqlite3 *dst = NULL;
	enum db_rc rc = DB_ERROR;
	char why[300];
	int fd, step;

	if ((fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) == -1) {
		snprintf(why, sizeof why, "cannot create the copy: %s%s",
		    strerror(errno), errno == EEXIST ?
		    " (a backup never overwrites a file)" : "");
		db_report(file, why);
		return errno == EEXIST ? DB_EXISTS : DB_ERROR;
	}
	(void)close(fd);
	if (sqlite3_open_v2(file, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		db_report(file, dst != NULL ? sqlite3_errmsg(dst) :
		    "out of memory");
		goto end;
	}
	if ((b = sqlite3_backup_init(dst, "main", l->db, "main")) == NULL) {
		db_report(file, sqlite3_errmsg(dst));
		goto end;
	}
	step = sqlite3_backup_step(b, -1);
	if (sqlite3_backup_finish(b) == SQLITE_OK && step == SQLITE_DONE)
		rc = DB_OK;
	else
		db_report(file, sqlite3_errmsg(dst));
end:
	if (sqlite3_close(dst) != SQLITE_OK && rc == DB_OK) {
		db_report(file, "closing the copy failed");
		rc = DB_ERROR;
	}
	if (rc != DB_OK)
		(void)unlink(file);
	return rc;
}

const struct sql_driver sql_sqlite_driver = {
	.open = lite_open,
	.close = lite_close,
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.bind_text = lite_bind_text,
	.bind_int = lite_bind_int,
	.next = lite_next,
	.reset = lite_reset,
	.col_text = lite_col_text,
	.col_len = lite_col_len,
	.col_int = lite_col_int,
	.col_null = lite_col_null,
	.changes = lite_changes,
	.begin = lite_begin,
	.commit = lite_commit,
	.in_transaction = lite_in_transaction,
	.rollback = lite_rollback,
	.script = lite_script,
	.backup = lite_backup,
};
