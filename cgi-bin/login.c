/* SPDX-License-Identifier: ISC */
/* login: the login page (GET /login), a form posting the student ID to
 * /handlelogin. */
#include <stdlib.h>

#include "webapp.h"

static const struct weberror not_get = { 405,
    "This page can only be opened, not sent to. Type your ID below.",
    "The login page can only be fetched with GET or HEAD.", NULL,
    "GET, HEAD", 0 };
static const struct webroute route = { "/login", &not_get };

/* JSON clients get the form's description instead of the form. */
static const char login_json[] =
    "{\"form\":{\"method\":\"post\",\"action\":\"/handlelogin\","
    "\"field\":\"id\"}}\n";

static void
handle(struct webreq *rq, void *arg)
{
	struct template *page = arg;

	if (!webreq_route(rq, &route))
		return;
	if (rq->json)
		webbuf_adds(&rq->app->out, login_json);
	else if (template_render(page, &rq->app->out, NULL, 0, NULL, 0) ==
	    -1) {
		webreq_error(rq, 500, WEBAPP_MSG_BUILD_FAILED, NULL);
		return;
	}
	webreq_send(rq, 200, 0, NULL);
}

int
main(void)
{
	struct webapp app;
	struct template page;
	int rc = 1;

	template_init(&page);
	if (webapp_init(&app, "login") == -1)
		return 1;
	if (webapp_load(&app, &page, "login.html", NULL, 0) == 0)
		rc = webapp_run(&app, handle, &page);
	template_free(&page);
	webapp_free(&app);
	return rc;
}
