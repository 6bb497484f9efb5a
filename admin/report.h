/* SPDX-License-Identifier: ISC */
/* The teacher's report (SPEC §6) over one exam, in memory: a matrix of the
 * letters chosen (attempts × questions, in the bank's order) and the
 * figures Moodle's quiz statistics give, computed in one pass over it.
 *
 * Every mark is 0 or 1 (the answer was right when it was given, as
 * stored; an unanswered question is 0). With n attempts, P questions, x
 * a question's mark and X an attempt's total:
 *   facility       = 100 · mean(x)
 *   discrimination = 100 · Cov(x, X−x) / √(V(x) · V(X−x))
 *   CIC            = 100 · P/(P−1) · (1 − ΣV(xᵢ) / V(X))
 *   error ratio    = 100 · √(1 − CIC/100)
 *   standard error = error ratio · SD / 100
 * and the score's mean, median and standard deviation in percent of P;
 * variances and covariances over n−1. The sums are kept as integers, so
 * "this variance is zero" is exact. A figure that needs more attempts than
 * there are (two for a variance), a second question (CIC), or divides by
 * a zero variance is NAN: the outputs print it as "-". */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

#include "qbank.h"

#define REPORT_BINS	10	/* the score histogram: 0-9%, ..., 90-100% */
#define REPORT_RIGHT	0x80	/* a row entry: the answer was right */
#define REPORT_LETTER	0x07	/* a row entry: 1 + the letter's index */

struct report_question {
	const char	*text;		/* the bank's, not copied */
	int		 nchoices;
	int		 right;		/* index of the right choice, from 0 */
	/* Computed: */
	double		 facility, discrimination;	/* NAN: "-" */
	long long	 chosen[QBANK_MAX_CHOICES];	/* per letter */
};

struct report {
	const char	*exam;		/* not copied */
	size_t		 nq;
	struct report_question *q;
	/* The attempts: row i is chosen[i * nq ...], one entry per
	 * question: REPORT_RIGHT when its mark is 1, and in REPORT_LETTER 0
	 * for no answer or 1 + the index of the letter chosen, in the
	 * bank's order. */
	unsigned char	*chosen;
	size_t		 n, cap;
	/* Computed: the score in percent of nq. */
	double		 mean, median, sd;
	double		 cic, error_ratio, std_error;	/* NAN: "-" */
	long long	 hist[REPORT_BINS];	/* attempts per band of 10% */
};

/* A report on exam with bank's questions (both kept, not copied: they
 * must outlive it) and no attempts yet. NULL when out of memory. Freed
 * with report_free. */
struct report *report_new(const char *exam, const struct qbank *bank);

/* Frees r; NULL is allowed. */
void report_free(struct report *r);

/* Appends an attempt with no answers and returns its row of r->nq
 * entries to fill (valid until the next report_attempt), or NULL when out
 * of memory. */
unsigned char *report_attempt(struct report *r);

/* Records in row that question pos (from 0) was answered with letter
 * ('a'...), right (mark 1) when correct, as stored when it was given. A
 * position past the bank is left out; a letter past the question's
 * choices (the bank was replaced after the attempt) keeps its mark but is
 * not counted. Returns 0 when all was recorded, -1 otherwise. */
int report_answer(const struct report *r, unsigned char *row, long long pos,
    char letter, int correct);

/* Computes every figure of r from its attempts, in one pass over them.
 * Returns 0, or -1 when out of memory (the figures are then "-"). */
int report_compute(struct report *r);

#endif
