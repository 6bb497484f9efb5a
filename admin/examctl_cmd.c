/* SPDX-License-Identifier: ISC */
/* The checks and results examctl's commands share (examctl_cmd.h). */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "examctl_cmd.h"
#include "intparse.h"
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

int
cmd_since_arg(const char *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	char y[5], m[3], dd[3];
	long long yy, mm, day;
	int leap;

	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		goto bad;
	memcpy(y, d, 4); y[4] = '\0';
	memcpy(m, d + 5, 2); m[2] = '\0';
	memcpy(dd, d + 8, 2); dd[2] = '\0';
	if (intparse_dec(y, 1, 9999, &yy) != INTPARSE_OK ||
	    intparse_dec(m, 1, 12, &mm) != INTPARSE_OK ||
	    intparse_dec(dd, 1, mdays[mm - 1], &day) != INTPARSE_OK)
		goto bad;
	leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
	if (mm == 2 && day == 29 && !leap)
		goto bad;
	return 0;
bad:
	warnx("--since: '%s' is not a date YYYY-MM-DD", d);
	return EXIT_USAGE;
}
