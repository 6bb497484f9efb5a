/* SPDX-License-Identifier: ISC */
/* HTTP responses of the FastCGI programs: the status line and the headers
 * every page carries (Content-Type with charset, nosniff, a CSP that
 * forbids inline script, inline style and framing), then the body. The
 * header block is written with one FCGX_PutStr. */
#ifndef RESPONSE_H
#define RESPONSE_H

#include <stddef.h>
#include <fcgiapp.h>

/* The policy: nothing may load but from this site, no inline script or
 * style (no 'unsafe-inline'), forms post only here, no framing. */
#define RESPONSE_CSP "default-src 'none'; style-src 'self'; img-src 'self'; " \
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

enum response_type {
	RESPONSE_HTML,	/* text/html; charset=utf-8 */
	RESPONSE_JSON	/* application/json; charset=utf-8 */
};

enum response_flag {
	RESPONSE_NO_STORE = 1 << 0,	/* Cache-Control: no-store */
	RESPONSE_HEAD = 1 << 1		/* headers only (a HEAD request) */
};

/* The reason phrase for an HTTP status, e.g. "Not Found"; static. An
 * unknown code gives "Error". */
const char *response_reason(int status);

/* Writes status, the common headers, Content-Type for type,
 * Content-Length, "Allow: <allow>" when allow is not NULL, "Retry-After:
 * <retry_after>" when it is above 0, then the len bytes of body unless
 * flags has RESPONSE_HEAD. Returns 0, or -1 when the stream failed (the
 * client went away). */
int response_send(FCGX_Stream *out, int status, enum response_type type,
    unsigned flags, const char *allow, long long retry_after,
    const char *body, size_t len);

#endif
