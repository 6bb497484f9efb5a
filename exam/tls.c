/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "log.h"
#include "tls.h"

/* TLS 1.2 and 1.3 only, on top of the system's policy (Debian's
 * /etc/gnutls/config may take more away, never add). X25519 first, by
 * the server's choice: GnuTLS clients (GIO's too) offer P-256 first, and
 * the server's half of an X25519 exchange costs 0.6M instructions less
 * (callgrind), in every handshake. */
#define TLS_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:" \
	"-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:" \
	"+GROUP-SECP521R1:+GROUP-X448:%SERVER_PRECEDENCE"
/* A certificate chain or key bigger than this is not one. */
#define TLS_FILE_MAX (256 * 1024)
/* The first byte of a TLS record carrying a handshake message. */
#define TLS_HANDSHAKE_RECORD 0x16

/* GnuTLS initialises itself in a constructor (its ASN.1 tables: 0.6M
 * instructions) in every process that holds it, plain sessions too. This
 * constructor, ordered before those without a priority (examd's own
 * build links GnuTLS statically), asks it not to; tls_load initialises
 * it when TLS is asked for. Linked shared, GnuTLS's runs first anyway. */
__attribute__((constructor(101))) static void
tls_no_implicit_init(void)
{
	(void)setenv("GNUTLS_NO_IMPLICIT_INIT", "1", 0);
}

/* Reads the whole of fd (a regular file of at most TLS_FILE_MAX bytes)
 * into d. Returns 0, or -1 with errno set. */
static int
slurp(int fd, const struct stat *st, gnutls_datum_t *d)
{
	size_t off = 0, size;
	ssize_t r;

	if (st->st_size <= 0 || st->st_size > TLS_FILE_MAX) {
		errno = EFBIG;
		return -1;
	}
	size = (size_t)st->st_size;
	if ((d->data = gnutls_malloc(size + 1)) == NULL)
		return -1;
	while (off < size) {
		r = read(fd, d->data + off, size - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	d->data[off] = '\0';
	d->size = (unsigned)off;
	return 0;
}

static int
open_regular(const char *path, struct stat *st, char *why, size_t n)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, st) == -1 || !S_ISREG(st->st_mode)) {
		snprintf(why, n, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* The key's own file may be read by its owner (examd's user, or root who
 * put it there), and by a group only when that is examd's own group (a
 * copy of mode 0640 root:examd); never by others, never written by
 * anyone but its owner. */
static int
key_mode_ok(const struct stat *st)
{
	if (st->st_uid != geteuid() && st->st_uid != 0)
		return 0;
	if (st->st_mode & (S_IRWXO | S_IWGRP | S_IXGRP))
		return 0;
	if ((st->st_mode & S_IRGRP) && st->st_gid != getegid())
		return 0;
	return 1;
}

