/* studentctl: manages Student_log.db, the student pages' data. A thin
 * main over student_admin: argument checks first (exit 2), then one
 * database operation (exit 1 on a missing student or a failure). */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "student_admin.h"

#ifndef DEFAULT_STUDENT_DB
#define DEFAULT_STUDENT_DB "Student_log.db"
#endif

#define EXIT_USAGE 2

/* sql/student_schema.sql, embedded at build time. */
extern const char embed_student_schema_sql[];

/* A command's checked arguments, filled by its prepare step before the database
 * is opened. */
struct args {
	struct sa_student	 s;		/* add */
	long long		 id;		/* show, delete */
	const char		*fname;		/* import: the name in messages */
	FILE			*in;		/* import: the open file */
};

/* Each command checks its arguments first (exit 2 before the database is
 * touched), then runs on the database the dispatcher opened in its mode. */
struct cmd {
	const char	*name;
	int		 nargs;
	const char	*args;		/* for the usage message */
	enum sa_mode	 mode;
	int		(*prepare)(char *argv[], struct args *a);	/* 0 or exit */
	enum db_rc	(*run)(struct student_admin *sa, struct args *a);
};

static void
usage(FILE *fp)
{
	fputs("usage: studentctl [--db PATH] command [argument ...]\n"
	    "commands:\n"
	    "  init              create the database file and table\n"
	    "  add NAME ID AGE   add a student\n"
	    "  show ID           print one student\n"
	    "  list              print every student as CSV, by ID\n"
	    "  delete ID         delete one student\n"
	    "  clear             delete every student\n"
	    "  import FILE.csv   add the students of a CSV file (Name,ID,Age),"
	    " all or none\n"
	    "The database is --db PATH, else $STUDENT_DB, else "
	    DEFAULT_STUDENT_DB ".\n", fp);
}

/* Maps an operation's outcome to the exit status. */
static int
status_exit(enum db_rc st)
{
	switch (st) {
	case DB_OK:
		return EXIT_SUCCESS;
	case DB_INVALID:
		return EXIT_USAGE;
	default:
		return EXIT_FAILURE;
	}
}

/* Database failures, err(3)-style on stderr: the failing step or SQL and
 * SQLite's message, one line. */
static void
report_db_failure(const char *sql, const char *msg)
{
	warnx("%s: %s", sql, msg);
}

static int
parse_id(const char *s, long long *id)
{
	if (student_admin_parse_id(s, id) == 0)
		return 0;
	warnx("bad ID: must be a decimal integer from 1 to %lld",
	    SA_ID_MAX);
	return -1;
}

/* Flushes stdout and reports a failed write (a full disk, a closed
 * pipe), which would otherwise pass silently. */
static int
finish_output(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warnx("write error: %s", strerror(errno));
		return EXIT_FAILURE;
	}
	return status;
}

static int
prepare_none(char *argv[], struct args *a)
{
	return 0;
}

static int
prepare_id(char *argv[], struct args *a)
{
	return parse_id(argv[0], &a->id) < 0 ? EXIT_USAGE : 0;
}

static enum db_rc
cmd_init(struct student_admin *sa, struct args *a)
{
	return DB_OK;		/* opening in SA_CREATE mode did it all */
}

static int
prepare_add(char *argv[], struct args *a)
{
	const char *why;

	a->s.name = argv[0];
	a->s.has_age = 1;
	if ((why = student_admin_check_name(a->s.name)) != NULL) {
		warnx("bad name: %s", why);
		return EXIT_USAGE;
	}
	if (parse_id(argv[1], &a->s.id) < 0)
		return EXIT_USAGE;
	if (student_admin_parse_age(argv[2], &a->s.age) < 0) {
		warnx("bad age: must be an integer from 0 to %d",
		    SA_AGE_MAX);
		return EXIT_USAGE;
	}
	return 0;
}

static enum db_rc
cmd_add(struct student_admin *sa, struct args *a)
{
	enum db_rc st = student_admin_add(sa, &a->s);

	if (st == DB_EXISTS)
		warnx("student ID %lld already exists", a->s.id);
	return st;
}

static enum db_rc
cmd_show(struct student_admin *sa, struct args *a)
{
	struct sa_student s;
	enum db_rc st;

	st = student_admin_get(sa, a->id, &s);
	if (st == DB_OK) {
		printf("Name: %s\nID: %lld\nAge: ", s.name, s.id);
		if (s.has_age)
			printf("%lld", s.age);
		putchar('\n');
		free((char *)s.name);
	} else if (st == DB_NONE) {
		warnx("no student with ID %lld", a->id);
	}
	return st;
}

/* Writes one student as a CSV record; list's output re-imports. */
static int
print_csv(const struct sa_student *s, void *arg)
{
	if (csv_write_field(stdout, s->name) < 0 ||
	    printf(",%lld,", s->id) < 0 ||
	    (s->has_age && printf("%lld", s->age) < 0) ||
	    putchar('\n') == EOF)
		return -1;
	return 0;
}

