/* SPDX-License-Identifier: ISC */
#include <limits.h>
#include <string.h>

#include "response.h"
#include "webbuf.h"

/* Constant for every response, so it is one string built at compile time. */
static const char common_headers[] =
    "X-Content-Type-Options: nosniff\r\n"
    "Content-Security-Policy: " RESPONSE_CSP "\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "Vary: Accept\r\n";

const char *
response_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 417: return "Expectation Failed";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	}
	return "Error";
}

/* The header block, appended piece by piece: snprintf was a large share
 * of a lookup's work. */
struct head {
	char	 p[1024];
	size_t	 n;
	int	 over;	/* a piece did not fit */
};

static void
head_add(struct head *h, const char *s, size_t n)
{
	if (h->over || n > sizeof h->p - h->n) {
		h->over = 1;
		return;
	}
	memcpy(h->p + h->n, s, n);
	h->n += n;
}

static void
head_adds(struct head *h, const char *s)
{
	head_add(h, s, strlen(s));
}

int
response_send(FCGX_Stream *out, int status, enum response_type type,
    unsigned flags, const char *allow, long long retry_after,
    const char *body, size_t len)
{
	char num[WEBBUF_LLSIZE];
	struct head h;

	h.n = 0;
	h.over = 0;
	head_adds(&h, "Status: ");
	head_add(&h, num, webbuf_fmtll(num, status));
	head_adds(&h, " ");
	head_adds(&h, response_reason(status));
	head_adds(&h, type == RESPONSE_JSON ?
	    "\r\nContent-Type: application/json; charset=utf-8\r\n" :
	    "\r\nContent-Type: text/html; charset=utf-8\r\n");
	head_adds(&h, "Content-Length: ");
	head_add(&h, num, webbuf_fmtll(num, (long long)len));
	head_adds(&h, "\r\n");
	if (allow != NULL) {
		head_adds(&h, "Allow: ");
		head_adds(&h, allow);
		head_adds(&h, "\r\n");
	}
	if (retry_after > 0) {
		head_adds(&h, "Retry-After: ");
		head_add(&h, num, webbuf_fmtll(num, retry_after));
		head_adds(&h, "\r\n");
	}
	if (flags & RESPONSE_NO_STORE)
		head_adds(&h, "Cache-Control: no-store\r\n");
	head_add(&h, common_headers, sizeof common_headers - 1);
	head_adds(&h, "\r\n");
	if (h.over || h.n > (size_t)INT_MAX)
		return -1;
	if (FCGX_PutStr(h.p, (int)h.n, out) != (int)h.n)
		return -1;
	if (!(flags & RESPONSE_HEAD) && len > 0 &&
	    FCGX_PutStr(body, (int)len, out) != (int)len)
		return -1;
	return 0;
}
