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
#include "results.h"

int
log_results_prepare(struct job *j)
{
	int rc;

	if (j->argv[0] != NULL && (rc = cmd_user_arg(j->argv[0])) != 0)
		return rc;
	if (j->exam != NULL && (rc = cmd_exam_arg(j->exam)) != 0)
		return rc;
	if (j->since != NULL && (rc = cmd_since_arg(j->since)) != 0)
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
