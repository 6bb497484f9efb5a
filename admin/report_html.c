/* SPDX-License-Identifier: ISC */
/* The teacher's report as one self-contained HTML page (report_out.h):
 * inline CSS and inline SVG (a histogram of the scores per exam, a bar per
 * question's facility), no script and no request to anything else, so
 * the file opens anywhere, offline, and can be mailed. Light and dark
 * schemes (prefers-color-scheme), a phone's width (the questions' table
 * scrolls inside a focusable region) and print have their own rules.
 *
 * Every value from the database (exam names, question texts) goes
 * through html_put, which escapes & < > " ' and so is safe in text and in
 * attribute values alike; ids are made from the exam's index, never from
 * its name. The figures are our own numbers. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "htmlesc.h"
#include "report_out.h"

/* Writes s escaped by the pages' rule (htmlesc.h): the bank's texts
 * have no control character but tab and are valid UTF-8, but the page
 * must stay valid whatever is stored. */
static void
html_put(FILE *fp, const char *s)
{
	size_t n = strlen(s), i, len;
	const char *ent;

	for (i = 0; i < n; i += len)
		if ((ent = htmlesc_step(s + i, n - i, &len)) != NULL)
			fputs(ent, fp);
		else
			fwrite(s + i, 1, len, fp);
}

static const char style[] =
":root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#4a525c;"
"--line:#c9d0d8;--bar:#1d5fae;--track:#e2e8f0;--right:#0a6630;"
"--head:#f3f5f8}\n"
"@media (prefers-color-scheme:dark){:root{--bg:#14171b;--fg:#e6e9ed;"
"--muted:#aeb6bf;--line:#3d444d;--bar:#6ea8f7;--track:#2b323b;"
"--right:#7fdc9c;--head:#1c2026}}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;background:var(--bg);color:var(--fg);"
"font:16px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\n"
"main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 2rem}\n"
"h1{font-size:1.6rem;margin:.5rem 0}\n"
"h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-top:1rem;"
"border-top:2px solid var(--line)}\n"
"p{margin:.5rem 0;max-width:48rem}\n"
".muted{color:var(--muted)}\n"
"dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(10rem,1fr));"
"gap:.5rem 1.5rem;margin:1rem 0}\n"
"dt{color:var(--muted);font-size:.875rem}\n"
"dd{margin:0;font-size:1.3rem;font-variant-numeric:tabular-nums}\n"
"figure{margin:1rem 0}\n"
"figcaption{color:var(--muted);font-size:.875rem}\n"
"svg.hist{display:block;width:100%;max-width:34rem;height:auto}\n"
".hist .b{fill:var(--bar)}\n"
".hist text{fill:var(--fg);font-size:11px;font-family:inherit}\n"
".hist .axis{stroke:var(--muted);stroke-width:1}\n"
".scroll{overflow-x:auto;margin:1rem 0;position:relative}\n"
".scroll:focus-visible{outline:2px solid var(--bar);outline-offset:2px}\n"
"table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\n"
"caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
"th,td{padding:.4rem .5rem;border-bottom:1px solid var(--line);"
"text-align:right;vertical-align:top}\n"
"thead th{background:var(--head);font-size:.875rem}\n"
"th.q,td.q{text-align:left;min-width:14rem}\n"
"td.f{white-space:nowrap}\n"
"svg.bar{display:block;width:6rem;height:.5rem;margin:.3rem 0 0 auto}\n"
".bar .t{fill:var(--track)}\n"
".bar .v{fill:var(--bar)}\n"
"td.right{color:var(--right);font-weight:700;white-space:nowrap}\n"
".sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;"
"clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
"@media (max-width:40rem){main{padding:.75rem}body{font-size:15px}"
"th,td{padding:.35rem .3rem}th.q,td.q{min-width:8.5rem}"
"svg.bar{width:3.5rem}thead th{font-size:.8rem}"
"dd{font-size:1.1rem}dl{grid-template-columns:repeat(2,1fr)}}\n"
"@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#333;"
"--line:#888;--bar:#333;--track:#ddd;--right:#000;--head:#eee}"
"body{font-size:10.5pt}main{max-width:none;padding:0}"
".scroll{overflow:visible}h2{break-before:auto;break-after:avoid}"
"tr,figure{break-inside:avoid}thead{display:table-header-group}}\n";

