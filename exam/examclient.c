/* SPDX-License-Identifier: ISC */
/* examclient [--tls [--ca FILE]] HOST PORT: a line client for the exam
 * service that passes the conversation through both ways and hides what
 * is typed while the server's last output is an open password prompt.
 * With --tls it speaks TLS and verifies the server's certificate and name
 * (against FILE, or the system's CA store) before a byte of the
 * conversation. The server's control characters other than CR, LF and
 * tab never reach the terminal: a rogue server must not drive it.
 * Exit status: 0 when the server closed the connection, 1 when it could
 * not be reached, did not verify, or a read or write failed, 2 for bad
 * arguments. */
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "intparse.h"
#include "utf8.h"

/* TLS 1.2 and 1.3 only, as the server. */
#define TLS_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
/* How long the server has to finish its handshake. */
#define TLS_HANDSHAKE_MS 30000

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

/* What of the server's output the terminal may see: well-formed UTF-8
 * without control characters (lib/utf8's one rule) but CR, LF and tab.
 * A control character is dropped, an invalid byte becomes U+FFFD; the
 * start of a sequence cut at the end of a read waits for the next. */
struct screen {
	unsigned char	held[4];
	size_t		nheld;
};

/* 1 when the n bytes at s (n < the length its first byte announces) can
 * still become a well-formed sequence. */
static int
utf8_prefix(const unsigned char *s, size_t n)
{
	size_t want, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		want = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		want = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		want = 4;
	else
		return 0;
	if (n >= want)
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return 1;
}

/* Filters n bytes of in into out (room for 3 * (n + 4) bytes). Returns
 * the length written. */
static size_t
screen_filter(struct screen *sc, const char *in, size_t n, char *out)
{
	unsigned char buf[BUFSZ + 4];
	size_t len, i, k, o = 0;

	memcpy(buf, sc->held, sc->nheld);
	memcpy(buf + sc->nheld, in, n);
	len = sc->nheld + n;
	sc->nheld = 0;
	for (i = 0; i < len; i += k) {
		if ((k = utf8_seq(buf + i, len - i)) == 0) {
			if (utf8_prefix(buf + i, len - i)) {
				sc->nheld = len - i;
				memcpy(sc->held, buf + i, sc->nheld);
				break;
			}
			memcpy(out + o, UTF8_REPLACEMENT,
			    sizeof UTF8_REPLACEMENT - 1);
			o += sizeof UTF8_REPLACEMENT - 1;
			k = 1;
			continue;
		}
		if (utf8_control(buf + i, k) && buf[i] != '\r' &&
		    buf[i] != '\n' && buf[i] != '\t')
			continue;
		memcpy(out + o, buf + i, k);
		o += k;
	}
	return o;
}

/* The connection: the socket, and the TLS session on it with --tls. */
struct conn {
	int			sock;
	gnutls_session_t	tls;
};

