/* SPDX-License-Identifier: ISC */
/* What a driver gives sql.c (sql_sqlite.c, sql_pg.c): lib/sql*.c alone
 * include this. sql.c keeps the statement table, the sticky failures and
 * the transaction rules; a driver only speaks its library. Every driver
 * function that fails reports through the failure hook before returning
 * DB_BUSY or DB_ERROR, and returns DB_EXISTS, unreported, for a unique
 * key that is taken. */
#ifndef SQL_DRIVER_H
#define SQL_DRIVER_H

#include "sql.h"

struct sql_stmt {
	struct sql	*db;
	const char	*text;		/* for this back end; "": nothing */
	void		*impl;		/* the driver's prepared statement */
	enum db_rc	 failed;	/* a bind or prepare failed (DB_OK: no) */
};

struct sql_driver {
	/* Connects db->conn, setting db->name; reports and fails. */
	enum db_rc	(*open)(struct sql *, const char *path, int flags,
			    int busy_ms);
	void		(*close)(struct sql *);
	enum db_rc	(*prepare)(struct sql_stmt *, size_t index);
	void		(*finalize)(struct sql_stmt *);
	enum db_rc	(*bind_text)(struct sql_stmt *, int, const char *);
	enum db_rc	(*bind_int)(struct sql_stmt *, int, long long);
	/* DB_OK with a row, DB_NONE at the end, or a failure. */
	enum db_rc	(*next)(struct sql_stmt *);
	void		(*reset)(struct sql_stmt *);
	const char	*(*col_text)(struct sql_stmt *, int);
	size_t		(*col_len)(struct sql_stmt *, int);
	long long	(*col_int)(struct sql_stmt *, int);
	int		(*col_null)(struct sql_stmt *, int);
	long long	(*changes)(struct sql *);
	enum db_rc	(*begin)(struct sql *, enum sql_tx);
	/* Commits; a transaction the database rolled back is a failure. */
	enum db_rc	(*commit)(struct sql *);
	int		(*in_transaction)(struct sql *);
	void		(*rollback)(struct sql *);
	enum db_rc	(*script)(struct sql *, const char *, const char *);
	/* sql_backup's work: a copy into the new file; reports and fails. */
	enum db_rc	(*backup)(struct sql *, const char *file);
};

struct sql {
	const struct sql_driver	*drv;
	void			*conn;	/* the driver's connection */
	int			 pg;	/* the table's pg texts apply */
	char			 name[512];
	const struct sql_text	*table;
	struct sql_stmt		*st;
	size_t			 n;
};

extern const struct sql_driver sql_sqlite_driver;
extern const struct sql_driver sql_pg_driver;

#endif
