/* SPDX-License-Identifier: ISC */
/* error: the shared error page, for /error and as lighttpd's
 * server.error-handler. lighttpd does not keep the original status for a
 * FastCGI handler, so it is taken from REDIRECT_STATUS (404 when the page
 * is asked for directly, which gives REDIRECT_STATUS=200). */
#include <string.h>

#include "intparse.h"
#include "webapp.h"

/* An HTTP status is three digits (RFC 9110); only an error's is kept. */
static int
status_of(const char *redirect_status)
{
	long long v;

	if (redirect_status == NULL || strlen(redirect_status) != 3 ||
	    intparse_dec(redirect_status, 400, 599, &v) != INTPARSE_OK)
		return 404;
	return (int)v;
}

/* The JSON error text, unchanged for the scripts that read it. */
static const char *
message_of(int status)
{
	switch (status) {
	case 400:
		return "The request was not understood.";
	case 403:
		return "Access to this address is not allowed.";
	case 404:
		return WEBAPP_MSG_NOT_FOUND;
	case 408:
		return "The request took too long to arrive.";
	case 411:
		return "The request needs a Content-Length.";
	case 413:
		return WEBAPP_MSG_TOO_LARGE;
	case 414:
		return "The address is too long.";
	case 431:
		return "The request headers are too large.";
	case 501:
		return "The server does not implement this method.";
	case 503:
		return "The service is not available right now; "
		    "try again later.";
	}
	if (status >= 500)
		return "The server could not answer this request.";
	return "The request could not be answered.";
}

/* The sentence on the page, for a student; the lookup form follows it. */
static const char *
say_of(int status)
{
	switch (status) {
	case 400:
		return "The browser sent something this server could not "
		    "understand. Type your ID and try again.";
	case 403:
		return "This address is not open to visitors.";
	case 404:
		return WEBAPP_MSG_NOT_FOUND;
	case 405:
		return "This address does not take that kind of request. "
		    "Type your ID below.";
	case 408:
		return "The form took too long to arrive. Type your ID and "
		    "try again.";
	case 411:
		return "The form arrived empty. Type your ID and try again.";
	case 413:
		return WEBAPP_SAY_TOO_LARGE;
	case 414:
		return "That address is far too long. Type your ID below.";
	case 431:
		return "The browser sent too much with the request. Type your "
		    "ID and try again.";
	case 501:
		return "This server does not take that kind of request. Type "
		    "your ID below.";
	case 503:
		return "The service is not available right now; try again in "
		    "a few minutes.";
	}
	if (status >= 500)
		return "Something went wrong on the server. Try again in a "
		    "few minutes.";
	return "The request could not be answered. Type your ID and try "
	    "again.";
}

static void
handle(struct webreq *rq, void *arg)
{
	int status = status_of(webreq_env(rq, WEBENV_REDIRECT_STATUS));
	/* A 405 must say what is allowed; lighttpd's own (CONNECT) has
	 * no Allow, and these are the methods the site answers. */
	struct weberror e = { status, say_of(status), message_of(status),
	    NULL, status == 405 ? "GET, HEAD, POST" : NULL, 0 };

	(void)arg;
	webreq_fail(rq, &e);
}

int
main(void)
{
	struct webapp app;
	int rc;

	if (webapp_init(&app, "error") == -1)
		return 1;
	rc = webapp_run(&app, handle, NULL);
	webapp_free(&app);
	return rc;
}
