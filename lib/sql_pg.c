/* SPDX-License-Identifier: ISC */
/* The PostgreSQL driver of sql.h, through libpq loaded on first use
 * (pq.h). Statements are prepared on the server under the name of their
 * index in the table; values travel as text. A statement's rows come in
 * one result, which sql_next walks. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intparse.h"
#include "pq.h"
#include "sql_driver.h"

#define PG_MAX_PARAMS	8

struct pgconn {
	PGconn		*c;
	long long	 changes;	/* of the last statement run */
};

struct pgstmt {
	char		 name[24];
	int		 nparams;
	const char	*vals[PG_MAX_PARAMS];
	char		 nums[PG_MAX_PARAMS][24];
	PGresult	*res;		/* NULL: not run since the reset */
	int		 row, nrows;
};

#define PGC(db)		((struct pgconn *)(db)->conn)
#define PGS(st)		((struct pgstmt *)(st)->impl)

/* The notices of a schema script ("already exists, skipping") are not
 * news, and libpq would write them on stderr: examd's is the client. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Reports msg's first line (libpq's end with a newline and may add hint
 * lines) while running what on db (NULL: while connecting). */
static void
report(const struct sql *db, const char *what, const char *msg)
{
	char where[1024], line[512];
	size_t n = strcspn(msg, "\n");

	if (n >= sizeof line)
		n = sizeof line - 1;
	memcpy(line, msg, n);
	line[n] = '\0';
	if (what != NULL)
		snprintf(where, sizeof where, "%s: %s", db->name, what);
	else
		snprintf(where, sizeof where, "%s", db->name);
	db_report(where, line[0] != '\0' ? line : "unknown failure");
}

/* Classifies the failure of r (NULL: of the connection) while running
 * what: a taken unique key is DB_EXISTS, unreported; a lost server, a
 * serialization failure, a deadlock or a lock timeout DB_BUSY (the next
 * try may work); anything else DB_ERROR. */
static enum db_rc
pg_fail(struct sql *db, const PGresult *r, const char *what)
{
	PGconn *c = PGC(db)->c;
	const char *state = NULL, *msg = NULL;

	if (r != NULL) {
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	}
	if (state != NULL && strcmp(state, "23505") == 0)
		return DB_EXISTS;
	report(db, what, msg != NULL ? msg : PQerrorMessage(c));
	if (PQstatus(c) != CONNECTION_OK)
		return DB_BUSY;
	/* 40001 serialization failure, 40P01 deadlock, 55P03 lock not
	 * available, 57P03 cannot connect now. */
	if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
	    strcmp(state, "57P03") == 0))
		return DB_BUSY;
	return DB_ERROR;
}

static int
pg_ok(const PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);

	return r != NULL && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK);
}

/* Runs a plain statement or script, with no parameters. */
static enum db_rc
pg_exec(struct sql *db, const char *sql, const char *what)
{
	PGresult *r = PQexec(PGC(db)->c, sql);
	enum db_rc rc = pg_ok(r) ? DB_OK : pg_fail(db, r, what);

	PQclear(r);
	return rc;
}

/* The server as messages name it, never with the password. */
static void
server_name(struct sql *db, PGconn *c)
{
	const char *user = PQuser(c);

	snprintf(db->name, sizeof db->name, "postgresql://%s%s%s:%s/%s",
	    user ? user : "", user && *user ? "@" : "",
	    PQhost(c) ? PQhost(c) : "", PQport(c) ? PQport(c) : "",
	    PQdb(c) ? PQdb(c) : "");
}

/* The value of keyword key in opts, or NULL when unset or empty. */
static const char *
opt(const PQconninfoOption *opts, const char *key)
{
	for (; opts->keyword != NULL; opts++)
		if (strcmp(opts->keyword, key) == 0)
			return opts->val != NULL && *opts->val != '\0' ?
			    opts->val : NULL;
	return NULL;
}

