/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "db.h"

static db_failure_fn failure_hook;
static const char *missing_hint;

void
db_set_missing_hint(const char *hint)
{
	missing_hint = hint;
}

const char *
db_missing_hint(void)
{
	return missing_hint;
}

void
db_set_failure_hook(db_failure_fn fn)
{
	failure_hook = fn;
}

void
db_report(const char *what, const char *msg)
{
	if (failure_hook != NULL)
		failure_hook(what, msg);
}

int
db_is_uri(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0;
}

const char *
db_rc_name(int rc)
{
	static const char *const names[] = {
		"ok", "none", "exists", "busy", "invalid", "error"
	};

	if (rc < 0 || (size_t)rc >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[rc];
}
