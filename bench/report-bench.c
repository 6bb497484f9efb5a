/* SPDX-License-Identifier: ISC */
/* Prices the teacher's report apart from the database: a class of
 * ATTEMPTS attempts of QUESTIONS questions (2 to 6 choices each) made up
 * in memory, each attempt right with a probability that grows with a
 * made-up ability and falls with the question's difficulty, a few
 * answers left out; then the figures (report_compute, one pass) and the
 * text, CSV and HTML outputs (to /dev/null, or the page to HTML-FILE),
 * each timed in CPU milliseconds, and the process's peak RSS. The same
 * seed gives the same class, so HTML-FILE is a realistic page for the
 * browser test. */
#include <sys/resource.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "intparse.h"
#include "qbank.h"
#include "report.h"
#include "report_out.h"

static double
cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* xorshift64*: the same class on every run. */
static uint64_t seed = 0x9e3779b97f4a7c15ULL;

static double
uniform(void)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return (double)((seed * 0x2545f4914f6cdd1dULL) >> 11) /
	    9007199254740992.0;	/* 2^53 */
}

int
main(int argc, char *argv[])
{
	static const char *const ch[] = { "Network", "Transport", "Session",
	    "Application", "Physical", "Data link" };
	static const struct report_scope scope = { 0, NULL };
	struct qbank *b;
	struct report *r;
	struct rusage ru;
	unsigned char *row;
	long long na, nq, i, k;
	double t0, tc, tt, tv, th, ability, d, p, u;
	char prompt[96];
	int nc, wrong;
	FILE *out, *html;

	if ((argc != 3 && argc != 4) ||
	    intparse_dec(argv[1], 0, 10000000, &na) != INTPARSE_OK ||
	    intparse_dec(argv[2], 1, QBANK_MAX_QUESTIONS, &nq) !=
	    INTPARSE_OK) {
		fprintf(stderr, "usage: report-bench ATTEMPTS QUESTIONS "
		    "[HTML-FILE]\n");
		return 2;
	}
	if ((b = qbank_new()) == NULL)
		goto oom;
	for (k = 0; k < nq; k++) {
		nc = 2 + (int)(k % 5);
		snprintf(prompt, sizeof prompt, "Question %lld: which of "
		    "these %d fits layer %lld best?", k + 1, nc, k % 7 + 1);
		if (qbank_add(b, prompt, ch, nc, (char)('a' + (k * 7) % nc)) !=
		    NULL)
			goto oom;
	}
	if ((r = report_new("bench", b)) == NULL)
		goto oom;
	for (i = 0; i < na; i++) {
		if ((row = report_attempt(r)) == NULL)
			goto oom;
		ability = 4.0 * uniform() - 1.5;
		for (k = 0; k < nq; k++) {
			nc = r->q[k].nchoices;
			d = (double)((k * 37) % 100) / 25.0 - 2.0;
			p = 1.0 / (1.0 + exp(d - ability));
			if ((u = uniform()) < 0.03)
				continue;		/* left out */
			if (uniform() < p)
				report_answer(r, row, k,
				    (char)('a' + r->q[k].right), 1);
			else {
				wrong = (int)(uniform() * (nc - 1));
				if (wrong >= r->q[k].right)
					wrong++;
				report_answer(r, row, k, (char)('a' + wrong),
				    0);
			}
		}
	}
	if ((out = fopen("/dev/null", "w")) == NULL) {
		perror("report-bench: /dev/null");
		return 1;
	}
	html = out;
	if (argc == 4 && (html = fopen(argv[3], "w")) == NULL) {
		perror(argv[3]);
		return 1;
	}
	t0 = cpu_ms();
	if (report_compute(r) != 0)
		goto oom;
	tc = cpu_ms() - t0;
	t0 = cpu_ms();
	report_write_text(out, r, &scope);
	tt = cpu_ms() - t0;
	t0 = cpu_ms();
	report_write_csv_header(out);
	report_write_csv(out, r);
	tv = cpu_ms() - t0;
	t0 = cpu_ms();
	report_write_html(html, &r, 1, &scope);
	th = cpu_ms() - t0;
	if (fflush(out) == EOF || fflush(html) == EOF ||
	    (html != out && fclose(html) == EOF)) {
		perror("report-bench: writing");
		return 1;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%lld attempts x %lld questions: compute %.2f ms, text %.2f ms, "
	    "CSV %.2f ms, HTML %.2f ms CPU; peak RSS %ld KiB; mean %.1f%%, "
	    "CIC %.1f%%\n", na, nq, tc, tt, tv, th, ru.ru_maxrss, r->mean,
	    r->cic);
	report_free(r);
	qbank_free(b);
	fclose(out);
	return 0;
oom:
	fprintf(stderr, "report-bench: out of memory\n");
	return 1;
}
