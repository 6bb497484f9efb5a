/* SPDX-License-Identifier: ISC */
/* examctl's commands on the users (examctl_users.h). */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "examctl_cmd.h"
#include "examctl_users.h"
#include "exadm.h"
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
	return cmd_status(rc);
}

int
users_deluser_prepare(struct job *j)
{
	return j->argv[0] != NULL ? cmd_user_arg(j->argv[0]) : 0;
}

int
users_deluser_run(struct exadm *a, struct job *j)
{
	int rc;

	rc = exadm_delete_user(a, j->argv[0]);
	if (rc == DB_NONE)
		warnx("no user '%s'", j->argv[0]);
	return cmd_status(rc);
}
