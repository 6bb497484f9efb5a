/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <string.h>
#include <strings.h>

#include "form.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes body[*i] up to stop1, stop2 or the end into out at *o, then
 * NUL-terminates. Returns FORM_OK or the reason the bytes are invalid. */
static enum form_status
decode(const char *body, size_t len, size_t *i, char stop1, char stop2,
    char *out, size_t *o)
{
	unsigned char c;
	int hi, lo;

	while (*i < len && body[*i] != stop1 && body[*i] != stop2) {
		c = (unsigned char)body[*i];
		if (c == '%') {
			if (len - *i < 3 ||
			    (hi = hexval((unsigned char)body[*i + 1])) < 0 ||
			    (lo = hexval((unsigned char)body[*i + 2])) < 0)
				return FORM_BAD_PERCENT;
			c = (unsigned char)(hi << 4 | lo);
			if (c == 0)
				return FORM_NUL;
			*i += 3;
		} else {
			if (c < 0x20 || c == 0x7f)
				return FORM_CONTROL;
			if (c == '+')
				c = ' ';
			*i += 1;
		}
		out[(*o)++] = (char)c;
	}
	out[(*o)++] = '\0';
	return FORM_OK;
}

enum form_status
form_parse(struct form *f, const char *body, size_t len)
{
	enum form_status st;
	struct form_field *fld;
	size_t i = 0, o = 0, start;

	f->n = 0;
	if (len > FORM_MAX_BODY)
		return FORM_TOO_LONG;
	while (i < len) {
		if (body[i] == '&') {	/* empty pair */
			i++;
			continue;
		}
		/* len <= FORM_MAX_BODY leaves room for every field. */
		assert(f->n < FORM_MAX_FIELDS);
		fld = &f->f[f->n];
		start = o;
		st = decode(body, len, &i, '=', '&', f->buf, &o);
		if (st != FORM_OK)
			goto fail;
		fld->name = f->buf + start;
		fld->namelen = o - start - 1;
		start = o;
		if (i < len && body[i] == '=') {
			i++;
			st = decode(body, len, &i, '&', '&', f->buf, &o);
			if (st != FORM_OK)
				goto fail;
		} else
			f->buf[o++] = '\0';
		fld->value = f->buf + start;
		fld->valuelen = o - start - 1;
		f->n++;
	}
	return FORM_OK;
fail:
	f->n = 0;
	return st;
}

const char *
form_strerror(enum form_status st)
{
	switch (st) {
	case FORM_OK:
		return "no error";
	case FORM_TOO_LONG:
		return "the form is larger than 4096 bytes";
	case FORM_BAD_PERCENT:
		return "the form is not valid URL encoding: "
		    "a % is not followed by two hex digits";
	case FORM_NUL:
		return "the form contains a NUL byte (%00)";
	case FORM_CONTROL:
		return "the form contains an unencoded control character "
		    "such as a line break";
	}
	return "the form is not valid";
}

size_t
form_count(const struct form *f, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			n++;
	return n;
}

const struct form_field *
form_get(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return &f->f[i];
	return NULL;
}

int
form_is_urlencoded(const char *ct)
{
	static const char type[] = "application/x-www-form-urlencoded";
	size_t n = sizeof type - 1;

	if (ct == NULL)
		return 0;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, type, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}
