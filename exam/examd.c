/* SPDX-License-Identifier: ISC */
/* examd: the exam service. xinetd starts one per TCP connection, with the
 * connection on fds 0, 1 and 2, so it logs with syslog(3), or to the file
 * given with --log, never to stderr; only when started by hand (stdin a
 * terminal) does it also tell the terminal why it stops. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "db.h"
#include "intparse.h"
#include "log.h"
#include "proxy.h"
#include "sandbox.h"
#include "session.h"
#include "sql.h"
#include "tls.h"

#ifndef DEFAULT_EXAM_DB
#define DEFAULT_EXAM_DB "/var/lib/examd/exam.db"
#endif

#define DEFAULT_TIMEOUT 120
#define MAX_TIMEOUT 86400
/* --max-session's bound in minutes: a week, the longest time limit. */
#define MAX_SESSION 10080
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

/* examd holds clear-text passwords for a moment and every account's hash:
 * no core file may keep them, and no other process of its user may read
 * its memory (ptrace, /proc/PID/mem follow the dumpable flag). */
static void
no_core(void)
{
	static const struct rlimit zero = { 0, 0 };

	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)setrlimit(RLIMIT_CORE, &zero);
}

/* Started by hand in a terminal rather than by xinetd (stdin a socket):
 * then, and only then, fd 2 is the user's and may hear why. */
static int by_hand;

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: examd [--db PATH|URI] [--timeout SECONDS] "
	    "[--log FILE]\n"
	    "             [--proxy-from ADDR[,ADDR...]] "
	    "[--max-session MINUTES]\n"
	    "             [--tls-cert FILE --tls-key FILE]\n"
	    "       examd --help | --version\n"
	    "xinetd starts examd once per connection, the connection on its "
	    "standard input\nand output.\n"
	    "The database is --db PATH (SQLite) or URI (postgresql://...), "
	    "else $EXAM_DB,\nelse " DEFAULT_EXAM_DB ".\n");
}

/* A diagnostic: to the log, and also on the terminal when examd was
 * started by hand. */
static void
say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
say(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	exam_log(LOG_ERR, "%s", msg);
	if (by_hand)
		dprintf(STDERR_FILENO, "examd: %s\n", msg);
}

/* Where examdb's failures go: syslog or the --log file, with the
 * statement that failed (and the terminal, run by hand). */
static void
log_db_failure(const char *what, const char *msg)
{
	say("database: %s: %s", what, msg);
}

/* examd holds the clients' password hashes and talks to anyone who
 * connects: it never runs as root. Says why in syslog, and on the
 * terminal when run by hand; a client only hears that the service is
 * unavailable. Returns 1 when examd must stop. */
