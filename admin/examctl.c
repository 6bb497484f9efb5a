/* examctl: manages exam.db (SPEC "Admin command: examctl").
 * Exit status: 0 done, 2 bad arguments or malformed input, 1 a missing
 * user or result, or another failure (database, file, output). */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "examdb_admin.h"
#include "password.h"
#include "qbank.h"
#include "username.h"

#define EXIT_BAD	2
#define PASSWORD_MAX	128

/* Generated from sql/ by scripts/embed, so init needs no data files. */
extern const char embed_exam_schema_sql[];
extern const char embed_questions_txt[];

static const char *db_path;

static void
usage(void)
{
	printf("usage: examctl [--db PATH] COMMAND\n"
	    "commands:\n"
	    "  init                    create the database, load the "
	    "default questions\n"
	    "  questions import FILE   replace the question bank\n"
	    "  questions list          print the question bank\n"
	    "  users                   list the users\n"
	    "  passwd NAME             set NAME's password from stdin\n"
	    "  deluser NAME            delete a user\n"
	    "  results [NAME]          list exam results\n"
	    "  connections             list connections since the last "
	    "reset\n"
	    "  reset-count             restart the connection count\n");
}

/* Prints "examctl: ..." on stderr and returns status, for `return bad()`. */
static int
complain(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
complain(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("examctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

/* Opens the database for a command; create only for init. */
static int
open_db(struct exadm *a, int create)
{
	if (exadm_open(a, db_path, create, embed_exam_schema_sql) != EXADM_OK) {
		complain(EXIT_FAILURE, "%s", a->err);
		exadm_close(a);
		return -1;
	}
	return 0;
}

/* Maps an exadm_* result to an exit status, reporting errors. */
static int
status_of(struct exadm *a, int rc)
{
	if (rc == EXADM_ERROR)
		return complain(EXIT_FAILURE, "%s", a->err);
	return rc == EXADM_OK ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Flushes stdout; output that could not be written is a failure. */
static int
flush_out(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout))
		return complain(EXIT_FAILURE, "writing output: %s",
		    strerror(errno));
	return status;
}

static int
name_arg(const char *name)
{
	if (!username_valid(name))
		return complain(EXIT_BAD, "invalid user name '%s' (1 to %d "
		    "characters of A-Z a-z 0-9 . _ -)", name, USERNAME_MAX);
	return 0;
}

static int
cmd_init(void)
{
	struct qbank_error perr;
	struct qbank *bank;
	struct exadm a;
	int rc, loaded;

	bank = qbank_parse(embed_questions_txt, strlen(embed_questions_txt),
	    &perr);
	if (bank == NULL)
		return complain(EXIT_FAILURE, "built-in questions:%zu: %s",
		    perr.line, perr.reason);
	if (open_db(&a, 1) != 0) {
		qbank_free(bank);
		return EXIT_FAILURE;
	}
	rc = status_of(&a, exadm_init_bank(&a, bank, &loaded));
	if (rc == EXIT_SUCCESS && loaded)
		printf("loaded %zu default questions\n", bank->n);
	exadm_close(&a);
	qbank_free(bank);
	return flush_out(rc);
}

/* Reads a whole bank file ("-" is stdin) into a NUL-terminated buffer
 * the caller frees. Returns an exit status, 0 when *out is set. */
static int
read_bank_file(const char *file, char **out, size_t *len)
{
	FILE *fp;
	char *buf;
	size_t n;
	int rc = EXIT_SUCCESS;

	*out = NULL;
	fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (fp == NULL)
		return complain(EXIT_FAILURE, "%s: %s", file, strerror(errno));
	if ((buf = malloc(QBANK_MAX_FILE + 2)) == NULL) {
		rc = complain(EXIT_FAILURE, "out of memory");
		goto end;
	}
	n = fread(buf, 1, QBANK_MAX_FILE + 1, fp);
	if (ferror(fp))
		rc = complain(EXIT_FAILURE, "%s: %s", file, strerror(errno));
	else if (n > QBANK_MAX_FILE)
		rc = complain(EXIT_BAD, "%s: larger than %ld bytes", file,
		    QBANK_MAX_FILE);
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

static int
cmd_import(const char *file)
{
	struct qbank_error perr;
	struct qbank *bank;
	struct exadm a;
	size_t len = 0;
	char *text;
	int rc;

	if ((rc = read_bank_file(file, &text, &len)) != EXIT_SUCCESS)
		return rc;
	bank = qbank_parse(text, len, &perr);
	free(text);
	/* The file is checked whole before the database is touched. */
	if (bank == NULL)
		return complain(EXIT_BAD, "%s:%zu: %s", file, perr.line,
		    perr.reason);
	if (open_db(&a, 0) != 0) {
		qbank_free(bank);
		return EXIT_FAILURE;
	}
	rc = status_of(&a, exadm_replace_bank(&a, bank));
	if (rc == EXIT_SUCCESS)
		printf("imported %zu questions\n", bank->n);
	exadm_close(&a);
	qbank_free(bank);
	return flush_out(rc);
}

static int
cmd_list_questions(void)
{
	struct qbank *bank;
	struct exadm a;
	int rc;

	if (open_db(&a, 0) != 0)
		return EXIT_FAILURE;
	rc = status_of(&a, exadm_load_bank(&a, &bank));
	exadm_close(&a);
	if (rc == EXIT_SUCCESS && bank != NULL)
		(void)qbank_write(stdout, bank);
	qbank_free(bank);
	return flush_out(rc);
}

static int
cmd_users(void)
{
	struct exadm a;
	int rc;

	if (open_db(&a, 0) != 0)
		return EXIT_FAILURE;
	rc = status_of(&a, exadm_list_users(&a, stdout));
	exadm_close(&a);
	return flush_out(rc);
}

/* Reads one line of stdin into pw (PASSWORD_MAX + 1 bytes): the line end
 * (LF or CRLF) is dropped, the rest is taken as typed. Returns 0 or an
 * exit status after complaining. */
static int
read_password_line(char *pw)
{
	size_t n = 0;
	int c, got = 0, too_long = 0, nul = 0;

	while ((c = getchar()) != EOF && c != '\n') {
		got = 1;
		if (c == '\0')
			nul = 1;
		if (n < PASSWORD_MAX + 1)
			pw[n++] = (char)c;
		else
			too_long = 1;
	}
	if (ferror(stdin))
		return complain(EXIT_FAILURE, "reading standard input: %s",
		    strerror(errno));
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n < PASSWORD_MAX + 1 ? n : PASSWORD_MAX] = '\0';
	if (!got && c == EOF)
		return complain(EXIT_BAD, "no password on standard input");
	if (nul)
		return complain(EXIT_BAD, "the password contains a NUL byte");
	if (too_long || n > PASSWORD_MAX)
		return complain(EXIT_BAD, "the password is longer than %d "
		    "bytes", PASSWORD_MAX);
	if (n == 0)
		return complain(EXIT_BAD, "the password is empty");
	if (memchr(pw, '\r', n) != NULL)
		return complain(EXIT_BAD, "the password contains a CR");
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

static int
cmd_passwd(const char *name)
{
	char pw[PASSWORD_MAX + 1];
	struct exadm a;
	char *hash;
	int rc;

	if ((rc = name_arg(name)) != 0)
		return rc;
	rc = read_password(pw);
	if (rc == 0) {
		hash = password_hash(pw);
		explicit_bzero(pw, sizeof pw);
		if (hash == NULL)
			return complain(EXIT_FAILURE, "hashing the password "
			    "failed");
	} else {
		explicit_bzero(pw, sizeof pw);
		return rc;
	}
	if (open_db(&a, 0) != 0) {
		free(hash);
		return EXIT_FAILURE;
	}
	rc = exadm_set_password(&a, name, hash);
	if (rc == EXADM_NOTFOUND)
		complain(EXIT_FAILURE, "no user '%s'", name);
	rc = status_of(&a, rc);
	exadm_close(&a);
	free(hash);
	return rc;
}

static int
cmd_deluser(const char *name)
{
	struct exadm a;
	int rc;

	if ((rc = name_arg(name)) != 0)
		return rc;
	if (open_db(&a, 0) != 0)
		return EXIT_FAILURE;
	rc = exadm_delete_user(&a, name);
	if (rc == EXADM_NOTFOUND)
		complain(EXIT_FAILURE, "no user '%s'", name);
	rc = status_of(&a, rc);
	exadm_close(&a);
	return rc;
}

static int
cmd_results(const char *name)
{
	struct exadm a;
	int rc;

	if (name != NULL && (rc = name_arg(name)) != 0)
		return rc;
	if (open_db(&a, 0) != 0)
		return EXIT_FAILURE;
	rc = exadm_list_results(&a, name, stdout);
	if (rc == EXADM_NOTFOUND)
		complain(EXIT_FAILURE, "no results for '%s'", name);
	rc = status_of(&a, rc);
	exadm_close(&a);
	return flush_out(rc);
}

static int
cmd_connections(void)
{
	struct exadm a;
	int rc;

	if (open_db(&a, 0) != 0)
		return EXIT_FAILURE;
	rc = status_of(&a, exadm_list_connections(&a, stdout));
	exadm_close(&a);
	return flush_out(rc);
}

static int
cmd_reset_count(void)
{
	struct exadm a;
	long long was;
	int rc;

	if (open_db(&a, 0) != 0)
		return EXIT_FAILURE;
	rc = status_of(&a, exadm_reset_count(&a, &was));
	if (rc == EXIT_SUCCESS)
		printf("count reset (was %lld)\n", was);
	exadm_close(&a);
	return flush_out(rc);
}

/* Checks that a command got between min and max arguments. */
static int
nargs_ok(const char *cmd, int n, int min, int max)
{
	if (n < min)
		return complain(EXIT_BAD, "%s: missing argument", cmd), 0;
	if (n > max)
		return complain(EXIT_BAD, "%s: too many arguments", cmd), 0;
	return 1;
}

int
main(int argc, char *argv[])
{
	const char *cmd;
	char **args;
	int i = 1, n;

	/* exam.db holds password hashes: nothing we create is for others. */
	umask(077);
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		usage();
		return flush_out(EXIT_SUCCESS);
	}
	if (i < argc && strcmp(argv[i], "--db") == 0) {
		if (i + 1 >= argc || argv[i + 1][0] == '\0')
			return complain(EXIT_BAD, "--db needs a path");
		db_path = argv[i + 1];
		i += 2;
	}
	if (db_path == NULL)
		db_path = getenv("EXAM_DB");
	if (db_path == NULL || db_path[0] == '\0')
		db_path = DEFAULT_EXAM_DB;
	if (i >= argc)
		return complain(EXIT_BAD, "missing command (see examctl "
		    "--help)");
	cmd = argv[i];
	args = argv + i + 1;
	n = argc - i - 1;
	if (cmd[0] == '-')
		return complain(EXIT_BAD, "unknown option '%s' (see "
		    "examctl --help)", cmd);
	if (strcmp(cmd, "init") == 0)
		return nargs_ok(cmd, n, 0, 0) ? cmd_init() : EXIT_BAD;
	if (strcmp(cmd, "questions") == 0) {
		if (n >= 1 && strcmp(args[0], "import") == 0)
			return nargs_ok("questions import", n - 1, 1, 1) ?
			    cmd_import(args[1]) : EXIT_BAD;
		if (n >= 1 && strcmp(args[0], "list") == 0)
			return nargs_ok("questions list", n - 1, 0, 0) ?
			    cmd_list_questions() : EXIT_BAD;
		return complain(EXIT_BAD, "questions: expected 'import "
		    "FILE' or 'list'");
	}
	if (strcmp(cmd, "users") == 0)
		return nargs_ok(cmd, n, 0, 0) ? cmd_users() : EXIT_BAD;
	if (strcmp(cmd, "passwd") == 0)
		return nargs_ok(cmd, n, 1, 1) ? cmd_passwd(args[0]) : EXIT_BAD;
	if (strcmp(cmd, "deluser") == 0)
		return nargs_ok(cmd, n, 1, 1) ? cmd_deluser(args[0]) :
		    EXIT_BAD;
	if (strcmp(cmd, "results") == 0)
		return nargs_ok(cmd, n, 0, 1) ?
		    cmd_results(n ? args[0] : NULL) : EXIT_BAD;
	if (strcmp(cmd, "connections") == 0)
		return nargs_ok(cmd, n, 0, 0) ? cmd_connections() : EXIT_BAD;
	if (strcmp(cmd, "reset-count") == 0)
		return nargs_ok(cmd, n, 0, 0) ? cmd_reset_count() : EXIT_BAD;
	return complain(EXIT_BAD, "unknown command '%s' (see examctl "
	    "--help)", cmd);
}
