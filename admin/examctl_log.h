/* SPDX-License-Identifier: ISC */
/* The steps of examctl's commands on what examd recorded: results,
 * connections and reset-count (examctl_cmd.h says what a prepare and a
 * run step do). */
#ifndef EXAMCTL_LOG_H
#define EXAMCTL_LOG_H

struct exadm;
struct job;

/* results [NAME] [--exam EXAM] [--since YYYY-MM-DD]: checks the user
 * name, the exam name and that the date is a real calendar day. */
int log_results_prepare(struct job *j);

/* results: prints the results that pass the filters (results.c), as a
 * table or, with j->csv, as CSV. Nothing for a named user or exam is a
 * miss (exit 1, said on stderr); nothing at all, or nothing since the
 * date, an empty list. */
int log_results_run(struct exadm *a, struct job *j);

/* connections: prints the connections counted since the last reset,
 * then the count. */
int log_connections_run(struct exadm *a, struct job *j);

/* reset-count: sets the connection count to 0 and prints the count it
 * replaced. */
int log_reset_count_run(struct exadm *a, struct job *j);

#endif
