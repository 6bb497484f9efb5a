/* SPDX-License-Identifier: ISC */
/* The teacher's report as text and as CSV (report_out.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvout.h"
#include "report_out.h"
#include "utf8.h"

const char *
report_fig(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		/* Never "-0.0": a figure that rounds to zero is zero. */
		snprintf(buf, size, "%.1f", fabs(v) < 0.05 ? 0.0 : v);
	return buf;
}

const char *
report_pct(char *buf, size_t size, double v)
{
	size_t len;

	report_fig(buf, size, v);
	len = strlen(buf);
	if (!isnan(v) && len + 1 < size) {
		buf[len] = '%';
		buf[len + 1] = '\0';
	}
	return buf;
}

/* How many characters (code points) s has. The bank's texts are valid
 * UTF-8 (qbank); a byte that is not counts as one character. */
static size_t
chars_of(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), chars = 0, seq, i;

	for (i = 0; i < len; i += seq, chars++)
		if ((seq = utf8_seq(p + i, len - i)) == 0)
			seq = 1;
	return chars;
}

/* Writes s shortened to width characters (a tab as a space, the last
 * one an ellipsis when it is cut), padded with spaces to width. */
static int
put_cell(FILE *fp, const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), chars = chars_of(s), seq, i;

	for (i = 0; i < len && width > 0; i += seq, width--) {
		if ((seq = utf8_seq(p + i, len - i)) == 0)
			seq = 1;
		if (chars > width && width == 1)
			return fputs("\xe2\x80\xa6", fp) == EOF ? -1 : 0;
		if (p[i] == '\t' ? putc(' ', fp) == EOF :
		    fwrite(p + i, 1, seq, fp) != seq)
			return -1;
		chars--;
	}
	for (; width > 0; width--)
		if (putc(' ', fp) == EOF)
			return -1;
	return 0;
}

/* The most choices any question of r has: the table's letter columns. */
static int
letters(const struct report *r)
{
	size_t k;
	int m = 0;

	for (k = 0; k < r->nq; k++)
		if (r->q[k].nchoices > m)
			m = r->q[k].nchoices;
	return m;
}

int
report_write_text(FILE *fp, const struct report *r,
    const struct report_scope *s)
{
	char a[16], b[16], c[16], cell[32];
	int nl = letters(r), w[QBANK_MAX_CHOICES], l, len, wn;
	size_t k, wq = strlen("question");

	fprintf(fp, "exam %s: %zu attempt%s (%s%s%s)\n", r->exam, r->n,
	    r->n == 1 ? "" : "s", s->all ? "all attempts" : "first attempts",
	    s->since ? ", since " : "", s->since ? s->since : "");
	fprintf(fp, "mean %s, median %s, standard deviation %s\n",
	    report_pct(a, sizeof a, r->mean),
	    report_pct(b, sizeof b, r->median),
	    report_pct(c, sizeof c, r->sd));
	fprintf(fp, "internal consistency (CIC) %s, error ratio %s, "
	    "standard error %s\n", report_pct(a, sizeof a, r->cic),
	    report_pct(b, sizeof b, r->error_ratio),
	    report_pct(c, sizeof c, r->std_error));
	/* Each letter's column is as wide as its largest count, plus the
	 * right answer's mark. */
	for (l = 0; l < nl; l++) {
		w[l] = 2;
		for (k = 0; k < r->nq; k++) {
			len = snprintf(cell, sizeof cell, "%lld*",
			    r->q[k].chosen[l]);
			if (len > w[l])
				w[l] = len;
		}
	}
	for (k = 0; k < r->nq; k++)
		if (chars_of(r->q[k].text) > wq)
			wq = chars_of(r->q[k].text);
	if (wq > REPORT_TEXT_WIDTH)
		wq = REPORT_TEXT_WIDTH;
	len = snprintf(cell, sizeof cell, "%zu", r->nq);
	wn = len > 1 ? len : 1;
	fprintf(fp, "%*s  ", wn, "#");
	put_cell(fp, "question", wq);
	fprintf(fp, "  %8s  %14s", "facility", "discrimination");
	for (l = 0; l < nl; l++)
		fprintf(fp, "  %-*c", l + 1 < nl ? w[l] : 1, 'a' + l);
	fputc('\n', fp);
	for (k = 0; k < r->nq; k++) {
		fprintf(fp, "%*zu  ", wn, k + 1);
		put_cell(fp, r->q[k].text, wq);
		fprintf(fp, "  %8s  %14s",
		    report_pct(a, sizeof a, r->q[k].facility),
		    report_pct(b, sizeof b, r->q[k].discrimination));
		for (l = 0; l < r->q[k].nchoices; l++) {
			snprintf(cell, sizeof cell, "%lld%s",
			    r->q[k].chosen[l], l == r->q[k].right ? "*" : "");
			fprintf(fp, "  %-*s", l + 1 < r->q[k].nchoices ?
			    w[l] : 0, cell);
		}
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}

int
report_write_csv_header(FILE *fp)
{
	return fputs("exam,question,text,facility,discrimination,right,"
	    "a,b,c,d,e,f\r\n", fp) == EOF ? -1 : 0;
}

int
report_write_csv(FILE *fp, const struct report *r)
{
	char num[24], fac[16], dis[16], right[2];
	char counts[QBANK_MAX_CHOICES][24];
	const char *f[6 + QBANK_MAX_CHOICES];
	size_t k;
	int l;

	for (k = 0; k < r->nq; k++) {
		snprintf(num, sizeof num, "%zu", k + 1);
		right[0] = (char)('a' + r->q[k].right);
		right[1] = '\0';
		f[0] = r->exam;
		f[1] = num;
		f[2] = r->q[k].text;
		f[3] = report_fig(fac, sizeof fac, r->q[k].facility);
		f[4] = report_fig(dis, sizeof dis, r->q[k].discrimination);
		f[5] = right;
		for (l = 0; l < QBANK_MAX_CHOICES; l++) {
			if (l < r->q[k].nchoices)
				snprintf(counts[l], sizeof counts[l], "%lld",
				    r->q[k].chosen[l]);
			else
				counts[l][0] = '\0';
			f[6 + l] = counts[l];
		}
		if (csvout_record(fp, f, 6 + QBANK_MAX_CHOICES) != 0)
			return -1;
	}
	return 0;
}
