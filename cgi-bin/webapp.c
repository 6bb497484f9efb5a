/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "negotiate.h"
#include "sandbox.h"
#include "webapp.h"

/* Sent when even the error template cannot be rendered (out of memory). */
static const char fallback_page[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Error</title></head><body><h1>Error</h1>"
    "<p>The server could not build this page.</p></body></html>\n";

static int
render_error(struct webapp *app, int status, const char *message,
    const char *typed, int codes, char *missing, size_t missinglen)
{
	char code[WEBBUF_LLSIZE];
	struct template_var vars[] = {
		{ "status", code },
		{ "title", response_reason(status) },
		{ "message", message },
		{ "typed", typed },
		{ WEBAPP_CODES, codes ? "1" : "" },
	};

	(void)webbuf_fmtll(code, status);
	return webapp_render(app, &app->error_tpl, vars,
	    sizeof vars / sizeof vars[0], missing, missinglen);
}

int
webapp_prefix_ok(const char *p)
{
	size_t n = strlen(p), i;

	if (n > WEBAPP_PREFIX_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] == '/') {
			/* Each part is "/" and at least one character. */
			if (i + 1 == n || p[i + 1] == '/')
				return 0;
		} else if (i == 0 || strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789_-", p[i]) == NULL)
			return 0;
	}
	return 1;
}

int
webapp_render(struct webapp *app, const struct template *t,
    const struct template_var *vars, size_t nvars, char *missing,
    size_t missinglen)
{
	struct template_var all[9];

	if (nvars >= sizeof all / sizeof all[0])
		abort();	/* a programming error, not a request's */
	memcpy(all, vars, nvars * sizeof vars[0]);
	all[nvars].name = WEBAPP_PREFIX;
	all[nvars].value = app->prefix;
	return template_render(t, &app->out, all, nvars + 1, missing,
	    missinglen);
}

int
webapp_init(struct webapp *app, const char *prog)
{
	/* The placeholders render_error fills. */
	static const struct template_var check[] = {
		{ "status", "" }, { "title", "" }, { "message", "" },
		{ "typed", "" }, { WEBAPP_CODES, "" },
	};

	app->prog = prog;
	app->prefix = getenv(WEBAPP_PREFIX_ENV);
	if (app->prefix == NULL)
		app->prefix = "";
	if (!webapp_prefix_ok(app->prefix)) {
		fprintf(stderr, "%s: %s: not a prefix the pages can live "
		    "under: \"/\" and a name (A-Z a-z 0-9 _ -), repeated; "
		    "none at the end; at most %d bytes\n", prog,
		    WEBAPP_PREFIX_ENV, WEBAPP_PREFIX_MAX);
		return -1;
	}
	app->served = 0;
	app->sandbox = 0;
	webbuf_init(&app->out);
	return webapp_load(app, &app->error_tpl, WEBAPP_ERROR_TEMPLATE, check,
	    sizeof check / sizeof check[0]);
}

int
webapp_load(struct webapp *app, struct template *t, const char *file,
    const struct template_var *vars, size_t nvars)
{
	char err[512], missing[64];

	if (template_load(t, template_dir(), file, err, sizeof err) == -1) {
		fprintf(stderr, "%s: template %s\n", app->prog, err);
		return -1;
	}
	if (webapp_render(app, t, vars, nvars, missing,
	    sizeof missing) == -1) {
		fprintf(stderr, "%s: template %s/%s: unknown placeholder "
		    "{{%s}}\n", app->prog, template_dir(), file, missing);
		template_free(t);
		webbuf_reset(&app->out);
		return -1;
	}
	webbuf_reset(&app->out);
	return 0;
}

void
webapp_free(struct webapp *app)
{
	template_free(&app->error_tpl);
	webbuf_free(&app->out);
}

static const char *const webenv_names[WEBENV__N] = {
	[WEBENV_REQUEST_METHOD] = "REQUEST_METHOD",
	[WEBENV_HTTP_ACCEPT] = "HTTP_ACCEPT",
	[WEBENV_SCRIPT_NAME] = "SCRIPT_NAME",
	[WEBENV_PATH_INFO] = "PATH_INFO",
	[WEBENV_CONTENT_LENGTH] = "CONTENT_LENGTH",
	[WEBENV_CONTENT_TYPE] = "CONTENT_TYPE",
	[WEBENV_REDIRECT_STATUS] = "REDIRECT_STATUS",
	[WEBENV_REMOTE_ADDR] = "REMOTE_ADDR",
};

/* Finds the parameters in one pass over the request's environment:
 * FCGX_GetParam scans all of it once per name. The first of a name sent
 * twice wins, as with
 * FCGX_GetParam. */
static void
webreq_read_env(struct webreq *rq)
{
	char **e;
	const char *eq;
	size_t n, i;

	memset(rq->env, 0, sizeof rq->env);
	for (e = rq->fcgi->envp; e != NULL && *e != NULL; e++) {
		/* Every name the pages read starts with one of these. */
		if (**e == '\0' || strchr("CHPRS", **e) == NULL)
			continue;
		if ((eq = strchr(*e, '=')) == NULL)
			continue;
		n = (size_t)(eq - *e);
		for (i = 0; i < WEBENV__N; i++)
			if (rq->env[i] == NULL &&
			    strncmp(webenv_names[i], *e, n) == 0 &&
			    webenv_names[i][n] == '\0') {
				rq->env[i] = eq + 1;
				break;
			}
	}
}