static ssize_t
conn_recv(struct conn *c, char *buf, size_t n)
{
	ssize_t r;

	if (c->tls == NULL)
		return recv(c->sock, buf, n, 0);
	do
		r = gnutls_record_recv(c->tls, buf, n);
	while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
	if (r == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;
	if (r < 0) {
		fprintf(stderr, "\nexamclient: TLS: %s\n",
		    gnutls_strerror((int)r));
		errno = EPROTO;
		return -1;
	}
	return r;
}

/* Sends what it can without waiting (plain), or all of it (TLS: records
 * are small and the server reads them). */
static ssize_t
conn_send(struct conn *c, const char *buf, size_t n)
{
	ssize_t w;

	if (c->tls == NULL)
		return send(c->sock, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	do
		w = gnutls_record_send(c->tls, buf, n);
	while (w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED);
	if (w < 0) {
		errno = EPROTO;
		return -1;
	}
	return w;
}

/* No more input: close_notify over TLS, then the socket's sending side. */
static void
conn_done(struct conn *c)
{
	if (c->tls != NULL)
		(void)gnutls_bye(c->tls, GNUTLS_SHUT_WR);
	(void)shutdown(c->sock, SHUT_WR);
}

/* Passes data both ways until the server closes. Input is read only when
 * the previous input has been sent, so a slow server cannot make us
 * buffer without bound nor block while it is writing to us. */
static int
relay(struct conn *c)
{
	char shown[3 * (BUFSZ + 4)];
	struct screen sc = { .nheld = 0 };
	int sock = c->sock, pending;
	size_t m;
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
		/* Records already decoded wait in GnuTLS, not the socket. */
		pending = c->tls != NULL &&
		    gnutls_record_check_pending(c->tls) > 0;
		if (poll(p, 2, pending ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("examclient: poll");
			return 1;
		}
		if (pending || (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			n = conn_recv(c, out, sizeof out);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				fprintf(stderr, "\nexamclient: connection: "
				    "%s\n", strerror(errno));
				return 1;
			}
			if (n == 0)
				return 0;	/* the server hung up */
			m = screen_filter(&sc, out, (size_t)n, shown);
			tail_add(&tail, shown, m);
			tty_echo(!tail_is_pw_prompt(&tail));
			if (write_all(STDOUT_FILENO, shown, m) != 0) {
				fprintf(stderr, "examclient: output: %s\n",
				    strerror(errno));
				return 1;
			}
		}
		if (inlen > 0 && (p[1].revents & POLLOUT)) {
			n = conn_send(c, in + inoff, inlen);
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
				conn_done(c);
		}
		if (p[0].fd >= 0 && (p[0].revents & (POLLIN | POLLHUP))) {
			n = read(STDIN_FILENO, in, sizeof in);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				/* End of input: tell the server, then keep
				 * showing what it still sends. */
				stdin_open = 0;
				if (inlen == 0)
					conn_done(c);
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

/* Says why the server could not be trusted, in the words of GnuTLS's
 * verification (unknown issuer, name mismatch, expired...). */
static void
tls_refused(gnutls_session_t s, const char *host, const char *port, int rc)
{
	gnutls_datum_t why = { NULL, 0 };
	unsigned status;

	if (rc == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR &&
	    (status = gnutls_session_get_verify_cert_status(s)) != 0 &&
	    gnutls_certificate_verification_status_print(status,
	    GNUTLS_CRT_X509, &why, 0) == 0) {
		fprintf(stderr, "examclient: %s port %s: the server's "
		    "certificate does not verify: %s\n", host, port,
		    (char *)why.data);
		gnutls_free(why.data);
		return;
	}
	fprintf(stderr, "examclient: %s port %s: no TLS session: %s%s\n",
	    host, port, gnutls_strerror(rc),
	    rc == GNUTLS_E_UNEXPECTED_PACKET_LENGTH ||
	    rc == GNUTLS_E_UNEXPECTED_PACKET ||
	    rc == GNUTLS_E_UNSUPPORTED_VERSION_PACKET ||
	    rc == GNUTLS_E_PREMATURE_TERMINATION ?
	    " (is it a plain-text port?)" : "");
}

/* The TLS handshake on sock, verifying the chain against ca (or the
 * system's store) and the name host (a DNS name or an IP address).
 * Returns 0, or 1 after saying why on stderr. */
static int
tls_connect(struct conn *c, gnutls_certificate_credentials_t *cred,
    const char *ca, const char *host, const char *port)
{
	unsigned char ip[16];
	int rc;

	if ((rc = gnutls_certificate_allocate_credentials(cred)) < 0)
		goto fail;
	rc = ca != NULL ?
	    gnutls_certificate_set_x509_trust_file(*cred, ca,
	    GNUTLS_X509_FMT_PEM) :
	    gnutls_certificate_set_x509_system_trust(*cred);
	if (rc <= 0) {
		fprintf(stderr, "examclient: %s: %s\n",
		    ca != NULL ? ca : "the system's CA store",
		    rc < 0 ? gnutls_strerror(rc) : "no CA certificate in it");
		return 1;
	}
	if ((rc = gnutls_init(&c->tls, GNUTLS_CLIENT)) < 0 ||
	    (rc = gnutls_priority_set_direct(c->tls, TLS_PRIORITY,
	    NULL)) < 0 ||
	    (rc = gnutls_credentials_set(c->tls, GNUTLS_CRD_CERTIFICATE,
	    *cred)) < 0)
		goto fail;
	/* The name to send (SNI) is a DNS name, never an address; the
	 * name to verify is either (an address against IP entries). */
	if (inet_pton(AF_INET, host, ip) != 1 &&
	    inet_pton(AF_INET6, host, ip) != 1 &&
	    (rc = gnutls_server_name_set(c->tls, GNUTLS_NAME_DNS, host,
	    strlen(host))) < 0)
		goto fail;
	gnutls_session_set_verify_cert(c->tls, host, 0);
	gnutls_transport_set_int(c->tls, c->sock);
	gnutls_handshake_set_timeout(c->tls, TLS_HANDSHAKE_MS);
	do
		rc = gnutls_handshake(c->tls);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0) {
		tls_refused(c->tls, host, port, rc);
		return 1;
	}
	return 0;
fail:
	fprintf(stderr, "examclient: TLS: %s\n", gnutls_strerror(rc));
	return 1;
}

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: examclient [--tls [--ca FILE]] HOST PORT\n"
	    "       examclient --help | --version\n");
}

int
main(int argc, char *argv[])
{
	gnutls_certificate_credentials_t cred = NULL;
	struct conn c = { .sock = -1, .tls = NULL };
	enum intparse_status st;
	const char *ca = NULL;
	long long port;
	char service[8];
	int rc, tls = 0, i = 1;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("examclient %s\n", VERSION);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--tls") == 0)
			tls = 1;
		else if (strcmp(argv[i], "--ca") == 0 && i + 1 < argc &&
		    argv[i + 1][0] != '\0')
			ca = argv[++i];
		else {
			usage(stderr);
			return 2;
		}
	}
	if (argc - i != 2 || argv[i][0] == '\0' || argv[i + 1][0] == '\0') {
		usage(stderr);
		return 2;
	}
	if (ca != NULL && !tls) {
		fprintf(stderr, "examclient: --ca goes with --tls\n");
		return 2;
	}
	/* A number only: getaddrinfo would take a service name ("abc" gives
	 * a resolver message) and wrap 99999 to another port. */
	if ((st = intparse_dec(argv[i + 1], 1, 65535, &port)) != INTPARSE_OK) {
		fprintf(stderr, "examclient: bad port '%s': %s; want a number "
		    "from 1 to 65535\n", argv[i + 1], intparse_strerror(st));
		return 2;
	}
	/* A closed output is reported as EPIPE, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
	snprintf(service, sizeof service, "%lld", port);
	if ((c.sock = dial(argv[i], service)) < 0)
		return 1;
	/* Nothing of the conversation passes before the server verifies. */
	if (tls && tls_connect(&c, &cred, ca, argv[i], service) != 0) {
		rc = 1;
		goto end;
	}
	tty_setup();
	rc = relay(&c);
	tty_restore();
end:
	if (c.tls != NULL)
		gnutls_deinit(c.tls);
	if (cred != NULL)
		gnutls_certificate_free_credentials(cred);
	close(c.sock);
	return rc;
}
