/* SPDX-License-Identifier: ISC */
/* examctl report and examctl answers (examctl_report.h). */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvout.h"
#include "db.h"
#include "examctl_cmd.h"
#include "examctl_report.h"
#include "exadm.h"
#include "report.h"
#include "report_out.h"

/* One exam read into a report: exadm gives the bank first, then the
 * answers attempt by attempt; the report is made at the first row (or
 * after the last, for an exam without attempts). */
struct reading {
	const char	*exam;
	struct qbank	**bank;		/* exadm sets it before any row */
	struct report	*r;
	long long	 last;		/* the attempt being read, -1: none */
	unsigned char	*row;
	/* answers: who finished each attempt, and when */
	int		 who;
	char		**user, **finished;
	size_t		 cap;
};

static void
reading_free(struct reading *rd)
{
	size_t i;

	if (rd->r != NULL)
		for (i = 0; rd->user != NULL && i < rd->r->n; i++) {
			free(rd->user[i]);
			free(rd->finished[i]);
		}
	free(rd->user);
	free(rd->finished);
	report_free(rd->r);
	rd->r = NULL;
	rd->user = rd->finished = NULL;
}

static int
keep_who(struct reading *rd, const struct exadm_answer *ans)
{
	size_t i = rd->r->n - 1;
	char **u, **f;

	if (i >= rd->cap) {
		rd->cap = rd->cap ? 2 * rd->cap : 64;
		if ((u = reallocarray(rd->user, rd->cap, sizeof *u)) == NULL)
			return -1;
		rd->user = u;
		if ((f = reallocarray(rd->finished, rd->cap, sizeof *f)) ==
		    NULL)
			return -1;
		rd->finished = f;
	}
	rd->user[i] = strdup(ans->user);
	rd->finished[i] = strdup(ans->finished_at);
	return rd->user[i] == NULL || rd->finished[i] == NULL ? -1 : 0;
}

static int
take_answer(const struct exadm_answer *ans, void *arg)
{
	struct reading *rd = arg;

	if (rd->r == NULL && (rd->r = report_new(rd->exam, *rd->bank)) ==
	    NULL)
		goto oom;
	if (ans->attempt != rd->last) {
		if ((rd->row = report_attempt(rd->r)) == NULL)
			goto oom;
		rd->last = ans->attempt;
		if (rd->who && keep_who(rd, ans) != 0)
			goto oom;
	}
	/* An answer the bank no longer holds (replaced since) is left
	 * out, as report_answer says. */
	if (ans->position > 0)
		(void)report_answer(rd->r, rd->row, ans->position - 1,
		    ans->letter, ans->correct);
	return 0;
oom:
	warnx("out of memory");
	return 1;
}

/* Reads exam's finished attempts that pass since and all into rd (zeroed
 * here) with its figures computed; *bank must outlive rd's report. */
static int
read_exam(struct exadm *a, const char *exam, const char *since, int all,
    int who, struct reading *rd, struct qbank **bank)
{
	struct exadm_attempts_filter f = { exam, since, all };
	int rc;

	memset(rd, 0, sizeof *rd);
	rd->exam = exam;
	rd->bank = bank;
	rd->last = -1;
	rd->who = who;
	rc = exadm_attempt_answers(a, &f, bank, take_answer, rd);
	if (rc == DB_OK && rd->r == NULL &&
	    (rd->r = report_new(exam, *bank)) == NULL)
		rc = DB_ERROR;
	if (rc == DB_OK && report_compute(rd->r) != 0)
		rc = DB_ERROR;
	if (rc == DB_ERROR && rd->r == NULL)
		warnx("out of memory");
	return rc;
}

/* Every exam a command reads: --exam's, or each exam by name. */
struct readings {
	struct exadm_exam *list;	/* every exam, without --exam */
	struct reading	*rd;		/* k of them read */
	struct qbank	**banks;	/* rd[i]'s bank */
	size_t		 n, k;
};

/* Reads into rs (zeroed here) the exams j names, each with the finished
 * attempts that pass since and all, kept as read_exam keeps them; an exam
 * deleted since the list was read is left out. Returns EXIT_SUCCESS, or
 * the failure's exit status after saying why; readings_free frees rs
 * either way. */
static int
read_exams(struct exadm *a, const struct job *j, const char *since, int all,
    int who, struct readings *rs)
{
	const char *name;
	size_t i, slots;
	int rc;

	memset(rs, 0, sizeof *rs);
	if (j->exam != NULL)
		rs->n = 1;
	else if ((rc = exadm_list_exams(a, &rs->list, &rs->n)) != DB_OK)
		return cmd_status(rc);
	slots = rs->n ? rs->n : 1;
	rs->rd = calloc(slots, sizeof *rs->rd);
	rs->banks = calloc(slots, sizeof *rs->banks);
	if (rs->rd == NULL || rs->banks == NULL) {
		warnx("out of memory");
		return EXIT_FAILURE;
	}
	for (i = 0; i < rs->n; i++) {
		name = j->exam != NULL ? j->exam : rs->list[i].name;
		rc = read_exam(a, name, since, all, who, &rs->rd[rs->k],
		    &rs->banks[rs->k]);
		if (rc == DB_NONE && j->exam == NULL)
			continue;
		if (rc != DB_OK)
			return cmd_exam_status(rc, name);
		rs->k++;
	}
	return EXIT_SUCCESS;
}

static void
readings_free(struct readings *rs)
{
	size_t i;

	for (i = 0; rs->rd != NULL && i < rs->n; i++) {
		reading_free(&rs->rd[i]);
		qbank_free(rs->banks[i]);
	}
	free(rs->rd);
	free(rs->banks);
	free(rs->list);
}