/* The password file libpq would read for uri (its passfile=, else
 * PGPASSFILE, else ~/.pgpass when there) is refused when others than its
 * owner may use it, as libpq itself does for .pgpass, or when a file
 * named is missing: libpq would then ignore it silently (or warn on
 * stderr, examd's client) and fail later for a reason that does not name
 * the file. Returns 0 when the connection may go on, else -1 after
 * reporting why under db->name, set from the URI. */
static int
passfile_check(struct sql *db, const char *uri)
{
	PQconninfoOption *opts = PQconninfoParse(uri, NULL);
	const char *f, *u, *h;
	char home[4096], why[8400];
	struct stat st;
	int named = 1, rc = -1;

	if (opts == NULL)
		return 0;	/* not a URI libpq takes: it says why */
	u = opt(opts, "user");
	h = opt(opts, "host");
	snprintf(db->name, sizeof db->name, "postgresql://%s%s%s%s%s/%s",
	    u ? u : "", u ? "@" : "", h ? h : "", opt(opts, "port") ? ":" : "",
	    opt(opts, "port") ? opt(opts, "port") : "",
	    opt(opts, "dbname") ? opt(opts, "dbname") : "");
	if ((f = opt(opts, "passfile")) == NULL &&
	    ((f = getenv("PGPASSFILE")) == NULL || *f == '\0')) {
		named = 0;
		f = getenv("HOME");
		if (f == NULL || *f == '\0' || (size_t)snprintf(home,
		    sizeof home, "%s/.pgpass", f) >= sizeof home) {
			rc = 0;
			goto done;
		}
		f = home;
	}
	if (stat(f, &st) == -1) {
		/* The default file is optional, as for libpq: one we cannot
		 * reach (a HOME we may not enter, as for examd run as
		 * nobody under root's environment) is no file at all. */
		if (!named) {
			rc = 0;
			goto done;
		}
		snprintf(why, sizeof why, "cannot use the password file %s: %s",
		    f, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(why, sizeof why, "the password file %s is not a "
		    "regular file", f);
	} else if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(why, sizeof why, "refusing the password file %s: "
		    "others than its owner may read it (mode %04o); make it "
		    "0600 (chmod 600 %s)", f, (unsigned)(st.st_mode & 07777),
		    f);
	} else {
		rc = 0;
	}
	if (rc == -1)
		db_report(db->name, why);
done:
	PQconninfoFree(opts);
	return rc;
}

static enum db_rc
pg_open(struct sql *db, const char *uri, int flags, int busy_ms)
{
	/* Later keywords win: the URI can override the timeout. */
	static const char *const keys[] = {
		"connect_timeout", "client_encoding", "dbname", NULL
	};
	const char *vals[] = { "5", "UTF8", uri, NULL };
	struct pgconn *p;
	char set[256];
	PGconn *c;

	snprintf(db->name, sizeof db->name, "postgresql");
	if (pq_load() == -1)
		return DB_ERROR;
	if (passfile_check(db, uri) == -1)
		return DB_ERROR;
	if ((p = calloc(1, sizeof *p)) == NULL) {
		db_report(db->name, "out of memory");
		return DB_ERROR;
	}
	c = PQconnectdbParams(keys, vals, 1);
	if (c != NULL)
		server_name(db, c);
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		/* Name the server and database, never the whole URI: it
		 * may hold a password. */
		report(db, NULL, c != NULL ? PQerrorMessage(c) :
		    "out of memory");
		PQfinish(c);
		free(p);
		return DB_ERROR;
	}
	p->c = c;
	db->conn = p;
	PQsetNoticeProcessor(c, quiet, NULL);
	/* Commits are durable whatever the server's default, unless a
	 * transaction says otherwise; a row lock waited for past busy_ms
	 * gives SQLite's answer: busy, try later. */
	snprintf(set, sizeof set, "SET synchronous_commit = on; "
	    "SET lock_timeout = %d%s", busy_ms, (flags & SQL_READONLY) ?
	    "; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY" : "");
	if (pg_exec(db, set, set) != DB_OK) {
		PQfinish(c);
		free(p);
		db->conn = NULL;
		return DB_ERROR;
	}
	return DB_OK;
}

