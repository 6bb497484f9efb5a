/* SPDX-License-Identifier: ISC */
/* The steps of examctl's commands on the users: users, adduser, passwd
 * and deluser (examctl_cmd.h says what a prepare and a run step do).
 * import-users is in examctl_import.h. */
#ifndef EXAMCTL_USERS_H
#define EXAMCTL_USERS_H

struct exadm;
struct job;

/* users: prints the user names, one a line, in order. */
int users_list_run(struct exadm *a, struct job *j);

/* adduser NAME and passwd NAME: checks the name, then reads the new
 * password (pwread) and keeps its hash in j->hash (the job owns it), so
 * that the clear text is gone before the database is opened. */
int users_passwd_prepare(struct job *j);

/* adduser: adds the user with j->hash; a name already taken is exit 1,
 * with a pointer to passwd. */
int users_adduser_run(struct exadm *a, struct job *j);

/* passwd: stores j->hash as the user's password; a missing user is
 * exit 1 (none is created). */
int users_passwd_run(struct exadm *a, struct job *j);

/* deluser NAME: checks the name. */
int users_deluser_prepare(struct job *j);

/* deluser: deletes the user and their results; a missing user is
 * exit 1. */
int users_deluser_run(struct exadm *a, struct job *j);

/* attempts grant NAME EXAM [N]: checks the names and N (1 to 1000,
 * default 1) into j->value. */
int users_grant_prepare(struct job *j);

/* attempts grant: adds j->value attempts for the user at the exam on top
 * of its limit, and says how many are granted in all; a missing user or
 * exam is exit 1. */
int users_grant_run(struct exadm *a, struct job *j);

#endif
