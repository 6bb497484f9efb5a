/* SPDX-License-Identifier: ISC */
/* Load generator for the exam service: runs COUNT sessions against
 * 127.0.0.1:PORT, CONCURRENCY at a time. Each session sends INPUT (a file,
 * possibly empty; every "%d" in it is replaced by the session number, so
 * sessions can register distinct users), half-closes, and reads until the
 * server closes. Prints sessions per second, the median and 99th
 * percentile of a session's duration (connect to close) and failures.
 * With --tls each session is a TLS session (GnuTLS, its default offer,
 * the certificate not checked), its handshake counted in its duration. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "intparse.h"

static int tls;
static gnutls_certificate_credentials_t cred;

struct slot {
	int	 fd;
	gnutls_session_t s;	/* --tls */
	int	 phase;		/* --tls: 0 handshake, 1 send, 2 bye, 3 read */
	double	 t0;		/* when connect() began, in seconds */
	size_t	 sent, len;
	char	 out[8192];
};

static char	 tmpl[4096];
static double	*lat;		/* finished sessions' durations */
static int	 nlat;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-th quantile of the sorted durations, in milliseconds. */
static double
quantile_ms(double q)
{
	int i;

	if (nlat == 0)
		return 0;
	i = (int)(q * (nlat - 1) + 0.5);
	return lat[i] * 1e3;
}
static size_t	 tmpl_len;

static int
start(struct slot *s, int port, int n)
{
	struct sockaddr_in sa;
	char num[32];
	size_t i;

	s->len = 0;
	snprintf(num, sizeof num, "%d", n);
	for (i = 0; i < tmpl_len && s->len < sizeof s->out - 32; i++) {
		if (tmpl[i] == '%' && i + 1 < tmpl_len && tmpl[i + 1] == 'd') {
			memcpy(s->out + s->len, num, strlen(num));
			s->len += strlen(num);
			i++;
		} else
			s->out[s->len++] = tmpl[i];
	}
	s->sent = 0;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->t0 = now();
	if ((s->fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(s->fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	if (tls) {
		/* Non-blocking from here: step() drives the session. */
		if (fcntl(s->fd, F_SETFL, O_NONBLOCK) == -1 ||
		    gnutls_init(&s->s, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0) {
			close(s->fd);
			s->fd = -1;
			return -1;
		}
		gnutls_set_default_priority(s->s);
		gnutls_credentials_set(s->s, GNUTLS_CRD_CERTIFICATE, cred);
		gnutls_transport_set_int(s->s, s->fd);
		s->phase = 0;
		return 0;
	}
	if (s->len > 0 && write(s->fd, s->out, s->len) != (ssize_t)s->len) {
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	shutdown(s->fd, SHUT_WR);
	return 0;
}

/* Moves a TLS session on as far as it goes without waiting. Returns 1
 * when it ended well (the server closed), -1 when it failed, 0 when it
 * waits (*events: what for). */
static int
step(struct slot *s, short *events)
{
	char buf[4096];
	ssize_t r;

	for (;;) {
		switch (s->phase) {
		case 0:
			r = gnutls_handshake(s->s);
			break;
		case 1:
			r = s->sent < s->len ? gnutls_record_send(s->s,
			    s->out + s->sent, s->len - s->sent) : 0;
			if (r > 0) {
				s->sent += (size_t)r;
				continue;
			}
			break;
		case 2:
			r = gnutls_bye(s->s, GNUTLS_SHUT_WR);
			if (r == 0)
				shutdown(s->fd, SHUT_WR);
			break;
		default:
			r = gnutls_record_recv(s->s, buf, sizeof buf);
			if (r > 0)
				continue;
			if (r == 0 || r == GNUTLS_E_PREMATURE_TERMINATION)
				return 1;
			break;
		}
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
			*events = gnutls_record_get_direction(s->s) ?
			    POLLOUT : POLLIN;
			return 0;
		}
		if (r < 0) {
			fprintf(stderr, "connect-bench: TLS: %s\n",
			    gnutls_strerror((int)r));
			return -1;
		}
		s->phase++;
	}
}

static void
slot_end(struct slot *s)
{
	if (tls)
		gnutls_deinit(s->s);
	close(s->fd);
	s->fd = -1;
}

int
main(int argc, char *argv[])
{
	short events[256];
	struct pollfd pfd[256];
	struct slot slots[256];
	struct timespec t0, t1;
	int port, count, conc, started = 0, done = 0, failed = 0, i;
	char buf[4096];
	long long v[3];
	FILE *f;
	double secs;

	if (argc == 6 && strcmp(argv[1], "--tls") == 0) {
		tls = 1;
		argc--, argv++;
		if (gnutls_certificate_allocate_credentials(&cred) < 0)
			return 2;
	}
	if (argc != 5) {
		fprintf(stderr, "usage: connect-bench [--tls] PORT COUNT "
		    "CONCURRENCY INPUT\n");
		return 2;
	}
	if (intparse_dec(argv[1], 1, 65535, &v[0]) != INTPARSE_OK ||
	    intparse_dec(argv[2], 1, 1000000, &v[1]) != INTPARSE_OK ||
	    intparse_dec(argv[3], 1, 256, &v[2]) != INTPARSE_OK) {
		fprintf(stderr, "connect-bench: PORT 1-65535, COUNT 1-1000000, "
		    "CONCURRENCY 1-256\n");
		return 2;
	}
	port = (int)v[0];
	count = (int)v[1];
	conc = (int)v[2];
	if ((f = fopen(argv[4], "r")) == NULL) {
		perror(argv[4]);
		return 2;
	}
	tmpl_len = fread(tmpl, 1, sizeof tmpl, f);
	fclose(f);
	if ((lat = calloc((size_t)count, sizeof *lat)) == NULL) {
		perror("connect-bench");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < conc; i++) {
		slots[i].fd = -1;
		/* A TLS client speaks first: writable starts its handshake. */
		events[i] = tls ? POLLOUT : POLLIN;
		if (started < count && start(&slots[i], port, started++) == -1)
			failed++, done++;
	}
	while (done < count) {
		for (i = 0; i < conc; i++) {
			pfd[i].fd = slots[i].fd;
			pfd[i].events = events[i];
		}
		if (poll(pfd, (nfds_t)conc, 10000) <= 0) {
			fprintf(stderr, "connect-bench: stalled\n");
			return 1;
		}
		for (i = 0; i < conc; i++) {
			ssize_t r;

			if (slots[i].fd == -1 || !(pfd[i].revents &
			    (POLLIN | POLLOUT | POLLHUP | POLLERR)))
				continue;
			if (tls) {
				r = step(&slots[i], &events[i]);
				if (r == 0)
					continue;
			} else {
				r = read(slots[i].fd, buf, sizeof buf);
				if (r > 0)
					continue;
			}
			if (r < 0)
				failed++;
			else
				lat[nlat++] = now() - slots[i].t0;
			slot_end(&slots[i]);
			events[i] = POLLIN;
			done++;
			if (started < count &&
			    start(&slots[i], port, started++) == -1)
				failed++, done++;
			else if (tls && slots[i].fd != -1 &&
			    (r = step(&slots[i], &events[i])) != 0) {
				failed++, done++;
				slot_end(&slots[i]);
			}
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	qsort(lat, (size_t)nlat, sizeof *lat, cmp_double);
	printf("%d sessions in %.3f s: %.1f sessions/s, p50 %.2f ms, "
	    "p99 %.2f ms, %d failed\n", count, secs, count / secs,
	    quantile_ms(0.50), quantile_ms(0.99), failed);
	return failed != 0;
}
