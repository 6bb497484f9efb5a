/* SPDX-License-Identifier: ISC */
/* studentctl: manages Student_log.db, the student pages' data. A thin
 * main over student_admin and cli (the options and exit statuses it
 * shares with examctl): argument checks first (exit 2), then one
 * database operation (exit 1 on a missing student or a failure). */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "csv.h"
#include "student_admin.h"

#ifndef DEFAULT_STUDENT_DB
#define DEFAULT_STUDENT_DB "Student_log.db"
#endif

#define EXIT_USAGE CLI_USAGE

/* sql/student_schema.sql and sql/student_schema_pg.sql, embedded at
 * build time. */
extern const char embed_student_schema_sql[];
extern const char embed_student_schema_pg_sql[];

/* A command's checked arguments, filled by its prepare step before the database
 * is opened. */
struct args {
	struct sa_student	 s;		/* add, update */
	long long		 id;		/* show, delete */
	const char		*fname;		/* import: the name in messages;
						 * import-sqlite: the file */
	FILE			*in;		/* import: the open file */
	int			 replace;	/* import --replace */
	const char		*db;		/* clear: named in the question */
	long long		*ids;		/* codes: the IDs; NULL: all */
	size_t			 nids;
	int			 codes_clear;	/* codes clear, not issue */
};

/* Each command checks its arguments first (exit 2 before the database is
 * touched), then runs on the database the dispatcher opened in its mode. */
struct cmd {
	const char	*name;
	int		 min, max;	/* words after the command */
	const char	*args;		/* for the usage message */
	enum sa_mode	 mode;
	int		(*prepare)(int argc, char *argv[], struct args *a);
	enum db_rc	(*run)(struct student_admin *sa, struct args *a);
};

static const struct cli cli = {
	"studentctl",
	"  init                  create the database file and table (for a "
	"postgresql://\n"
	"                        URI: the table and the pages' read-only role)\n"
	"  add NAME ID AGE       add a student\n"
	"  show ID               print one student\n"
	"  list                  print every student as CSV, by ID\n"
	"  update ID [--name NAME] [--age AGE]\n"
	"                        change a student's name or age\n"
	"  delete ID             delete one student\n"
	"  clear [--yes]         delete every student (asks first on a "
	"terminal)\n"
	"  import [--replace] FILE.csv\n"
	"                        add the students of a CSV file (Name,ID,Age),"
	" all or\n"
	"                        none; --replace also updates those already "
	"there\n"
	"  import-sqlite FILE.db add the students of a SQLite Student_log.db,"
	" all or none\n"
	"  codes issue ID...|--all\n"
	"                        give students new access codes, printed once "
	"as\n"
	"                        ID,Name,Code lines\n"
	"  codes clear [ID...] [--yes]\n"
	"                        remove those students' access codes (none "
	"named:\n"
	"                        every code; asks first on a terminal)\n"
	"  backup FILE           a consistent copy of the database into the "
	"new FILE,\n"
	"                        while the pages run\n",
	"STUDENT_DB",
	DEFAULT_STUDENT_DB,
};

