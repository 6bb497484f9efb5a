/* examctl: manages exam.db (see examctl(8)). A thin main over
 * admin/examdb_admin, shaped like studentctl: options, then one command
 * from a table. A command first checks its arguments and reads its input
 * (exit 2 when they are bad); then the dispatcher opens the database once,
 * runs it and closes it (exit 1 on a missing user or result, or another
 * failure: database, file, output). */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "examdb_admin.h"
#include "password.h"
#include "qbank.h"
#include "username.h"

#ifndef DEFAULT_EXAM_DB
#define DEFAULT_EXAM_DB "exam.db"
#endif

#define EXIT_USAGE	CLI_USAGE

/* Generated from sql/ by scripts/embed, so init needs no data files. */
extern const char embed_exam_schema_sql[];
extern const char embed_questions_txt[];

/* What a command gathers before the database is opened, and owns. */
struct job {
	char		**argv;		/* its arguments */
	struct qbank	*bank;		/* init, questions import */
	char		*hash;		/* passwd: the new password's hash */
};

struct cmd {
	const char	*name;
	const char	*sub;		/* "questions import" and "list" */
	int		 min, max;	/* arguments after name (and sub) */
	int		 create;	/* init: create the database */
	/* Checks the arguments and reads the input; 0 or an exit status.
	 * NULL when there is nothing to check. */
	int		(*prepare)(struct job *);
	/* Does the work on the open database; returns an exit status. */
	int		(*run)(struct exadm *, struct job *);
};

static const struct cli cli = {
	"examctl",
	"  init                  create the database, load the default "
	"questions\n"
	"  questions import FILE\n"
	"                        replace the question bank\n"
	"  questions list        print the question bank\n"
	"  users                 list the users\n"
	"  passwd NAME           set NAME's password from stdin\n"
	"  deluser NAME          delete a user\n"
	"  results [NAME]        list exam results\n"
	"  connections           list connections since the last reset\n"
	"  reset-count           restart the connection count\n",
	"EXAM_DB",
	DEFAULT_EXAM_DB,
};

/* The failure hook: database failures on stderr, err(3)-style. */
static void
report_db_failure(const char *what, const char *msg)
{
	warnx("%s: %s", what, msg);
}

/* A database layer's result as an exit status; its failures are already
 * reported. */
