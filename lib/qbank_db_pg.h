/* qbank_db's loader for the PostgreSQL back end: the same statement
 * (QBANK_DB_SQL, written with $1 for ?1 where it is prepared), the same
 * validating API, the same answers, so that examd and examctl refuse the
 * same stored banks on both back ends. */
#ifndef QBANK_DB_PG_H
#define QBANK_DB_PG_H

#include <stddef.h>
#include "pq.h"

#include "qbank.h"
#include "qbank_db.h"

/* The PostgreSQL spelling of QBANK_DB_SQL, for a statement table. */
#define QBANK_DB_PG_SQL							\
	"SELECT q.position, q.prompt, q.answer, c.letter, c.text "	\
	"FROM questions q LEFT JOIN choices c "				\
	"ON c.exam = q.exam AND c.position = q.position "		\
	"WHERE q.exam = $1 ORDER BY q.position, c.letter"

/* Runs prepared statement stmt of c (see dbpg_prepare_all), one made from
 * QBANK_DB_PG_SQL, for exam and builds a new bank from its rows into *out,
 * with the results of qbank_db_load: DB_OK, DB_INVALID for a stored
 * question qbank refuses, DB_BUSY or DB_ERROR (reported; *out NULL). */
int qbank_db_pg_load(PGconn *c, size_t stmt, long long exam,
    struct qbank **out);

#endif
