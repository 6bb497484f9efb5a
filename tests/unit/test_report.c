/* SPDX-License-Identifier: ISC */
/* admin/report.c and its outputs (report_out.c, report_html.c): Moodle's
 * figures on a class worked out by hand, the cases where a figure cannot
 * be computed, and the text, CSV and HTML written from them.
 *
 * The hand-worked class: 4 attempts of 3 questions (rights a, b, c),
 *   attempt 1: a b c   marks 1 1 1  total 3
 *   attempt 2: a b a   marks 1 1 0  total 2
 *   attempt 3: a c a   marks 1 0 0  total 1
 *   attempt 4: b - b   marks 0 0 0  total 0   ("-": no answer)
 * Totals 3 2 1 0: mean 1.5 (50%), median 1.5 (50%), V(X) = 5/3 (over
 * n−1 = 3), SD = √(5/3) = 1.29099 = 43.033% of 3.
 * Marks: q1 1110, facility 75, V = 0.25; q2 1100, 50, V = 1/3; q3 1000,
 * 25, V = 0.25; ΣV = 5/6.
 * CIC = 100·3/2·(1 − (5/6)/(5/3)) = 75; error ratio = 100·√0.25 = 50;
 * standard error = 50 · 43.033 / 100 = 21.517.
 * q1's rest X−x = 2 1 0 0: Cov = 0.75/3 = 0.25, V(rest) = 2.75/3, so
 * 100·0.25/√(0.25·0.91667) = 52.223; q2's rest 2 1 1 0: Cov = 1/3, V = 2/3,
 * 100·(1/3)/√(2/9) = 70.711; q3's rest 2 2 1 0: as q1, 52.223.
 * Scores 100%, 66.7%, 33.3%, 0%: one attempt in bands 9, 6, 3 and 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qbank.h"
#include "report.h"
#include "report_out.h"
#include "tap.h"

#define near(got, want, what) do {					\
	double g_ = (got), w_ = (want);					\
	if (!tap_check(fabs(g_ - w_) < 0.001, __FILE__, __LINE__, (what))) \
		printf("#   got %.6f, want %.6f\n", g_, w_);		\
} while (0)

static struct qbank *
bank_of(int nq, const char *const *prompts, const char *rights,
    const int *nchoices)
{
	static const char *const ch[] = { "one", "two", "three", "four",
	    "five", "six" };
	struct qbank *b = qbank_new();
	int i;

	for (i = 0; b != NULL && i < nq; i++)
		if (qbank_add(b, prompts[i], ch, nchoices[i], rights[i]) !=
		    NULL) {
			qbank_free(b);
			return NULL;
		}
	return b;
}

/* Adds an attempt whose answers are the letters of s ('-': none). */
static void
attempt(struct report *r, const char *s)
{
	unsigned char *row = report_attempt(r);
	size_t i;

	if (row == NULL)
		return;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] != '-')
			(void)report_answer(r, row, (long long)i, s[i],
			    s[i] - 'a' == r->q[i].right);
}

