/* SPDX-License-Identifier: ISC */
#include <arpa/inet.h>
#include <assert.h>
#include <netinet/in.h>
#include <string.h>

#include "intparse.h"
#include "log.h"
#include "peer.h"
#include "proxy.h"

/* Longest text inet_pton may be given here: an IPv6 address. */
#define ADDR_TEXT_MAX (INET6_ADDRSTRLEN - 1)

/* Reads the address text s (n bytes, not NUL-terminated) in family af
 * into dst (4 or 16 bytes). Returns 0 or -1. */
static int
addr_parse(int af, const char *s, size_t n, void *dst)
{
	char text[ADDR_TEXT_MAX + 1];

	if (n == 0 || n > ADDR_TEXT_MAX)
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	return inet_pton(af, text, dst) == 1 ? 0 : -1;
}

/* Normalises an IPv6 address that maps an IPv4 one to that IPv4 address,
 * in place; *family follows. */
static void
unmap(int *family, unsigned char addr[16])
{
	static const unsigned char prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };

	if (*family == AF_INET6 && memcmp(addr, prefix, sizeof prefix) == 0) {
		memmove(addr, addr + 12, 4);
		*family = AF_INET;
	}
}

int
proxy_from_parse(struct proxy_from *pf, const char *list, const char **bad)
{
	const char *p = list, *comma;
	size_t n;
	int family;

	pf->n = 0;
	for (;;) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (pf->n == PROXY_MAXFROM) {
			*bad = "too many addresses (at most 16)";
			return -1;
		}
		family = memchr(p, ':', n) != NULL ? AF_INET6 : AF_INET;
		if (addr_parse(family, p, n, pf->a[pf->n].addr) == -1) {
			*bad = "not a list of IPv4 or IPv6 addresses "
			    "separated by commas";
			return -1;
		}
		unmap(&family, pf->a[pf->n].addr);
		pf->a[pf->n].family = family;
		pf->n++;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

int
proxy_from_has(const struct proxy_from *pf, const struct sockaddr *sa,
    socklen_t len)
{
	unsigned char addr[16];
	int family = sa->sa_family;
	size_t i;

	if (family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in))
		memcpy(addr, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
	else if (family == AF_INET6 &&
	    len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		memcpy(addr, &((const struct sockaddr_in6 *)(const void *)sa)->
		    sin6_addr, 16);
		unmap(&family, addr);
	} else
		return 0;
	for (i = 0; i < pf->n; i++)
		if (pf->a[i].family == family && memcmp(pf->a[i].addr, addr,
		    family == AF_INET ? 4 : 16) == 0)
			return 1;
	return 0;
}

/* Reads a port: 1 to 5 digits, no leading zero but "0" itself, at most
 * 65535. Returns 0 or -1. */
static int
port_parse(const char *s, size_t n, unsigned *port)
{
	long long v;

	if (n == 0 || n > 5 || (n > 1 && s[0] == '0') ||
	    intparse_decn(s, n, 0, 65535, &v) != INTPARSE_OK)
		return -1;
	*port = (unsigned)v;
	return 0;
}

/* Splits line (len bytes) into exactly nf fields separated by single
 * blanks, none empty. Returns 0 or -1. */
static int
fields(const char *line, size_t len, const char *f[], size_t fl[], int nf)
{
	const char *p = line, *end = line + len, *sp;
	int i;

	for (i = 0; i < nf; i++) {
		sp = memchr(p, ' ', (size_t)(end - p));
		if (sp == NULL)
			sp = end;
		if (sp == p || (i == nf - 1) != (sp == end))
			return -1;
		f[i] = p;
		fl[i] = (size_t)(sp - p);
		p = sp + 1;
	}
	return 0;
}

int
proxy_parse(const char *line, size_t len, struct proxy_header *h,
    const char **why)
{
	static const char proxy[] = "PROXY ", unknown[] = "UNKNOWN";
	const char *f[5];
	size_t fl[5];
	unsigned char src[16], dst[16];
	unsigned sport, dport;
	struct sockaddr_in *sin;
	struct sockaddr_in6 *sin6;
	int af;

	memset(h, 0, sizeof *h);
	if (len + 2 > PROXY_MAXHEADER) {
		*why = "longer than 107 bytes";
		return -1;
	}
	if (len < sizeof proxy - 1 || memcmp(line, proxy, sizeof proxy - 1)) {
		*why = "no PROXY header";
		return -1;
	}
	line += sizeof proxy - 1;
	len -= sizeof proxy - 1;
	/* UNKNOWN: the rest of the line, if any, is to be ignored. */
	if (len >= sizeof unknown - 1 &&
	    memcmp(line, unknown, sizeof unknown - 1) == 0 &&
	    (len == sizeof unknown - 1 || line[sizeof unknown - 1] == ' ')) {
		h->known = 0;
		return 0;
	}
	if (len < 5 || memcmp(line, "TCP", 3) != 0 || line[4] != ' ' ||
	    (line[3] != '4' && line[3] != '6')) {
		*why = "the protocol is not TCP4, TCP6 or UNKNOWN";
		return -1;
	}
	af = line[3] == '4' ? AF_INET : AF_INET6;
	if (fields(line + 5, len - 5, f, fl, 4) == -1) {
		*why = "not four fields separated by single blanks";
		return -1;
	}
	if (addr_parse(af, f[0], fl[0], src) == -1 ||
	    addr_parse(af, f[1], fl[1], dst) == -1) {
		*why = af == AF_INET ? "a bad IPv4 address" :
		    "a bad IPv6 address";
		return -1;
	}
	if (port_parse(f[2], fl[2], &sport) == -1 ||
	    port_parse(f[3], fl[3], &dport) == -1) {
		*why = "a bad port";
		return -1;
	}
	h->known = 1;
	if (af == AF_INET) {
		sin = (struct sockaddr_in *)(void *)&h->src;
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)sport);
		memcpy(&sin->sin_addr, src, 4);
		h->srclen = sizeof *sin;
	} else {
		sin6 = (struct sockaddr_in6 *)(void *)&h->src;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((unsigned short)sport);
		memcpy(&sin6->sin6_addr, src, 16);
		h->srclen = sizeof *sin6;
	}
	return 0;
}

