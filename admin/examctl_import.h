/* SPDX-License-Identifier: ISC */
/* The steps of examctl's commands that bring in another database, or
 * copy this one out: import-users (the original server's accounts),
 * import-sqlite (a whole SQLite exam.db into PostgreSQL) and backup;
 * examctl_cmd.h says what a prepare and a run step do. */
#ifndef EXAMCTL_IMPORT_H
#define EXAMCTL_IMPORT_H

struct exadm;
struct job;

/* import-users FILE: reads and checks the original server's users.db
 * (legacy_accounts) into j->users, which the job owns. Refused rows are
 * reported and counted but are no failure yet: the run step decides. */
int import_users_prepare(struct job *j);

/* import-users: adds the good accounts in one transaction, reporting the
 * names exam.db already has; with bad rows nothing is imported (exit 2)
 * unless j->skip_bad. Says how many users it imported. */
int import_users_run(struct exadm *a, struct job *j);

/* import-sqlite FILE: --db must be a PostgreSQL URI and FILE a regular
 * file (else exit 2), which must be a SQLite exam database that
 * import-sqlite takes (else exit 1, reported), all checked before the
 * target is opened. */
int import_sqlite_prepare(struct job *j);

/* import-sqlite: copies FILE's rows into the new PostgreSQL database
 * and says how many exams, questions, users, results and connections it
 * moved. */
int import_sqlite_run(struct exadm *a, struct job *j);

/* backup FILE: refuses a FILE that exists (exit 2: a backup never
 * overwrites). */
int import_backup_prepare(struct job *j);

/* backup: writes a consistent copy of the database, as it is (never
 * upgraded first), into the new FILE while examd may be writing, and
 * says so in one line; on PostgreSQL it says to use pg_dump (exit 1). */
int import_backup_run(struct exadm *a, struct job *j);

#endif
