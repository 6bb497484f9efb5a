/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "template.h"
#include "utf8.h"

#ifndef DEFAULT_TEMPLATE_DIR
#define DEFAULT_TEMPLATE_DIR "/usr/local/share/student-exam/html"
#endif

const char *
template_dir(void)
{
	const char *d = getenv("TEMPLATE_DIR");

	return d != NULL && *d != '\0' ? d : DEFAULT_TEMPLATE_DIR;
}

void
template_init(struct template *t)
{
	t->src = NULL;
	t->srclen = 0;
	t->nseg = 0;
}

void
template_free(struct template *t)
{
	free(t->src);
	template_init(t);
}

/* Appends a segment of t->src: the parser hands them over in order, each
 * after the previous one, and a var's segment (a placeholder or a
 * section's mark) always has a name. */
static int
add_seg(struct template *t, const char *text, size_t len, int is_var,
    int section)
{
	assert(t->src != NULL && text >= t->src &&
	    text + len <= t->src + t->srclen);
	assert(t->nseg == 0 || text >= t->seg[t->nseg - 1].text +
	    t->seg[t->nseg - 1].len);
	assert(!is_var || len > 0);
	assert(is_var || section == 0);
	if (len == 0 && !is_var)
		return 0;
	if (t->nseg == TEMPLATE_MAX_SEGS)
		return -1;
	t->seg[t->nseg].text = text;
	t->seg[t->nseg].len = len;
	t->seg[t->nseg].is_var = is_var;
	t->seg[t->nseg].section = section;
	t->nseg++;
	return 0;
}

static int
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

int
template_parse(struct template *t, const char *text, size_t len,
    char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i, k, name, run = 0, line = 1, openlen = 0;
	const char *open = NULL;	/* the open section's name */
	char *src;
	int mark;

	template_init(t);
	if (len > TEMPLATE_MAX_SIZE) {
		snprintf(err, errlen, "larger than %d bytes",
		    TEMPLATE_MAX_SIZE);
		return -1;
	}
	for (i = 0; i < len; i += k) {
		if (u[i] == '\0' || (k = utf8_seq(u + i, len - i)) == 0) {
			snprintf(err, errlen, "line %lu: %s",
			    (unsigned long)line,
			    u[i] == '\0' ? "NUL byte" : "invalid UTF-8");
			return -1;
		}
		line += u[i] == '\n';
	}
	if ((src = malloc(len + 1)) == NULL) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	memcpy(src, text, len);
	src[len] = '\0';
	t->src = src;
	t->srclen = len;
	line = 1;
	for (i = 0; i < len; i++) {
		line += src[i] == '\n';
		if (src[i] != '{' || i + 1 >= len || src[i + 1] != '{')
			continue;
		/* {{#name}} opens a section, {{/name}} closes it. */
		mark = i + 2 < len && src[i + 2] == '#' ? 1 :
		    i + 2 < len && src[i + 2] == '/' ? -1 : 0;
		name = i + 2 + (mark != 0);
		for (k = name; k < len && is_name_char(src[k]); k++)
			;
		if (k == name || k + 1 >= len || src[k] != '}' ||
		    src[k + 1] != '}') {
			snprintf(err, errlen, "line %lu: a {{ is not followed "
			    "by a name of a-z, 0-9, _ and }}",
			    (unsigned long)line);
			goto fail;
		}
		if (mark == 1 && open != NULL) {
			snprintf(err, errlen, "line %lu: a section inside "
			    "section %.*s", (unsigned long)line,
			    (int)openlen, open);
			goto fail;
		}
		if (mark == -1 && (open == NULL || openlen != k - name ||
		    memcmp(open, src + name, openlen) != 0)) {
			snprintf(err, errlen, "line %lu: {{/%.*s}} closes no "
			    "open section of that name", (unsigned long)line,
			    (int)(k - name), src + name);
			goto fail;
		}
		if (add_seg(t, src + run, i - run, 0, 0) == -1 ||
		    add_seg(t, src + name, k - name, 1, mark) == -1) {
			snprintf(err, errlen, "more than %d parts",
			    TEMPLATE_MAX_SEGS);
			goto fail;
		}
		if (mark == 1) {
			open = src + name;
			openlen = k - name;
		} else if (mark == -1)
			open = NULL;
		i = k + 1;
		run = k + 2;
	}
	if (open != NULL) {
		snprintf(err, errlen, "section %.*s is not closed",
		    (int)openlen, open);
		goto fail;
	}
	if (add_seg(t, src + run, len - run, 0, 0) == -1) {
		snprintf(err, errlen, "more than %d parts", TEMPLATE_MAX_SEGS);
		goto fail;
	}
	return 0;
fail:
	template_free(t);
	return -1;
}

int
template_load(struct template *t, const char *dir, const char *file,
    char *err, size_t errlen)
{
	char path[4096], why[256];
	char *text = NULL;
	size_t len;
	FILE *fp = NULL;
	int rc = -1;

	template_init(t);
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >=
	    sizeof path) {
		snprintf(err, errlen, "%s/%s: path too long", dir, file);
		return -1;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto end;
	}
	/* One byte more than allowed, to tell "too large" from "fits". */
	if ((text = malloc(TEMPLATE_MAX_SIZE + 1)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto end;
	}
	len = fread(text, 1, TEMPLATE_MAX_SIZE + 1, fp);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		goto end;
	}
	if (template_parse(t, text, len, why, sizeof why) == -1) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto end;
	}
	rc = 0;
end:
	free(text);
	if (fp != NULL)
		fclose(fp);
	return rc;
}

int
template_render(const struct template *t, struct webbuf *b,
    const struct template_var *vars, size_t nvars, char *missing,
    size_t missinglen)
{
	const struct template_seg *s;
	size_t i, v;
	int hide = 0;	/* in a section whose var is empty */

	assert(t->nseg <= TEMPLATE_MAX_SEGS);
	assert(t->nseg == 0 || t->src != NULL);
	if (missinglen > 0)
		missing[0] = '\0';
	for (i = 0; i < t->nseg; i++) {
		s = &t->seg[i];
		/* b's failure is sticky: checked once, at the end. */
		if (!s->is_var) {
			if (!hide)
				(void)webbuf_add(b, s->text, s->len);
			continue;
		}
		assert(s->len > 0);
		for (v = 0; v < nvars; v++)
			if (strlen(vars[v].name) == s->len &&
			    memcmp(vars[v].name, s->text, s->len) == 0)
				break;
		if (v == nvars) {
			if (missinglen > 0)
				snprintf(missing, missinglen, "%.*s",
				    (int)s->len, s->text);
			return -1;
		}
		if (s->section != 0)
			hide = s->section == 1 && vars[v].value[0] == '\0';
		else if (!hide)
			html_escapes(b, vars[v].value);
	}
	return b->failed ? -1 : 0;
}
