/* SPDX-License-Identifier: ISC */
/* examctl results' table and CSV (results.h). */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "db.h"
#include "exadm.h"
#include "results.h"
#include "score.h"

/* The results, kept for the aligned table (widths need every row). */
struct rows {
	struct row {
		char		*user, *exam, *finished, *peer;
		char		 score[48], pct[8];
	}		*r;
	size_t		 n, cap;
	int		 oom;
};

static int
keep_row(const struct exadm_result *res, void *arg)
{
	struct rows *t = arg;
	struct row *r, *bigger;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		if ((bigger = reallocarray(t->r, t->cap, sizeof *t->r)) ==
		    NULL) {
			t->oom = 1;
			return 1;
		}
		t->r = bigger;
	}
	r = &t->r[t->n];
	r->user = strdup(res->user);
	r->exam = strdup(res->exam);
	r->finished = strdup(res->finished_at);
	r->peer = strdup(res->peer);
	t->n++;
	if (!r->user || !r->exam || !r->finished || !r->peer) {
		t->oom = 1;
		return 1;
	}
	snprintf(r->score, sizeof r->score, "%lld/%lld", res->score,
	    res->total);
	snprintf(r->pct, sizeof r->pct, "%d%%",
	    score_percent(res->score, res->total));
	return 0;
}

/* One CSV record (RFC 4180: CRLF line ends, fields quoted as needed,
 * safe in a spreadsheet: csvout.h). */
static int
csv_row(const struct exadm_result *res, void *arg)
{
	char score[24], total[24], pct[8];
	const char *f[7];

	snprintf(score, sizeof score, "%lld", res->score);
	snprintf(total, sizeof total, "%lld", res->total);
	snprintf(pct, sizeof pct, "%d", score_percent(res->score, res->total));
	f[0] = res->user; f[1] = res->exam; f[2] = score; f[3] = total;
	f[4] = pct; f[5] = res->finished_at; f[6] = res->peer;
	/* A failed write is reported by cli_finish. */
	(void)csvout_record(stdout, f, 7);
	return 0;
}

static void
width(int *w, const char *s)
{
	if ((int)strlen(s) > *w)
		*w = (int)strlen(s);
}

int
results_print(struct exadm *a, const struct exadm_filter *f, int csv)
{
	struct rows t = { NULL, 0, 0, 0 };
	int wu = 8, we = 4, ws = 5, wf = 8, rc;
	size_t i;

	if (csv) {
		fputs("username,exam,score,total,percent,finished_at,peer\r\n",
		    stdout);
		rc = exadm_results(a, f, csv_row, NULL);
	} else
		rc = exadm_results(a, f, keep_row, &t);
	if (t.oom) {
		warnx("out of memory");
		rc = DB_ERROR;
	}
	if ((rc == DB_OK || rc == DB_NONE) && !csv) {
		for (i = 0; i < t.n; i++) {
			width(&wu, t.r[i].user);
			width(&we, t.r[i].exam);
			width(&ws, t.r[i].score);
			width(&wf, t.r[i].finished);
		}
		printf("%-*s  %-*s  %*s  %7s  %-*s  %s\n", wu, "username", we,
		    "exam", ws, "score", "percent", wf, "finished", "peer");
		for (i = 0; i < t.n; i++)
			printf("%-*s  %-*s  %*s  %7s  %-*s  %s\n", wu,
			    t.r[i].user, we, t.r[i].exam, ws, t.r[i].score,
			    t.r[i].pct, wf, t.r[i].finished, t.r[i].peer);
	}
	for (i = 0; i < t.n; i++) {
		free(t.r[i].user);
		free(t.r[i].exam);
		free(t.r[i].finished);
		free(t.r[i].peer);
	}
	free(t.r);
	return rc;
}
