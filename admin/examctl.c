/* SPDX-License-Identifier: ISC */
/* examctl: manages exam.db (see examctl(8)). A thin main over
 * admin/exadm, shaped like studentctl: options, then one command
 * from a table. A command first checks its arguments and reads its input
 * (exit 2 when they are bad); then the dispatcher opens the database once,
 * runs it and closes it (exit 1 on a missing user or result, or another
 * failure: database, file, output). The commands' steps are in
 * examctl_bank.c, examctl_users.c, examctl_import.c, examctl_log.c and
 * examctl_report.c, examctl_login.c (examctl_cmd.h). */
#include <sys/stat.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "examctl_bank.h"
#include "examctl_cmd.h"
#include "examctl_import.h"
#include "examctl_log.h"
#include "examctl_login.h"
#include "examctl_report.h"
#include "examctl_users.h"
#include "exadm.h"
#include "sql.h"
#include "legacy_accounts.h"
#include "qbank.h"

#ifndef DEFAULT_EXAM_DB
#define DEFAULT_EXAM_DB "exam.db"
#endif

/* Generated from sql/ by scripts/embed, so init needs no data files. */
extern const char embed_exam_schema_sql[];
extern const char embed_exam_schema_pg_sql[];

/* The options a command may take after its name. */
enum {
	OPT_EXAM = 1 << 0,	/* --exam NAME */
	OPT_SINCE = 1 << 1,	/* --since YYYY-MM-DD */
	OPT_CSV = 1 << 2,	/* --csv */
	OPT_SKIP_BAD = 1 << 3,	/* --skip-bad */
	OPT_YES = 1 << 4,	/* --yes */
	OPT_EMPTY = 1 << 5,	/* --empty */
	OPT_ALL = 1 << 6,	/* --all-attempts */
	OPT_HTML = 1 << 7	/* --html FILE */
};

struct cmd {
	const char	*name;
	const char	*sub;		/* "questions import", "exams set"... */
	int		 min, max;	/* arguments after name (and sub) */
	int		 opts;		/* OPT_* it accepts */
	int		 create;	/* 1: create the database (init);
					 * EXADM_AS_IS: never upgrade it */
	/* Checks the arguments and reads the input; 0 or an exit status.
	 * NULL when there is nothing to check. */
	int		(*prepare)(struct job *);
	/* Does the work on the open database; returns an exit status. */
	int		(*run)(struct exadm *, struct job *);
};

static const struct cli cli = {
	"examctl",
	"  init [--empty]        create the database with the exam 'default'\n"
	"                        (--empty: with no exam)\n"
	"  exams                 list the exams and their limits\n"
	"  exams set NAME attempts N|unlimited\n"
	"  exams set NAME time-limit MINUTES|none\n"
	"  exams set NAME shuffle none|questions|choices|both\n"
	"  exams set NAME open|closed\n"
	"                        offer an exam or not (its results stay)\n"
	"  exams delete NAME     delete an exam (its results stay)\n"
	"  attempts grant NAME EXAM [N]\n"
	"                        N (default 1) more attempts for one user\n"
	"  questions import [--exam NAME] FILE\n"
	"                        create an exam or replace its bank\n"
	"  questions list [--exam NAME]\n"
	"                        print an exam's bank\n"
	"  users                 list the users\n"
	"  adduser NAME          add a user, password from stdin\n"
	"  passwd NAME           set NAME's password from stdin\n"
	"  deluser [--yes] NAME  delete a user and their results (asks\n"
	"                        first on a terminal)\n"
	"  import-users [--skip-bad] FILE\n"
	"                        the original server's users.db\n"
	"  results [NAME] [--exam EXAM] [--since YYYY-MM-DD] [--csv]\n"
	"                        list exam results\n"
	"  report [--exam NAME] [--since YYYY-MM-DD] [--all-attempts]\n"
	"         [--csv | --html FILE]\n"
	"                        which questions the class got wrong\n"
	"  answers [--exam NAME] [--csv]\n"
	"                        the letters each finished attempt chose\n"
	"  connections           list connections since the last reset\n"
	"  reset-count           restart the connection count\n"
	"  settings              list the settings\n"
	"  settings set NAME VALUE\n"
	"                        registration open|closed, password-min N,\n"
	"                        connection-days N\n"
	"  failures [NAME]       list the failed logins recorded\n"
	"  failures clear NAME|ADDRESS\n"
	"                        lift their waits\n"
	"  backup FILE           a consistent copy of the database into the\n"
	"                        new FILE, while the service runs\n"
	"  import-sqlite FILE    move a SQLite exam.db into the PostgreSQL\n"
	"                        database --db names (a new one)\n",
	"EXAM_DB",
	DEFAULT_EXAM_DB,
};