int
tls_load(struct exam_tls *t, const char *cert, const char *key, char *why,
    size_t n)
{
	gnutls_certificate_credentials_t cred = NULL;
	gnutls_datum_t c = { NULL, 0 }, k = { NULL, 0 };
	struct stat st;
	int fd, rc;

	memset(t, 0, sizeof *t);
	t->in = t->out = -1;
	t->first = -1;
	if ((rc = gnutls_global_init()) < 0) {
		snprintf(why, n, "TLS: %s", gnutls_strerror(rc));
		return -1;
	}
	if ((fd = open_regular(key, &st, why, n)) == -1)
		return -1;
	if (!key_mode_ok(&st)) {
		snprintf(why, n, "refusing key file %s: others than its owner "
		    "can read or change it (mode %04o, uid %u, gid %u); make "
		    "it 0600, or 0640 with examd's own group",
		    key, (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
		    (unsigned)st.st_gid);
		close(fd);
		return -1;
	}
	rc = slurp(fd, &st, &k);
	close(fd);
	if (rc == -1) {
		snprintf(why, n, "%s: %s", key, strerror(errno));
		goto fail;
	}
	if ((fd = open_regular(cert, &st, why, n)) == -1)
		goto fail;
	rc = slurp(fd, &st, &c);
	close(fd);
	if (rc == -1) {
		snprintf(why, n, "%s: %s", cert, strerror(errno));
		goto fail;
	}
	if ((rc = gnutls_certificate_allocate_credentials(&cred)) < 0) {
		snprintf(why, n, "TLS: %s", gnutls_strerror(rc));
		goto fail;
	}
	/* Checking that the key matches the certificate signs and verifies
	 * once (about half of the set-up's CPU with ECDSA, far more with
	 * RSA), for every connection: a mismatch shows at the first
	 * handshake instead, in the log. */
	gnutls_certificate_set_flags(cred,
	    GNUTLS_CERTIFICATE_SKIP_KEY_CERT_MATCH);
	if ((rc = gnutls_certificate_set_x509_key_mem(cred, &c, &k,
	    GNUTLS_X509_FMT_PEM)) < 0) {
		snprintf(why, n, "%s with %s: %s", cert, key,
		    gnutls_strerror(rc));
		goto fail;
	}
	gnutls_memset(k.data, 0, k.size);
	gnutls_free(k.data);
	gnutls_free(c.data);
	t->cred = cred;
	return 0;
fail:
	if (k.data != NULL) {
		gnutls_memset(k.data, 0, k.size);
		gnutls_free(k.data);
	}
	gnutls_free(c.data);
	if (cred != NULL)
		gnutls_certificate_free_credentials(cred);
	return -1;
}

/* GnuTLS's reads: first what was read before TLS began, then the socket,
 * each wait bounded by timeout_ms. */
static ssize_t
pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct exam_tls *t = p;
	struct pollfd pfd = { .fd = t->in, .events = POLLIN };
	long long deadline = lr_now_ms() + t->timeout_ms, left;
	ssize_t r;

	/* The whole handshake, not each read, is bounded; and no read
	 * outlasts the line reader's bound on the phase it is in. */
	if (t->deadline_ms > 0 && t->deadline_ms < deadline)
		deadline = t->deadline_ms;
	if (t->lr->until_ms >= 0 && t->lr->until_ms < deadline)
		deadline = t->lr->until_ms;

	if (t->pre_start < t->pre_end) {
		if (n > t->pre_end - t->pre_start)
			n = t->pre_end - t->pre_start;
		memcpy(buf, t->pre + t->pre_start, n);
		t->pre_start += n;
		r = (ssize_t)n;
		goto got;
	}
	for (;;) {
		left = deadline - lr_now_ms();
		r = poll(&pfd, 1, left < 0 ? 0 : (int)left);
		if (r > 0)
			break;
		if (r == 0) {
			t->timed_out = 1;
			gnutls_transport_set_errno(t->session, ETIMEDOUT);
			return -1;
		}
		if (errno != EINTR) {
			gnutls_transport_set_errno(t->session, errno);
			return -1;
		}
	}
	do
		r = read(t->in, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		gnutls_transport_set_errno(t->session, errno);
		return -1;
	}
got:
	if (t->first < 0 && r > 0)
		t->first = *(unsigned char *)buf;
	return r;
}