static void
pg_close(struct sql *db)
{
	PQfinish(PGC(db)->c);
	free(db->conn);
}

/* Writes text with each ?N (outside quotes) as $N into out, and the
 * largest N into *max. */
static int
translate(const char *text, char *out, size_t len, int *max)
{
	char quote = 0;
	size_t o = 0;
	int n;

	*max = 0;
	for (; *text != '\0'; text++) {
		if (o + 1 >= len)
			return -1;
		if (quote != 0) {
			if (*text == quote)
				quote = 0;
		} else if (*text == '\'' || *text == '"') {
			quote = *text;
		} else if (*text == '?' && text[1] >= '0' && text[1] <= '9') {
			out[o++] = '$';
			for (n = 0; text[1] >= '0' && text[1] <= '9'; text++) {
				n = n * 10 + (text[1] - '0');
				if (o + 1 >= len)
					return -1;
				out[o++] = text[1];
			}
			if (n > *max)
				*max = n;
			continue;
		}
		out[o++] = *text;
	}
	out[o] = '\0';
	return 0;
}

static enum db_rc
pg_prepare(struct sql_stmt *st, size_t index)
{
	struct pgstmt *s;
	enum db_rc rc = DB_OK;
	PGresult *r;
	char *text;
	size_t len = strlen(st->text) + 1;	/* ?N and $N are as long */

	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (text = malloc(len)) == NULL) {
		free(s);
		report(st->db, st->text, "out of memory");
		return DB_ERROR;
	}
	if (translate(st->text, text, len, &s->nparams) == -1 ||
	    s->nparams > PG_MAX_PARAMS) {
		report(st->db, st->text, "too many parameters");
		rc = DB_ERROR;
		goto end;
	}
	snprintf(s->name, sizeof s->name, "s%zu", index);
	r = PQprepare(PGC(st->db)->c, s->name, text, 0, NULL);
	if (!pg_ok(r))
		rc = pg_fail(st->db, r, st->text);
	PQclear(r);
end:
	free(text);
	if (rc != DB_OK)
		free(s);
	else
		st->impl = s;
	return rc;
}

static void
pg_finalize(struct sql_stmt *st)
{
	PQclear(PGS(st)->res);
	free(st->impl);
	st->impl = NULL;
}

static enum db_rc
pg_bind_text(struct sql_stmt *st, int k, const char *v)
{
	if (k < 1 || k > PGS(st)->nparams) {
		report(st->db, st->text, "no such parameter");
		return DB_ERROR;
	}
	PGS(st)->vals[k - 1] = v;
	return DB_OK;
}

static enum db_rc
pg_bind_int(struct sql_stmt *st, int k, long long v)
{
	struct pgstmt *s = PGS(st);

	if (pg_bind_text(st, k, NULL) != DB_OK)
		return DB_ERROR;
	snprintf(s->nums[k - 1], sizeof s->nums[k - 1], "%lld", v);
	s->vals[k - 1] = s->nums[k - 1];
	return DB_OK;
}

/* Parses a decimal integer as libpq gives it; 0 when it is none. */
static long long
int_of(const char *v)
{
	long long n = 0;
	int neg = v[0] == '-';

	if (intparse_dec(v + neg, 0, 9223372036854775807LL, &n) !=
	    INTPARSE_OK)
		return 0;
	return neg ? -n : n;
}

