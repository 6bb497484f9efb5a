/* SPDX-License-Identifier: ISC */
/* The checks and results examctl's commands share (examctl_cmd.h). */
#include <err.h>
#include <stdlib.h>

#include "db.h"
#include "examctl_cmd.h"
#include "username.h"

int
cmd_status(int rc)
{
	return rc == DB_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
cmd_user_arg(const char *name)
{
	if (!username_valid(name)) {
		warnx("invalid user name '%s' (1 to %d characters of A-Z a-z "
		    "0-9 . _ -)", name, USERNAME_MAX);
		return EXIT_USAGE;
	}
	return 0;
}

int
cmd_exam_arg(const char *name)
{
	if (!examname_valid(name)) {
		warnx("invalid exam name '%s' (1 to %d characters of a-z 0-9 "
		    ". _ -)", name, EXAMNAME_MAX);
		return EXIT_USAGE;
	}
	return 0;
}

int
cmd_exam_status(int rc, const char *exam)
{
	if (rc == DB_NONE)
		warnx("no exam '%s'", exam);
	return cmd_status(rc);
}
