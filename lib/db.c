#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

static db_failure_fn failure_hook;
static const char *missing_hint;

void
db_set_missing_hint(const char *hint)
{
	missing_hint = hint;
}

void
db_set_failure_hook(db_failure_fn fn)
{
	failure_hook = fn;
}

void
db_report(const char *what, const char *msg)
{
	if (failure_hook != NULL)
		failure_hook(what, msg);
}

int
db_fail(sqlite3 *db, const char *sql)
{
	int code = sqlite3_errcode(db) & 0xff;

	db_report(sql, sqlite3_errmsg(db));
	return code == SQLITE_BUSY || code == SQLITE_LOCKED ? DB_BUSY : DB_ERROR;
}

void
db_short_process(void)
{
	/* These fail only after SQLite is initialised; then it keeps the
	 * safe defaults, which are correct, only slower. */
	(void)sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
}

int
db_is_uri(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0;
}

const char *
db_rc_name(int rc)
{
	static const char *const names[] = {
		"ok", "none", "exists", "busy", "invalid", "error"
	};

	if (rc < 0 || (size_t)rc >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[rc];
}

/* The busy handler's waits, in microseconds: short first, since a lock
 * is held for one small transaction (tens of microseconds, or a sync),
 * then no longer than 2 ms. SQLite's own busy_timeout sleeps 1, 2, 5, 10,
 * 15, 20, 25 ms and more: with 50 sessions at once most of their time
 * went into those sleeps (25 per session), with the lock long free. */
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

void
db_set_busy(sqlite3 *db, int busy_ms)
{
	(void)sqlite3_busy_handler(db, busy_ms > 0 ? on_busy : NULL,
	    (void *)(intptr_t)busy_ms);
}

/* db_open, with the reason alone (no path) in why. */
static sqlite3 *
open_why(const char *path, int flags, int busy_ms, char *why, size_t whylen)
{
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
	db_set_busy(db, busy_ms);
	/* SQLite enforces REFERENCES (and so ON DELETE CASCADE) only when a
	 * connection asks; every writer asks, so the schema means what it
	 * says. Read-only connections cannot break a reference. */
	if ((flags & SQLITE_OPEN_READWRITE) && sqlite3_exec(db,
	    "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "PRAGMA foreign_keys = ON: %s",
		    sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

sqlite3 *
db_open(const char *path, int flags, int busy_ms, char *err, size_t errlen)
{
	char why[256];
	sqlite3 *db;

	if ((db = open_why(path, flags, busy_ms, why, sizeof why)) == NULL)
		snprintf(err, errlen, "%s: %s", path, why);
	return db;
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

	user_name(user, sizeof user);
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && !(flags & SQLITE_OPEN_CREATE))
			snprintf(why, whylen, "no such database file%s%s",
			    missing_hint ? "; " : "",
			    missing_hint ? missing_hint : "");
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

sqlite3 *
db_connect(const char *path, int flags, int busy_ms)
{
	char why[512], user[64];
	sqlite3 *db;

	if ((db = open_why(path, flags, busy_ms, why, sizeof why)) == NULL) {
		explain_open(path, flags, why, sizeof why);
		db_report(path, why);
		return NULL;
	}
	/* SQLite quietly opens a file it may not write read-only; a program
	 * that asked to write would then fail later, with a vaguer message
	 * (or "run 'init' first"). */
	if ((flags & SQLITE_OPEN_READWRITE) &&
	    sqlite3_db_readonly(db, "main") == 1) {
		user_name(user, sizeof user);
		snprintf(why, sizeof why, "read-only for user %s: make it "
		    "writable for %s, or run as a user who may write it",
		    user, user);
		db_report(path, why);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

int
db_prepare_all(sqlite3 *db, const char *const sql[], sqlite3_stmt *st[],
    size_t n, size_t *bad)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		st[i] = NULL;
	for (i = 0; i < n; i++) {
		rc = sqlite3_prepare_v3(db, sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st[i], NULL);
		if (rc != SQLITE_OK) {
			*bad = i;
			db_finalize_all(st, n);
			return rc;
		}
	}
	return SQLITE_OK;
}

void
db_finalize_all(sqlite3_stmt *st[], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sqlite3_finalize(st[i]);
		st[i] = NULL;
	}
}

int
db_exec(sqlite3 *db, const char *script, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc;

	rc = sqlite3_exec(db, script, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc;
}

int
db_integrity_ok(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 0);
		ok = s != NULL && s[0] == 'o' && s[1] == 'k' && s[2] == '\0';
	}
	sqlite3_finalize(st);
	return ok;
}
