/* SPDX-License-Identifier: ISC */
/* The exam service's settings (`examctl settings`), one rule for examd,
 * which reads them, and examctl, which sets them: their names, values
 * and defaults. exam.db keeps a row per setting changed; a missing row is
 * the default. */
#ifndef SETTINGS_H
#define SETTINGS_H

#include <stddef.h>

#include "sql.h"

struct exam_settings {
	int	registration_open;	/* 1: anyone may register (default) */
	int	password_min;		/* bytes, for a password being chosen */
	int	connection_days;	/* the connection log's age limit */
};

#define SETTINGS_N 3

/* The settings' names, in the order examctl lists them. */
extern const char *const settings_names[SETTINGS_N];

/* The defaults: registration open, password-min 8, connection-days 30. */
void settings_defaults(struct exam_settings *s);

/* Sets name to value in s. Returns NULL, or what a value of name may be
 * (static) when name is no setting or value none of its values. */
const char *settings_apply(struct exam_settings *s, const char *name,
    const char *value);

/* Reads the settings from st, a query of (name, value) rows, into s: the
 * defaults, then each row through settings_apply. A row the rule refuses
 * (written by other hands: examctl checks what it stores) leaves the
 * default and is passed to bad (name, value, what it may be) when bad is
 * not NULL. Returns DB_OK, or the query's failure. One reader for examd
 * and examctl. */
int settings_read(struct sql_stmt *st, struct exam_settings *s,
    void (*bad)(const char *, const char *, const char *));

/* Writes setting name's value in s, as settings_apply reads it, into buf
 * (n bytes). */
void settings_value(const struct exam_settings *s, const char *name,
    char *buf, size_t n);

#endif