/* Maps an operation's outcome to the exit status. */
static int
status_exit(enum db_rc st)
{
	switch (st) {
	case DB_OK:
		return CLI_OK;
	case DB_INVALID:
		return CLI_USAGE;
	default:
		return CLI_FAILED;
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

static int
check_name(const char *name)
{
	const char *why;

	if ((why = student_admin_check_name(name)) == NULL)
		return 0;
	warnx("bad name: %s", why);
	return -1;
}

static int
parse_age(const char *s, long long *age)
{
	if (student_admin_parse_age(s, age) == 0)
		return 0;
	warnx("bad age: must be an integer from 0 to %d", SA_AGE_MAX);
	return -1;
}

/* A command's own option at argv[*i]: "--NAME VALUE" or "--NAME=VALUE"
 * (value NULL for a flag: "--NAME" alone). Returns 1 and advances *i past
 * it when argv[*i] is that option, 0 when it is not, -1 when its value is
 * missing (said). */
static int
sub_option(int argc, char *argv[], int *i, const char *name, int takes,
    const char **value)
{
	size_t n = strlen(name);
	const char *w = argv[*i];

	if (strncmp(w, "--", 2) != 0 || strncmp(w + 2, name, n) != 0)
		return 0;
	if (!takes) {
		if (w[2 + n] != '\0')
			return 0;
		(*i)++;
		return 1;
	}
	if (w[2 + n] == '=') {
		*value = w + 3 + n;
	} else if (w[2 + n] == '\0' && *i + 1 < argc) {
		*value = argv[++*i];
	} else if (w[2 + n] == '\0') {
		cli_usage_error(&cli, "option '--%s' needs an argument", name);
		return -1;
	} else {
		return 0;
	}
	(*i)++;
	return 1;
}

static int
prepare_none(int argc, char *argv[], struct args *a)
{
	return 0;
}

static int
prepare_id(int argc, char *argv[], struct args *a)
{
	return parse_id(argv[0], &a->id) < 0 ? EXIT_USAGE : 0;
}

static enum db_rc
cmd_init(struct student_admin *sa, struct args *a)
{
	return DB_OK;		/* opening in SA_CREATE mode did it all */
}

static int
prepare_add(int argc, char *argv[], struct args *a)
{
	a->s.name = argv[0];
	a->s.has_age = 1;
	if (check_name(a->s.name) < 0 || parse_id(argv[1], &a->s.id) < 0 ||
	    parse_age(argv[2], &a->s.age) < 0)
		return EXIT_USAGE;
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
	/* A failed write is reported by cli_finish. */
	if (puts("Name,ID,Age") == EOF)
		return DB_ERROR;
	return student_admin_each(sa, print_csv, NULL);
}

/* update ID [--name NAME] [--age AGE], the options in any order. */
static int
prepare_update(int argc, char *argv[], struct args *a)
{
	const char *name = NULL, *age = NULL;
	int i = 1, r;

	if (parse_id(argv[0], &a->s.id) < 0)
		return EXIT_USAGE;
	while (i < argc) {
		if ((r = sub_option(argc, argv, &i, "name", 1, &name)) == 0 &&
		    (r = sub_option(argc, argv, &i, "age", 1, &age)) == 0)
			return cli_usage_error(&cli, "update: unexpected "
			    "argument '%s'", argv[i]);
		if (r < 0)
			return EXIT_USAGE;
	}
	if (name == NULL && age == NULL)
		return cli_usage_error(&cli, "update: give --name NAME, "
		    "--age AGE or both");
	if (name != NULL && check_name(name) < 0)
		return EXIT_USAGE;
	if (age != NULL && parse_age(age, &a->s.age) < 0)
		return EXIT_USAGE;
	a->s.name = name;
	a->s.has_age = age != NULL;
	return 0;
}

static enum db_rc
cmd_update(struct student_admin *sa, struct args *a)
{
	enum db_rc st = student_admin_update(sa, &a->s);

	if (st == DB_NONE)
		warnx("no student with ID %lld", a->s.id);
	return st;
}

static enum db_rc
cmd_delete(struct student_admin *sa, struct args *a)
{
	enum db_rc st = student_admin_delete(sa, a->id);

	if (st == DB_NONE)
		warnx("no student with ID %lld", a->id);
	return st;
}

/* clear deletes a whole class: on a terminal it asks first; a script
 * says --yes, and without a terminal or --yes nothing is deleted. */
static int
prepare_clear(int argc, char *argv[], struct args *a)
{
	char line[16];
	int i = 0, yes = 0;

	while (i < argc) {
		if (sub_option(argc, argv, &i, "yes", 0, NULL) == 0)
			return cli_usage_error(&cli, "clear: unexpected "
			    "argument '%s'", argv[i]);
		yes = 1;
	}
	if (yes)
		return 0;
	if (!isatty(STDIN_FILENO)) {
		warnx("clear deletes every student of %s: confirm with "
		    "'clear --yes' (standard input is not a terminal)", a->db);
		return EXIT_USAGE;
	}
	fprintf(stderr, "Delete every student of %s? [y/N] ", a->db);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (strcasecmp(line, "y\n") != 0 && strcasecmp(line, "yes\n") != 0)) {
		warnx("nothing deleted");
		return CLI_FAILED;
	}
	return 0;
}

static enum db_rc
cmd_clear(struct student_admin *sa, struct args *a)
{
	enum db_rc st;
	long long n = 0;

	if ((st = student_admin_clear(sa, &n)) == DB_OK)
		printf("deleted %lld student%s\n", n, cli_plural(n));
	return st;
}

/* clear's question: --yes, or "y" on a terminal. Returns 0 to go on, or
 * the exit status. what names what is deleted. */
static int
confirm(int yes, const char *what, const char *again, const char *db)
{
	char line[16];

	if (yes)
		return 0;
	if (!isatty(STDIN_FILENO)) {
		warnx("%s deletes %s of %s: confirm with '%s --yes' (standard "
		    "input is not a terminal)", again, what, db, again);
		return EXIT_USAGE;
	}
	fprintf(stderr, "Delete %s of %s? [y/N] ", what, db);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (strcasecmp(line, "y\n") != 0 && strcasecmp(line, "yes\n") != 0)) {
		warnx("nothing deleted");
		return CLI_FAILED;
	}
	return 0;
}