/* What f writes, as a string (static). */
static const char *
out_of(int (*f)(FILE *, const struct report *), const struct report *r)
{
	static char buf[16384];
	size_t len;
	FILE *fp;

	if ((fp = fmemopen(buf, sizeof buf - 1, "w")) == NULL)
		return "";
	if (f(fp, r) != 0)
		fputs("(failed)", fp);
	len = (size_t)ftell(fp);
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

static const struct report_scope first = { 0, NULL };

static int
text_first(FILE *fp, const struct report *r)
{
	return report_write_text(fp, r, &first);
}

static void
test_by_hand(void)
{
	static const char *const p[] = { "Which layer is TCP?",
	    "=1+1 is a formula", "Pick <b>\"c\"</b> & 'go'" };
	static const int nc[] = { 3, 3, 3 };
	struct qbank *b = bank_of(3, p, "abc", nc);
	struct report *r;
	char *page = NULL;
	size_t plen = 0, i;
	FILE *fp;

	if (b == NULL || (r = report_new("math", b)) == NULL) {
		ok(0, "bank and report");
		qbank_free(b);
		return;
	}
	attempt(r, "abc");
	attempt(r, "aba");
	attempt(r, "aca");
	attempt(r, "b-b");
	ok(report_compute(r) == 0, "computes");
	is_int(r->n, 4, "4 attempts");
	near(r->mean, 50.0, "mean 50%");
	near(r->median, 50.0, "median 50% (between 1 and 2 of 3)");
	near(r->sd, 100.0 * sqrt(5.0 / 3.0) / 3.0, "SD √(5/3) of 3");
	near(r->cic, 75.0, "CIC 75");
	near(r->error_ratio, 50.0, "error ratio 50");
	near(r->std_error, 50.0 * 100.0 * sqrt(5.0 / 3.0) / 3.0 / 100.0,
	    "standard error: error ratio × SD / 100");
	near(r->q[0].facility, 75.0, "q1 facility 75");
	near(r->q[1].facility, 50.0, "q2 facility 50");
	near(r->q[2].facility, 25.0, "q3 facility 25");
	near(r->q[0].discrimination, 100.0 * 0.25 / sqrt(0.25 * 2.75 / 3.0),
	    "q1 discrimination 52.223");
	near(r->q[1].discrimination, 100.0 / sqrt(2.0),
	    "q2 discrimination 70.711");
	near(r->q[2].discrimination, r->q[0].discrimination,
	    "q3 discrimination as q1's");
	is_int(r->q[0].chosen[0] * 100 + r->q[0].chosen[1] * 10 +
	    r->q[0].chosen[2], 310, "q1 chosen a 3, b 1, c 0");
	is_int(r->q[1].chosen[0] * 100 + r->q[1].chosen[1] * 10 +
	    r->q[1].chosen[2], 21, "q2 chosen a 0, b 2, c 1 (one unanswered)");
	is_int(r->q[2].chosen[0] * 100 + r->q[2].chosen[1] * 10 +
	    r->q[2].chosen[2], 211, "q3 chosen a 2, b 1, c 1");
	ok(r->hist[0] == 1 && r->hist[3] == 1 && r->hist[6] == 1 &&
	    r->hist[9] == 1 && r->hist[1] + r->hist[2] + r->hist[4] +
	    r->hist[5] + r->hist[7] + r->hist[8] == 0,
	    "histogram: one in bands 0, 3, 6 and 9");

	is_str(out_of(text_first, r),
	    "exam math: 4 attempts (first attempts)\n"
	    "mean 50.0%, median 50.0%, standard deviation 43.0%\n"
	    "internal consistency (CIC) 75.0%, error ratio 50.0%, "
	    "standard error 21.5%\n"
	    "#  question                facility  discrimination  a   b   c\n"
	    "1  Which layer is TCP?        75.0%           52.2%  3*  1   0\n"
	    "2  =1+1 is a formula          50.0%           70.7%  0   2*  1\n"
	    "3  Pick <b>\"c\"</b> & 'go'     25.0%           52.2%  2   1   1*\n",
	    "the text report");
	is_str(out_of(report_write_csv, r),
	    "math,1,Which layer is TCP?,75.0,52.2,a,3,1,0,,,\r\n"
	    "math,2,'=1+1 is a formula,50.0,70.7,b,0,2,1,,,\r\n"
	    "math,3,\"Pick <b>\"\"c\"\"</b> & 'go'\",25.0,52.2,c,2,1,1,,,\r\n",
	    "the CSV records: formula marked, quotes doubled, e and f empty");

	/* The page: escaped everywhere, self-contained. */
	if ((fp = open_memstream(&page, &plen)) != NULL) {
		ok(report_write_html(fp, &r, 1, &first) == 0, "HTML written");
		fclose(fp);
	}
	if (page != NULL) {
		ok(strstr(page, "Pick &lt;b&gt;&quot;c&quot;&lt;/b&gt; &amp; "
		    "&#39;go&#39;") != NULL, "question text escaped");
		ok(strstr(page, "<b>") == NULL, "no tag from the data");
		ok(strstr(page, "<script") == NULL && strstr(page, "http") ==
		    NULL && strstr(page, "src=") == NULL &&
		    strstr(page, "url(") == NULL,
		    "no script, no address, nothing to fetch");
		ok(strstr(page, "<title>Exam report: math</title>") != NULL,
		    "titled by the exam");
		ok(strstr(page, "prefers-color-scheme:dark") != NULL &&
		    strstr(page, "@media print") != NULL,
		    "dark and print rules");
		ok(strstr(page, " 0 to 9%: 1; 10 to 19%: 0;") != NULL,
		    "the histogram's counts in its description");
		ok(strstr(page, "<rect class=\"v\" width=\"75.0\"") != NULL,
		    "q1's facility bar is 75 long");
		for (i = 0; i < plen; i++)
			if ((unsigned char)page[i] < 0x20 && page[i] != '\n')
				break;
		ok(i == plen, "no control character in the page");
	}
	free(page);
	report_free(r);
	qbank_free(b);
}

static void
test_not_computable(void)
{
	static const char *const p[] = { "One", "Two" };
	static const int nc[] = { 2, 4 };
	struct qbank *b = bank_of(2, p, "ab", nc), *one = NULL;
	struct report *r;
	unsigned char *row;
	char buf[16];

	if (b == NULL || (r = report_new("e", b)) == NULL) {
		ok(0, "bank and report");
		qbank_free(b);
		return;
	}
	ok(isnan(r->mean) && isnan(r->median) && isnan(r->q[0].facility),
	    "no attempts: every figure '-'");
	is_str(out_of(report_write_csv, r),
	    "e,1,One,-,-,a,0,0,,,,\r\n" "e,2,Two,-,-,b,0,0,0,0,,\r\n",
	    "and the CSV says '-', counts 0, empty past the last choice");

	attempt(r, "ab");
	report_compute(r);
	near(r->mean, 100.0, "one attempt: its score is the mean");
	near(r->median, 100.0, "and the median");
	ok(isnan(r->sd) && isnan(r->cic) && isnan(r->error_ratio) &&
	    isnan(r->std_error), "SD, CIC, error ratio, SE need two");
	ok(isnan(r->q[0].discrimination), "discrimination needs two");
	near(r->q[0].facility, 100.0, "facility needs one");

	attempt(r, "ab");
	report_compute(r);
	near(r->sd, 0.0, "two alike: SD 0");
	ok(isnan(r->cic) && isnan(r->std_error),
	    "V(X) = 0: CIC and what follows '-'");
	ok(isnan(r->q[1].discrimination), "V(x) = 0: discrimination '-'");

	attempt(r, "bd");
	attempt(r, "a-");
	report_compute(r);
	/* Totals 2 2 0 1; q1 1101, q2 1100. q2's rest (q1) 1 1 0 1 against
	 * q2: Cov = (Σxy − ΣxΣy/n)/3 = (2 − 2·3/4)/3 = 1/6; V(q2) = 1/3,
	 * V(rest) = 0.25: 100·(1/6)/√(1/12) = 57.735. */
	near(r->q[1].discrimination, 100.0 / 6.0 / sqrt(1.0 / 12.0),
	    "q2 discrimination 57.735");
	is_int(r->q[1].chosen[3], 1, "the fourth letter counted");
	near(r->median, 75.0, "median of 0 1 2 2 is 1.5 of 2");
	ok(report_answer(r, report_attempt(r), 2, 'a', 1) == -1,
	    "an answer past the bank is left out");
	row = r->chosen + (r->n - 1) * r->nq;
	ok(row[0] == 0 && row[1] == 0, "and the row is unanswered");
	ok(report_answer(r, row, 0, 'c', 1) == -1 &&
	    report_answer(r, row, 1, 'e', 0) == -1 &&
	    report_answer(r, row, -1, 'a', 1) == -1,
	    "a letter past the question's choices is not counted");
	ok(row[0] == REPORT_RIGHT && row[1] == 0, "but its mark is kept");
	report_compute(r);
	is_int(r->q[0].chosen[0] + r->q[0].chosen[1] + r->q[0].chosen[2], 4,
	    "q1: four letters counted of five attempts");
	near(r->q[0].facility, 80.0, "and four right of five");
	report_free(r);

	/* One question: no CIC, and no rest to correlate with. */
	if ((one = bank_of(1, p, "a", nc)) != NULL &&
	    (r = report_new("solo", one)) != NULL) {
		attempt(r, "a");
		attempt(r, "b");
		attempt(r, "a");
		report_compute(r);
		ok(isnan(r->cic) && isnan(r->q[0].discrimination) &&
		    !isnan(r->sd), "one question: CIC and discrimination '-'");
		report_free(r);
	}
	qbank_free(one);
	qbank_free(b);
	is_str(report_fig(buf, sizeof buf, -0.04), "0.0", "never -0.0");
	is_str(report_fig(buf, sizeof buf, -12.25), "-12.2", "one decimal");
	is_str(report_pct(buf, sizeof buf, NAN), "-", "'-' has no %");
}

/* A negative discrimination: the strong attempts miss the question. */
static void
test_negative(void)
{
	static const char *const p[] = { "A", "B", "C" };
	static const int nc[] = { 2, 2, 2 };
	struct qbank *b = bank_of(3, p, "aaa", nc);
	struct report *r;
	char csv[512];

	if (b == NULL || (r = report_new("neg", b)) == NULL) {
		ok(0, "bank and report");
		qbank_free(b);
		return;
	}
	attempt(r, "baa");
	attempt(r, "baa");
	attempt(r, "abb");
	attempt(r, "abb");
	attempt(r, "bab");
	report_compute(r);
	ok(r->q[0].discrimination < 0, "q1: right only for weak attempts");
	snprintf(csv, sizeof csv, "%s", out_of(report_write_csv, r));
	ok(strncmp(csv, "neg,1,A,40.0,-", 14) == 0,
	    "a negative figure is written as a number, no mark");
	report_free(r);
	qbank_free(b);
}

int
main(void)
{
	test_by_hand();
	test_not_computable();
	test_negative();
	return tap_done();
}
