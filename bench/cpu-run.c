/* SPDX-License-Identifier: ISC */
/* Runs CMD [ARG...] COUNT times, one after another, each with stdin read
 * from INPUT and stdout on /dev/null, and prints the CPU time (user +
 * system) one run took on average and the largest peak RSS of any run.
 * CPU time does not depend on what else the machine is doing, so this is
 * how `make bench` prices one examd session.
 * With --socket, CMD gets one end of a socket pair on stdin and stdout, as
 * from xinetd, and cpu-run sends INPUT, half-closes and reads to the end;
 * with --tls, the same inside a TLS session (GnuTLS, TLS 1.3 as offered by
 * default, the certificate not checked: only the server's CPU matters). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "intparse.h"

static char input[65536];
static size_t input_len;

/* The client's side of one run over sock: send the input, half-close,
 * read until the server closes. Returns 0, or -1. */
static int
client(int sock, int tls, gnutls_certificate_credentials_t cred)
{
	gnutls_session_t s;
	char buf[4096];
	ssize_t r;
	int rc;

	if (!tls) {
		if (input_len > 0 &&
		    write(sock, input, input_len) != (ssize_t)input_len)
			return -1;
		shutdown(sock, SHUT_WR);
		while ((r = read(sock, buf, sizeof buf)) > 0)
			;
		return r < 0 ? -1 : 0;
	}
	if (gnutls_init(&s, GNUTLS_CLIENT) < 0)
		return -1;
	gnutls_set_default_priority(s);
	gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	gnutls_transport_set_int(s, sock);
	do
		rc = gnutls_handshake(s);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0) {
		fprintf(stderr, "cpu-run: handshake: %s\n", gnutls_strerror(rc));
		gnutls_deinit(s);
		return -1;
	}
	if (input_len > 0 && gnutls_record_send(s, input, input_len) !=
	    (ssize_t)input_len)
		rc = -1;
	gnutls_bye(s, GNUTLS_SHUT_WR);
	shutdown(sock, SHUT_WR);
	while ((r = gnutls_record_recv(s, buf, sizeof buf)) > 0 ||
	    r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
		;
	gnutls_deinit(s);
	return rc < 0 ? -1 : 0;
}

int
main(int argc, char *argv[])
{
	gnutls_certificate_credentials_t cred = NULL;
	struct rusage ru;
	long long n, i;
	double cpu;
	int st, sock = 0, tls = 0, a = 1, sp[2], fd;
	pid_t pid;

	for (; a < argc && strncmp(argv[a], "--", 2) == 0; a++) {
		if (strcmp(argv[a], "--socket") == 0)
			sock = 1;
		else if (strcmp(argv[a], "--tls") == 0)
			sock = tls = 1;
		else
			break;
	}
	if (argc - a < 3 ||
	    intparse_dec(argv[a], 1, 100000, &n) != INTPARSE_OK) {
		fprintf(stderr, "usage: cpu-run [--socket|--tls] COUNT INPUT "
		    "CMD [ARG...]\n");
		return 2;
	}
	if (sock) {
		if ((fd = open(argv[a + 1], O_RDONLY)) == -1) {
			perror(argv[a + 1]);
			return 2;
		}
		input_len = (size_t)read(fd, input, sizeof input);
		close(fd);
		if (tls && gnutls_certificate_allocate_credentials(&cred) < 0)
			return 1;
	}
	for (i = 0; i < n; i++) {
		if (sock && socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == -1) {
			perror("socketpair");
			return 1;
		}
		if ((pid = fork()) == -1) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			int in, out = open("/dev/null", O_WRONLY);

			if (sock) {
				close(sp[0]);
				in = out = sp[1];
			} else
				in = open(argv[a + 1], O_RDONLY);
			if (in == -1 || out == -1 || dup2(in, 0) == -1 ||
			    dup2(out, 1) == -1)
				_exit(127);
			execv(argv[a + 2], argv + a + 2);
			_exit(127);
		}
		if (sock) {
			close(sp[1]);
			if (client(sp[0], tls, cred) == -1)
				fprintf(stderr, "cpu-run: a run failed\n");
			close(sp[0]);
		}
		if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) == 127) {
			fprintf(stderr, "cpu-run: %s did not run\n", argv[a + 2]);
			return 1;
		}
	}
	if (getrusage(RUSAGE_CHILDREN, &ru) == -1) {
		perror("getrusage");
		return 1;
	}
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	printf("%.3f ms CPU per run, peak RSS %ld KiB\n", cpu * 1e3 / (double)n,
	    ru.ru_maxrss);
	return 0;
}
