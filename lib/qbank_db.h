/* An exam's question bank as exam.db stores it (sql/exam_schema.sql:
 * questions and their choices, keyed by the exam's id), read the same way by examd and examctl, so both
 * build their bank through qbank's validating API and refuse the same
 * stored banks. */
#ifndef QBANK_DB_H
#define QBANK_DB_H

#include <sqlite3.h>

#include "qbank.h"

/* The statement each database layer prepares in its own table: one row a
 * choice, in position and letter order. LEFT JOIN, so that a question
 * without choices is seen and refused rather than silently skipped. */
#define QBANK_DB_SQL							\
	"SELECT q.position, q.prompt, q.answer, c.letter, c.text "	\
	"FROM questions q LEFT JOIN choices c "				\
	"ON c.exam = q.exam AND c.position = q.position "		\
	"WHERE q.exam = ?1 ORDER BY q.position, c.letter"

/* Binds exam (an exams.id) to st, a statement of db prepared from
 * QBANK_DB_SQL, steps it to its end and builds a new bank from its rows into *out (the caller frees it with
 * qbank_free; no questions give an empty bank). Resets st and clears
 * its bindings either way.
 * Returns DB_OK; DB_INVALID for a stored question that qbank refuses;
 * DB_BUSY or DB_ERROR when reading or memory failed. Failures have gone
 * to the failure hook (db_report) and *out is then NULL. */
int qbank_db_load(sqlite3 *db, sqlite3_stmt *st, long long exam,
    struct qbank **out);

/* Reports a stored question qbank refused (err from qbank_row or
 * qbank_rows_end) as "question N in the database: reason", for the loader
 * of either back end, and returns DB_INVALID. */
int qbank_db_invalid(const struct qbank_error *err);

#endif
