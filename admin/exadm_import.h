/* SPDX-License-Identifier: ISC */
/* examctl import-sqlite: an exam database moved from a SQLite file into a
 * new PostgreSQL database, every row with its keys. The one part of the
 * exam admin layer that is about two back ends at once. */
#ifndef EXADM_IMPORT_H
#define EXADM_IMPORT_H

#include "exadm.h"

/* What exadm_import_sqlite moved. */
struct exadm_moved {
	long long	exams, questions, users, results, connections;
};

/* Copies the SQLite exam database file (opened read-only, never changed)
 * into a, which must be a PostgreSQL database with no exams, users,
 * results or connections yet (DB_EXISTS otherwise, reported), in one
 * transaction: every row with its keys (user hashes, exams, questions,
 * choices, results, connections, the counter) or nothing. The identity
 * columns go on after the ids brought in. DB_INVALID for a file that is
 * not an exam database of the current layout (reported). */
int exadm_import_sqlite(struct exadm *a, const char *file,
    struct exadm_moved *n);

/* Checks, by reading only, that file is a SQLite exam database that
 * exadm_import_sqlite takes: DB_OK, DB_INVALID or a failure (reported). */
int exadm_import_check(const char *file);

#endif
