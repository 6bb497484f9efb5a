/* SPDX-License-Identifier: ISC */
/* examctl's commands on the login phase (examctl_login.h). */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "examctl_cmd.h"
#include "examctl_login.h"
#include "exadm.h"
#include "netsource.h"
#include "settings.h"
#include "username.h"

/* A stored value the rule refuses (written by hand): said, and the
 * default used, as examd uses it. */
static void
bad_setting(const char *name, const char *value, const char *why)
{
	warnx("setting %s: stored value '%s' ignored (%s)", name, value, why);
}

int
login_settings_run(struct exadm *a, struct job *j)
{
	struct exam_settings set;
	char v[32];
	int rc, i;

	if ((rc = exadm_settings(a, &set, bad_setting)) != DB_OK)
		return cmd_status(rc);
	for (i = 0; i < SETTINGS_N; i++) {
		settings_value(&set, settings_names[i], v, sizeof v);
		printf("%s\t%s\n", settings_names[i], v);
	}
	return EXIT_SUCCESS;
}

int
login_settings_set_prepare(struct job *j)
{
	struct exam_settings scratch;
	const char *why;

	settings_defaults(&scratch);
	if ((why = settings_apply(&scratch, j->argv[0], j->argv[1])) !=
	    NULL) {
		warnx("settings set %s %s: %s", j->argv[0], j->argv[1], why);
		return EXIT_USAGE;
	}
	return 0;
}

int
login_settings_set_run(struct exadm *a, struct job *j)
{
	return cmd_status(exadm_set_setting(a, j->argv[0], j->argv[1]));
}

int
login_failures_prepare(struct job *j)
{
	return j->argv[0] != NULL ? cmd_user_arg(j->argv[0]) : 0;
}

/* One record: name, source ("*" for every one), failures, the seconds
 * of wait left. */
static int
print_failure(const struct exadm_failure *f, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%lld\t%lld\n", f->name[0] ? f->name : "*",
	    f->source[0] ? f->source : "*", f->failures, f->wait);
	return 0;
}

int
login_failures_run(struct exadm *a, struct job *j)
{
	return cmd_status(exadm_failures(a, j->argv[0], print_failure, NULL));
}

/* The key a clear is for, kept in the job's argv slot's place. */
static char clear_key[NETSOURCE_MAX];

int
login_failures_clear_prepare(struct job *j)
{
	const char *w = j->argv[0];

	if (netsource_is_addr(w)) {
		/* Any address of a /64 names the /64. */
		if (netsource_of(w, clear_key, sizeof clear_key) == -1) {
			warnx("failures clear: '%s' is too long", w);
			return EXIT_USAGE;
		}
		j->argv[0] = clear_key;
		return 0;
	}
	if (!username_valid(w)) {
		warnx("failures clear: '%s' is neither a user name nor an "
		    "address", w);
		return EXIT_USAGE;
	}
	return 0;
}

int
login_failures_clear_run(struct exadm *a, struct job *j)
{
	long long n = 0;
	int rc;

	rc = exadm_clear_failures(a, j->argv[0], &n);
	if (rc == DB_NONE) {
		warnx("no failed logins recorded for '%s'", j->argv[0]);
		return EXIT_FAILURE;
	}
	if (rc == DB_OK)
		printf("cleared %lld record%s for %s\n", n, n == 1 ? "" : "s",
		    j->argv[0]);
	return cmd_status(rc);
}
