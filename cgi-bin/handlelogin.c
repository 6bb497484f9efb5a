/* SPDX-License-Identifier: ISC */
/* handlelogin: POST /handlelogin with id=<digits> shows that student's
 * Name, ID and Age from Student_log.db (read-only); while any student has
 * an access code, only with code=<that student's code>. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accesscode.h"
#include "db.h"
#include "form.h"
#include "intparse.h"
#include "json.h"
#include "lookuplimit.h"
#include "sandbox.h"
#include "student_id.h"
#include "studentdb.h"
#include "webapp.h"

struct handlelogin {
	struct template	 page;
	struct studentdb db;
	struct form	 form;
	struct lookuplimit limit;
	char		 body[FORM_MAX_BODY];
};

/* Parses CONTENT_LENGTH: unset or empty is 0; -1 if not all digits; a
 * value above FORM_MAX_BODY is FORM_MAX_BODY + 1. */
static long
content_length(const char *s)
{
	long long v;

	if (s == NULL || *s == '\0')
		return 0;
	switch (intparse_dec(s, 0, FORM_MAX_BODY, &v)) {
	case INTPARSE_OK:
		return (long)v;
	case INTPARSE_RANGE:
		return FORM_MAX_BODY + 1;
	default:
		return -1;
	}
}

/* Page sentences for a form a browser would never send: the student can
 * only type again. */
#define SAY_MANGLED	"The form did not arrive intact. Type your ID and " \
	"try again."
#define SAY_NOT_FORM	"The ID did not come from the form. Type it " \
	"below and try again."

/* An error page of handlelogin's own before the lookup: while any
 * student has a code, its form asks for the code too, as the login
 * form does (the answer is remembered as the lookups are). */
static void
fail(struct webreq *rq, struct handlelogin *h, const struct weberror *e)
{
	if (!rq->json)
		rq->codes = studentdb_codes_on(&h->db);
	webreq_fail(rq, e);
}

/* A 400. JSON keeps "Bad request: <why>." word for word; the page says
 * say and puts typed (NULL: nothing) back into the form. */
static void
bad_request(struct webreq *rq, struct handlelogin *h, const char *why,
    const char *say, const char *typed)
{
	char msg[256];
	struct weberror e = { 400, say, msg, typed, NULL, 0 };

	snprintf(msg, sizeof msg, "Bad request: %s.", why);
	fail(rq, h, &e);
}

static void
show_student(struct webreq *rq, struct handlelogin *h,
    const struct student *s)
{
	struct webbuf *out = &rq->app->out;
	char id[WEBBUF_LLSIZE], age[WEBBUF_LLSIZE];
	struct template_var vars[] = {
		{ "name", s->name },
		{ "id", id },
		{ "age", age },
	};

	if (rq->json) {
		webbuf_adds(out, "{\"name\":");
		json_string(out, s->name, s->namelen);
		webbuf_adds(out, ",\"id\":");
		webbuf_addll(out, (long long)s->id);
		webbuf_adds(out, ",\"age\":");
		if (s->has_age)
			webbuf_addll(out, (long long)s->age);
		else
			webbuf_adds(out, "null");
		webbuf_adds(out, "}\n");
	} else {
		(void)webbuf_fmtll(id, (long long)s->id);
		if (s->has_age)
			(void)webbuf_fmtll(age, (long long)s->age);
		else
			memcpy(age, "unknown", sizeof "unknown");
		/* The vars were checked at start-up; only memory can fail. */
		if (webapp_render(rq->app, &h->page, vars,
		    sizeof vars / sizeof vars[0], NULL, 0) == -1) {
			webreq_error(rq, 500, WEBAPP_MSG_BUILD_FAILED, NULL);
			return;
		}
	}
	webreq_send(rq, 200, RESPONSE_NO_STORE, NULL);
}

/* The 429 of an address past its lookup limit, wait seconds before the
 * next. */
static void
too_many(struct webreq *rq, struct handlelogin *h, long long wait,
    const char *typed)
{
	char msg[128];
	struct weberror e = { 429, msg, NULL, typed, NULL, wait };

	snprintf(msg, sizeof msg, "Too many lookups from your address. Try "
	    "again in %lld second%s.", wait, wait == 1 ? "" : "s");
	fail(rq, h, &e);
}

/* Whether the code sent matches the student's: always the same work, one
 * digest and one comparison in constant time, for a student with a code,
 * one without, an ID that is nobody's, a wrong code and none at all, so
 * that neither the answer nor its time tells them apart. */
static int
code_matches(const struct form *form, enum db_rc rc, const struct student *s)
{
	/* Compared with when there is nothing to compare with; no digest is
	 * made of 'x's. */
	static const char nothing[ACCESSCODE_HEX + 1] =
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	const struct form_field *f = NULL;
	char got[ACCESSCODE_HEX + 1];
	int sent, same;

	sent = form_count(form, "code") == 1 &&
	    (f = form_get(form, "code")) != NULL;
	accesscode_digest(s->key, sent ? f->value : "", sent ? f->valuelen :
	    0, got);
	same = accesscode_equal(got, rc == DB_OK && s->has_code ? s->digest :
	    nothing);
	return sent & same & (rc == DB_OK) & s->has_code;
}

/* Shows student id; typed is the field as sent, for the 404's form. The
 * client's address pays for it first (lookuplimit.h). While codes are in
 * use, a lookup without the student's code is a miss like any other. */
