/* SPDX-License-Identifier: ISC */
/* login: the login page (GET /login), a form posting the student ID to
 * /handlelogin, and the access code too while any student has one (the
 * database says; read-only, as handlelogin reads it). */
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "sandbox.h"
#include "studentdb.h"
#include "webapp.h"

static const struct weberror not_get = { 405,
    "This page can only be opened, not sent to. Type your ID below.",
    "The login page can only be fetched with GET or HEAD.", NULL,
    "GET, HEAD", 0 };
static const struct webroute route = { "/login", &not_get };

/* JSON clients get the form's description instead of the form; the
 * prefix checked at start-up needs no escaping. */
static void
form_json(struct webreq *rq, int codes)
{
	struct webbuf *out = &rq->app->out;

	webbuf_adds(out, "{\"form\":{\"method\":\"post\",\"action\":\"");
	webbuf_adds(out, rq->app->prefix);
	webbuf_adds(out, "/handlelogin\",\"field\":\"id\"");
	webbuf_adds(out, codes ? ",\"code\":\"code\"}}\n" : "}}\n");
}

struct login {
	struct template	 page;
	struct studentdb db;
};

static void
handle(struct webreq *rq, void *arg)
{
	struct login *l = arg;
	struct template_var var = { WEBAPP_CODES, "" };
	int codes;

	if (!webreq_route(rq, &route))
		return;
	codes = studentdb_codes_on(&l->db);
	var.value = codes ? "1" : "";
	if (rq->json)
		form_json(rq, codes);
	else if (webapp_render(rq->app, &l->page, &var, 1, NULL, 0) == -1) {
		webreq_error(rq, 500, WEBAPP_MSG_BUILD_FAILED, NULL);
		return;
	}
	webreq_send(rq, 200, 0, NULL);
}

/* Database failures go to stderr (lighttpd's breakage log), as in
 * handlelogin. */
static void
log_db_failure(const char *sql, const char *msg)
{
	fprintf(stderr, "login: %s: %s\n", sql, msg);
}

int
main(void)
{
	static struct login l;
	static const struct template_var check = { WEBAPP_CODES, "" };
	struct webapp app;
	int rc = 1;

	template_init(&l.page);
	if (webapp_init(&app, "login") == -1)
		return 1;
	db_set_failure_hook(log_db_failure);
	/* On PostgreSQL the sandbox lets libpq reach the server again. */
	if (db_is_uri(studentdb_default_path()))
		app.sandbox |= SANDBOX_NET;
	if (webapp_load(&app, &l.page, "login.html", &check, 1) == 0 &&
	    studentdb_open(&l.db, studentdb_default_path()) != DB_INVALID) {
		rc = webapp_run(&app, handle, &l);
		studentdb_close(&l.db);
	}
	template_free(&l.page);
	webapp_free(&app);
	return rc;
}