static ssize_t
push(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
	struct exam_tls *t = p;
	ssize_t w;

	do
		w = send(t->out, buf, n, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	if (w < 0 && errno == ENOTSOCK)
		w = write(t->out, buf, n);
	if (w < 0)
		gnutls_transport_set_errno(t->session, errno);
	return w;
}

static ssize_t
io_read(void *ctx, void *buf, size_t n)
{
	struct exam_tls *t = ctx;
	ssize_t r;

	for (;;) {
		r = gnutls_record_recv(t->session, buf, n);
		if (r >= 0)
			return r;
		if (r == GNUTLS_E_INTERRUPTED || r == GNUTLS_E_AGAIN)
			continue;
		/* A client that closes its socket without close_notify has
		 * simply left, as a plain one does. */
		if (r == GNUTLS_E_PREMATURE_TERMINATION)
			return 0;
		if (t->timed_out) {
			errno = ETIMEDOUT;
			return -1;
		}
		exam_log(LOG_INFO, "TLS: %s", gnutls_strerror((int)r));
		errno = EIO;
		return -1;
	}
}

static ssize_t
io_write(void *ctx, const void *buf, size_t n)
{
	struct exam_tls *t = ctx;
	ssize_t w;

	do
		w = gnutls_record_send(t->session, buf, n);
	while (w == GNUTLS_E_INTERRUPTED);
	if (w < 0) {
		errno = EIO;
		return -1;
	}
	return w;
}

static size_t
io_pending(void *ctx)
{
	struct exam_tls *t = ctx;

	return gnutls_record_check_pending(t->session);
}

static void
io_close(void *ctx)
{
	struct exam_tls *t = ctx;

	/* close_notify, without waiting for the client's. */
	(void)gnutls_bye(t->session, GNUTLS_SHUT_WR);
}

int
tls_start(struct exam_tls *t, struct linereader *lr, struct exam_out *o,
    int timeout_ms, const char *peer)
{
	gnutls_session_t s;
	const char *err;
	long long begun;
	int rc;

	t->in = lr->fd;
	t->out = o->fd;
	t->lr = lr;
	t->timeout_ms = timeout_ms;
	/* What the proxy sent after its header is the ClientHello's start. */
	t->pre_start = 0;
	t->pre_end = lr->end - lr->start;
	memcpy(t->pre, lr->buf + lr->start, t->pre_end);
	lr->start = lr->end = 0;
	if ((rc = gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NO_SIGNAL)) < 0) {
		exam_log(LOG_ERR, "TLS: %s", gnutls_strerror(rc));
		return -1;
	}
	t->session = s;
	if ((rc = gnutls_priority_set_direct(s, TLS_PRIORITY, &err)) < 0 ||
	    (rc = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE,
	    t->cred)) < 0) {
		exam_log(LOG_ERR, "TLS: %s", gnutls_strerror(rc));
		return -1;
	}
	gnutls_transport_set_ptr(s, t);
	gnutls_transport_set_pull_function(s, pull);
	gnutls_transport_set_push_function(s, push);
	begun = lr_now_ms();
	t->deadline_ms = begun + timeout_ms;
	do
		rc = gnutls_handshake(s);
	while (rc < 0 && !gnutls_error_is_fatal(rc) && !t->timed_out);
	if (rc < 0) {
		if (t->timed_out)
			exam_log(LOG_NOTICE, "TLS handshake with %s: no "
			    "ClientHello within %lld s", peer,
			    (lr_now_ms() - begun + 500) / 1000);
		else if (t->first != TLS_HANDSHAKE_RECORD && t->first >= 0)
			/* Plain text (or anything but TLS): it gets nothing. */
			exam_log(LOG_NOTICE, "TLS handshake with %s: not TLS "
			    "(first byte 0x%02x)", peer, (unsigned)t->first);
		else {
			exam_log(LOG_NOTICE, "TLS handshake with %s: %s", peer,
			    gnutls_strerror(rc));
			(void)gnutls_alert_send_appropriate(s, rc);
		}
		return -1;
	}
	t->timed_out = 0;
	t->deadline_ms = 0;
	t->io = (struct exam_io){ .read = io_read, .write = io_write,
	    .pending = io_pending, .close = io_close, .ctx = t };
	lr->io = &t->io;
	o->io = &t->io;
	return 0;
}

void
tls_free(struct exam_tls *t)
{
	if (t->session != NULL)
		gnutls_deinit(t->session);
	if (t->cred != NULL)
		gnutls_certificate_free_credentials(t->cred);
	t->session = t->cred = NULL;
}
