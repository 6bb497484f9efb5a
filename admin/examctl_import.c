/* SPDX-License-Identifier: ISC */
/* examctl's commands that bring in another database's accounts or
 * contents, or copy this one out (examctl_import.h). */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "examctl_cmd.h"
#include "examctl_import.h"
#include "exadm.h"
#include "exadm_import.h"
#include "legacy_accounts.h"

/* Reads the original server's users.db read-only, before exam.db is
 * touched; import_users_run then reports the names exam.db already has
 * and decides. */
int
import_users_prepare(struct job *j)
{
	return legacy_accounts_read(&j->users, j->argv[0]);
}

int
import_users_run(struct exadm *a, struct job *j)
{
	struct legacy_accounts *u = &j->users;
	size_t n = 0;
	int rc;

	rc = exadm_import_users(a, u->acc, u->n, j->skip_bad, u->bad > 0, &n,
	    legacy_accounts_taken, u);
	if (rc == DB_INVALID) {
		warnx("%s: %d bad row%s: nothing imported (--skip-bad imports "
		    "the others)", u->file, u->bad, u->bad == 1 ? "" : "s");
		return EXIT_USAGE;
	}
	if (rc == DB_OK)
		printf("imported %zu user%s\n", n, n == 1 ? "" : "s");
	return cmd_status(rc);
}

/* The SQLite file to move, and a PostgreSQL database to move it into;
 * anything else is a bad argument, found before anything is opened. */
int
import_sqlite_prepare(struct job *j)
{
	const char *file = j->argv[0];
	struct stat sb;

	if (!db_is_uri(j->db)) {
		warnx("import-sqlite moves into PostgreSQL: --db must be a "
		    "postgresql:// URI, not %s", j->db);
		return EXIT_USAGE;
	}
	if (db_is_uri(file)) {
		warnx("import-sqlite reads a SQLite file, not %s", file);
		return EXIT_USAGE;
	}
	if (stat(file, &sb) != 0) {
		warnx("%s: %s", file, strerror(errno));
		return EXIT_USAGE;
	}
	if (!S_ISREG(sb.st_mode)) {
		warnx("%s: not a regular file", file);
		return EXIT_USAGE;
	}
	/* A file that is not an exam database is found before the target
	 * is opened, so that the target is not touched at all. */
	return exadm_import_check(file) == DB_OK ? 0 : EXIT_FAILURE;
}

int
import_sqlite_run(struct exadm *a, struct job *j)
{
	struct exadm_moved n;
	int rc;

	rc = cmd_status(exadm_import_sqlite(a, j->argv[0], &n));
	if (rc == EXIT_SUCCESS)
		printf("imported %lld exam%s (%lld question%s), %lld user%s, "
		    "%lld result%s, %lld connection%s\n", n.exams,
		    cli_plural(n.exams), n.questions, cli_plural(n.questions),
		    n.users, cli_plural(n.users), n.results,
		    cli_plural(n.results), n.connections,
		    cli_plural(n.connections));
	return rc;
}

int
import_backup_prepare(struct job *j)
{
	struct stat sb;

	if (lstat(j->argv[0], &sb) == 0) {
		warnx("%s exists (a backup never overwrites a file)",
		    j->argv[0]);
		return EXIT_USAGE;
	}
	return 0;
}

int
import_backup_run(struct exadm *a, struct job *j)
{
	int rc;

	/* On PostgreSQL the command is the wrong tool: bad usage. */
	if ((rc = exadm_backup(a, j->argv[0])) == DB_INVALID)
		return EXIT_USAGE;
	if ((rc = cmd_status(rc)) == EXIT_SUCCESS)
		printf("copied %s to %s\n", exadm_path(a), j->argv[0]);
	return rc;
}
