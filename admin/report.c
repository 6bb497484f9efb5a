/* SPDX-License-Identifier: ISC */
/* The teacher's report's figures (report.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct report *
report_new(const char *exam, const struct qbank *bank)
{
	struct report *r;
	size_t i;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->exam = exam;
	r->nq = bank->n;
	if (r->nq > 0 && (r->q = calloc(r->nq, sizeof *r->q)) == NULL) {
		free(r);
		return NULL;
	}
	for (i = 0; i < r->nq; i++) {
		r->q[i].text = bank->q[i].prompt;
		r->q[i].nchoices = bank->q[i].nchoices;
		r->q[i].right = bank->q[i].answer - 'a';
	}
	(void)report_compute(r);	/* no attempts: nothing to allocate */
	return r;
}

void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	free(r->q);
	free(r->chosen);
	free(r);
}

unsigned char *
report_attempt(struct report *r)
{
	unsigned char *bigger, *row;
	size_t cap;

	if (r->n == r->cap) {
		cap = r->cap ? 2 * r->cap : 64;
		/* An exam without questions still counts its attempts. */
		if (r->nq > 0 && cap > SIZE_MAX / r->nq)
			return NULL;
		if ((bigger = realloc(r->chosen, cap * (r->nq ? r->nq : 1))) ==
		    NULL)
			return NULL;
		r->chosen = bigger;
		r->cap = cap;
	}
	row = r->chosen + r->n * r->nq;
	memset(row, 0, r->nq);
	r->n++;
	return row;
}

int
report_answer(const struct report *r, unsigned char *row, long long pos,
    char letter, int correct)
{
	if (pos < 0 || (unsigned long long)pos >= r->nq)
		return -1;
	row[pos] = correct ? REPORT_RIGHT : 0;
	if (letter < 'a' || letter - 'a' >= r->q[pos].nchoices)
		return -1;
	row[pos] |= (unsigned char)(1 + (letter - 'a'));
	return 0;
}

/* k-th smallest total (from 1) given how many attempts have each total
 * 0..nq. */
static long long
kth_total(const long long *count, size_t nq, long long k)
{
	size_t t;

	for (t = 0; t < nq; t++) {
		if (k <= count[t])
			return (long long)t;
		k -= count[t];
	}
	return (long long)nq;
}

int
report_compute(struct report *r)
{
	/* Per question: attempts right (Σx, which is also Σx² for 0/1
	 * marks) and Σx·X; per attempt total, how many attempts have it. */
	long long *sx = NULL, *sxt = NULL, *count = NULL;
	long long n = (long long)r->n, P = (long long)r->nq, st = 0, stt = 0;
	long long sxx_sum = 0, s_tt, s_xx, s_xt, s_xr, s_rr, t, b;
	const unsigned char *row;
	size_t i, k;
	int rc = -1;

	r->mean = r->median = r->sd = NAN;
	r->cic = r->error_ratio = r->std_error = NAN;
	memset(r->hist, 0, sizeof r->hist);
	for (k = 0; k < r->nq; k++) {
		r->q[k].facility = r->q[k].discrimination = NAN;
		memset(r->q[k].chosen, 0, sizeof r->q[k].chosen);
	}
	if (n == 0 || P == 0)
		return 0;
	sx = calloc(r->nq, sizeof *sx);
	sxt = calloc(r->nq, sizeof *sxt);
	count = calloc(r->nq + 1, sizeof *count);
	if (sx == NULL || sxt == NULL || count == NULL)
		goto out;

	/* The one pass: each attempt's total, then its marks against it. */
	for (i = 0; i < r->n; i++) {
		row = r->chosen + i * r->nq;
		t = 0;
		for (k = 0; k < r->nq; k++)
			t += (row[k] & REPORT_RIGHT) != 0;
		for (k = 0; k < r->nq; k++) {
			if ((row[k] & REPORT_LETTER) != 0)
				r->q[k].chosen[(row[k] & REPORT_LETTER) - 1]++;
			if (row[k] & REPORT_RIGHT) {
				sx[k]++;
				sxt[k] += t;
			}
		}
		st += t;
		stt += t * t;
		count[t]++;
		/* Bands of 10 points; 100% joins the last. */
		b = t * REPORT_BINS / P;
		r->hist[b < REPORT_BINS ? b : REPORT_BINS - 1]++;
	}

	/* n(n−1) times the (co)variances, exactly: S_ab = nΣab − ΣaΣb. */
	r->mean = 100.0 * (double)st / (double)(n * P);
	if (n % 2)
		r->median = 100.0 * (double)kth_total(count, r->nq,
		    (n + 1) / 2) / (double)P;
	else
		r->median = 100.0 * (double)(kth_total(count, r->nq, n / 2) +
		    kth_total(count, r->nq, n / 2 + 1)) / 2.0 / (double)P;
	s_tt = n * stt - st * st;
	if (n >= 2)
		r->sd = 100.0 / (double)P *
		    sqrt((double)s_tt / ((double)n * (double)(n - 1)));
	for (k = 0; k < r->nq; k++) {
		r->q[k].facility = 100.0 * (double)sx[k] / (double)n;
		s_xx = n * sx[k] - sx[k] * sx[k];
		s_xt = n * sxt[k] - sx[k] * st;
		/* The rest of the exam, X − x. */
		s_xr = s_xt - s_xx;
		s_rr = s_tt + s_xx - 2 * s_xt;
		sxx_sum += s_xx;
		if (n >= 2 && s_xx > 0 && s_rr > 0)
			r->q[k].discrimination = 100.0 * (double)s_xr /
			    sqrt((double)s_xx * (double)s_rr);
	}
	if (n >= 2 && P >= 2 && s_tt > 0) {
		r->cic = 100.0 * (double)P / (double)(P - 1) *
		    (1.0 - (double)sxx_sum / (double)s_tt);
		/* CIC is at most 100; keep rounding from taking √ of < 0. */
		r->error_ratio = 100.0 * sqrt(fmax(0.0, 1.0 - r->cic / 100.0));
		r->std_error = r->error_ratio * r->sd / 100.0;
	}
	rc = 0;
out:
	free(sx);
	free(sxt);
	free(count);
	return rc;
}
