/* SPDX-License-Identifier: ISC */
/* The steps of examctl's commands on the login phase: settings and
 * failures (examctl_cmd.h says what a prepare and a run step do). */
#ifndef EXAMCTL_LOGIN_H
#define EXAMCTL_LOGIN_H

struct exadm;
struct job;

/* settings: prints each setting and its value, tab-separated. */
int login_settings_run(struct exadm *a, struct job *j);

/* settings set NAME VALUE: checks the pair (lib/settings), then stores
 * it. */
int login_settings_set_prepare(struct job *j);
int login_settings_set_run(struct exadm *a, struct job *j);

/* failures [NAME]: checks the name; prints the failed-login record. */
int login_failures_prepare(struct job *j);
int login_failures_run(struct exadm *a, struct job *j);

/* failures clear NAME|ADDRESS: takes a user name or an address (in
 * lib/netsource's form), then deletes its records; none is exit 1. */
int login_failures_clear_prepare(struct job *j);
int login_failures_clear_run(struct exadm *a, struct job *j);

#endif
