/* SPDX-License-Identifier: ISC */
/* An exam's question bank as exam.db stores it (questions and their
 * choices, keyed by the exam's id), read the same way by examd and
 * examctl on both back ends, so both build their bank through qbank's
 * validating API and refuse the same stored banks. */
#ifndef QBANK_DB_H
#define QBANK_DB_H

#include "qbank.h"
#include "sql.h"

/* The statement each database module puts in its own table: one row a
 * choice, in position and letter order. LEFT JOIN, so that a question
 * without choices is seen and refused rather than silently skipped. */
#define QBANK_DB_SQL							\
	"SELECT q.position, q.prompt, q.answer, c.letter, c.text "	\
	"FROM questions q LEFT JOIN choices c "				\
	"ON c.exam = q.exam AND c.position = q.position "		\
	"WHERE q.exam = ?1 ORDER BY q.position, c.letter"

/* Runs st, a statement made from QBANK_DB_SQL, for exam (an exams.id)
 * and builds a new bank from its rows into *out (the caller frees it
 * with qbank_free; no questions give an empty bank). Returns DB_OK;
 * DB_INVALID for a stored question that qbank refuses, reported as
 * "question N in the database: reason"; DB_BUSY or DB_ERROR when reading
 * or memory failed (reported). *out is NULL unless DB_OK. */
enum db_rc qbank_db_load(struct sql_stmt *st, long long exam,
    struct qbank **out);

#endif