/* The failure hook: database failures on stderr, err(3)-style. */
static void
report_db_failure(const char *what, const char *msg)
{
	warnx("%s: %s", what, msg);
}

static const struct cmd cmds[] = {
	{ "init", NULL, 0, 0, OPT_EMPTY, 1, bank_init_prepare, bank_init_run },
	{ "exams", "set", 2, 3, 0, 0, bank_exams_set_prepare,
	    bank_exams_set_run },
	{ "exams", "delete", 1, 1, 0, 0, bank_exams_delete_prepare,
	    bank_exams_delete_run },
	{ "exams", NULL, 0, 0, 0, 0, NULL, bank_exams_run },
	{ "questions", "import", 1, 1, OPT_EXAM, 0,
	    bank_questions_import_prepare, bank_questions_import_run },
	{ "questions", "list", 0, 0, OPT_EXAM, 0, NULL,
	    bank_questions_list_run },
	{ "users", NULL, 0, 0, 0, 0, NULL, users_list_run },
	{ "adduser", NULL, 1, 1, 0, 0, users_passwd_prepare,
	    users_adduser_run },
	{ "passwd", NULL, 1, 1, 0, 0, users_passwd_prepare, users_passwd_run },
	{ "deluser", NULL, 1, 1, OPT_YES, 0, users_deluser_prepare,
	    users_deluser_run },
	{ "attempts", "grant", 2, 3, 0, 0, users_grant_prepare,
	    users_grant_run },
	{ "import-users", NULL, 1, 1, OPT_SKIP_BAD, 0, import_users_prepare,
	    import_users_run },
	{ "results", NULL, 0, 1, OPT_EXAM | OPT_SINCE | OPT_CSV, 0,
	    log_results_prepare, log_results_run },
	{ "report", NULL, 0, 0, OPT_EXAM | OPT_SINCE | OPT_ALL | OPT_CSV |
	    OPT_HTML, 0, report_cmd_prepare, report_cmd_run },
	{ "answers", NULL, 0, 0, OPT_EXAM | OPT_CSV, 0, NULL,
	    answers_cmd_run },
	{ "connections", NULL, 0, 0, 0, 0, NULL, log_connections_run },
	{ "reset-count", NULL, 0, 0, 0, 0, NULL, log_reset_count_run },
	{ "settings", "set", 2, 2, 0, 0, login_settings_set_prepare,
	    login_settings_set_run },
	{ "settings", NULL, 0, 0, 0, 0, NULL, login_settings_run },
	{ "failures", "clear", 1, 1, 0, 0, login_failures_clear_prepare,
	    login_failures_clear_run },
	{ "failures", NULL, 0, 1, 0, 0, login_failures_prepare,
	    login_failures_run },
	/* As it is: a copy taken before an upgrade is of the old layout. */
	{ "backup", NULL, 1, 1, 0, EXADM_AS_IS, import_backup_prepare,
	    import_backup_run },
	/* create: an empty target gets the schema (without the default
	 * bank, which would make it not empty). */
	{ "import-sqlite", NULL, 1, 1, 0, 1, import_sqlite_prepare,
	    import_sqlite_run },
};
#define NCMDS (sizeof cmds / sizeof cmds[0])

/* Finds the command for argv[0] (and its subcommand in argv[1]). Returns
 * it with *nskip set to the words it takes, or NULL after saying why. */
static const struct cmd *
find_cmd(int argc, char *argv[], int *nskip)
{
	const struct cmd *c;
	size_t i;
	int known = 0;

	for (i = 0; i < NCMDS; i++) {
		c = &cmds[i];
		if (strcmp(argv[0], c->name) != 0)
			continue;
		known = 1;
		if (c->sub != NULL &&
		    (argc < 2 || strcmp(argv[1], c->sub) != 0))
			continue;
		*nskip = c->sub != NULL ? 2 : 1;
		return c;
	}
	if (known)	/* a name with subcommands, none of them given */
		warnx("%s: expected %s", argv[0],
		    strcmp(argv[0], "questions") == 0 ?
		    "'import FILE' or 'list'" : "'grant NAME EXAM [N]'");
	else
		cli_usage_error(&cli, "unknown command '%s'", argv[0]);
	return NULL;
}

