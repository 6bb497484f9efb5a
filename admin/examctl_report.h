/* SPDX-License-Identifier: ISC */
/* The steps of examctl's commands on the stored attempts: the teacher's
 * report and the answers (examctl_cmd.h says what a prepare and a run
 * step do). Both read the finished attempts through exadm (one snapshot
 * per exam) into a report (report.h). */
#ifndef EXAMCTL_REPORT_H
#define EXAMCTL_REPORT_H

struct exadm;
struct job;

/* report [--exam NAME] [--since DATE] [--all-attempts] [--csv | --html
 * FILE]: checks the date, and that --csv and --html are not both given
 * (--exam is checked with the options). */
int report_cmd_prepare(struct job *j);

/* report: for the exam, or each exam in turn (by name), the figures of
 * its first finished attempts (all with --all-attempts; those finished on
 * or after --since): as text on stdout, as CSV on stdout, or as one HTML
 * page written to FILE. A named exam that does not exist is a miss (exit
 * 1); an exam without attempts is reported with its figures "-". */
int report_cmd_run(struct exadm *a, struct job *j);

/* answers [--exam NAME] [--csv]: one row per finished attempt (all of
 * them, in the order they began), one column per question, the letter
 * chosen in the bank's order ("-" in the table, empty in CSV, for no
 * answer), as an aligned table per exam or as CSV. */
int answers_cmd_run(struct exadm *a, struct job *j);

#endif
