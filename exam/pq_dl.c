/* examd's libpq, loaded only when exam.db is a PostgreSQL database.
 * xinetd starts an examd for every connection, and linking libpq made
 * every start load it and the 24 libraries it needs (TLS, Kerberos,
 * LDAP): on SQLite a connect-and-greet cost 11.7M instructions instead of
 * 1.4M (callgrind) and peaked at 9.3 MB instead of 3.8 MB. So examd links
 * these wrappers instead of -lpq (exam/module.mk), and the first call
 * opens libpq.so.5; the PostgreSQL modules call libpq as usual. Only the
 * functions examd's modules use are here: a new one fails at link time. */
#include <dlfcn.h>
#include <stddef.h>
#include <libpq-fe.h>

#include "db.h"

#define LIBPQ "libpq.so.5"

#define PQ_FUNCS							\
	X(PQclear) X(PQcmdTuples) X(PQconnectdbParams) X(PQdb)		\
	X(PQerrorMessage) X(PQexec) X(PQexecPrepared) X(PQfinish)	\
	X(PQgetisnull) X(PQgetvalue) X(PQhost) X(PQntuples) X(PQport)	\
	X(PQprepare) X(PQresultErrorField) X(PQresultStatus)		\
	X(PQstatus) X(PQtransactionStatus) X(PQuser)

static struct {
#define X(f) __typeof__(f) *f;
	PQ_FUNCS
#undef X
} pq;

/* 0 once libpq is loaded; -1 (reported once) when it cannot be. */
static int
load(void)
{
	static int state;	/* 0 not tried, 1 loaded, -1 failed */
	const char *err;
	void *lib;

	if (state != 0)
		return state == 1 ? 0 : -1;
	state = -1;
	if ((lib = dlopen(LIBPQ, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err = dlerror();
		db_report(LIBPQ, err != NULL ? err : "cannot be loaded");
		return -1;
	}
#define X(f)								\
	if ((*(void **)&pq.f = dlsym(lib, #f)) == NULL) {		\
		db_report(LIBPQ, "has no " #f);				\
		return -1;						\
	}
	PQ_FUNCS
#undef X
	state = 1;
	return 0;
}

/* Called first on every path: NULL (as when out of memory) when libpq
 * cannot be loaded, which the caller reports as a failed connection. */
PGconn *
PQconnectdbParams(const char *const *keywords, const char *const *values,
    int expand_dbname)
{
	if (load() == -1)
		return NULL;
	return pq.PQconnectdbParams(keywords, values, expand_dbname);
}

/* The rest only ever get a connection or result made through libpq, so
 * it is loaded; PQfinish and PQclear also take NULL, as libpq's do. */
void
PQfinish(PGconn *c)
{
	if (c != NULL && load() == 0)
		pq.PQfinish(c);
}

void
PQclear(PGresult *r)
{
	if (r != NULL && load() == 0)
		pq.PQclear(r);
}

ConnStatusType
PQstatus(const PGconn *c)
{
	return load() == 0 ? pq.PQstatus(c) : CONNECTION_BAD;
}

PGTransactionStatusType
PQtransactionStatus(const PGconn *c)
{
	return load() == 0 ? pq.PQtransactionStatus(c) : PQTRANS_UNKNOWN;
}

char *
PQerrorMessage(const PGconn *c)
{
	return load() == 0 ? pq.PQerrorMessage(c) : (char *)"no libpq";
}

char *
PQdb(const PGconn *c)
{
	return load() == 0 ? pq.PQdb(c) : NULL;
}

char *
PQuser(const PGconn *c)
{
	return load() == 0 ? pq.PQuser(c) : NULL;
}

char *
PQhost(const PGconn *c)
{
	return load() == 0 ? pq.PQhost(c) : NULL;
}

char *
PQport(const PGconn *c)
{
	return load() == 0 ? pq.PQport(c) : NULL;
}

PGresult *
PQexec(PGconn *c, const char *query)
{
	return load() == 0 ? pq.PQexec(c, query) : NULL;
}

PGresult *
PQprepare(PGconn *c, const char *name, const char *query, int nparams,
    const Oid *types)
{
	return load() == 0 ? pq.PQprepare(c, name, query, nparams, types) :
	    NULL;
}

PGresult *
PQexecPrepared(PGconn *c, const char *name, int nparams,
    const char *const *values, const int *lengths, const int *formats,
    int result_format)
{
	return load() == 0 ? pq.PQexecPrepared(c, name, nparams, values,
	    lengths, formats, result_format) : NULL;
}

ExecStatusType
PQresultStatus(const PGresult *r)
{
	return load() == 0 ? pq.PQresultStatus(r) : PGRES_FATAL_ERROR;
}

char *
PQresultErrorField(const PGresult *r, int code)
{
	return load() == 0 ? pq.PQresultErrorField(r, code) : NULL;
}

int
PQntuples(const PGresult *r)
{
	return load() == 0 ? pq.PQntuples(r) : 0;
}

int
PQgetisnull(const PGresult *r, int row, int col)
{
	return load() == 0 ? pq.PQgetisnull(r, row, col) : 1;
}

char *
PQgetvalue(const PGresult *r, int row, int col)
{
	return load() == 0 ? pq.PQgetvalue(r, row, col) : NULL;
}

char *
PQcmdTuples(PGresult *r)
{
	return load() == 0 ? pq.PQcmdTuples(r) : (char *)"";
}
