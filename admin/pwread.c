/* SPDX-License-Identifier: ISC */
/* examctl's new passwords, from standard input or the terminal
 * (pwread.h). */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "password.h"
#include "pwread.h"

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
		return CLI_FAILED;
	}
	if (!got) {
		warnx("no password on standard input");
		return CLI_USAGE;
	}
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n] = '\0';
	if ((why = password_problem(pw, n)) != NULL) {
		warnx("%s", why);
		return CLI_USAGE;
	}
	return 0;
}

/* Reads the password; on a terminal it prompts on stderr with echo off,
 * twice, and the two must match. Terminal signals stay blocked
 * meanwhile, so Ctrl-C takes effect only once the echo is back. */
static int
read_password(char *pw)
{
	struct termios old, quiet;
	sigset_t block, saved;
	char again[PASSWORD_MAX + 2];
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
	fputc('\n', stderr);
	if (rc == 0) {
		fputs("Repeat password: ", stderr);
		rc = read_password_line(again);
		fputc('\n', stderr);
		if (rc == 0 && strcmp(pw, again) != 0) {
			warnx("the passwords do not match");
			rc = CLI_USAGE;
		}
		explicit_bzero(again, sizeof again);
	}
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return rc;
}

int
pwread_hash(char **hash, size_t *len)
{
	char pw[PASSWORD_MAX + 2];
	int rc;

	*hash = NULL;
	*len = 0;
	rc = read_password(pw);
	if (rc == 0)
		*len = strlen(pw);
	if (rc == 0 && (*hash = password_hash(pw)) == NULL) {
		warnx("hashing the password failed");
		rc = CLI_FAILED;
	}
	explicit_bzero(pw, sizeof pw);
	return rc;
}
