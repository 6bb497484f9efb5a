/* SPDX-License-Identifier: ISC */
/* examctl's commands on the users (examctl_users.h). */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>

#include "db.h"
#include "examctl_cmd.h"
#include "examctl_users.h"
#include "exadm.h"
#include "intparse.h"
#include "settings.h"
#include "pwread.h"

int
users_list_run(struct exadm *a, struct job *j)
{
	return cmd_status(exadm_list_users(a, stdout));
}

/* The password is read and hashed before the database is opened, so the
 * clear text is gone before any other work. */
int
users_passwd_prepare(struct job *j)
{
	int rc;

	if ((rc = cmd_user_arg(j->argv[0])) != 0)
		return rc;
	return pwread_hash(&j->hash, &j->pwlen);
}

/* A chosen password is at least password-min bytes (a setting, so read
 * here, with the database open); login never checks it, so accounts
 * made before keep working. */
static int
long_enough(struct exadm *a, const struct job *j)
{
	struct exam_settings set;
	int rc;

	if ((rc = exadm_settings(a, &set, NULL)) != DB_OK)
		return cmd_status(rc);
	if (j->pwlen < (size_t)set.password_min) {
		warnx("the password is shorter than %d bytes (password-min)",
		    set.password_min);
		return EXIT_USAGE;
	}
	return 0;
}

int
users_adduser_run(struct exadm *a, struct job *j)
{
	int rc;

	if ((rc = long_enough(a, j)) != 0)
		return rc;
	rc = exadm_add_user(a, j->argv[0], j->hash);
	if (rc == DB_EXISTS) {
		warnx("user '%s' exists, in this or another case (use passwd "
		    "to change the password)",
		    j->argv[0]);
		return EXIT_FAILURE;
	}
	if (rc == DB_OK)
		printf("added the user %s\n", j->argv[0]);
	return cmd_status(rc);
}

int
users_passwd_run(struct exadm *a, struct job *j)
{
	int rc;

	if ((rc = long_enough(a, j)) != 0)
		return rc;
	rc = exadm_set_password(a, j->argv[0], j->hash);
	if (rc == DB_NONE)
		warnx("no user '%s'", j->argv[0]);
	if (rc == DB_OK)
		printf("changed the password of %s\n", j->argv[0]);
	return cmd_status(rc);
}

int
users_deluser_prepare(struct job *j)
{
	return j->argv[0] != NULL ? cmd_user_arg(j->argv[0]) : 0;
}

/* deluser takes a student's results with the account: on a terminal it
 * says how many and asks first; a script says --yes, and without a
 * terminal or --yes nothing is deleted (as studentctl clear). */
int
users_deluser_run(struct exadm *a, struct job *j)
{
	const char *name = j->argv[0];
	char line[16];
	long long n = 0;
	int rc;

	rc = exadm_user_results(a, name, &n);
	if (rc == DB_OK && !j->yes) {
		if (!isatty(STDIN_FILENO)) {
			warnx("deluser deletes %s and %lld result%s: confirm "
			    "with 'deluser --yes %s' (standard input is not a "
			    "terminal)", name, n, cli_plural(n), name);
			return EXIT_USAGE;
		}
		fprintf(stderr, "Delete the user %s and %lld result%s? [y/N] ",
		    name, n, cli_plural(n));
		if (fgets(line, sizeof line, stdin) == NULL ||
		    (strcasecmp(line, "y\n") != 0 &&
		    strcasecmp(line, "yes\n") != 0)) {
			warnx("nothing deleted");
			return EXIT_FAILURE;
		}
	}
	if (rc == DB_OK)
		rc = exadm_delete_user(a, name, &n);
	if (rc == DB_NONE)
		warnx("no user '%s'", name);
	if (rc == DB_OK)
		printf("deleted the user %s and %lld result%s\n", name, n,
		    cli_plural(n));
	return cmd_status(rc);
}

/* attempts grant NAME EXAM [N]: N from 1 (the default) to 1000. */
int
users_grant_prepare(struct job *j)
{
	const char *v = j->argv[2];
	int rc;

	if ((rc = cmd_user_arg(j->argv[0])) != 0 ||
	    (rc = cmd_exam_arg(j->argv[1])) != 0)
		return rc;
	j->value = 1;
	if (v != NULL && intparse_dec(v, 1, 1000, &j->value) != INTPARSE_OK) {
		warnx("attempts grant: '%s' is not a number from 1 to 1000", v);
		return EXIT_USAGE;
	}
	return 0;
}

int
users_grant_run(struct exadm *a, struct job *j)
{
	const char *name = j->argv[0], *exam = j->argv[1];
	long long total = 0;
	int rc;

	rc = exadm_grant(a, name, exam, j->value, &total);
	if (rc == DB_EXISTS) {
		warnx("no user '%s'", name);
		return EXIT_FAILURE;
	}
	if ((rc = cmd_exam_status(rc, exam)) == EXIT_SUCCESS)
		printf("%s: %lld more attempt%s at %s (%lld granted in all)\n",
		    name, j->value, cli_plural(j->value), exam, total);
	return rc;
}