static void
lookup(struct webreq *rq, struct handlelogin *h, int64_t id,
    const char *typed)
{
	struct lookuplimit_key who;
	struct student s;
	char msg[128];
	struct weberror nf = { 404, msg, NULL, typed, NULL, 0 };
	long long wait;
	enum db_rc rc;

	(void)lookuplimit_key(webreq_env(rq, WEBENV_REMOTE_ADDR), &who);
	if ((wait = lookuplimit_take(&h->limit, &who)) > 0) {
		too_many(rq, h, wait, typed);
		return;
	}
	/* Failures were reported to the log by the hook (see main). */
	rc = studentdb_get(&h->db, id, &s);
	if ((rc == DB_OK || rc == DB_NONE) && s.codes) {
		rq->codes = 1;
		if (!code_matches(&h->form, rc, &s))
			rc = DB_NONE;
	}
	switch (rc) {
	case DB_OK:
		show_student(rq, h, &s);
		return;
	case DB_NONE:
		lookuplimit_miss(&h->limit, &who);
		{
			static const char pre[] = "No student has the ID ";
			static const char coded[] = " with that access code.";
			size_t n = sizeof pre - 1;

			memcpy(msg, pre, n);
			n += webbuf_fmtll(msg + n, (long long)id);
			if (s.codes)
				memcpy(msg + n, coded, sizeof coded);
			else
				memcpy(msg + n, ".", 2);
		}
		webreq_fail(rq, &nf);
		return;
	case DB_BUSY:
		webreq_error(rq, 503, "The student database is not available "
		    "right now; try again later.", NULL);
		return;
	default:
		break;
	}
	webreq_error(rq, 500, "The student database could not be read.",
	    NULL);
}

static void
handle(struct webreq *rq, void *arg)
{
	static const struct weberror not_post = { 405,
	    "This address only answers the form. Type your ID below.",
	    "Send the student ID with POST from the login page.", NULL,
	    "POST", 0 };
	static const struct webroute route = { "/handlelogin", &not_post };
	static const struct weberror too_large = { 413, WEBAPP_SAY_TOO_LARGE,
	    WEBAPP_MSG_TOO_LARGE, NULL, NULL, 0 };
	struct handlelogin *h = arg;
	const struct form_field *f;
	enum student_id_status ids;
	enum form_status fs;
	long len;
	int64_t id;

	if (!webreq_route(rq, &route))
		return;
	/* lighttpd already refuses larger bodies; this is the second line. */
	if ((len = content_length(webreq_env(rq, WEBENV_CONTENT_LENGTH))) < 0) {
		bad_request(rq, h, "the Content-Length is not a number",
		    SAY_MANGLED, NULL);
		return;
	}
	if (len > FORM_MAX_BODY) {
		fail(rq, h, &too_large);
		return;
	}
	if (FCGX_GetStr(h->body, (int)len, rq->fcgi->in) != (int)len) {
		bad_request(rq, h, "the request body is shorter than its "
		    "Content-Length", SAY_MANGLED, NULL);
		return;
	}
	if (!form_is_urlencoded(webreq_env(rq, WEBENV_CONTENT_TYPE))) {
		bad_request(rq, h, "the form must be sent as "
		    "application/x-www-form-urlencoded", SAY_NOT_FORM, NULL);
		return;
	}
	if ((fs = form_parse(&h->form, h->body, (size_t)len)) != FORM_OK) {
		bad_request(rq, h, form_strerror(fs), SAY_MANGLED, NULL);
		return;
	}
	/* The original app named the field ID; both names are one field. */
	switch (form_count(&h->form, "id") + form_count(&h->form, "ID")) {
	case 0:
		bad_request(rq, h, "the form has no id field",
		    "No ID was sent. Type your student ID below.", NULL);
		return;
	case 1:
		break;
	default:
		bad_request(rq, h, "the id field is given more than once",
		    "The form sent an ID more than once. Type just one.",
		    NULL);
		return;
	}
	if ((f = form_get(&h->form, "id")) == NULL)
		f = form_get(&h->form, "ID");
	if ((ids = student_id_parse(f->value, f->valuelen, &id)) !=
	    STUDENT_ID_OK) {
		bad_request(rq, h, student_id_strerror(ids),
		    student_id_say(ids, f->value, f->valuelen), f->value);
		return;
	}
	lookup(rq, h, id, f->value);
}

/* Database failures go to stderr, which lighttpd sends to its breakage
 * log: the failing step or SQL and SQLite's message, never to users. */
static void
log_db_failure(const char *sql, const char *msg)
{
	fprintf(stderr, "handlelogin: %s: %s\n", sql, msg);
}

int
main(void)
{
	static struct handlelogin h;	/* large buffers: not on the stack */
	static const struct template_var check[] = {
		{ "name", "" }, { "id", "" }, { "age", "" },
	};
	struct webapp app;
	int rc = 1;

	template_init(&h.page);
	h.limit.fd = -1;	/* closed at the end even if never opened */
	h.limit.t = NULL;
	if (webapp_init(&app, "handlelogin") == -1)
		return 1;
	if (webapp_load(&app, &h.page, "student.html", check,
	    sizeof check / sizeof check[0]) == -1)
		goto end;
	db_set_failure_hook(log_db_failure);
	if (lookuplimit_init(&h.limit, "handlelogin") == -1)
		goto end;
	/* DB_BUSY is not fatal: each request retries and answers 503
	 * meanwhile. */
	/* On PostgreSQL the sandbox lets libpq reach the server again after
	 * a lost connection. */
	if (db_is_uri(studentdb_default_path()))
		app.sandbox |= SANDBOX_NET;
	if (studentdb_open(&h.db, studentdb_default_path()) == DB_INVALID)
		goto end;
	rc = webapp_run(&app, handle, &h);
	studentdb_close(&h.db);
end:
	lookuplimit_close(&h.limit);
	template_free(&h.page);
	webapp_free(&app);
	return rc;
}
