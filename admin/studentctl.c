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

struct cmd {
	const char	*name;
	int		 nargs;
	const char	*args;		/* for the usage message */
	int		(*run)(const char *db, char *argv[]);
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

/* Opens the database; the hook has said why when it returns NULL. */
static struct student_admin *
open_db(const char *path, enum sa_mode mode)
{
	struct student_admin *sa;

	if (student_admin_open(path, mode, embed_student_schema_sql, &sa) !=
	    DB_OK)
		return NULL;
	return sa;
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
cmd_init(const char *db, char *argv[])
{
	struct student_admin *sa;

	if ((sa = open_db(db, SA_CREATE)) == NULL)
		return EXIT_FAILURE;
	student_admin_close(sa);
	return EXIT_SUCCESS;
}

static int
cmd_add(const char *db, char *argv[])
{
	struct student_admin *sa;
	struct sa_student s = { .name = argv[0], .has_age = 1 };
	enum db_rc st;
	const char *why;

	if ((why = student_admin_check_name(s.name)) != NULL) {
		warnx("bad name: %s", why);
		return EXIT_USAGE;
	}
	if (parse_id(argv[1], &s.id) < 0)
		return EXIT_USAGE;
	if (student_admin_parse_age(argv[2], &s.age) < 0) {
		warnx("bad age: must be an integer from 0 to %d",
		    SA_AGE_MAX);
		return EXIT_USAGE;
	}
	if ((sa = open_db(db, SA_WRITE)) == NULL)
		return EXIT_FAILURE;
	st = student_admin_add(sa, &s);
	if (st == DB_EXISTS)
		warnx("student ID %lld already exists", s.id);
	student_admin_close(sa);
	return status_exit(st);
}

static int
cmd_show(const char *db, char *argv[])
{
	struct student_admin *sa;
	struct sa_student s;
	enum db_rc st;
	long long id;

	if (parse_id(argv[0], &id) < 0)
		return EXIT_USAGE;
	if ((sa = open_db(db, SA_READ)) == NULL)
		return EXIT_FAILURE;
	st = student_admin_get(sa, id, &s);
	if (st == DB_OK) {
		printf("Name: %s\nID: %lld\nAge: ", s.name, s.id);
		if (s.has_age)
			printf("%lld", s.age);
		putchar('\n');
		free((char *)s.name);
	} else if (st == DB_NONE) {
		warnx("no student with ID %lld", id);
	}
	student_admin_close(sa);
	return finish_output(status_exit(st));
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

static int
cmd_list(const char *db, char *argv[])
{
	struct student_admin *sa;
	enum db_rc st;

	if ((sa = open_db(db, SA_READ)) == NULL)
		return EXIT_FAILURE;
	/* A failed write is reported by finish_output. */
	if (puts("Name,ID,Age") == EOF)
		st = DB_ERROR;
	else
		st = student_admin_each(sa, print_csv, NULL);
	student_admin_close(sa);
	return finish_output(status_exit(st));
}

static int
cmd_delete(const char *db, char *argv[])
{
	struct student_admin *sa;
	enum db_rc st;
	long long id;

	if (parse_id(argv[0], &id) < 0)
		return EXIT_USAGE;
	if ((sa = open_db(db, SA_WRITE)) == NULL)
		return EXIT_FAILURE;
	st = student_admin_delete(sa, id);
	if (st == DB_NONE)
		warnx("no student with ID %lld", id);
	student_admin_close(sa);
	return status_exit(st);
}

static int
cmd_clear(const char *db, char *argv[])
{
	struct student_admin *sa;
	enum db_rc st;
	long long n = 0;

	if ((sa = open_db(db, SA_WRITE)) == NULL)
		return EXIT_FAILURE;
	st = student_admin_clear(sa, &n);
	if (st == DB_OK)
		printf("deleted %lld student%s\n", n, n == 1 ? "" : "s");
	student_admin_close(sa);
	return finish_output(status_exit(st));
}

static int
cmd_import(const char *db, char *argv[])
{
	struct student_admin *sa;
	enum db_rc st;
	const char *fname = argv[0];
	char err[512];
	long long n = 0;
	struct stat sb;
	FILE *in;

	/* "-" is standard input, so `studentctl list | studentctl import -`
	 * copies between databases. */
	if (strcmp(fname, "-") == 0) {
		in = stdin;
		fname = "stdin";
	} else if ((in = fopen(fname, "r")) == NULL) {
		warnx("%s: %s", fname, strerror(errno));
		return EXIT_USAGE;
	} else if (fstat(fileno(in), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* fopen() accepts a folder; only the first read would fail. */
		warnx("%s: %s", fname, strerror(EISDIR));
		fclose(in);
		return EXIT_USAGE;
	}
	if ((sa = open_db(db, SA_WRITE)) == NULL) {
		st = DB_ERROR;
		goto end;
	}
	st = student_admin_import(sa, in, fname, &n, err, sizeof err);
	if (st == DB_OK)
		printf("imported %lld student%s\n", n, n == 1 ? "" : "s");
	else if (err[0] != '\0')	/* else the hook has reported it */
		warnx("%s", err);
	student_admin_close(sa);
end:
	if (in != stdin)
		fclose(in);
	return finish_output(status_exit(st));
}

static const struct cmd cmds[] = {
	{ "init",	0, "",			cmd_init },
	{ "add",	3, " NAME ID AGE",	cmd_add },
	{ "show",	1, " ID",		cmd_show },
	{ "list",	0, "",			cmd_list },
	{ "delete",	1, " ID",		cmd_delete },
	{ "clear",	0, "",			cmd_clear },
	{ "import",	1, " FILE.csv",		cmd_import },
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
		return cmds[i].run(db, argv + 1);
	}
	warnx("unknown command '%s' (see studentctl -h)", argv[0]);
	return EXIT_USAGE;
}
