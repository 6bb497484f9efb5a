/* SPDX-License-Identifier: ISC */
/* examclient HOST PORT: a line client for the exam service that passes
 * the conversation through both ways and hides what is typed while the
 * server's last output is an open password prompt.
 * Exit status: 0 when the server closed the connection, 1 when it could
 * not be reached or a read or write failed, 2 for bad arguments. */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "intparse.h"

#define BUFSZ		4096
#define TAILSZ		64	/* longer than the longest prompt below */

/* Prompts after which the user types a password. */
static const char *const pw_prompts[] = {
	"Password: ", "Choose a password: ", "Repeat password: ",
};

/* Terminal state, also used by the signal handlers: the settings found at
 * start, and whether echo is off now. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_ok, tty_quiet;

/* Applies the saved settings, with echo off when tty_quiet. ECHONL keeps
 * the line break of Enter visible. Async-signal-safe. */
static void
tty_apply(void)
{
	struct termios t;

	if (!tty_ok)
		return;
	t = tty_saved;
	if (tty_quiet) {
		t.c_lflag &= ~(tcflag_t)ECHO;
		t.c_lflag |= ECHONL;
	}
	(void)tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static void
tty_echo(int on)
{
	if (tty_ok && tty_quiet == on) {
		tty_quiet = !on;
		tty_apply();
	}
}

/* Puts the terminal back as it was found. Async-signal-safe. */
static void
tty_restore(void)
{
	if (tty_ok)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &tty_saved);
}

/* SIGINT, SIGTERM, SIGHUP, SIGQUIT: restore the terminal, then die of the
 * same signal so the parent sees how we ended. */
static void
on_fatal(int sig)
{
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_handler(int sig, void (*fn)(int));

/* Ctrl-Z: the shell gets the terminal as it was, then we stop for real.
 * The signal is blocked while its handler runs, so it is unblocked for
 * the raise: a raise left pending would be delivered to this handler
 * again as soon as it returned, for ever. We stop inside raise(); on
 * SIGCONT the handler is put back and our terminal state with it. */
static void
on_stop(int sig)
{
	sigset_t set, old;
	int saved = errno;

	tty_restore();
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, &old);
	raise(sig);
	sigprocmask(SIG_SETMASK, &old, NULL);
	set_handler(sig, on_stop);
	tty_apply();
	errno = saved;
}

static void
on_cont(int sig)
{
	int saved = errno;

	(void)sig;
	tty_apply();
	errno = saved;
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Only an interactive stdin gets termios handling; a pipe is left alone. */
static void
tty_setup(void)
{
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &tty_saved) != 0)
		return;
	tty_ok = 1;
	set_handler(SIGINT, on_fatal);
	set_handler(SIGTERM, on_fatal);
	set_handler(SIGHUP, on_fatal);
	set_handler(SIGQUIT, on_fatal);
	set_handler(SIGTSTP, on_stop);
	set_handler(SIGCONT, on_cont);
}

/* Connects to host:port over IPv4 or IPv6, trying each address in turn.
 * Returns the socket, or -1 after printing why. */
static int
dial(const char *host, const char *port)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, rc, err = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "examclient: %s port %s: %s\n", host, port,
		    rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		fprintf(stderr, "examclient: cannot connect to %s port %s: "
		    "%s\n", host, port, strerror(err));
	return fd;
}