static enum db_rc
pg_next(struct sql_stmt *st)
{
	struct pgstmt *s = PGS(st);
	PGresult *r;
	enum db_rc rc;

	if (s->res == NULL) {
		r = PQexecPrepared(PGC(st->db)->c, s->name, s->nparams,
		    s->vals, NULL, NULL, 0);
		if (!pg_ok(r)) {
			rc = pg_fail(st->db, r, st->text);
			PQclear(r);
			return rc;
		}
		s->res = r;
		s->row = -1;
		s->nrows = PQntuples(r);
		PGC(st->db)->changes = int_of(PQcmdTuples(r));
	}
	return ++s->row < s->nrows ? DB_OK : DB_NONE;
}

static void
pg_reset(struct sql_stmt *st)
{
	struct pgstmt *s = PGS(st);

	PQclear(s->res);
	s->res = NULL;
	memset(s->vals, 0, sizeof s->vals);
}

static const char *
pg_col_text(struct sql_stmt *st, int col)
{
	struct pgstmt *s = PGS(st);

	return PQgetisnull(s->res, s->row, col) ? NULL :
	    PQgetvalue(s->res, s->row, col);
}

static size_t
pg_col_len(struct sql_stmt *st, int col)
{
	return (size_t)PQgetlength(PGS(st)->res, PGS(st)->row, col);
}

static long long
pg_col_int(struct sql_stmt *st, int col)
{
	return int_of(PQgetvalue(PGS(st)->res, PGS(st)->row, col));
}

static int
pg_col_null(struct sql_stmt *st, int col)
{
	return PQgetisnull(PGS(st)->res, PGS(st)->row, col);
}

static long long
pg_changes(struct sql *db)
{
	return PGC(db)->changes;
}

static enum db_rc
pg_begin(struct sql *db, enum sql_tx how)
{
	switch (how) {
	case SQL_TX_READ:
		return pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ, "
		    "READ ONLY", "BEGIN");
	case SQL_TX_WRITE_LAZY:
		return pg_exec(db, "BEGIN; SET LOCAL synchronous_commit = off",
		    "BEGIN");
	default:
		return pg_exec(db, "BEGIN", "BEGIN");
	}
}

static enum db_rc
pg_commit(struct sql *db)
{
	PGresult *r = PQexec(PGC(db)->c, "COMMIT");
	enum db_rc rc = DB_OK;

	if (!pg_ok(r))
		rc = pg_fail(db, r, "COMMIT");
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		/* A failed transaction "commits" as a ROLLBACK. */
		report(db, "COMMIT", "the transaction was rolled back");
		rc = DB_ERROR;
	}
	PQclear(r);
	return rc;
}

static int
pg_in_transaction(struct sql *db)
{
	PGconn *c = PGC(db)->c;
	PGTransactionStatusType t = PQtransactionStatus(c);

	/* A server that has gone rolled back by itself. */
	return PQstatus(c) == CONNECTION_OK &&
	    (t == PQTRANS_INTRANS || t == PQTRANS_INERROR);
}

static void
pg_rollback(struct sql *db)
{
	PQclear(PQexec(PGC(db)->c, "ROLLBACK"));
}

static enum db_rc
pg_script(struct sql *db, const char *script, const char *what)
{
	return pg_exec(db, script, what);
}

/* A copy of a PostgreSQL database is the server's tools' job: pg_dump
 * takes one consistent snapshot, as this does on SQLite. */
static enum db_rc
pg_backup(struct sql *db, const char *file)
{
	(void)file;
	db_report(db->name, "a PostgreSQL database is backed up with "
	    "pg_dump (e.g. pg_dump -Fc -f FILE DBNAME; pg_restore puts it "
	    "back), not by this command");
	return DB_INVALID;
}

const struct sql_driver sql_pg_driver = {
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.next = pg_next,
	.reset = pg_reset,
	.col_text = pg_col_text,
	.col_len = pg_col_len,
	.col_int = pg_col_int,
	.col_null = pg_col_null,
	.changes = pg_changes,
	.begin = pg_begin,
	.commit = pg_commit,
	.in_transaction = pg_in_transaction,
	.rollback = pg_rollback,
	.script = pg_script,
	.backup = pg_backup,
};