/* Takes c's options (--exam NAME or --exam=NAME, --since, --csv,
 * --skip-bad, --all-attempts, --html FILE; "--" ends them) out of its n
 * words, anywhere among them, leaving the other words in j->argv
 * (NULL-terminated, in words' place), and checks their number. Words starting with a single '-' are
 * arguments. Returns 0 or EXIT_USAGE after saying why. */
static int
take_options(const struct cmd *c, int n, char **words, struct job *j)
{
	static const struct { const char *name; int opt, arg; } known[] = {
		{ "--exam", OPT_EXAM, 1 }, { "--since", OPT_SINCE, 1 },
		{ "--csv", OPT_CSV, 0 }, { "--skip-bad", OPT_SKIP_BAD, 0 },
		{ "--all-attempts", OPT_ALL, 0 }, { "--html", OPT_HTML, 1 },
		{ "--yes", OPT_YES, 0 }, { "--empty", OPT_EMPTY, 0 },
	};
	char label[64], *w, *eq, *v;
	size_t k, len;
	int i, npos = 0, ended = 0;

	snprintf(label, sizeof label, "%s%s%s", c->name, c->sub ? " " : "",
	    c->sub ? c->sub : "");
	for (i = 0; i < n; i++) {
		w = words[i];
		if (ended || strncmp(w, "--", 2) != 0) {
			words[npos++] = w;
			continue;
		}
		if (w[2] == '\0') {
			ended = 1;
			continue;
		}
		eq = strchr(w, '=');
		len = eq ? (size_t)(eq - w) : strlen(w);
		for (k = 0; k < sizeof known / sizeof known[0]; k++)
			if (strlen(known[k].name) == len &&
			    strncmp(w, known[k].name, len) == 0)
				break;
		if (k == sizeof known / sizeof known[0] ||
		    !(c->opts & known[k].opt)) {
			warnx("%s: unknown option '%.*s'", label, (int)len, w);
			return EXIT_USAGE;
		}
		v = NULL;
		if (known[k].arg) {
			if (eq != NULL)
				v = eq + 1;
			else if (i + 1 < n)
				v = words[++i];
			if (v == NULL || *v == '\0') {
				warnx("%s: %s needs a value", label,
				    known[k].name);
				return EXIT_USAGE;
			}
		} else if (eq != NULL) {
			warnx("%s: %s takes no value", label, known[k].name);
			return EXIT_USAGE;
		}
		switch (known[k].opt) {
		case OPT_EXAM: j->exam = v; break;
		case OPT_SINCE: j->since = v; break;
		case OPT_CSV: j->csv = 1; break;
		case OPT_SKIP_BAD: j->skip_bad = 1; break;
		case OPT_ALL: j->all_attempts = 1; break;
		case OPT_HTML: j->html = v; break;
		case OPT_YES: j->yes = 1; break;
		case OPT_EMPTY: j->empty = 1; break;
		}
	}
	words[npos] = NULL;
	j->argv = words;
	if (npos < c->min) {
		warnx("%s: missing argument", label);
		return EXIT_USAGE;
	}
	if (npos > c->max) {
		warnx("%s: too many arguments", label);
		return EXIT_USAGE;
	}
	if (c->opts & OPT_EXAM && j->exam != NULL && cmd_exam_arg(j->exam) != 0)
		return EXIT_USAGE;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct job job;
	const struct cmd *c;
	struct exadm *a;
	const char *db = NULL;
	int first = 0, nskip = 0, rc;

	/* exam.db holds password hashes: nothing we create is for others. */
	umask(077);
	db_set_failure_hook(report_db_failure);
	if ((rc = cli_options(&cli, argc, argv, &db, &first)) != CLI_GO_ON)
		return rc;
	argc -= first;
	argv += first;
	if ((c = find_cmd(argc, argv, &nskip)) == NULL)
		return EXIT_USAGE;
	memset(&job, 0, sizeof job);
	job.db = db;
	/* argv is NULL-terminated, so the words fit with their end. */
	if (take_options(c, argc - nskip, argv + nskip, &job) != 0)
		return EXIT_USAGE;
	if (job.exam == NULL && strcmp(c->name, "questions") == 0)
		job.exam = EXADM_DEFAULT_EXAM;
	rc = c->prepare != NULL ? c->prepare(&job) : 0;
	if (rc == 0) {
		if ((a = exadm_open(db, c->create, &(struct sql_text){
		    embed_exam_schema_sql, embed_exam_schema_pg_sql })) == NULL)
			rc = EXIT_FAILURE;
		else
			rc = c->run(a, &job);
		exadm_close(a);
	}
	qbank_free(job.bank);
	free(job.hash);
	legacy_accounts_free(&job.users);
	return cli_finish(rc);
}
