/* SPDX-License-Identifier: ISC */
/* cgi-bin/negotiate.c: JSON or HTML from the Accept header. */
#include "negotiate.h"
#include "tap.h"

static const struct {
	const char	*accept;
	int		 json;
} cases[] = {
	{ NULL, 0 },
	{ "", 0 },
	{ "*/*", 0 },
	{ "text/html", 0 },
	{ "application/json", 1 },
	{ "APPLICATION/JSON", 1 },
	{ "application/json; charset=utf-8", 1 },
	{ "application/json;q=1.0", 1 },
	{ "application/*", 1 },
	{ "application/json, */*", 1 },
	{ "application/json, */*;q=0.1", 1 },
	{ "text/html;q=0.5, application/json", 1 },
	{ "text/*;q=0.5, application/json;q=0.9", 1 },
	{ "text/html, application/json", 0 },
	{ "application/json, text/html", 0 },
	{ "application/json;q=0.4, text/html;q=0.5", 0 },
	{ "application/json;q=0", 0 },
	{ "application/json;q=0.000", 0 },
	{ "application/json;q=2", 0 },		/* bad q: range skipped */
	{ "application/json;q=abc", 0 },
	{ "application/json;q=0.5, */*;q=0.5", 1 },
	{ "text/html,application/xhtml+xml,application/xml;q=0.9,"
	  "image/avif,image/webp,*/*;q=0.8", 0 },
	{ "application/jsonx", 0 },
	{ "application/json-seq", 0 },
	{ "json", 0 },
	{ "/json", 0 },
	{ "application/", 0 },
	{ ",,, ,application/json", 1 },
	{ "text/plain", 0 },
};

int
main(void)
{
	char what[160];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(what, sizeof what, "Accept: %s -> %s",
		    cases[i].accept ? cases[i].accept : "(none)",
		    cases[i].json ? "JSON" : "HTML");
		is_int(negotiate_json(cases[i].accept), cases[i].json, what);
	}
	return tap_done();
}
