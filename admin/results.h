/* SPDX-License-Identifier: ISC */
/* examctl results' output on stdout: the stored results as a table with
 * a header line and aligned columns (every row is read first, for the
 * widths), or as RFC 4180 CSV made safe for spreadsheets (csvout.h),
 * written as the rows are read. */
#ifndef RESULTS_H
#define RESULTS_H

#include "exadm.h"

/* Prints the results that pass f, oldest first: with csv, the header
 * line "username,exam,score,total,percent,finished_at,peer" and a record
 * per result; else the table, its header line also when nothing passed.
 * Returns DB_OK, DB_NONE when no result passed (the caller decides
 * whether that is a miss), or a failure, already reported (the
 * database's through the failure hook, running out of memory here); after
 * a failure the table is not printed. A failed write to stdout is left
 * for cli_finish to find. */
int results_print(struct exadm *a, const struct exadm_filter *f, int csv);

#endif
