/* SPDX-License-Identifier: ISC */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

void
cli_usage(const struct cli *c, FILE *fp)
{
	fprintf(fp, "usage: %s [--db PATH] COMMAND [ARGUMENT ...]\n"
	    "       %s --help | --version\n"
	    "Commands:\n%s"
	    "Options:\n"
	    "  --db PATH, --db=PATH  the database (default: $%s if set, else\n"
	    "                        %s)\n"
	    "  --help                print this help\n"
	    "  --version             print the version\n"
	    "Exit status: 0 done; 1 no such entry, or a database, file or "
	    "output failure;\n2 bad usage or input (nothing was changed).\n",
	    c->name, c->name, c->commands, c->env, c->default_db);
}

int
cli_usage_error(const struct cli *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	warnx("%s (see %s --help)", msg, c->name);
	return CLI_USAGE;
}

int
cli_finish(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warnx("writing output: %s", strerror(errno));
		return CLI_FAILED;
	}
	return status;
}

const char *
cli_plural(long long n)
{
	return n == 1 ? "" : "s";
}

int
cli_options(const struct cli *c, int argc, char *argv[], const char **db,
    int *first)
{
	static const struct option opts[] = {
		{ "db",		required_argument,	NULL, 'd' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 },
	};
	static char hint[256];
	const char *path = NULL;
	int ch;

	/* '+': options end at the command, so a NAME may start with '-';
	 * ':': a missing argument is reported here, on one line. */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 'h':
			cli_usage(c, stdout);
			return cli_finish(CLI_OK);
		case 'V':
			printf("%s %s\n", c->name, VERSION);
			return cli_finish(CLI_OK);
		case ':':
			return cli_usage_error(c, "option '%s' needs an "
			    "argument", argv[optind - 1]);
		default:
			if (optopt != 0)
				return cli_usage_error(c, "unknown option "
				    "'-%c'", optopt);
			return cli_usage_error(c, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (path == NULL) {
		path = getenv(c->env);
		/* An empty variable counts as unset, as in most tools. */
		if (path == NULL || *path == '\0')
			path = c->default_db;
	} else if (*path == '\0') {
		return cli_usage_error(c, "--db needs a non-empty path");
	}
	if (optind >= argc)
		return cli_usage_error(c, "missing command");
	snprintf(hint, sizeof hint, "create it with '%s init', or name "
	    "another with --db PATH or $%s", c->name, c->env);
	db_set_missing_hint(hint);
	*db = path;
	*first = optind;
	return CLI_GO_ON;
}