static int
status(int rc)
{
	return rc == DB_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
name_arg(const char *name)
{
	if (!username_valid(name)) {
		warnx("invalid user name '%s' (1 to %d characters of A-Z a-z "
		    "0-9 . _ -)", name, USERNAME_MAX);
		return EXIT_USAGE;
	}
	return 0;
}

static int
prepare_init(struct job *j)
{
	struct qbank_error perr;

	j->bank = qbank_parse(embed_questions_txt,
	    strlen(embed_questions_txt), &perr);
	if (j->bank == NULL) {
		warnx("built-in questions:%zu: %s", perr.line, perr.reason);
		return EXIT_FAILURE;
	}
	return 0;
}

static int
run_init(struct exadm *a, struct job *j)
{
	int rc, loaded;

	rc = status(exadm_init_bank(a, j->bank, &loaded));
	if (rc == EXIT_SUCCESS && loaded)
		printf("loaded %zu default question%s\n", j->bank->n,
		    cli_plural((long long)j->bank->n));
	return rc;
}

/* Reads a whole bank file ("-" is stdin) into a NUL-terminated buffer
 * the caller frees. Returns an exit status, 0 when *out is set. */
static int
read_bank_file(const char *file, char **out, size_t *len)
{
	struct stat sb;
	FILE *fp;
	char *buf;
	size_t n;
	int rc = EXIT_SUCCESS;

	*out = NULL;
	fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (fp == NULL) {
		/* A bad argument, as in studentctl: nothing was touched. */
		warnx("%s: %s", file, strerror(errno));
		return EXIT_USAGE;
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* fopen() accepts a folder; only the first read would fail. */
		warnx("%s: %s", file, strerror(EISDIR));
		rc = EXIT_USAGE;
		goto end;
	}
	if ((buf = malloc(QBANK_MAX_FILE + 2)) == NULL) {
		warnx("out of memory");
		rc = EXIT_FAILURE;
		goto end;
	}
	n = fread(buf, 1, QBANK_MAX_FILE + 1, fp);
	if (ferror(fp)) {
		warnx("%s: %s", file, strerror(errno));
		rc = EXIT_FAILURE;
	} else if (n > QBANK_MAX_FILE) {
		warnx("%s: larger than %ld bytes", file, QBANK_MAX_FILE);
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_SUCCESS) {
		free(buf);
		goto end;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
end:
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* The file is checked whole before the database is touched. */
static int
prepare_import(struct job *j)
{
	struct qbank_error perr;
	const char *file = j->argv[0];
	size_t len = 0;
	char *text;
	int rc;

	if ((rc = read_bank_file(file, &text, &len)) != EXIT_SUCCESS)
		return rc;
	j->bank = qbank_parse(text, len, &perr);
	free(text);
	if (j->bank == NULL) {
		warnx("%s:%zu: %s", file, perr.line, perr.reason);
		return EXIT_USAGE;
	}
	return 0;
}

static int
run_import(struct exadm *a, struct job *j)
{
	int rc;

	rc = status(exadm_replace_bank(a, j->bank));
	if (rc == EXIT_SUCCESS)
		printf("imported %zu question%s\n", j->bank->n,
		    cli_plural((long long)j->bank->n));
	return rc;
}

static int
run_list_questions(struct exadm *a, struct job *j)
{
	int rc;

	rc = status(exadm_load_bank(a, &j->bank));
	if (rc == EXIT_SUCCESS)
		(void)qbank_write(stdout, j->bank);
	return rc;
}

static int
run_users(struct exadm *a, struct job *j)
{
	return status(exadm_list_users(a, stdout));
}

/* Reads one line of stdin into pw (PASSWORD_MAX + 2 bytes) and checks it
 * against the password rule: the line end (LF or CRLF) is dropped, the
 * rest is taken as typed. Returns 0 or an exit status after saying why. */
static int
read_password_line(char *pw)
{
	const char *why;
	size_t n = 0;
	int c, got = 0;

	/* Keeps one byte more than a password may have, so that a longer
	 * line is seen as such by the rule. */
	while ((c = getchar()) != EOF && c != '\n') {
		got = 1;
		if (n < PASSWORD_MAX + 1)
			pw[n++] = (char)c;
		else if (c == '\0')
			pw[PASSWORD_MAX] = '\0';	/* a NUL counts first */
	}
	if (ferror(stdin)) {
		warnx("reading standard input: %s", strerror(errno));
		return EXIT_FAILURE;
	}
	if (!got) {
		warnx("no password on standard input");
		return EXIT_USAGE;
	}
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n] = '\0';
	if ((why = password_problem(pw, n)) != NULL) {
		warnx("%s", why);
		return EXIT_USAGE;
	}
	return 0;
}

/* Reads the password; on a terminal it prompts on stderr with echo off.
 * Terminal signals stay blocked meanwhile, so Ctrl-C takes effect only
 * once the echo is back. */
static int
read_password(char *pw)
{
	struct termios old, quiet;
	sigset_t block, saved;
	int rc, tty;

	tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (!tty)
		return read_password_line(pw);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTSTP);
	sigprocmask(SIG_BLOCK, &block, &saved);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	fputs("New password: ", stderr);
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	rc = read_password_line(pw);
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return rc;
}

/* The password is read and hashed before the database is opened, so the
 * clear text is gone before any other work. */
static int
prepare_passwd(struct job *j)
{
	char pw[PASSWORD_MAX + 2];
	int rc;

	if ((rc = name_arg(j->argv[0])) != 0)
		return rc;
	rc = read_password(pw);
	if (rc == 0 && (j->hash = password_hash(pw)) == NULL) {
		warnx("hashing the password failed");
		rc = EXIT_FAILURE;
	}
	explicit_bzero(pw, sizeof pw);
	return rc;
}

static int
run_passwd(struct exadm *a, struct job *j)
{
	int rc;

	rc = exadm_set_password(a, j->argv[0], j->hash);
	if (rc == DB_NONE)
		warnx("no user '%s'", j->argv[0]);
	return status(rc);
}

static int
prepare_name(struct job *j)
{
	return j->argv[0] != NULL ? name_arg(j->argv[0]) : 0;
}

static int
run_deluser(struct exadm *a, struct job *j)
{
	int rc;

	rc = exadm_delete_user(a, j->argv[0]);
	if (rc == DB_NONE)
		warnx("no user '%s'", j->argv[0]);
	return status(rc);
}

static int
run_results(struct exadm *a, struct job *j)
{
	int rc;

	rc = exadm_list_results(a, j->argv[0], stdout);
	if (rc == DB_NONE)
		warnx("no results for '%s'", j->argv[0]);
	return status(rc);
}

static int
run_connections(struct exadm *a, struct job *j)
{
	return status(exadm_list_connections(a, stdout));
}

static int
run_reset_count(struct exadm *a, struct job *j)
{
	long long was;
	int rc;

	rc = status(exadm_reset_count(a, &was));
	if (rc == EXIT_SUCCESS)
		printf("count reset (was %lld)\n", was);
	return rc;
}

static const struct cmd cmds[] = {
	{ "init", NULL, 0, 0, 1, prepare_init, run_init },
	{ "questions", "import", 1, 1, 0, prepare_import, run_import },
	{ "questions", "list", 0, 0, 0, NULL, run_list_questions },
	{ "users", NULL, 0, 0, 0, NULL, run_users },
	{ "passwd", NULL, 1, 1, 0, prepare_passwd, run_passwd },
	{ "deluser", NULL, 1, 1, 0, prepare_name, run_deluser },
	{ "results", NULL, 0, 1, 0, prepare_name, run_results },
	{ "connections", NULL, 0, 0, 0, NULL, run_connections },
	{ "reset-count", NULL, 0, 0, 0, NULL, run_reset_count },
};
#define NCMDS (sizeof cmds / sizeof cmds[0])

/* Finds the command for argv[0] (and its subcommand in argv[1]), and
 * checks its number of arguments. Returns it with *nskip set to the words
 * it takes, or NULL after saying why. */
static const struct cmd *
find_cmd(int argc, char *argv[], int *nskip)
{
	const struct cmd *c;
	char label[64];
	size_t i;
	int known = 0, n;

	for (i = 0; i < NCMDS; i++) {
		c = &cmds[i];
		if (strcmp(argv[0], c->name) != 0)
			continue;
		known = 1;
		if (c->sub != NULL &&
		    (argc < 2 || strcmp(argv[1], c->sub) != 0))
			continue;
		*nskip = c->sub != NULL ? 2 : 1;
		n = argc - *nskip;
		snprintf(label, sizeof label, "%s%s%s", c->name,
		    c->sub ? " " : "", c->sub ? c->sub : "");
		if (n < c->min) {
			warnx("%s: missing argument", label);
			return NULL;
		}
		if (n > c->max) {
			warnx("%s: too many arguments", label);
			return NULL;
		}
		return c;
	}
	if (known)	/* a name with subcommands, none of them given */
		warnx("%s: expected 'import FILE' or 'list'", argv[0]);
	else
		cli_usage_error(&cli, "unknown command '%s'", argv[0]);
	return NULL;
}

int
main(int argc, char *argv[])
{
	struct job job = { NULL, NULL, NULL };
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
	job.argv = argv + nskip;
	rc = c->prepare != NULL ? c->prepare(&job) : 0;
	if (rc == 0) {
		if ((a = exadm_open(db, c->create, embed_exam_schema_sql)) ==
		    NULL)
			rc = EXIT_FAILURE;
		else
			rc = c->run(a, &job);
		exadm_close(a);
	}
	qbank_free(job.bank);
	free(job.hash);
	return cli_finish(rc);
}
