/* SPDX-License-Identifier: ISC */
/* What examctl's commands share. examctl.c holds the table of commands;
 * each command has a prepare step, which checks its arguments and reads
 * its input into a struct job before the database is touched (returning
 * 0, or an exit status after saying why: exit 2 for bad usage or input),
 * and a run step, which works on the database that examctl.c opened and
 * returns an exit status. The steps live in examctl_bank.c,
 * examctl_users.c, examctl_import.c and examctl_log.c. */
#ifndef EXAMCTL_CMD_H
#define EXAMCTL_CMD_H

#include "cli.h"
#include "legacy_accounts.h"
#include "qbank.h"

#define EXIT_USAGE	CLI_USAGE

/* What a command gathers before the database is opened, and owns:
 * examctl.c frees bank, hash and users once the command has run. */
struct job {
	char		**argv;		/* its arguments, options removed */
	const char	*db;		/* --db, or the default */
	const char	*exam;		/* --exam, or the default exam */
	const char	*since;		/* --since */
	int		 csv, skip_bad, yes, empty;
	long long	 value;		/* exams set: the limit, -1 for none;
					 * attempts grant: how many */
	int		 limit;		/* exams set: 'a'ttempts, 't'ime, or
					 * 'o'pen/closed (value 1: closed) */
	int		 all_attempts;	/* report --all-attempts */
	const char	*html;		/* report --html FILE */
	struct qbank	*bank;		/* init, questions import */
	char		*hash;		/* adduser, passwd: the password's hash */
	size_t		 pwlen;		/* and its length, for password-min */
	struct legacy_accounts users;	/* import-users */
};

/* A database layer's result (enum db_rc) as an exit status: CLI_OK for
 * DB_OK, else CLI_FAILED; the layer has already reported a failure. */
int cmd_status(int rc);

/* Checks a user name argument: 0, or EXIT_USAGE after saying what a
 * user name may be. */
int cmd_user_arg(const char *name);

/* Checks an exam name argument (or --exam): 0, or EXIT_USAGE after
 * saying what an exam name may be. */
int cmd_exam_arg(const char *name);

/* Checks --since: a real calendar date, YYYY-MM-DD. 0, or EXIT_USAGE
 * after saying what was wrong. */
int cmd_since_arg(const char *date);

/* cmd_status for a command on one exam, saying "no exam 'EXAM'" for
 * DB_NONE. */
int cmd_exam_status(int rc, const char *exam);

#endif
