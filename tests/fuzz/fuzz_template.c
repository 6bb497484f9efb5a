/* SPDX-License-Identifier: ISC */
/* Fuzzes template_parse and template_render (lib/template.c). The input
 * is the template text, then after a 0xff byte (never part of valid
 * UTF-8) the values, separated by 0xff. Checked: the parser accepts
 * exactly the texts a direct reading of the rules accepts; its parts put
 * back together give the text; rendering gives the literal parts with each
 * value HTML-escaped and each section shown only when its value is not
 * empty, so the page is valid UTF-8 and every '<' in it comes from the
 * template; a missing value is reported by name. */
#include <string.h>

#include "fuzz.h"
#include "html.h"
#include "template.h"

#define MAXVALS	8

static int
name_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Returns 1 when text should parse: size, UTF-8, no NUL, every {{ opens
 * a {{name}}, {{#name}} or {{/name}}, each {{/name}} closes the open
 * {{#name}} and none opens inside another, at most TEMPLATE_MAX_SEGS
 * parts. */
static int
ref_accepts(const uint8_t *s, size_t n)
{
	size_t i, k, name, segs = 0, run = 0, openlen = 0;
	const uint8_t *open = NULL;

	if (n > TEMPLATE_MAX_SIZE || memchr(s, '\0', n) != NULL ||
	    !ref_utf8_valid((const char *)s, n))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] != '{' || i + 1 >= n || s[i + 1] != '{')
			continue;
		name = i + 2 + (i + 2 < n && (s[i + 2] == '#' ||
		    s[i + 2] == '/'));
		for (k = name; k < n && name_char(s[k]); k++)
			;
		if (k == name || k + 1 >= n || s[k] != '}' || s[k + 1] != '}')
			return 0;
		if (s[i + 2] == '#') {
			if (open != NULL)
				return 0;
			open = s + name;
			openlen = k - name;
		} else if (s[i + 2] == '/') {
			if (open == NULL || openlen != k - name ||
			    memcmp(open, s + name, openlen) != 0)
				return 0;
			open = NULL;
		}
		segs += (i > run) + 1;
		i = k + 1;
		run = k + 2;
	}
	segs += n > run;
	return open == NULL && segs <= TEMPLATE_MAX_SEGS;
}

static const struct template_var *
find_var(const struct template_var *vars, size_t n,
    const struct template_seg *seg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(vars[i].name) == seg->len &&
		    memcmp(vars[i].name, seg->text, seg->len) == 0)
			return &vars[i];
	return NULL;
}

static size_t
count_lt(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += s[i] == '<';
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct template t;
	struct template_var vars[TEMPLATE_MAX_SEGS];
	const char *names[TEMPLATE_MAX_SEGS];
	char *vals[MAXVALS], err[256], missing[8], *rebuilt;
	const uint8_t *sep, *p, *end = data + size;
	struct webbuf got, want;
	size_t tlen, nvals = 0, nvars = 0, i, v, o = 0, lt = 0;
	int rc, accepted, drop, hide = 0;

	sep = memchr(data, 0xff, size);
	tlen = sep ? (size_t)(sep - data) : size;
	for (p = sep; p != NULL && nvals < MAXVALS; p = sep) {
		p++;
		sep = memchr(p, 0xff, (size_t)(end - p));
		v = sep ? (size_t)(sep - p) : (size_t)(end - p);
		FUZZ_CHECK((vals[nvals] = malloc(v + 1)) != NULL);
		memcpy(vals[nvals], p, v);
		vals[nvals++][v] = '\0';
	}

	err[0] = '\0';
	rc = template_parse(&t, (const char *)data, tlen, err, sizeof err);
	accepted = ref_accepts(data, tlen);
	if ((rc == 0) != accepted) {
		fprintf(stderr, "template_parse gave %d (%s), expected %s\n",
		    rc, err, accepted ? "success" : "failure");
		abort();
	}
	if (rc != 0) {
		FUZZ_CHECK(err[0] != '\0');
		FUZZ_CHECK(t.src == NULL && t.nseg == 0);
		goto end;
	}

	/* The parts, put back together, are the text. */
	FUZZ_CHECK(t.nseg <= TEMPLATE_MAX_SEGS);
	FUZZ_CHECK((rebuilt = malloc(tlen + 1)) != NULL);
	for (i = 0; i < t.nseg; i++) {
		if (t.seg[i].is_var) {
			FUZZ_CHECK(t.seg[i].len > 0);
			memcpy(rebuilt + o, "{{", 2);
			o += 2;
			if (t.seg[i].section != 0)
				rebuilt[o++] = t.seg[i].section == 1 ? '#' :
				    '/';
		} else
			FUZZ_CHECK(t.seg[i].len > 0 && t.seg[i].section == 0);
		FUZZ_CHECK(o + t.seg[i].len <= tlen);
		memcpy(rebuilt + o, t.seg[i].text, t.seg[i].len);
		o += t.seg[i].len;
		if (t.seg[i].is_var) {
			memcpy(rebuilt + o, "}}", 2);
			o += 2;
		}
	}
	FUZZ_CHECK(o == tlen && memcmp(rebuilt, data, tlen) == 0);
	free(rebuilt);

	/* One var per name, values in turn. */
	for (i = 0; i < t.nseg; i++) {
		if (!t.seg[i].is_var || find_var(vars, nvars, &t.seg[i]) != NULL)
			continue;
		FUZZ_CHECK((vars[nvars].name = strndup(t.seg[i].text,
		    t.seg[i].len)) != NULL);
		vars[nvars].value = nvals ? vals[nvars % nvals] : "";
		nvars++;
	}
	webbuf_init(&got);
	webbuf_init(&want);
	missing[0] = 'x';
	FUZZ_CHECK(template_render(&t, &got, vars, nvars, missing,
	    sizeof missing) == 0);
	FUZZ_CHECK(missing[0] == '\0');
	for (i = 0; i < t.nseg; i++) {
		if (t.seg[i].is_var && t.seg[i].section != 0)
			hide = t.seg[i].section == 1 && find_var(vars, nvars,
			    &t.seg[i])->value[0] == '\0';
		else if (hide)
			continue;
		else if (t.seg[i].is_var) {
			html_escapes(&want, find_var(vars, nvars,
			    &t.seg[i])->value);
		} else {
			webbuf_add(&want, t.seg[i].text, t.seg[i].len);
			lt += count_lt(t.seg[i].text, t.seg[i].len);
		}
	}
	FUZZ_CHECK(!got.failed && !want.failed);
	FUZZ_CHECK(got.len == want.len);
	FUZZ_CHECK(got.len == 0 || memcmp(got.p, want.p, got.len) == 0);
	FUZZ_CHECK(ref_utf8_valid(got.p, got.len));
	FUZZ_CHECK(count_lt(got.p, got.len) == lt);

	/* Without the vars of one name the render fails and names it. */
	if (nvars > 0) {
		drop = (int)(tlen % nvars);
		for (i = 0; i < nvars; i++)
			names[i] = vars[i].name;
		vars[drop].name = "";	/* never a placeholder name */
		webbuf_reset(&got);
		FUZZ_CHECK(template_render(&t, &got, vars, nvars, missing,
		    sizeof missing) == -1);
		v = strlen(names[drop]);
		if (v > sizeof missing - 1)
			v = sizeof missing - 1;
		FUZZ_CHECK(strlen(missing) == v);
		FUZZ_CHECK(strncmp(missing, names[drop], v) == 0);
		FUZZ_CHECK(template_render(&t, &got, vars, nvars, missing,
		    0) == -1);
		for (i = 0; i < nvars; i++)
			free((char *)names[i]);
	}
	webbuf_free(&got);
	webbuf_free(&want);
	template_free(&t);
	FUZZ_CHECK(t.src == NULL && t.nseg == 0);
end:
	for (i = 0; i < nvals; i++)
		free(vals[i]);
	return 0;
}
