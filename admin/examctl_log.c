/* SPDX-License-Identifier: ISC */
/* examctl's commands on what examd recorded: the results and the
 * connection log with its count (examctl_log.h). */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "examctl_cmd.h"
#include "examctl_log.h"
#include "exadm.h"
#include "intparse.h"
#include "results.h"

/* Checks --since: a real calendar date, YYYY-MM-DD. */
static int
since_arg(const char *d)
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

int
log_results_prepare(struct job *j)
{
	int rc;

	if (j->argv[0] != NULL && (rc = cmd_user_arg(j->argv[0])) != 0)
		return rc;
	if (j->exam != NULL && (rc = cmd_exam_arg(j->exam)) != 0)
		return rc;
	if (j->since != NULL && (rc = since_arg(j->since)) != 0)
		return rc;
	return 0;
}

int
log_results_run(struct exadm *a, struct job *j)
{
	struct exadm_filter f = { j->argv[0], j->exam, j->since };
	int rc;

	rc = results_print(a, &f, j->csv);
	/* Nothing for a user or an exam is a miss (exit 1); nothing at all,
	 * or nothing since a date, an empty list. */
	if (rc == DB_NONE && (f.user != NULL || f.exam != NULL))
		warnx("no results%s%s%s%s%s%s", f.user ? " for '" : "",
		    f.user ? f.user : "", f.user ? "'" : "",
		    f.exam ? " in exam '" : "", f.exam ? f.exam : "",
		    f.exam ? "'" : "");
	else if (rc == DB_NONE)
		rc = DB_OK;
	return cmd_status(rc);
}

int
log_connections_run(struct exadm *a, struct job *j)
{
	return cmd_status(exadm_list_connections(a, stdout));
}

int
log_reset_count_run(struct exadm *a, struct job *j)
{
	long long was;
	int rc;

	rc = cmd_status(exadm_reset_count(a, &was));
	if (rc == EXIT_SUCCESS)
		printf("count reset (was %lld)\n", was);
	return rc;
}