static enum db_rc
cmd_list(struct student_admin *sa, struct args *a)
{
	/* A failed write is reported by finish_output. */
	if (puts("Name,ID,Age") == EOF)
		return DB_ERROR;
	return student_admin_each(sa, print_csv, NULL);
}

static enum db_rc
cmd_delete(struct student_admin *sa, struct args *a)
{
	enum db_rc st = student_admin_delete(sa, a->id);

	if (st == DB_NONE)
		warnx("no student with ID %lld", a->id);
	return st;
}

static enum db_rc
cmd_clear(struct student_admin *sa, struct args *a)
{
	enum db_rc st;
	long long n = 0;

	if ((st = student_admin_clear(sa, &n)) == DB_OK)
		printf("deleted %lld student%s\n", n, n == 1 ? "" : "s");
	return st;
}

/* Opens the import file: a bad one is a bad argument, found before the
 * database is opened. */
static int
prepare_import(char *argv[], struct args *a)
{
	struct stat sb;

	a->fname = argv[0];
	/* "-" is standard input, so `studentctl list | studentctl import -`
	 * copies between databases. */
	if (strcmp(a->fname, "-") == 0) {
		a->in = stdin;
		a->fname = "stdin";
	} else if ((a->in = fopen(a->fname, "r")) == NULL) {
		warnx("%s: %s", a->fname, strerror(errno));
		return EXIT_USAGE;
	} else if (fstat(fileno(a->in), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* fopen() accepts a folder; only the first read would fail. */
		warnx("%s: %s", a->fname, strerror(EISDIR));
		fclose(a->in);
		a->in = NULL;
		return EXIT_USAGE;
	}
	return 0;
}

static enum db_rc
cmd_import(struct student_admin *sa, struct args *a)
{
	enum db_rc st;
	char err[512];
	long long n = 0;

	st = student_admin_import(sa, a->in, a->fname, &n, err, sizeof err);
	if (st == DB_OK)
		printf("imported %lld student%s\n", n, n == 1 ? "" : "s");
	else if (err[0] != '\0')	/* else the hook has reported it */
		warnx("%s", err);
	return st;
}

/* Checks the arguments, opens the database once, runs the command, and
 * closes everything: the one place a command's resources are released. */
static int
dispatch(const struct cmd *c, const char *db, char *argv[])
{
	struct student_admin *sa = NULL;
	struct args a = { .in = NULL };
	int rc;

	if ((rc = c->prepare(argv, &a)) != 0)
		return rc;
	if (student_admin_open(db, c->mode, embed_student_schema_sql, &sa) !=
	    DB_OK)
		rc = EXIT_FAILURE;	/* the hook has said why */
	else
		rc = status_exit(c->run(sa, &a));
	student_admin_close(sa);
	if (a.in != NULL && a.in != stdin)
		fclose(a.in);
	return finish_output(rc);
}

static const struct cmd cmds[] = {
	{ "init",   0, "",	       SA_CREATE, prepare_none,	cmd_init },
	{ "add",    3, " NAME ID AGE", SA_WRITE,  prepare_add,	cmd_add },
	{ "show",   1, " ID",	       SA_READ,	  prepare_id,	cmd_show },
	{ "list",   0, "",	       SA_READ,	  prepare_none,	cmd_list },
	{ "delete", 1, " ID",	       SA_WRITE,  prepare_id,	cmd_delete },
	{ "clear",  0, "",	       SA_WRITE,  prepare_none,	cmd_clear },
	{ "import", 1, " FILE.csv",    SA_WRITE,  prepare_import,	cmd_import },
};

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "db",		required_argument,	NULL, 'd' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 },
	};
	const char *db = NULL;
	size_t i;
	int c;

	db_set_failure_hook(report_db_failure);
	/* '+': options end at the command, so a NAME may start with '-';
	 * ':': report a missing --db argument ourselves, on one line. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'h':
			usage(stdout);
			return finish_output(EXIT_SUCCESS);
		case ':':
			warnx("option %s needs an argument (see studentctl -h)",
			    argv[optind - 1]);
			return EXIT_USAGE;
		default:
			if (optopt != 0)
				warnx("unknown option -%c (see studentctl -h)",
				    optopt);
			else
				warnx("unknown option %s (see studentctl -h)",
				    argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (db == NULL) {
		db = getenv("STUDENT_DB");
		/* An empty variable counts as unset, as in most tools. */
		if (db == NULL || *db == '\0')
			db = DEFAULT_STUDENT_DB;
	} else if (*db == '\0') {
		warnx("--db needs a non-empty path");
		return EXIT_USAGE;
	}
	if (argc == 0) {
		warnx("missing command (see studentctl -h)");
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(argv[0], cmds[i].name) != 0)
			continue;
		if (argc - 1 != cmds[i].nargs) {
			warnx("usage: studentctl [--db PATH] %s%s",
			    cmds[i].name, cmds[i].args);
			return EXIT_USAGE;
		}
		return dispatch(&cmds[i], db, argv + 1);
	}
	warnx("unknown command '%s' (see studentctl -h)", argv[0]);
	return EXIT_USAGE;
}