int
report_cmd_prepare(struct job *j)
{
	if (j->since != NULL && cmd_since_arg(j->since) != 0)
		return EXIT_USAGE;
	if (j->csv && j->html != NULL) {
		warnx("report: --csv and --html are one or the other");
		return EXIT_USAGE;
	}
	return 0;
}

/* Writes the page to file; a failure removes it and says why. */
static int
write_page(const char *file, struct report *const rs[], size_t n,
    const struct report_scope *s)
{
	FILE *fp;
	int w;

	if ((fp = fopen(file, "w")) == NULL) {
		warn("%s", file);
		return EXIT_FAILURE;
	}
	w = report_write_html(fp, rs, n, s);
	if (fclose(fp) != 0 || w != 0) {
		warn("%s", file);
		(void)unlink(file);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

int
report_cmd_run(struct exadm *a, struct job *j)
{
	struct report_scope scope = { j->all_attempts, j->since };
	struct readings rd;
	struct report **rs = NULL;
	size_t i, k;
	int status;

	if ((status = read_exams(a, j, j->since, j->all_attempts, 0, &rd)) !=
	    EXIT_SUCCESS)
		goto out;
	k = rd.k;
	if ((rs = calloc(k ? k : 1, sizeof *rs)) == NULL) {
		warnx("out of memory");
		status = EXIT_FAILURE;
		goto out;
	}
	for (i = 0; i < k; i++)
		rs[i] = rd.rd[i].r;
	if (j->html != NULL)
		status = write_page(j->html, rs, k, &scope);
	else if (j->csv) {
		report_write_csv_header(stdout);
		for (i = 0; i < k; i++)
			report_write_csv(stdout, rs[i]);
		/* cli_finish checks stdout */
	} else {
		for (i = 0; i < k; i++) {
			if (i > 0)
				putchar('\n');
			report_write_text(stdout, rs[i], &scope);
		}
	}
out:
	readings_free(&rd);
	free(rs);
	return status;
}

/* One exam's answers as an aligned table. */
static void
answers_text(const struct reading *rd)
{
	const struct report *r = rd->r;
	const unsigned char *row;
	size_t i, k, wu = strlen("username"), wf = strlen("finished");
	char score[48];
	int c;

	printf("exam %s: %zu finished attempt%s\n", r->exam, r->n,
	    r->n == 1 ? "" : "s");
	for (i = 0; i < r->n; i++) {
		if (strlen(rd->user[i]) > wu)
			wu = strlen(rd->user[i]);
		if (strlen(rd->finished[i]) > wf)
			wf = strlen(rd->finished[i]);
	}
	printf("%-*s  %-*s  score", (int)wu, "username", (int)wf, "finished");
	for (k = 0; k < r->nq; k++)
		printf(" %3zu", k + 1);
	putchar('\n');
	for (i = 0; i < r->n; i++) {
		row = r->chosen + i * r->nq;
		c = 0;
		for (k = 0; k < r->nq; k++)
			c += (row[k] & REPORT_RIGHT) != 0;
		snprintf(score, sizeof score, "%d/%zu", c, r->nq);
		printf("%-*s  %-*s  %5s", (int)wu, rd->user[i], (int)wf,
		    rd->finished[i], score);
		for (k = 0; k < r->nq; k++)
			printf("   %c", row[k] & REPORT_LETTER ?
			    'a' + (row[k] & REPORT_LETTER) - 1 : '-');
		putchar('\n');
	}
}

/* One exam's answers as CSV records of width columns of letters. */
static void
answers_csv(const struct reading *rd, size_t width)
{
	const struct report *r = rd->r;
	const unsigned char *row;
	const char **f;
	char (*letter)[2], score[24], total[24];
	size_t i, k;
	int c;

	f = calloc(5 + width, sizeof *f);
	letter = calloc(width ? width : 1, sizeof *letter);
	if (f == NULL || letter == NULL) {
		warnx("out of memory");
		free(f);
		free(letter);
		return;
	}
	for (i = 0; i < r->n; i++) {
		row = r->chosen + i * r->nq;
		c = 0;
		for (k = 0; k < width; k++) {
			letter[k][0] = k < r->nq && row[k] & REPORT_LETTER ?
			    (char)('a' + (row[k] & REPORT_LETTER) - 1) : '\0';
			letter[k][1] = '\0';
			f[5 + k] = letter[k];
			if (k < r->nq)
				c += (row[k] & REPORT_RIGHT) != 0;
		}
		snprintf(score, sizeof score, "%d", c);
		snprintf(total, sizeof total, "%zu", r->nq);
		f[0] = r->exam;
		f[1] = rd->user[i];
		f[2] = rd->finished[i];
		f[3] = score;
		f[4] = total;
		(void)csvout_record(stdout, f, 5 + width);
	}
	free(f);
	free(letter);
}

int
answers_cmd_run(struct exadm *a, struct job *j)
{
	struct readings rd;
	size_t i, width = 0;
	int status;

	if ((status = read_exams(a, j, NULL, 1, 1, &rd)) != EXIT_SUCCESS)
		goto out;
	for (i = 0; i < rd.k; i++)
		if (rd.rd[i].r->nq > width)
			width = rd.rd[i].r->nq;
	if (j->csv) {
		/* One header for every exam: as many question columns as
		 * the longest exam has. */
		fputs("exam,username,finished_at,score,total", stdout);
		for (i = 0; i < width; i++)
			printf(",q%zu", i + 1);
		fputs("\r\n", stdout);
		for (i = 0; i < rd.k; i++)
			answers_csv(&rd.rd[i], width);
	} else
		for (i = 0; i < rd.k; i++) {
			if (i > 0)
				putchar('\n');
			answers_text(&rd.rd[i]);
		}
out:
	readings_free(&rd);
	return status;
}
