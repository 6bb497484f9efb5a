/* SPDX-License-Identifier: ISC */
/* examd's TLS (--tls-cert, --tls-key), with GnuTLS: implicit TLS on the
 * connection xinetd hands over, TLS 1.2 and 1.3 only, under the same line
 * reader and output buffer as the plain conversation. GnuTLS rather than
 * OpenSSL because a process per connection pays the library's set-up
 * every time: measured in doc/CONTRACT.md's notes and `make bench`. */
#ifndef EXAM_TLS_H
#define EXAM_TLS_H

#include <stddef.h>

#include "io.h"
#include "linereader.h"
#include "output.h"

struct exam_tls {
	void		*cred;		/* gnutls_certificate_credentials_t */
	void		*session;	/* gnutls_session_t */
	int		 in, out;
	int		 timeout_ms;	/* longest wait for one read */
	int		 first;		/* the first byte the client sent, or -1 */
	int		 timed_out;
	long long	 deadline_ms;	/* the handshake's end; 0: none */
	const struct linereader *lr;	/* its until_ms bounds every wait */
	size_t		 pre_start, pre_end;	/* bytes read before TLS */
	char		 pre[LR_BUFSIZE];
	struct exam_io	 io;
};

/* Reads the certificate chain and the key (refusing a key file that
 * anyone but examd's user and its own group can read, or that is not a
 * regular file) into t, before anything else. Returns 0, or -1 with a
 * sentence in why. */
int tls_load(struct exam_tls *t, const char *cert, const char *key,
    char *why, size_t n);

/* Runs the server's handshake on lr's descriptor and o's, within
 * timeout_ms, taking first the bytes lr already holds (those a proxy
 * sent after its PROXY header), then switches lr and o to TLS; reads
 * that follow wait at most timeout_ms for a record's rest. No wait, in
 * the handshake or after it, lasts past lr's until_ms (the login bound,
 * the session's), however the client trickles its bytes. Returns 0, or
 * -1 with the reason logged (nothing is sent in clear). */
int tls_start(struct exam_tls *t, struct linereader *lr, struct exam_out *o,
    int timeout_ms, const char *peer);

/* Frees what tls_load and tls_start made. */
void tls_free(struct exam_tls *t);

#endif
