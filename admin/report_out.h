/* SPDX-License-Identifier: ISC */
/* The teacher's report written out (SPEC §6): as an aligned text table,
 * as CSV (csvout.h: safe in a spreadsheet), or as one self-contained HTML
 * page (report_html.c: no script, no request to anything else). Each
 * takes the reports of one or more exams, computed (report.h), and a
 * scope saying which attempts they count ("first attempts", "all
 * attempts", maybe "since DATE"). A figure that could not be computed
 * (NAN) is written "-"; percentages have one decimal. Every function
 * returns 0, or -1 when writing failed. */
#ifndef REPORT_OUT_H
#define REPORT_OUT_H

#include <stdio.h>

#include "report.h"

/* Which attempts a report counts, for its heading. */
struct report_scope {
	int		 all;		/* all attempts, not the first ones */
	const char	*since;		/* YYYY-MM-DD, or NULL */
};

/* Questions' texts in the text table are shortened to this many
 * characters (code points), the last one an ellipsis. */
#define REPORT_TEXT_WIDTH	40

/* One exam's block of the text report: its figures, then a table of its
 * questions (number, text, facility, discrimination, then how many chose
 * each letter, the right one marked '*'). */
int report_write_text(FILE *fp, const struct report *r,
    const struct report_scope *s);

/* The CSV header line,
 * "exam,question,text,facility,discrimination,right,a,b,c,d,e,f". */
int report_write_csv_header(FILE *fp);

/* One CSV record per question of r. */
int report_write_csv(FILE *fp, const struct report *r);

/* The whole HTML page for the n reports of rs (report_html.c). */
int report_write_html(FILE *fp, struct report *const rs[], size_t n,
    const struct report_scope *s);

/* "80.0" or "-": v with one decimal into buf (16 bytes are enough), which
 * is returned. */
const char *report_fig(char *buf, size_t size, double v);

/* The same with a percent sign: "80.0%" or "-". */
const char *report_pct(char *buf, size_t size, double v);

#endif
