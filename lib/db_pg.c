#include <stdio.h>
#include <string.h>

#include "db_pg.h"
#include "intparse.h"

/* libpq's messages end with a newline and may add hint lines; the hook
 * gets one line. */
static void
report_first_line(const char *what, const char *msg)
{
	char line[512];
	size_t n = strcspn(msg, "\n");

	if (n >= sizeof line)
		n = sizeof line - 1;
	memcpy(line, msg, n);
	line[n] = '\0';
	db_report(what, line[0] != '\0' ? line : "unknown failure");
}

PGconn *
dbpg_connect(const char *uri)
{
	/* Later keywords win: the URI can override the timeout. */
	static const char *const keys[] = {
		"connect_timeout", "client_encoding", "dbname", NULL
	};
	const char *vals[] = { "5", "UTF8", uri, NULL };
	char what[512];
	PGconn *c;

	if (pq_load() == -1)
		return NULL;
	c = PQconnectdbParams(keys, vals, 1);
	if (c != NULL && PQstatus(c) == CONNECTION_OK)
		return c;
	/* Name the server and database, never the whole URI: it may hold a
	 * password. */
	if (c != NULL)
		snprintf(what, sizeof what, "postgresql://%s%s%s:%s/%s",
		    PQuser(c) ? PQuser(c) : "", PQuser(c) && *PQuser(c) ?
		    "@" : "", PQhost(c) ? PQhost(c) : "",
		    PQport(c) ? PQport(c) : "", PQdb(c) ? PQdb(c) : "");
	else
		snprintf(what, sizeof what, "postgresql");
	report_first_line(what, c != NULL ? PQerrorMessage(c) :
	    "out of memory");
	PQfinish(c);
	return NULL;
}

int
dbpg_ok(const PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);

	return r != NULL && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK);
}

int
dbpg_unique_violation(const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	return state != NULL && strcmp(state, "23505") == 0;
}

enum db_rc
dbpg_fail(PGconn *c, const PGresult *r, const char *sql)
{
	const char *state = NULL, *msg = NULL;

	if (r != NULL) {
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	}
	if (msg == NULL)
		msg = PQerrorMessage(c);
	report_first_line(sql, msg);
	if (PQstatus(c) != CONNECTION_OK)
		return DB_BUSY;
	/* 40001 serialization failure, 40P01 deadlock, 55P03 lock not
	 * available, 57P03 cannot connect now: worth another try. */
	if (state != NULL && (strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
	    strcmp(state, "57P03") == 0))
		return DB_BUSY;
	return DB_ERROR;
}

enum db_rc
dbpg_prepare_all(PGconn *c, const char *const sql[], size_t n, size_t *bad)
{
	enum db_rc ret;
	PGresult *r;
	char name[32];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "s%zu", i);
		r = PQprepare(c, name, sql[i], 0, NULL);
		if (!dbpg_ok(r)) {
			*bad = i;
			ret = dbpg_fail(c, r, sql[i]);
			PQclear(r);
			return ret;
		}
		PQclear(r);
	}
	return DB_OK;
}

PGresult *
dbpg_run(PGconn *c, size_t i, int nparams, const char *const params[])
{
	char name[32];

	snprintf(name, sizeof name, "s%zu", i);
	return PQexecPrepared(c, name, nparams, params, NULL, NULL, 0);
}

enum db_rc
dbpg_exec(PGconn *c, const char *sql, const char *what)
{
	PGresult *r = PQexec(c, sql);
	enum db_rc ret = DB_OK;

	if (!dbpg_ok(r))
		ret = dbpg_fail(c, r, what);
	PQclear(r);
	return ret;
}

int
dbpg_int64(const char *s, long long *out)
{
	int neg = s[0] == '-';

	if (intparse_dec(s + neg, 0, 9223372036854775807LL, out) !=
	    INTPARSE_OK)
		return -1;
	if (neg)
		*out = -*out;
	return 0;
}