const char *
webreq_env(const struct webreq *rq, enum webenv v)
{
	return rq->env[v];
}

/* SCRIPT_NAME is the prefix and then path, and no PATH_INFO follows. */
static int
path_is(const struct webreq *rq, const char *path)
{
	const char *script = webreq_env(rq, WEBENV_SCRIPT_NAME);
	const char *info = webreq_env(rq, WEBENV_PATH_INFO);
	size_t n = strlen(rq->app->prefix);

	return script != NULL && strncmp(script, rq->app->prefix, n) == 0 &&
	    strcmp(script + n, path) == 0 && (info == NULL || *info == '\0');
}

/* Returns 1 when method is one of the ", "-separated list: the check and
 * the Allow header come from the same text, so they cannot disagree. */
static int
method_in(const char *method, const char *list)
{
	size_t n = strlen(method), k;

	while (*list != '\0') {
		k = strcspn(list, ",");
		if (n > 0 && k == n && memcmp(list, method, n) == 0)
			return 1;
		list += k;
		list += strspn(list, ", ");
	}
	return 0;
}

int
webreq_route(struct webreq *rq, const struct webroute *route)
{
	if (!path_is(rq, route->path)) {
		webreq_error(rq, 404, WEBAPP_MSG_NOT_FOUND, NULL);
		return 0;
	}
	if (!method_in(rq->method, route->refused->allow)) {
		webreq_fail(rq, route->refused);
		return 0;
	}
	return 1;
}

void
webreq_send(struct webreq *rq, int status, unsigned flags, const char *allow)
{
	struct webapp *app = rq->app;

	if (app->out.failed) {
		fprintf(stderr, "%s: page too large or out of memory\n",
		    app->prog);
		webreq_error(rq, 500, WEBAPP_MSG_BUILD_FAILED, NULL);
		return;
	}
	if (rq->head)
		flags |= RESPONSE_HEAD;
	/* A failed write means the client left; nothing more to do. */
	response_send(rq->fcgi->out, status,
	    rq->json ? RESPONSE_JSON : RESPONSE_HTML, flags, allow, 0,
	    app->out.p, app->out.len);
}

void
webreq_error(struct webreq *rq, int status, const char *message,
    const char *allow)
{
	struct weberror e = { status, message, NULL, NULL, allow, 0 };

	webreq_fail(rq, &e);
}

void
webreq_fail(struct webreq *rq, const struct weberror *e)
{
	struct webapp *app = rq->app;
	unsigned flags = RESPONSE_NO_STORE | (rq->head ? RESPONSE_HEAD : 0);
	int status = e->status, rc;

	webbuf_reset(&app->out);
	if (rq->json)
		rc = json_error(&app->out, e->json != NULL ? e->json : e->say);
	else
		rc = render_error(app, status, e->say,
		    e->typed != NULL ? e->typed : "", rq->codes, NULL, 0);
	if (rc == -1) {
		status = 500;
		response_send(rq->fcgi->out, status, RESPONSE_HTML, flags,
		    NULL, e->retry_after, fallback_page, sizeof fallback_page - 1);
		return;
	}
	response_send(rq->fcgi->out, status,
	    rq->json ? RESPONSE_JSON : RESPONSE_HTML, flags, e->allow,
	    e->retry_after, app->out.p, app->out.len);
}

int
webapp_run(struct webapp *app, webapp_handler h, void *ctx)
{
	FCGX_Request r;
	struct webreq rq;
	int rc;

	char why[256];

	if (FCGX_Init() != 0 || FCGX_InitRequest(&r, 0, 0) != 0) {
		fprintf(stderr, "%s: cannot initialise libfcgi\n", app->prog);
		return 1;
	}
	/* Set up (templates read, database open): from here on, only the
	 * calls that serving makes. */
	if (sandbox_enter(app->sandbox | SANDBOX_ACCEPT, why, sizeof why) ==
	    -1) {
		fprintf(stderr, "%s: %s\n", app->prog, why);
		return 1;
	}
	while ((rc = FCGX_Accept_r(&r)) >= 0) {
		rq.app = app;
		rq.fcgi = &r;
		webreq_read_env(&rq);
		rq.method = webreq_env(&rq, WEBENV_REQUEST_METHOD);
		if (rq.method == NULL)
			rq.method = "";
		rq.head = strcmp(rq.method, "HEAD") == 0;
		rq.codes = 0;
		rq.json = negotiate_json(webreq_env(&rq, WEBENV_HTTP_ACCEPT));
		webbuf_reset(&app->out);
		h(&rq, ctx);
		app->served++;
	}
	FCGX_Free(&r, 1);
	/*
	 * Without a FastCGI server, fd 0 is not a listening socket and the
	 * first accept fails at once (libfcgi has no CGI fallback): say so
	 * instead of exiting 0 silently.
	 */
	if (app->served == 0 && FCGX_IsCGI()) {
		fprintf(stderr, "%s: not started by a FastCGI server: fd 0 is "
		    "not a listening socket (%s); run it from lighttpd's "
		    "fastcgi.server\n", app->prog, strerror(-rc));
		return 1;
	}
	return 0;
}