enum proxy_read
proxy_read(struct linereader *lr, int timeout_ms, struct proxy_header *h,
    const char **why)
{
	size_t maxline = lr->maxline, len;
	int timeout = lr->timeout_ms;
	enum lr_status st;
	char *line;

	/* A line that cannot be a header is refused as soon as it is more
	 * than 107 bytes, without waiting for its end. */
	assert(PROXY_MAXHEADER - 2 <= LR_MAXLINE);
	lr->maxline = PROXY_MAXHEADER - 2;
	lr->timeout_ms = timeout_ms;
	st = lr_read(lr, &line, &len);
	lr->maxline = maxline;
	lr->timeout_ms = timeout;
	switch (st) {
	case LR_LINE:
		/* What is wrong with the line itself is the better reason. */
		if (proxy_parse(line, len, h, why) == -1)
			return PROXY_READ_BAD;
		if (!lr->crlf) {
			*why = "the header does not end in CRLF";
			return PROXY_READ_BAD;
		}
		return PROXY_READ_OK;
	case LR_TOO_LONG:
		*why = "longer than 107 bytes";
		return PROXY_READ_BAD;
	case LR_NUL:
		*why = "a NUL byte";
		return PROXY_READ_BAD;
	case LR_TIMEOUT:
		*why = "no header in time";
		return PROXY_READ_TIMEOUT;
	case LR_EOF:
	case LR_ERROR:
		break;
	}
	*why = "closed before the header";
	return PROXY_READ_GONE;
}

int
proxy_admit(const struct proxy_from *pf, int fd, struct linereader *lr,
    struct exam_out *o, char *peer, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	struct proxy_header h;
	char client[PEER_MAX];
	const char *why;

	/* A header is believed only from a listed proxy, and nobody else may
	 * connect: the protocol forbids guessing whether a header is there,
	 * so a port behind the proxy cannot also serve direct clients. */
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    !proxy_from_has(pf, (struct sockaddr *)&ss, len)) {
		exam_log(LOG_NOTICE, "refused %s: not a proxy of --proxy-from",
		    peer);
		if (o != NULL)
			out_line(o, "This service takes connections only "
			    "through its proxy.");
		goto refused;
	}
	switch (proxy_read(lr, PROXY_TIMEOUT_MS, &h, &why)) {
	case PROXY_READ_OK:
		break;
	case PROXY_READ_BAD:
		exam_log(LOG_NOTICE, "refused %s: bad PROXY header: %s", peer,
		    why);
		if (o != NULL)
			out_line(o, "Bad PROXY protocol header: %s.", why);
		goto refused;
	case PROXY_READ_TIMEOUT:
		exam_log(LOG_NOTICE, "refused %s: no PROXY header within %d ms",
		    peer, PROXY_TIMEOUT_MS);
		if (o != NULL)
			out_line(o, "No PROXY protocol header within %d s.",
			    PROXY_TIMEOUT_MS / 1000);
		goto refused;
	case PROXY_READ_GONE:
		exam_log(LOG_INFO, "%s closed before its PROXY header", peer);
		return -1;
	}
	if (!h.known)	/* the proxy's own connection: keep its address */
		return 0;
	if (peer_format((struct sockaddr *)&h.src, h.srclen, client,
	    sizeof client) == -1 || strlen(client) >= n) {
		exam_log(LOG_ERR, "refused %s: PROXY address too long", peer);
		if (o != NULL)
			out_line(o, "Bad PROXY protocol header: an address "
			    "too long.");
		goto refused;
	}
	exam_log(LOG_INFO, "%s through proxy %s", client, peer);
	memcpy(peer, client, strlen(client) + 1);
	return 0;
refused:
	if (o != NULL)
		out_flush(o);
	return -1;
}
