/* SPDX-License-Identifier: ISC */
/* lib/sandbox: the filter examd and the pages put on themselves lets a
 * process go on with what serving needs, and ends it, by SIGSYS, at the
 * first call outside the list: execve, fork, a listening socket, a
 * signal to another process, a change of a file's mode. Each case runs in
 * a child of its own. Built without the filter (SANDBOX=no: the sanitizer
 * build), it only checks that nothing is installed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"
#include "tap.h"

/* seccomp_mode: the Seccomp: line of /proc/self/status (2: a filter). */
static int
seccomp_mode(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	int mode = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "Seccomp:", 8) == 0)
			mode = atoi(line + 8);
	fclose(f);
	return mode;
}

/* tell FD TEXT: the child's report to the parent. */
static void
tell(int fd, const char *text)
{
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		_exit(5);
}

enum step {
	ALLOWED, EXECVE, FORK, LISTEN, KILL_PARENT, KILL_SELF, CHMOD, SOCKET_INET
};

/* in_child STEP FLAGS: the child confines itself, says so on the pipe,
 * then does STEP. Returns the child's wait status; *said is what it
 * wrote before. */
static int
in_child(enum step step, unsigned flags, char *said, size_t len)
{
	int fd[2], status = -1;
	pid_t pid, parent = getpid();
	ssize_t n;

	if (pipe(fd) == -1)
		return -1;
	fflush(stdout);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		char why[256], msg[64];
		char *const argv[] = { "true", NULL };
		int s;

		close(fd[0]);
		if (sandbox_enter(flags, why, sizeof why) == -1) {
			tell(fd[1], why);
			_exit(3);
		}
		snprintf(msg, sizeof msg, "confined %d;", seccomp_mode());
		tell(fd[1], msg);
		switch (step) {
		case ALLOWED:
			/* What a session does: files, memory, a Unix socket
			 * (syslog), time. */
			if ((s = open("/proc/self/status", O_RDONLY)) == -1 ||
			    close(s) == -1 || malloc(1 << 20) == NULL ||
			    (s = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
			    close(s) == -1 || usleep(1000) == -1)
				_exit(4);
			tell(fd[1], "served;");
			_exit(0);
		case EXECVE:
			execve("/bin/true", argv, NULL);
			break;
		case FORK:
			if (fork() == 0)
				_exit(0);
			break;
		case LISTEN:
			if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) != -1)
				(void)listen(s, 1);
			break;
		case KILL_PARENT:
			(void)kill(parent, 0);
			break;
		case KILL_SELF:
			/* kill, and tgkill through raise(): the filter's
			 * pid is this process's own, put in at load time. */
			if (kill(getpid(), 0) == -1 || raise(0) != 0)
				_exit(4);
			break;
		case CHMOD:
			(void)chmod("/nonexistent", 0777);
			break;
		case SOCKET_INET:
			(void)socket(AF_INET, SOCK_STREAM, 0);
			break;
		}
		tell(fd[1], "went on;");
		_exit(0);
	}
	close(fd[1]);
	n = read(fd[0], said, len - 1);
	if (n > 0) {
		ssize_t m;

		while ((size_t)n < len - 1 &&
		    (m = read(fd[0], said + n, len - 1 - (size_t)n)) > 0)
			n += m;
	}
	said[n > 0 ? n : 0] = '\0';
	close(fd[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return status;
}

static int
killed_by_sigsys(int status)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
}

int
main(void)
{
	static const struct {
		enum step step;
		unsigned flags;
		const char *what;
	} refused[] = {
		{ EXECVE, 0, "execve ends the process (SIGSYS)" },
		{ FORK, 0, "fork ends it" },
		{ LISTEN, SANDBOX_ACCEPT, "listen ends it, even for the pages" },
		{ KILL_PARENT, 0, "a signal to another process ends it" },
		{ CHMOD, 0, "chmod ends it" },
		{ SOCKET_INET, 0, "an Internet socket ends it without "
		    "SANDBOX_NET" },
	};
	char said[512], what[600];
	size_t i;
	int status;

	if (!sandbox_built()) {
		status = in_child(ALLOWED, 0, said, sizeof said);
		is_str(said, "confined 0;served;",
		    "built with SANDBOX=no: no filter is installed");
		is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
		    "and the process goes on");
		return tap_done();
	}
	status = in_child(ALLOWED, 0, said, sizeof said);
	is_str(said, "confined 2;served;",
	    "confined (Seccomp: 2), the process serves on");
	is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
	    "and exits normally");
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		status = in_child(refused[i].step, refused[i].flags, said,
		    sizeof said);
		ok(killed_by_sigsys(status), refused[i].what);
		snprintf(what, sizeof what, "  nothing after it ran (%s)",
		    said);
		is_str(said, "confined 2;", what);
	}
	for (i = 0; i < 4; i++) {
		status = in_child(KILL_SELF, (unsigned)i, said, sizeof said);
		snprintf(what, sizeof what, "a signal to itself is allowed "
		    "(abort, raise; flags %zu)", i);
		is_str(said, "confined 2;went on;", what);
		is_int(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
		    "  and it exits normally");
	}
	status = in_child(SOCKET_INET, SANDBOX_NET, said, sizeof said);
	is_str(said, "confined 2;went on;",
	    "with SANDBOX_NET an Internet socket is allowed (libpq)");
	return tap_done();
}
