/* SPDX-License-Identifier: ISC */
/* examctl's commands on the exams and their question banks
 * (examctl_bank.h). */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "examctl_bank.h"
#include "examctl_cmd.h"
#include "exadm.h"
#include "intparse.h"
#include "qbank.h"
#include "shuffle.h"

/* Generated from sql/questions.txt by scripts/embed, so init needs no
 * data files. */
extern const char embed_questions_txt[];

int
bank_init_prepare(struct job *j)
{
	struct qbank_error perr;

	j->bank = qbank_parse(embed_questions_txt,
	    strlen(embed_questions_txt), &perr);
	if (j->bank == NULL) {
		warnx("built-in questions:%zu: %s", perr.line, perr.reason);
		return EXIT_FAILURE;
	}
	return 0;
}

int
bank_init_run(struct exadm *a, struct job *j)
{
	int rc, loaded;

	/* --empty: the schema alone (exadm_open made it); the school
	 * imports its own banks. */
	if (j->empty)
		return EXIT_SUCCESS;
	rc = cmd_status(exadm_init_bank(a, j->bank, &loaded));
	if (rc == EXIT_SUCCESS && loaded)
		printf("loaded %zu default question%s\n", j->bank->n,
		    cli_plural((long long)j->bank->n));
	return rc;
}

/* Reads a whole bank file ("-" is stdin) into a NUL-terminated buffer
 * the caller frees. Returns an exit status, 0 when *out is set. */
