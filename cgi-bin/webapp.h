/* SPDX-License-Identifier: ISC */
/* The frame shared by the three FastCGI programs: start-up (templates
 * loaded and checked once), the FCGX accept loop, request fields, and the
 * shared error page in HTML or JSON. Programs only route and fill pages. */
#ifndef WEBAPP_H
#define WEBAPP_H

#include <stddef.h>
#include <fcgiapp.h>

#include "response.h"
#include "template.h"
#include "webbuf.h"

/* Messages shared by the programs and the error handler. The JSON ones
 * are kept word for word, as scripts may match them; the _SAY ones are
 * what a student reads on the page. */
#define WEBAPP_MSG_NOT_FOUND	"There is no page at this address."
#define WEBAPP_MSG_TOO_LARGE	\
	"The request body is larger than 4 KiB (4096 bytes)."
#define WEBAPP_SAY_TOO_LARGE	"That was far more than an ID (over " \
	"4 KiB were sent). Type your ID and try again."
#define WEBAPP_MSG_BUILD_FAILED	"The server could not build this page."

/* The file name of the error template in the template folder. */
#define WEBAPP_ERROR_TEMPLATE	"error.html"
/* The section of the login form ({{#codes}}...{{/codes}} in error.html
 * and login.html) that asks for the access code: shown when its var's
 * value is not empty (template.h). */
#define WEBAPP_CODES	"codes"
/* The placeholder of the pages' prefix in every template
 * ({{prefix}}/handlelogin), filled from app->prefix on every render. */
#define WEBAPP_PREFIX	"prefix"
/* The environment variable naming the prefix the pages live under
 * ("/students": /students/login...); unset or empty: none. The lighttpd
 * snippet sets it from var.student_pages_prefix. */
#define WEBAPP_PREFIX_ENV	"STUDENT_PAGES_PREFIX"
#define WEBAPP_PREFIX_MAX	64

struct webapp {
	const char	*prog;		/* for log lines on stderr */
	const char	*prefix;	/* "" or "/students": the routes and
					 * every link of the pages start
					 * with it */
	struct template	 error_tpl;
	struct webbuf	 out;		/* page body, reused per request */
	unsigned long	 served;
	unsigned	 sandbox;	/* lib/sandbox.h flags besides accept */
};

/* The request parameters (CGI variables) the pages read. */
enum webenv {
	WEBENV_REQUEST_METHOD,
	WEBENV_HTTP_ACCEPT,
	WEBENV_SCRIPT_NAME,
	WEBENV_PATH_INFO,
	WEBENV_CONTENT_LENGTH,
	WEBENV_CONTENT_TYPE,
	WEBENV_REDIRECT_STATUS,
	WEBENV_REMOTE_ADDR,
	WEBENV__N
};

struct webreq {
	struct webapp	*app;
	FCGX_Request	*fcgi;
	const char	*env[WEBENV__N];	/* NULL: not sent */
	const char	*method;	/* REQUEST_METHOD, "" if unset */
	int		 json;		/* answer JSON (Accept header) */
	int		 head;		/* HEAD: send headers only */
	int		 codes;		/* the error page's form asks for the
					 * access code too (the handler sets
					 * it) */
};

typedef void (*webapp_handler)(struct webreq *rq, void *ctx);

/* Returns 1 when p is a prefix the pages can live under: empty, or one
 * or more "/name" parts of A-Z a-z 0-9 _ - (no "/" at the end, nothing a
 * URL or a lighttpd regex would read otherwise), at most
 * WEBAPP_PREFIX_MAX bytes. */
int webapp_prefix_ok(const char *p);

/* Reads the prefix from WEBAPP_PREFIX_ENV and loads the error template
 * from template_dir(). Returns 0, or -1 after saying why on stderr (a bad
 * prefix too). */
int webapp_init(struct webapp *app, const char *prog);

/* Loads file from template_dir() into t and checks that it renders with
 * exactly the given vars available. Returns 0, or -1 after saying why on
 * stderr (t is then empty). */
int webapp_load(struct webapp *app, struct template *t, const char *file,
    const struct template_var *vars, size_t nvars);

/* template_render of t into app->out with vars and the prefix's var
 * (WEBAPP_PREFIX); nvars at most 8. */
int webapp_render(struct webapp *app, const struct template *t,
    const struct template_var *vars, size_t nvars, char *missing,
    size_t missinglen);

/* Serves requests with h until the FastCGI server stops the program.
 * Returns the exit status: 0 after a normal stop, 1 (after saying why on
 * stderr) when no FastCGI server started the program. */
int webapp_run(struct webapp *app, webapp_handler h, void *ctx);

/* Frees what app owns. */
void webapp_free(struct webapp *app);

/* A request parameter or NULL; owned by the request. */
const char *webreq_env(const struct webreq *rq, enum webenv v);

/* Sends app->out as the body, HTML or JSON as the request asked. */
void webreq_send(struct webreq *rq, int status, unsigned flags,
    const char *allow);

/* What an error page says. */
struct weberror {
	int		 status;
	const char	*say;	/* the sentence on the page, for people */
	const char	*json;	/* {"error":json}; NULL: the same as say */
	const char	*typed;	/* put back into the form; NULL: empty */
	const char	*allow;	/* the Allow header; NULL: none */
	long long	 retry_after;	/* the Retry-After header; 0: none */
};

/* Sends the shared error page (the message, then the lookup form for a
 * retry) or {"error":...} with e's status and Cache-Control: no-store.
 * The values are escaped; e and its strings stay the caller's. */
void webreq_fail(struct webreq *rq, const struct weberror *e);

/* webreq_fail with one message for the page and JSON, nothing typed. */
void webreq_error(struct webreq *rq, int status, const char *message,
    const char *allow);

/* A program's one route: the path it serves and the 405 it answers to
 * other methods, whose Allow text lists the methods it takes. */
struct webroute {
	const char		*path;		/* after the prefix, exactly, as
						 * SCRIPT_NAME */
	const struct weberror	*refused;	/* a 405; allow: "GET, HEAD" */
};

/* Answers 404 unless the request is for exactly the prefix and
 * route->path (SCRIPT_NAME equal to them and no PATH_INFO: "/login/abc" and "/loginx" are not
 * "/login"), and route->refused unless its method is one of those its
 * Allow text lists: the check and the header come from the same text.
 * Returns 1 when the handler goes on, 0 when the request has been
 * answered. */
int webreq_route(struct webreq *rq, const struct webroute *route);

#endif
