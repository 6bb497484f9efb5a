/* examd: the exam service. xinetd starts one per TCP connection, with the
 * connection on fds 0, 1 and 2, so it logs with syslog(3) only. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include "session.h"

#ifndef DEFAULT_EXAM_DB
#define DEFAULT_EXAM_DB "/var/lib/examd/exam.db"
#endif

#define DEFAULT_TIMEOUT 120
#define MAX_TIMEOUT 86400
/* Writers queue on exam.db's lock; a class arriving together must wait
 * rather than fail. */
#define BUSY_MS 10000
/* How long to read and discard input after the last line is sent. */
#define LINGER_MS 1000

enum { EXIT_OK = 0, EXIT_FAULT = 1, EXIT_USAGE = 2 };

/* A process started without fds 0-2 would otherwise open exam.db as one
 * of them and then write the conversation into it. */
static void
ensure_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", O_RDWR) == -1)
			_exit(EXIT_FAULT);
}

/* Parses a timeout of 1 to MAX_TIMEOUT seconds; -1 when invalid. */
static int
parse_timeout(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > MAX_TIMEOUT)
		return -1;
	return (int)v;
}

/* A client that stops reading must not hold the process forever. */
static void
bound_writes(int fd, int seconds)
{
	struct timeval tv = { .tv_sec = seconds, .tv_usec = 0 };

	/* Not a socket (run by hand): nothing to bound. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct exam_session s;
	struct exam_bank bank = { NULL, 0 };
	struct exam_out early, *out = &early;
	struct examdb *db = NULL;
	const char *path;
	char peer[PEER_MAX];
	int ch, timeout = DEFAULT_TIMEOUT, rc = EXIT_FAULT;

	ensure_std_fds();
	signal(SIGPIPE, SIG_IGN);
	/* Never LOG_PERROR or LOG_CONS: fd 2 is the client. */
	openlog("examd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	out_init(&early, STDOUT_FILENO);

	path = getenv("EXAM_DB");
	if (path == NULL || *path == '\0')
		path = DEFAULT_EXAM_DB;
	opterr = 0;	/* getopt would print to fd 2, the client */
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			path = optarg;
			break;
		case 't':
			if ((timeout = parse_timeout(optarg)) == -1) {
				syslog(LOG_ERR, "--timeout %s: want 1 to %d "
				    "seconds", optarg, MAX_TIMEOUT);
				goto usage;
			}
			break;
		default:
			syslog(LOG_ERR, "bad option %s; usage: examd "
			    "[--db PATH] [--timeout SECONDS]",
			    argv[optind - 1]);
			goto usage;
		}
	}
	if (optind != argc) {
		syslog(LOG_ERR, "unexpected argument %s", argv[optind]);
		goto usage;
	}

	peer_of_fd(STDIN_FILENO, peer, sizeof peer);
	bound_writes(STDOUT_FILENO, timeout);
	if ((db = examdb_open(path, BUSY_MS)) == NULL ||
	    examdb_load_bank(db, &bank) != EXAMDB_OK) {
		session_unavailable(&early);
		goto end;
	}
	session_init(&s, db, &bank, peer, STDIN_FILENO, STDOUT_FILENO,
	    timeout);
	out = &s.out;
	rc = session_run(&s) == SESSION_FAULT ? EXIT_FAULT : EXIT_OK;
	goto end;
usage:
	session_unavailable(&early);
	rc = EXIT_USAGE;
end:
	out_close(out, STDIN_FILENO, LINGER_MS);
	exam_bank_free(&bank);
	examdb_close(db);
	closelog();
	return rc;
}