static void
figure(FILE *fp, const char *name, const char *value)
{
	fprintf(fp, "<div><dt>%s</dt><dd>%s</dd></div>\n", name, value);
}

/* The histogram of r's scores, 10 bands of 10 points, as an image with
 * its counts in its accessible name. */
static void
histogram(FILE *fp, const struct report *r, size_t e)
{
	/* Plot area in the viewBox: 10 bars of 30 units. */
	const int x0 = 8, bw = 30, gap = 4, top = 18, h = 120;
	long long max = 0;
	int i, bh;

	for (i = 0; i < REPORT_BINS; i++)
		if (r->hist[i] > max)
			max = r->hist[i];
	fprintf(fp, "<figure>\n<svg class=\"hist\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-labelledby=\"h%zu-t h%zu-d\">\n",
	    2 * x0 + REPORT_BINS * (bw + gap) - gap, top + h + 22, e, e);
	fprintf(fp, "<title id=\"h%zu-t\">Scores of ", e);
	html_put(fp, r->exam);
	fprintf(fp, "</title>\n<desc id=\"h%zu-d\">Attempts per score band:",
	    e);
	for (i = 0; i < REPORT_BINS; i++)
		fprintf(fp, "%s %d to %d%%: %lld", i ? ";" : "", 10 * i,
		    i + 1 < REPORT_BINS ? 10 * i + 9 : 100, r->hist[i]);
	fputs(".</desc>\n", fp);
	for (i = 0; i < REPORT_BINS; i++) {
		bh = max > 0 ? (int)(h * r->hist[i] / max) : 0;
		if (r->hist[i] > 0 && bh < 1)
			bh = 1;
		fprintf(fp, "<rect class=\"b\" x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\"/>", x0 + i * (bw + gap), top + h - bh, bw,
		    bh);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
		    "%lld</text>\n", x0 + i * (bw + gap) + bw / 2,
		    top + h - bh - 4, r->hist[i]);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
		    "%d%s</text>\n", x0 + i * (bw + gap) + bw / 2,
		    top + h + 16, 10 * i, i + 1 < REPORT_BINS ? "" : "+");
	}
	fprintf(fp, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n</svg>\n", x0 - 4, top + h,
	    x0 + REPORT_BINS * (bw + gap), top + h);
	fputs("<figcaption>Attempts per score band of 10 points "
	    "(0 is 0&ndash;9%, 90+ is 90&ndash;100%).</figcaption>\n"
	    "</figure>\n", fp);
}