/* codes issue ID...|--all, codes clear [ID...] [--yes]. */
static int
prepare_codes(int argc, char *argv[], struct args *a)
{
	int i, all = 0, yes = 0;

	if (strcmp(argv[0], "clear") == 0)
		a->codes_clear = 1;
	else if (strcmp(argv[0], "issue") != 0)
		return cli_usage_error(&cli, "codes: unknown command '%s' "
		    "(issue or clear)", argv[0]);
	if ((a->ids = calloc((size_t)argc, sizeof *a->ids)) == NULL) {
		warnx("out of memory");
		return CLI_FAILED;
	}
	for (i = 1; i < argc; i++) {
		if (!a->codes_clear && strcmp(argv[i], "--all") == 0)
			all = 1;
		else if (a->codes_clear && strcmp(argv[i], "--yes") == 0)
			yes = 1;
		else if (parse_id(argv[i], &a->ids[a->nids++]) < 0)
			return EXIT_USAGE;
	}
	if (!a->codes_clear && all == (a->nids > 0))
		return cli_usage_error(&cli, "usage: studentctl [--db PATH] "
		    "codes issue ID...|--all");
	if (all || (a->codes_clear && a->nids == 0)) {
		free(a->ids);
		a->ids = NULL;
	}
	return a->ids == NULL && a->codes_clear ?
	    confirm(yes, "every access code", "codes clear", a->db) : 0;
}

/* One issued code, as a CSV line for a mail merge, into the buffer that
 * is printed once every code is stored. */
static int
print_code(const struct sa_student *s, const char *code, void *arg)
{
	FILE *out = arg;

	if (fprintf(out, "%lld,", s->id) < 0 ||
	    csv_write_field(out, s->name) < 0 ||
	    fprintf(out, ",%s\n", code) < 0)
		return -1;
	return 0;
}

static enum db_rc
cmd_codes(struct student_admin *sa, struct args *a)
{
	long long n = 0, missing = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;
	enum db_rc st;

	if (a->codes_clear) {
		if ((st = student_admin_codes_clear(sa, a->ids, a->nids,
		    &n)) == DB_OK)
			printf("cleared %lld access code%s\n", n,
			    cli_plural(n));
		return st;
	}
	/* Printed only after the commit: a code never stored is never
	 * handed out. */
	if ((out = open_memstream(&buf, &len)) == NULL) {
		warnx("out of memory");
		return DB_ERROR;
	}
	st = student_admin_codes_issue(sa, a->ids, a->nids, &missing,
	    print_code, out);
	if (fclose(out) != 0 && st == DB_OK) {
		warnx("out of memory");
		st = DB_ERROR;	/* too late to roll back: none printed */
	}
	if (st == DB_OK) {
		fputs("ID,Name,Code\n", stdout);
		fwrite(buf, 1, len, stdout);
	} else if (st == DB_NONE) {
		warnx("no student with ID %lld; no code issued", missing);
	}
	free(buf);
	return st;
}

/* import [--replace] FILE: opens the file, so that a bad one is a bad
 * argument, found before the database is opened. */
static int
prepare_import(int argc, char *argv[], struct args *a)
{
	struct stat sb;
	int i = 0;

	while (i < argc - 1 && strcmp(argv[i], "--") != 0 &&
	    sub_option(argc, argv, &i, "replace", 0, NULL) == 1)
		a->replace = 1;
	if (i < argc - 1 && strcmp(argv[i], "--") == 0)
		i++;
	if (i != argc - 1)
		return cli_usage_error(&cli, "usage: studentctl [--db PATH] "
		    "import [--replace] FILE.csv");
	a->fname = argv[i];
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
	long long added = 0, updated = 0;

	st = student_admin_import(sa, a->in, a->fname, a->replace, &added,
	    &updated, err, sizeof err);
	if (st == DB_OK && a->replace)
		printf("imported %lld student%s (%lld added, %lld updated)\n",
		    added + updated, cli_plural(added + updated), added,
		    updated);
	else if (st == DB_OK)
		printf("imported %lld student%s\n", added, cli_plural(added));
	else if (err[0] != '\0')	/* else the hook has reported it */
		warnx("%s", err);
	return st;
}

/* The SQLite file to copy from: a missing one, or a URI, is a bad
 * argument. */
static int
prepare_import_sqlite(int argc, char *argv[], struct args *a)
{
	struct stat sb;

	a->fname = argv[0];
	if (db_is_uri(a->fname)) {
		warnx("import-sqlite reads a SQLite file, not %s", a->fname);
		return EXIT_USAGE;
	}
	if (stat(a->fname, &sb) != 0) {
		warnx("%s: %s", a->fname, strerror(errno));
		return EXIT_USAGE;
	}
	if (!S_ISREG(sb.st_mode)) {
		warnx("%s: not a regular file", a->fname);
		return EXIT_USAGE;
	}
	return 0;
}

