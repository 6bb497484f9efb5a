/* SPDX-License-Identifier: ISC */
/* The original server's accounts, checked row by row for import-users
 * (legacy_accounts.h). */
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "db.h"
#include "legacy_accounts.h"
#include "legacy_users.h"
#include "password.h"
#include "username.h"

/* Reports a refused row of the original server's users.db. */
static void bad_row(struct legacy_accounts *, long long, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
bad_row(struct legacy_accounts *u, long long row, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	warnx("%s: row %lld: %s", u->file, row, why);
	u->bad++;
}

int
legacy_accounts_read(struct legacy_accounts *u, const char *file)
{
	struct exadm_account *bigger;
	struct legacy_users *lu;
	const char *name, *hash;
	size_t cap = 0, i;
	long long row = 0;
	int rc, ret = CLI_FAILED, dup;

	u->file = file;
	if ((rc = legacy_users_open(u->file, &lu)) != DB_OK)
		return rc == DB_INVALID ? CLI_USAGE : CLI_FAILED;
	while ((rc = legacy_users_next(lu, &name, &hash)) == 1) {
		row++;
		if (name == NULL || !username_valid(name)) {
			bad_row(u, row, "invalid user name '%s' (1 to 32 "
			    "characters of A-Z a-z 0-9 . _ -)",
			    name ? name : "");
			continue;
		}
		for (dup = 0, i = 0; i < u->n && !dup; i++)
			dup = strcasecmp(u->acc[i].name, name) == 0;
		if (dup) {
			bad_row(u, row, "duplicate of row %lld (user '%s')",
			    u->acc[i - 1].row, name);
			continue;
		}
		if (hash == NULL || !password_is_legacy(hash)) {
			bad_row(u, row, "malformed password hash for '%s' (want "
			    "64 hex digits of salt and 128 of digest)", name);
			continue;
		}
		if (u->n == cap) {
			cap = cap ? 2 * cap : 128;
			if ((bigger = reallocarray(u->acc, cap,
			    sizeof *u->acc)) == NULL)
				goto oom;
			u->acc = bigger;
		}
		u->acc[u->n].row = row;
		u->acc[u->n].name = strdup(name);
		u->acc[u->n].hash = strdup(hash);
		u->n++;
		if (u->acc[u->n - 1].name == NULL ||
		    u->acc[u->n - 1].hash == NULL)
			goto oom;
	}
	if (rc != 0)
		goto end;
	/* The verdict waits for the names already in exam.db. */
	ret = 0;
	goto end;
oom:
	warnx("out of memory");
end:
	legacy_users_close(lu);
	return ret;
}

void
legacy_accounts_taken(const struct exadm_account *acc, void *u)
{
	bad_row(u, acc->row, "user '%s' already exists", acc->name);
}

void
legacy_accounts_free(struct legacy_accounts *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		free((char *)u->acc[i].name);
		free((char *)u->acc[i].hash);
	}
	free(u->acc);
}