/* The questions' table. */
static void
questions(FILE *fp, const struct report *r, size_t e)
{
	char a[16];
	size_t k;
	int l, nl = 0;

	for (k = 0; k < r->nq; k++)
		if (r->q[k].nchoices > nl)
			nl = r->q[k].nchoices;
	fprintf(fp, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
	    "aria-labelledby=\"q%zu\">\n<table>\n<caption id=\"q%zu\">"
	    "Questions of ", e, e);
	html_put(fp, r->exam);
	fputs("</caption>\n<thead><tr><th scope=\"col\">#</th>"
	    "<th scope=\"col\" class=\"q\">Question</th>"
	    "<th scope=\"col\">Facility</th>"
	    "<th scope=\"col\">Discrimi&shy;nation</th>", fp);
	for (l = 0; l < nl; l++)
		fprintf(fp, "<th scope=\"col\">%c</th>", 'a' + l);
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (k = 0; k < r->nq; k++) {
		fprintf(fp, "<tr><th scope=\"row\">%zu</th><td class=\"q\">",
		    k + 1);
		html_put(fp, r->q[k].text);
		fprintf(fp, "</td><td class=\"f\">%s",
		    report_pct(a, sizeof a, r->q[k].facility));
		if (!isnan(r->q[k].facility))
			fprintf(fp, "<svg class=\"bar\" viewBox=\"0 0 100 8\" "
			    "preserveAspectRatio=\"none\" aria-hidden=\"true\" "
			    "focusable=\"false\"><rect class=\"t\" "
			    "width=\"100\" height=\"8\"/><rect class=\"v\" "
			    "width=\"%.1f\" height=\"8\"/></svg>",
			    r->q[k].facility);
		fprintf(fp, "</td><td>%s</td>",
		    report_pct(a, sizeof a, r->q[k].discrimination));
		for (l = 0; l < nl; l++) {
			if (l >= r->q[k].nchoices)
				fputs("<td></td>", fp);
			else if (l == r->q[k].right)
				fprintf(fp, "<td class=\"right\">%lld"
				    "<span aria-hidden=\"true\"> &#10003;"
				    "</span><span class=\"sr\"> (right "
				    "answer)</span></td>", r->q[k].chosen[l]);
			else
				fprintf(fp, "<td>%lld</td>",
				    r->q[k].chosen[l]);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n</div>\n", fp);
}

static void
exam_section(FILE *fp, const struct report *r, size_t e)
{
	char a[16];

	fprintf(fp, "<section aria-labelledby=\"e%zu\">\n<h2 id=\"e%zu\">", e,
	    e);
	html_put(fp, r->exam);
	fputs("</h2>\n<dl>\n", fp);
	snprintf(a, sizeof a, "%zu", r->n);
	figure(fp, "Attempts", a);
	figure(fp, "Mean", report_pct(a, sizeof a, r->mean));
	figure(fp, "Median", report_pct(a, sizeof a, r->median));
	figure(fp, "Standard deviation", report_pct(a, sizeof a, r->sd));
	figure(fp, "Internal consistency (CIC)",
	    report_pct(a, sizeof a, r->cic));
	figure(fp, "Error ratio", report_pct(a, sizeof a, r->error_ratio));
	figure(fp, "Standard error", report_pct(a, sizeof a, r->std_error));
	fputs("</dl>\n", fp);
	if (r->n > 0 && r->nq > 0)
		histogram(fp, r, e);
	if (r->nq > 0)
		questions(fp, r, e);
	else
		fputs("<p>This exam has no questions.</p>\n", fp);
	fputs("</section>\n", fp);
}

int
report_write_html(FILE *fp, struct report *const rs[], size_t n,
    const struct report_scope *s)
{
	size_t e;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>Exam report", fp);
	if (n == 1) {
		fputs(": ", fp);
		html_put(fp, rs[0]->exam);
	}
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n"
	    "<h1>Exam report", style);
	if (n == 1) {
		fputs(": ", fp);
		html_put(fp, rs[0]->exam);
	}
	fprintf(fp, "</h1>\n<p class=\"muted\">%s%s",
	    s->all ? "All attempts" : "First attempts only",
	    s->since ? ", finished on or after " : ".");
	if (s->since) {
		html_put(fp, s->since);
		fputs(" (UTC).", fp);
	}
	fputs("</p>\n<p><strong>Facility</strong>: the percentage of "
	    "attempts that got the question right. "
	    "<strong>Discrimination</strong>: how the question's mark goes "
	    "with the rest of the exam (a correlation, in percent); a low or "
	    "negative one points at a question that does not tell strong "
	    "from weak attempts. The letter columns count the attempts that "
	    "chose each letter; &#10003; marks the right answer. "
	    "A &ldquo;-&rdquo; is a figure that cannot be computed: too "
	    "few attempts, or all of them alike.</p>\n", fp);
	if (n == 0)
		fputs("<p>There is no exam to report on.</p>\n", fp);
	for (e = 0; e < n; e++)
		exam_section(fp, rs[e], e + 1);
	fputs("</main>\n</body>\n</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}
