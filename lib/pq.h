/* SPDX-License-Identifier: ISC */
/* libpq, loaded when a program first connects to a postgresql:// URI
 * instead of when it starts. Linked, libpq and what it pulls in (OpenSSL,
 * Kerberos, LDAP) would cost every process, at start-up, more
 * instructions than a whole examd connection and more memory than a
 * whole FastCGI process, for the many schools that use SQLite alone (the
 * figures are in README's Performance section).
 *
 * sql_pg.c includes this instead of <libpq-fe.h>: it declares libpq's types and
 * turns each PQ function this project calls into a call through a table
 * that pq_load fills. A function missing from the table is a link error,
 * not a crash: add it to PQ_FUNCTIONS. */
#ifndef PQ_H
#define PQ_H

#include <libpq-fe.h>

/* X(name, return type, parameters) for every libpq function called. */
#define PQ_FUNCTIONS(X)							\
	X(PQconnectdbParams, PGconn *, (const char *const *,		\
	    const char *const *, int))					\
	X(PQfinish, void, (PGconn *))					\
	X(PQstatus, ConnStatusType, (const PGconn *))			\
	X(PQtransactionStatus, PGTransactionStatusType, (const PGconn *)) \
	X(PQerrorMessage, char *, (const PGconn *))			\
	X(PQuser, char *, (const PGconn *))				\
	X(PQdb, char *, (const PGconn *))				\
	X(PQhost, char *, (const PGconn *))				\
	X(PQport, char *, (const PGconn *))				\
	X(PQsetNoticeProcessor, PQnoticeProcessor, (PGconn *,		\
	    PQnoticeProcessor, void *))					\
	X(PQexec, PGresult *, (PGconn *, const char *))			\
	X(PQprepare, PGresult *, (PGconn *, const char *, const char *,	\
	    int, const Oid *))						\
	X(PQexecPrepared, PGresult *, (PGconn *, const char *, int,	\
	    const char *const *, const int *, const int *, int))	\
	X(PQresultStatus, ExecStatusType, (const PGresult *))		\
	X(PQresultErrorField, char *, (const PGresult *, int))		\
	X(PQclear, void, (PGresult *))					\
	X(PQntuples, int, (const PGresult *))				\
	X(PQgetvalue, char *, (const PGresult *, int, int))		\
	X(PQgetisnull, int, (const PGresult *, int, int))		\
	X(PQgetlength, int, (const PGresult *, int, int))		\
	X(PQcmdStatus, char *, (PGresult *))				\
	X(PQcmdTuples, char *, (PGresult *))				\
	X(PQconninfoParse, PQconninfoOption *, (const char *, char **))	\
	X(PQconninfoFree, void, (PQconninfoOption *))

#define PQ_FIELD(name, ret, params) ret (*name) params;
struct pq_api {
	PQ_FUNCTIONS(PQ_FIELD)
};
#undef PQ_FIELD

extern struct pq_api pq_api;

/* Loads libpq once. Returns 0, or -1 after reporting through the
 * database failure hook (db_report) why and which package to install.
 * Until it succeeds only PQclear and PQfinish may be called (with NULL:
 * nothing of libpq can exist yet). */
int pq_load(void);

#ifndef PQ_NO_REDIRECT
#define PQconnectdbParams	(pq_api.PQconnectdbParams)
#define PQfinish		(pq_api.PQfinish)
#define PQstatus		(pq_api.PQstatus)
#define PQtransactionStatus	(pq_api.PQtransactionStatus)
#define PQerrorMessage		(pq_api.PQerrorMessage)
#define PQuser			(pq_api.PQuser)
#define PQdb			(pq_api.PQdb)
#define PQhost			(pq_api.PQhost)
#define PQport			(pq_api.PQport)
#define PQsetNoticeProcessor	(pq_api.PQsetNoticeProcessor)
#define PQexec			(pq_api.PQexec)
#define PQprepare		(pq_api.PQprepare)
#define PQexecPrepared		(pq_api.PQexecPrepared)
#define PQresultStatus		(pq_api.PQresultStatus)
#define PQresultErrorField	(pq_api.PQresultErrorField)
#define PQclear			(pq_api.PQclear)
#define PQntuples		(pq_api.PQntuples)
#define PQgetvalue		(pq_api.PQgetvalue)
#define PQgetisnull		(pq_api.PQgetisnull)
#define PQgetlength		(pq_api.PQgetlength)
#define PQcmdStatus		(pq_api.PQcmdStatus)
#define PQcmdTuples		(pq_api.PQcmdTuples)
#define PQconninfoParse		(pq_api.PQconninfoParse)
#define PQconninfoFree		(pq_api.PQconninfoFree)
#endif

#endif