static int
read_bank_file(const char *file, char **out, size_t *len)
{
	struct stat sb;
	FILE *fp;
	char *buf;
	size_t n;
	int rc = EXIT_SUCCESS;

	*out = NULL;
	fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (fp == NULL) {
		/* A bad argument, as in studentctl: nothing was touched. */
		warnx("%s: %s", file, strerror(errno));
		return EXIT_USAGE;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* fopen() accepts a folder; only the first read would fail. */
		warnx("%s: %s", file, strerror(EISDIR));
		rc = EXIT_USAGE;
		goto end;
	}
	if ((buf = malloc(QBANK_MAX_FILE + 2)) == NULL) {
		warnx("out of memory");
		rc = EXIT_FAILURE;
		goto end;
	}
	n = fread(buf, 1, QBANK_MAX_FILE + 1, fp);
	if (ferror(fp)) {
		warnx("%s: %s", file, strerror(errno));
		rc = EXIT_FAILURE;
	} else if (n > QBANK_MAX_FILE) {
		warnx("%s: larger than %ld bytes", file, QBANK_MAX_FILE);
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_SUCCESS) {
		free(buf);
		goto end;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
end:
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* The file is checked whole before the database is touched. */
int
bank_questions_import_prepare(struct job *j)
{
	struct qbank_error perr;
	const char *file = j->argv[0];
	size_t len = 0;
	char *text;
	int rc;

	if ((rc = read_bank_file(file, &text, &len)) != EXIT_SUCCESS)
		return rc;
	j->bank = qbank_parse(text, len, &perr);
	free(text);
	if (j->bank == NULL) {
		warnx("%s:%zu: %s", file, perr.line, perr.reason);
		return EXIT_USAGE;
	}
	return 0;
}

int
bank_questions_import_run(struct exadm *a, struct job *j)
{
	int rc, created = 0;

	rc = cmd_status(exadm_replace_bank(a, j->exam, j->bank, &created));
	if (rc == EXIT_SUCCESS)
		printf("imported %zu question%s\n", j->bank->n,
		    cli_plural((long long)j->bank->n));
	if (rc == EXIT_SUCCESS && created)
		printf("created the exam %s\n", j->exam);
	return rc;
}

int
bank_questions_list_run(struct exadm *a, struct job *j)
{
	int rc;

	rc = cmd_exam_status(exadm_load_bank(a, j->exam, &j->bank), j->exam);
	if (rc == EXIT_SUCCESS)
		(void)qbank_write(stdout, j->bank);
	return rc;
}

/* A limit as the exams table shows it. */
static const char *
limit_text(long long v, const char *none, const char *unit, char *buf,
    size_t len)
{
	if (v < 0)
		return none;
	snprintf(buf, len, "%lld%s", v, unit);
	return buf;
}

int
bank_exams_run(struct exadm *a, struct job *j)
{
	struct exadm_exam *ex = NULL;
	char at[32], tl[32];
	size_t n = 0, i;
	int w = 4, rc;

	if ((rc = cmd_status(exadm_list_exams(a, &ex, &n))) != EXIT_SUCCESS)
		return rc;
	for (i = 0; i < n; i++)
		if ((int)strlen(ex[i].name) > w)
			w = (int)strlen(ex[i].name);
	printf("%-*s  %9s  %9s  %10s  %7s  %s\n", w, "name", "questions",
	    "attempts", "time-limit", "results", "state");
	for (i = 0; i < n; i++)
		printf("%-*s  %9lld  %9s  %10s  %7lld  %s\n", w, ex[i].name,
		    ex[i].questions, limit_text(ex[i].attempts, "unlimited",
		    "", at, sizeof at), limit_text(ex[i].time_limit, "none",
		    " min", tl, sizeof tl), ex[i].results,
		    ex[i].closed ? "closed" : "open");
	free(ex);
	return rc;
}

/* exams set NAME attempts N|unlimited, time-limit MINUTES|none,
 * shuffle MODE, or open|closed. */
int
bank_exams_set_prepare(struct job *j)
{
	const char *what = j->argv[1], *v = j->argv[2];
	int rc;

	if ((rc = cmd_exam_arg(j->argv[0])) != 0)
		return rc;
	if (strcmp(what, "open") == 0 || strcmp(what, "closed") == 0) {
		if (v != NULL) {
			warnx("exams set: '%s' takes no value", what);
			return EXIT_USAGE;
		}
		j->limit = 'o';
		j->value = strcmp(what, "closed") == 0;
		return 0;
	}
	if (v == NULL) {
		warnx("exams set: %s needs a value", what);
		return EXIT_USAGE;
	}
	if (strcmp(what, "attempts") == 0) {
		j->limit = 'a';
		if (strcmp(v, "unlimited") == 0)
			j->value = -1;
		else if (intparse_dec(v, 0, 1000000, &j->value) !=
		    INTPARSE_OK) {
			warnx("attempts: '%s' is not a number from 0 to 1000000 "
			    "or 'unlimited'", v);
			return EXIT_USAGE;
		}
	} else if (strcmp(what, "time-limit") == 0) {
		j->limit = 't';
		if (strcmp(v, "none") == 0)
			j->value = -1;
		else if (intparse_dec(v, 1, 10080, &j->value) !=
		    INTPARSE_OK) {
			warnx("time-limit: '%s' is not a number of minutes "
			    "from 1 to 10080 or 'none'", v);
			return EXIT_USAGE;
		}
	} else if (strcmp(what, "shuffle") == 0) {
		j->limit = 's';
		if ((j->value = shuffle_mode_parse(v)) < 0) {
			warnx("shuffle: '%s' is not one of none, questions, "
			    "choices, both", v);
			return EXIT_USAGE;
		}
	} else {
		warnx("exams set: expected 'attempts', 'time-limit', "
		    "'shuffle', 'open' or 'closed', not '%s'", what);
		return EXIT_USAGE;
	}
	return 0;
}

int
bank_exams_set_run(struct exadm *a, struct job *j)
{
	const char *exam = j->argv[0];
	long long v = j->value;
	int rc;

	if (j->limit == 'a')
		rc = exadm_set_attempts(a, exam, v);
	else if (j->limit == 't')
		rc = exadm_set_time_limit(a, exam, v);
	else if (j->limit == 's')
		rc = exadm_set_shuffle(a, exam, (int)v);
	else
		rc = exadm_set_closed(a, exam, (int)v);
	if ((rc = cmd_exam_status(rc, exam)) != EXIT_SUCCESS)
		return rc;
	/* One line: what changed. */
	if (j->limit == 'a' && v < 0)
		printf("%s: unlimited attempts\n", exam);
	else if (j->limit == 'a')
		printf("%s: %lld attempt%s per user\n", exam, v,
		    cli_plural(v));
	else if (j->limit == 't' && v < 0)
		printf("%s: no time limit\n", exam);
	else if (j->limit == 't')
		printf("%s: a time limit of %lld minute%s\n", exam, v,
		    cli_plural(v));
	else if (j->limit == 's')
		printf("%s: shuffle %s\n", exam, shuffle_mode_name((int)v));
	else if (v)
		printf("%s: closed (not offered; its results stay)\n", exam);
	else
		printf("%s: open (offered)\n", exam);
	return rc;
}

int
bank_exams_delete_prepare(struct job *j)
{
	return cmd_exam_arg(j->argv[0]);
}

int
bank_exams_delete_run(struct exadm *a, struct job *j)
{
	int rc;

	rc = cmd_exam_status(exadm_delete_exam(a, j->argv[0]), j->argv[0]);
	if (rc == EXIT_SUCCESS)
		printf("deleted the exam %s and its questions (its results "
		    "stay)\n", j->argv[0]);
	return rc;
}