static enum db_rc
cmd_import_sqlite(struct student_admin *sa, struct args *a)
{
	struct student_admin *src = NULL;
	long long n = 0, taken = 0;
	const char *why = "";
	enum db_rc st;

	if ((st = student_admin_open(a->fname, SA_READ, NULL, &src)) != DB_OK)
		return st;	/* the hook has said why */
	st = student_admin_copy(sa, src, &n, &taken, &why);
	if (st == DB_OK)
		printf("imported %lld student%s\n", n, n == 1 ? "" : "s");
	else if (st == DB_EXISTS)
		warnx("student ID %lld already exists; nothing imported",
		    taken);
	else if (st == DB_INVALID)
		warnx("%s: student ID %lld: %s; nothing imported", a->fname,
		    taken, why);
	student_admin_close(src);
	return st;
}

/* backup FILE: a FILE that exists is a bad argument (a backup never
 * overwrites a file). */
static int
prepare_backup(int argc, char *argv[], struct args *a)
{
	struct stat sb;

	a->fname = argv[0];
	if (lstat(a->fname, &sb) == 0) {
		warnx("%s exists (a backup never overwrites a file)",
		    a->fname);
		return EXIT_USAGE;
	}
	return 0;
}

static enum db_rc
cmd_backup(struct student_admin *sa, struct args *a)
{
	enum db_rc st = student_admin_backup(sa, a->fname);

	if (st == DB_OK)
		printf("copied %s to %s\n", a->db, a->fname);
	return st;
}

/* Checks the arguments, opens the database once, runs the command, and
 * closes everything: the one place a command's resources are released. */
static int
dispatch(const struct cmd *c, const char *db, int argc, char *argv[])
{
	struct student_admin *sa = NULL;
	struct args a = { .in = NULL, .db = db };
	int rc;

	if ((rc = c->prepare(argc, argv, &a)) != 0) {
		free(a.ids);
		return cli_finish(rc);
	}
	if (student_admin_open(db, c->mode, &(struct sql_text){
	    embed_student_schema_sql, embed_student_schema_pg_sql }, &sa) !=
	    DB_OK)
		rc = CLI_FAILED;	/* the hook has said why */
	else
		rc = status_exit(c->run(sa, &a));
	student_admin_close(sa);
	if (a.in != NULL && a.in != stdin)
		fclose(a.in);
	free(a.ids);
	return cli_finish(rc);
}

static const struct cmd cmds[] = {
	{ "init",   0, 0, "",	SA_CREATE, prepare_none,	cmd_init },
	{ "add",    3, 3, " NAME ID AGE", SA_WRITE, prepare_add, cmd_add },
	{ "show",   1, 1, " ID",	SA_READ,   prepare_id,	cmd_show },
	{ "list",   0, 0, "",	SA_READ,   prepare_none,	cmd_list },
	{ "update", 1, 5, " ID [--name NAME] [--age AGE]", SA_WRITE,
	    prepare_update, cmd_update },
	{ "delete", 1, 1, " ID",	SA_WRITE,  prepare_id,	cmd_delete },
	{ "clear",  0, 1, " [--yes]", SA_WRITE,  prepare_clear, cmd_clear },
	{ "import", 1, 3, " [--replace] FILE.csv", SA_WRITE, prepare_import,
	    cmd_import },
	{ "import-sqlite", 1, 1, " FILE.db", SA_WRITE, prepare_import_sqlite,
	    cmd_import_sqlite },
	{ "codes", 1, 100000, " issue ID...|--all, codes clear [ID...] "
	    "[--yes]", SA_UPGRADE, prepare_codes, cmd_codes },
	{ "backup", 1, 1, " FILE", SA_READ, prepare_backup, cmd_backup },
};

int
main(int argc, char *argv[])
{
	const char *db = NULL;
	size_t i;
	int first = 0, n, rc;

	db_set_failure_hook(report_db_failure);
	if ((rc = cli_options(&cli, argc, argv, &db, &first)) != CLI_GO_ON)
		return rc;
	argc -= first;
	argv += first;
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(argv[0], cmds[i].name) != 0)
			continue;
		n = argc - 1;
		if (n < cmds[i].min || n > cmds[i].max) {
			warnx("usage: studentctl [--db PATH] %s%s",
			    cmds[i].name, cmds[i].args);
			return CLI_USAGE;
		}
		return dispatch(&cmds[i], db, n, argv + 1);
	}
	return cli_usage_error(&cli, "unknown command '%s'", argv[0]);
}