static int
refuse_root(struct exam_out *o)
{
	static const char why[] = "refusing to run as root (effective uid 0): "
	    "run examd as an unprivileged user, e.g. with xinetd's user "
	    "attribute";

	if (geteuid() != 0)
		return 0;
	say("%s", why);
	/* fd 2 is a client's socket under xinetd, never a terminal. */
	if (!by_hand)
		session_unavailable(o);
	return 1;
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
		{ "log", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "minute-seconds", required_argument, NULL, 'm' },
		{ "proxy-from", required_argument, NULL, 'p' },
		{ "max-session", required_argument, NULL, 'M' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct exam_session s;
	struct exam_out early, *out = &early;
	struct examdb *db = NULL;
	struct proxy_from proxies = { .n = 0 };
	struct exam_tls tls = { .cred = NULL, .session = NULL };
	const char *path, *log_path = NULL, *bad, *cert = NULL, *key = NULL;
	char peer[PEER_MAX], why[512];
	long long v;
	int ch, info = 0, timeout = DEFAULT_TIMEOUT, minute = 60, rc = EXIT_FAULT;
	int max_session = EXAM_MAX_SESSION_MINUTES;

	no_core();
	ensure_std_fds();
	by_hand = isatty(STDIN_FILENO);
	signal(SIGPIPE, SIG_IGN);
	exam_log_init();
	sql_short_process();
	db_set_failure_hook(log_db_failure);
	db_set_missing_hint("create it with 'examctl init', or name another "
	    "with --db PATH or $EXAM_DB");
	out_init(&early, STDOUT_FILENO);
	opterr = 0;	/* getopt would print to fd 2, the client */
	/* --log first, wherever it is, so that everything below (the
	 * other options' errors too) goes there. */
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (ch == 'l')
			log_path = optarg;
		else if (ch == 'h' || ch == 'V')
			info = ch;
	}
	/* Asked for, so written on stdout wherever it is, and first: the
	 * answer does not depend on the user or the database. */
	if (info != 0) {
		if (info == 'h')
			usage(stdout);
		else
			printf("examd %s\n", VERSION);
		rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAULT;
		exam_log_close();
		return rc;
	}
	if (log_path != NULL && exam_log_to_file(log_path) != 0)
		say("--log %s: %s; logging to syslog", log_path,
		    strerror(errno));
	optind = 0;
	if (refuse_root(&early))
		goto end;

	path = getenv("EXAM_DB");
	if (path == NULL || *path == '\0')
		path = DEFAULT_EXAM_DB;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'l':
		case 'h':
		case 'V':
			break;
		case 'd':
			path = optarg;
			break;
		case 't':
			/* Digits only: no blank, sign or base prefix. */
			if (intparse_dec(optarg, 1, MAX_TIMEOUT, &v) !=
			    INTPARSE_OK) {
				say("--timeout %s: want 1 to %d seconds",
				    optarg, MAX_TIMEOUT);
				goto usage;
			}
			timeout = (int)v;
			break;
		case 'm':
			/* A test aid: time limits without waiting minutes. */
			if (intparse_dec(optarg, 1, 60, &v) != INTPARSE_OK) {
				say("--minute-seconds %s: want 1 to 60",
				    optarg);
				goto usage;
			}
			minute = (int)v;
			break;
		case 'M':
			if (intparse_dec(optarg, 1, MAX_SESSION, &v) !=
			    INTPARSE_OK) {
				say("--max-session %s: want 1 to %d minutes",
				    optarg, MAX_SESSION);
				goto usage;
			}
			max_session = (int)v;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'p':
			if (proxy_from_parse(&proxies, optarg, &bad) == -1) {
				say("--proxy-from %s: %s", optarg, bad);
				goto usage;
			}
			break;
		default:
			if (optopt != 0 && argv[optind - 1][1] == '-')
				say("option %s needs an argument",
				    argv[optind - 1]);
			else
				say("bad option %s; usage: examd [--db PATH|URI] "
				    "[--timeout SECONDS] [--log FILE] "
				    "[--proxy-from ADDR[,ADDR...]] "
				    "[--max-session MINUTES] "
				    "[--tls-cert FILE --tls-key FILE]",
				    argv[optind - 1]);
			goto usage;
		}
	}
	if (optind != argc) {
		say("unexpected argument %s", argv[optind]);
		goto usage;
	}

	if ((cert == NULL) != (key == NULL)) {
		say("--tls-cert and --tls-key go together");
		goto usage;
	}
	/* The certificate and key are read once, before anything of the
	 * client's: a key others can read is refused here. */
	if (cert != NULL && tls_load(&tls, cert, key, why, sizeof why) == -1) {
		say("%s", why);
		/* A TLS client would take plain text for garbage: nothing. */
		rc = EXIT_FAULT;
		goto end;
	}

	/* Set up: before anything of the client's is read (a PROXY
	 * header, a TLS handshake, a line), only the calls a session makes
	 * (lib/sandbox.h); libpq, loaded on first use, needs a socket to
	 * its server. */
	if (sandbox_enter(db_is_uri(path) ? SANDBOX_NET : 0, why,
	    sizeof why) == -1) {
		say("%s", why);
		if (cert == NULL && !by_hand)
			session_unavailable(&early);
		rc = EXIT_FAULT;
		goto end;
	}
	peer_of_fd(STDIN_FILENO, peer, sizeof peer);
	bound_writes(STDOUT_FILENO, timeout);
	session_init(&s, NULL, peer, STDIN_FILENO, STDOUT_FILENO, timeout,
	    minute, max_session);
	out = &s.out;
	/* Behind a proxy the client's address comes from its PROXY header,
	 * read (in clear, as haproxy sends it before the client's TLS)
	 * before the session counts the connection. A refusal is said in
	 * clear only to a client that speaks it. */
	if (proxies.n > 0 && proxy_admit(&proxies, STDIN_FILENO, &s.in,
	    cert == NULL ? out : NULL, peer, sizeof peer) == -1) {
		rc = EXIT_OK;
		goto end;
	}
	/* A failed handshake is not a connection: nothing is counted. */
	if (cert != NULL && tls_start(&tls, &s.in, out, timeout * 1000,
	    peer) == -1) {
		rc = EXIT_OK;
		goto end;
	}
	if ((db = examdb_open(path, BUSY_MS)) == NULL) {
		if (!by_hand)
			session_unavailable(out);
		goto end;
	}
	s.db = db;
	rc = session_run(&s) == SESSION_FAULT ? EXIT_FAULT : EXIT_OK;
	goto end;
usage:
	if (by_hand)
		usage(stderr);
	else if (cert == NULL)	/* else plain text would reach a TLS client */
		session_unavailable(&early);
	rc = EXIT_USAGE;
end:
	out_close(out, STDIN_FILENO, LINGER_MS);
	examdb_close(db);
	tls_free(&tls);
	exam_log_close();
	return rc;
}
