/* SPDX-License-Identifier: ISC */
/* The layout of the exam database, one rule for examd and examctl on both
 * back ends: which tables make an exam database, and which version of
 * their layout it holds (SQLite: PRAGMA user_version, set by
 * sql/exam_schema.sql; PostgreSQL: the table exam_schema, filled by
 * sql/exam_schema_pg.sql). */
#ifndef EXAM_LAYOUT_H
#define EXAM_LAYOUT_H

#include "sql.h"

/* The layout this release reads and writes. */
#define EXAM_LAYOUT 3

/* The two statements exam_layout_read runs, for the caller's statement
 * table. The version first: -1 when the database keeps none. On
 * PostgreSQL exam_schema is read through query_to_xml, as a statement
 * naming a table that does not exist could not even be prepared. Then,
 * only when the version is not EXAM_LAYOUT: every table, the exam tables
 * and whether a version is kept (on SQLite always, in the header). */
#define EXAM_LAYOUT_VERSION_SQL {					\
	"PRAGMA user_version",						\
	"SELECT CASE WHEN to_regclass('exam_schema') IS NULL THEN -1 "	\
	"ELSE (xpath('/row/v/text()', query_to_xml("			\
	"'SELECT coalesce(max(version), 0) AS v FROM exam_schema', "	\
	"false, true, '')))[1]::text::bigint END" }
#define EXAM_LAYOUT_TABLES_SQL {					\
	"SELECT count(*), count(*) FILTER (WHERE name IN "		\
	"('users', 'connections', 'counter')), 1 "			\
	"FROM sqlite_master WHERE type = 'table'",			\
	"SELECT count(*), count(*) FILTER (WHERE tablename IN "		\
	"('users', 'connections', 'counter')), "			\
	"count(*) FILTER (WHERE tablename = 'exam_schema') "		\
	"FROM pg_catalog.pg_tables WHERE schemaname = current_schema()" }

/* Layout 3's accounts: a name is one account whatever its ASCII case
 * (users_by_lower), for examd's registration and examctl's adduser and
 * import-users alike. EXAM_USER_ADD_SQL inserts ?1 with the hash ?2 unless
 * the name is taken in any case (no row changed: "exists"); on PostgreSQL
 * the inserting transaction first takes EXAM_USER_NAME_LOCK_SQL, the same
 * lock for every writer, as two inserts of names equal but for case would
 * each see no other under READ COMMITTED (SQLite's write lock already
 * orders them). */
#define EXAM_USER_ADD_SQL {						\
	"INSERT INTO users (username, password) "			\
	"SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM users "		\
	"WHERE lower(username) = lower(?1)) "				\
	"ON CONFLICT (username) DO NOTHING" }
#define EXAM_USER_NAME_LOCK_SQL { "",					\
	"SELECT pg_advisory_xact_lock(hashtext('exam user ' || "	\
	"lower(?1)))" }

struct exam_layout {
	int		empty;		/* 1: no table at all */
	int		exam;		/* 1: the exam tables are there */
	long long	version;	/* the layout, when exam */
};

/* Reads what db holds, by reading only, with the caller's statements
 * tables_st and version_st (made from the two macros above). A database
 * that keeps the version EXAM_LAYOUT is taken at its word, which only
 * the schemas write, with their tables: the statements that use them
 * confirm it, and reading the catalogue would cost examd, started for
 * every connection, more than its whole layout check. DB_OK or a
 * reported failure. */
enum db_rc exam_layout_read(struct sql *db, size_t tables_st,
    size_t version_st, struct exam_layout *l);

/* examd's rule: DB_OK for an exam database of EXAM_LAYOUT; anything else
 * is reported, saying what makes it right, and refused with DB_INVALID.
 * examctl upgrades an older layout in place, and nothing may write into
 * a layout it does not know. */
enum db_rc exam_layout_require(const struct sql *db,
    const struct exam_layout *l);

#endif
