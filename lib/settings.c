/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "intparse.h"
#include "password.h"
#include "settings.h"

const char *const settings_names[SETTINGS_N] = {
	"registration", "password-min", "connection-days"
};

/* A century of connection log is already more than anyone keeps. */
#define CONNECTION_DAYS_MAX 36500

void
settings_defaults(struct exam_settings *s)
{
	s->registration_open = 1;
	/* NIST SP 800-63B's minimum for a chosen secret. */
	s->password_min = 8;
	s->connection_days = 30;
}

const char *
settings_apply(struct exam_settings *s, const char *name, const char *value)
{
	long long v;

	if (strcmp(name, "registration") == 0) {
		if (strcmp(value, "open") != 0 && strcmp(value, "closed") != 0)
			return "registration is open or closed";
		s->registration_open = strcmp(value, "open") == 0;
		return NULL;
	}
	if (strcmp(name, "password-min") == 0) {
		if (intparse_dec(value, 1, PASSWORD_MAX, &v) != INTPARSE_OK)
			return "password-min is 1 to 128 (bytes)";
		s->password_min = (int)v;
		return NULL;
	}
	if (strcmp(name, "connection-days") == 0) {
		if (intparse_dec(value, 1, CONNECTION_DAYS_MAX, &v) !=
		    INTPARSE_OK)
			return "connection-days is 1 to 36500";
		s->connection_days = (int)v;
		return NULL;
	}
	return "the settings are registration, password-min and "
	    "connection-days";
}

void
settings_value(const struct exam_settings *s, const char *name, char *buf,
    size_t n)
{
	if (strcmp(name, "registration") == 0)
		snprintf(buf, n, "%s", s->registration_open ? "open" :
		    "closed");
	else if (strcmp(name, "password-min") == 0)
		snprintf(buf, n, "%d", s->password_min);
	else if (strcmp(name, "connection-days") == 0)
		snprintf(buf, n, "%d", s->connection_days);
	else if (n > 0)
		buf[0] = '\0';
}

int
settings_read(struct sql_stmt *st, struct exam_settings *s,
    void (*bad)(const char *, const char *, const char *))
{
	const char *name, *value, *why;
	enum db_rc rc;

	settings_defaults(s);
	while ((rc = sql_next(st)) == DB_OK) {
		name = sql_col_text(st, 0);
		value = sql_col_text(st, 1);
		if (name != NULL && value != NULL &&
		    (why = settings_apply(s, name, value)) != NULL &&
		    bad != NULL)
			bad(name, value, why);
	}
	return rc == DB_NONE ? DB_OK : rc;
}