/* Writes all of buf to fd. Returns 0, or -1 with errno set. */
static int
write_all(int fd, const char *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The server's current unfinished line (its last TAILSZ - 1 bytes), to
 * tell whether a password prompt is open. */
struct tail {
	char	s[TAILSZ];
	size_t	n;
};

static void
tail_add(struct tail *t, const char *buf, size_t n)
{
	const char *nl;
	size_t keep;

	while ((nl = memchr(buf, '\n', n)) != NULL) {
		n -= (size_t)(nl + 1 - buf);
		buf = nl + 1;
		t->n = 0;
	}
	if (n >= TAILSZ - 1) {
		buf += n - (TAILSZ - 1);
		n = TAILSZ - 1;
	}
	if (t->n + n > TAILSZ - 1) {
		keep = TAILSZ - 1 - n;
		memmove(t->s, t->s + t->n - keep, keep);
		t->n = keep;
	}
	memcpy(t->s + t->n, buf, n);
	t->n += n;
	t->s[t->n] = '\0';
}

static int
tail_is_pw_prompt(const struct tail *t)
{
	size_t i, k;

	for (i = 0; i < sizeof pw_prompts / sizeof pw_prompts[0]; i++) {
		k = strlen(pw_prompts[i]);
		if (t->n >= k && memcmp(t->s + t->n - k, pw_prompts[i], k) == 0)
			return 1;
	}
	return 0;
}

/* Passes data both ways until the server closes. Input is read only when
 * the previous input has been sent, so a slow server cannot make us
 * buffer without bound nor block while it is writing to us. */
static int
relay(int sock)
{
	char in[BUFSZ], out[BUFSZ];
	struct pollfd p[2];
	struct tail tail = { .n = 0 };
	size_t inlen = 0, inoff = 0;
	ssize_t n;
	int stdin_open = 1;

	for (;;) {
		p[0].fd = stdin_open && inlen == 0 ? STDIN_FILENO : -1;
		p[0].events = POLLIN;
		p[1].fd = sock;
		p[1].events = POLLIN | (inlen > 0 ? POLLOUT : 0);
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("examclient: poll");
			return 1;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(sock, out, sizeof out, 0);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				fprintf(stderr, "\nexamclient: connection: "
				    "%s\n", strerror(errno));
				return 1;
			}
			if (n == 0)
				return 0;	/* the server hung up */
			tail_add(&tail, out, (size_t)n);
			tty_echo(!tail_is_pw_prompt(&tail));
			if (write_all(STDOUT_FILENO, out, (size_t)n) != 0) {
				fprintf(stderr, "examclient: output: %s\n",
				    strerror(errno));
				return 1;
			}
		}
		if (inlen > 0 && (p[1].revents & POLLOUT)) {
			n = send(sock, in + inoff, inlen, MSG_DONTWAIT |
			    MSG_NOSIGNAL);
			if (n < 0 && errno != EINTR && errno != EAGAIN) {
				fprintf(stderr, "\nexamclient: connection: "
				    "%s\n", strerror(errno));
				return 1;
			}
			if (n > 0) {
				inoff += (size_t)n;
				inlen -= (size_t)n;
			}
			if (inlen == 0 && !stdin_open)
				(void)shutdown(sock, SHUT_WR);
		}
		if (p[0].fd >= 0 && (p[0].revents & (POLLIN | POLLHUP))) {
			n = read(STDIN_FILENO, in, sizeof in);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				/* End of input: tell the server, then keep
				 * showing what it still sends. */
				stdin_open = 0;
				(void)shutdown(sock, SHUT_WR);
				continue;
			}
			inoff = 0;
			inlen = (size_t)n;
			/* A line typed at the prompt answers it. */
			if (memchr(in, '\n', inlen) != NULL) {
				tail.n = 0;
				tty_echo(1);
			}
		}
	}
}

int
main(int argc, char *argv[])
{
	enum intparse_status st;
	long long port;
	char service[8];
	int sock, rc;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("examclient %s\n", VERSION);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: examclient HOST PORT\n"
		    "       examclient --help | --version\n");
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc != 3 || argv[1][0] == '\0' || argv[2][0] == '\0') {
		fprintf(stderr, "usage: examclient HOST PORT\n");
		return 2;
	}
	/* A number only: getaddrinfo would take a service name ("abc" gives
	 * a resolver message) and wrap 99999 to another port. */
	if ((st = intparse_dec(argv[2], 1, 65535, &port)) != INTPARSE_OK) {
		fprintf(stderr, "examclient: bad port '%s': %s; want a number "
		    "from 1 to 65535\n", argv[2], intparse_strerror(st));
		return 2;
	}
	/* A closed output is reported as EPIPE, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
	snprintf(service, sizeof service, "%lld", port);
	if ((sock = dial(argv[1], service)) < 0)
		return 1;
	tty_setup();
	rc = relay(sock);
	tty_restore();
	close(sock);
	return rc;
}
