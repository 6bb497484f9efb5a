#include <stdio.h>

#include "response.h"

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

int
response_send(FCGX_Stream *out, int status, enum response_type type,
    unsigned flags, const char *allow, const char *body, size_t len)
{
	char head[1024];
	int n;

	/* %lu with a cast: FCGX_FPrintF has no %zu, so format here. */
	n = snprintf(head, sizeof head,
	    "Status: %d %s\r\n"
	    "Content-Type: %s; charset=utf-8\r\n"
	    "Content-Length: %lu\r\n"
	    "%s%s%s"
	    "%s"
	    "%s"
	    "\r\n",
	    status, response_reason(status),
	    type == RESPONSE_JSON ? "application/json" : "text/html",
	    (unsigned long)len,
	    allow ? "Allow: " : "", allow ? allow : "", allow ? "\r\n" : "",
	    flags & RESPONSE_NO_STORE ? "Cache-Control: no-store\r\n" : "",
	    common_headers);
	if (n < 0 || (size_t)n >= sizeof head)
		return -1;
	if (FCGX_PutStr(head, n, out) != n)
		return -1;
	if (!(flags & RESPONSE_HEAD) && len > 0 &&
	    FCGX_PutStr(body, (int)len, out) != (int)len)
		return -1;
	return 0;
}
