/* error: the shared error page, for /error and as lighttpd's
 * server.error-handler. lighttpd does not keep the original status for a
 * FastCGI handler, so it is taken from REDIRECT_STATUS (404 when the page
 * is asked for directly, which gives REDIRECT_STATUS=200). */
#include <stdlib.h>

#include "webapp.h"

static int
status_of(const char *redirect_status)
{
	int v = 0;
	const char *p;

	if (redirect_status == NULL || *redirect_status == '\0')
		return 404;
	for (p = redirect_status; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || p - redirect_status >= 3)
			return 404;
		v = v * 10 + (*p - '0');
	}
	return v >= 400 && v <= 599 ? v : 404;
}

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

static void
handle(struct webreq *rq, void *arg)
{
	int status = status_of(webreq_env(rq, "REDIRECT_STATUS"));

	(void)arg;
	webreq_error(rq, status, message_of(status), NULL);
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
