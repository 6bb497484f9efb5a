/* SPDX-License-Identifier: ISC */
/* What studentctl and examctl share at the command line, so that they
 * behave alike: the options before the command (--db PATH, --db=PATH,
 * --help, --version, "--"), the --help layout, the "see NAME --help"
 * messages, and the exit statuses. */
#ifndef CLI_H
#define CLI_H

#include <stdio.h>

/* The exit statuses of both commands (examctl(8), studentctl(8)). */
#define CLI_OK		0	/* done */
#define CLI_FAILED	1	/* no such row, or a failure: database, file,
				 * output; the message says which */
#define CLI_USAGE	2	/* bad usage or bad input, found before the
				 * database was touched */
#define CLI_GO_ON	(-1)	/* cli_options: run the command */

struct cli {
	const char	*name;		/* "studentctl" */
	const char	*commands;	/* the command lines of --help */
	const char	*env;		/* "STUDENT_DB" */
	const char	*default_db;	/* the compiled-in path */
};

/* Parses the options before the command. Returns CLI_GO_ON with *db the
 * database (--db, else $ENV unless empty, else the default) and *first
 * the index of the command word in argv; or an exit status, after
 * printing the help or version (CLI_OK) or saying what was wrong
 * (CLI_USAGE). Also gives db_connect the hint for a missing database. */
int cli_options(const struct cli *c, int argc, char *argv[], const char **db,
    int *first);

/* Prints the --help text on fp. */
void cli_usage(const struct cli *c, FILE *fp);

/* Says "NAME: MESSAGE (see NAME --help)" on stderr; returns CLI_USAGE. */
int cli_usage_error(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Flushes stdout: output that could not be written (a full disk, a
 * closed pipe) turns status into CLI_FAILED, with a message. */
int cli_finish(int status);

/* "s" unless n is 1: "imported 1 question", "deleted 2 students". */
const char *cli_plural(long long n);

#endif
