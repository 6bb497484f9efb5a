/* SPDX-License-Identifier: ISC */
#include <string.h>
#include <strings.h>

#include "negotiate.h"

struct want {
	const char	*type;	/* "text" */
	const char	*sub;	/* "html" */
	int		 spec;	/* specificity of the best match: 0 none,
				 * 1 * / *, 2 type / *, 3 exact */
	int		 q;	/* in thousandths */
};

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Parses a qvalue ("0", "0.5", "1.000") at p into thousandths; -1 if bad. */
static int
parse_q(const char *p, size_t n)
{
	int q, i, scale = 100;

	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (p[1] != '.' || n > 5)
		return -1;
	for (i = 2; (size_t)i < n; i++, scale /= 10) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

static int
token_eq(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && strncasecmp(p, s, n) == 0;
}

/* Applies one media range [p, end) to each wanted type. */
static void
apply_range(const char *p, const char *end, struct want *w, size_t nw)
{
	const char *slash, *type_end, *param, *semi, *eq;
	size_t i, tlen, slen;
	int q = 1000, spec;

	for (type_end = p; type_end < end && *type_end != ';' &&
	    *type_end != ' ' && *type_end != '\t'; type_end++)
		;
	slash = memchr(p, '/', (size_t)(type_end - p));
	if (slash == NULL || slash == p || slash + 1 == type_end)
		return;
	tlen = (size_t)(slash - p);
	slen = (size_t)(type_end - slash - 1);
	/* Parameters: only q matters. */
	for (param = memchr(type_end, ';', (size_t)(end - type_end));
	    param != NULL; param = semi) {
		param = skip_ows(param + 1);
		semi = memchr(param, ';', (size_t)(end - param));
		eq = semi ? semi : end;
		if (eq - param >= 2 && (param[0] == 'q' || param[0] == 'Q') &&
		    param[1] == '=') {
			const char *v = param + 2, *ve = eq;

			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if ((q = parse_q(v, (size_t)(ve - v))) < 0)
				return;
		}
	}
	for (i = 0; i < nw; i++) {
		if (token_eq(p, tlen, "*") && token_eq(slash + 1, slen, "*"))
			spec = 1;
		else if (token_eq(p, tlen, w[i].type) &&
		    token_eq(slash + 1, slen, "*"))
			spec = 2;
		else if (token_eq(p, tlen, w[i].type) &&
		    token_eq(slash + 1, slen, w[i].sub))
			spec = 3;
		else
			continue;
		if (spec > w[i].spec) {
			w[i].spec = spec;
			w[i].q = q;
		}
	}
}

int
negotiate_json(const char *accept)
{
	struct want w[2] = {
		{ "application", "json", 0, 0 },
		{ "text", "html", 0, 0 },
	};
	const char *p, *end;

	if (accept == NULL)
		return 0;
	for (p = accept; *p != '\0'; p = *end ? end + 1 : end) {
		p = skip_ows(p);
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		apply_range(p, end, w, 2);
	}
	if (w[0].q != w[1].q)
		return w[0].q > w[1].q;
	return w[0].q > 0 && w[0].spec == 3 && w[1].spec != 3;
}
