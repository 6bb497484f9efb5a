/* SPDX-License-Identifier: ISC */
/* Fuzzes form_parse (lib/form.c) against a second, simpler decoder: both
 * must agree on the status and, for a valid body, on every field. A valid
 * form, percent-encoded again, must parse back to the same fields. */
#include <string.h>
#include <strings.h>

#include "form.h"
#include "fuzz.h"

static int
hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The expected status: bodies split on '&', empty pieces skipped, and the
 * first bad byte from the left decides; every piece that fits is kept. */
static enum form_status
ref_status(const unsigned char *s, size_t n)
{
	size_t i = 0;

	if (n > FORM_MAX_BODY)
		return FORM_TOO_LONG;
	while (i < n) {
		if (s[i] == '&') {
			i++;
			continue;
		}
		for (; i < n && s[i] != '&'; i++) {
			if (s[i] == '%') {
				if (i + 2 >= n || hex(s[i + 1]) < 0 ||
				    hex(s[i + 2]) < 0)
					return FORM_BAD_PERCENT;
				if (hex(s[i + 1]) == 0 && hex(s[i + 2]) == 0)
					return FORM_NUL;
				i += 2;
			} else if (s[i] < 0x20 || s[i] == 0x7f)
				return FORM_CONTROL;
		}
	}
	return FORM_OK;
}

/* Decodes s[0..n) ('+' and %XX) into out; returns the length. */
static size_t
ref_decode(const unsigned char *s, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			out[o++] = (char)(hex(s[i + 1]) << 4 | hex(s[i + 2]));
			i += 2;
		} else
			out[o++] = s[i] == '+' ? ' ' : (char)s[i];
	}
	return o;
}

/* Checks field k of f against the k-th non-empty piece of the body. */
static void
check_fields(const struct form *f, const unsigned char *s, size_t n)
{
	static char want[FORM_MAX_BODY + 1];
	const unsigned char *piece, *amp, *eq;
	size_t i = 0, k = 0, plen, wlen;

	while (i < n) {
		if (s[i] == '&') {
			i++;
			continue;
		}
		piece = s + i;
		amp = memchr(piece, '&', n - i);
		plen = amp ? (size_t)(amp - piece) : n - i;
		i += plen;
		FUZZ_CHECK(k < f->n);
		eq = memchr(piece, '=', plen);
		wlen = ref_decode(piece, eq ? (size_t)(eq - piece) : plen, want);
		FUZZ_CHECK(f->f[k].namelen == wlen);
		FUZZ_CHECK(memcmp(f->f[k].name, want, wlen) == 0);
		FUZZ_CHECK(f->f[k].name[wlen] == '\0');
		wlen = eq ? ref_decode(eq + 1, plen - (size_t)(eq + 1 - piece),
		    want) : 0;
		FUZZ_CHECK(f->f[k].valuelen == wlen);
		FUZZ_CHECK(memcmp(f->f[k].value, want, wlen) == 0);
		FUZZ_CHECK(f->f[k].value[wlen] == '\0');
		k++;
	}
	FUZZ_CHECK(k == f->n);
}

/* Percent-encodes every byte that is not alphanumeric. */
static size_t
encode(char *out, const char *s, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
		    (c | 0x20) <= 'z'))
			out[o++] = (char)c;
		else if (c == ' ')
			out[o++] = '+';
		else {
			out[o++] = '%';
			out[o++] = digits[c >> 4];
			out[o++] = digits[c & 15];
		}
	}
	return o;
}

static void
check_reencoded(const struct form *f)
{
	static struct form g;
	static char body[3 * (2 * FORM_MAX_BODY + 2) + FORM_MAX_FIELDS * 2];
	size_t i, o = 0;

	for (i = 0; i < f->n; i++) {
		if (i > 0)
			body[o++] = '&';
		o += encode(body + o, f->f[i].name, f->f[i].namelen);
		body[o++] = '=';
		o += encode(body + o, f->f[i].value, f->f[i].valuelen);
	}
	if (o > FORM_MAX_BODY) {
		FUZZ_CHECK(form_parse(&g, body, o) == FORM_TOO_LONG);
		return;
	}
	FUZZ_CHECK(form_parse(&g, body, o) == FORM_OK);
	/* An empty name with an empty value ("=") is still a field. */
	FUZZ_CHECK(g.n == f->n);
	for (i = 0; i < f->n; i++) {
		FUZZ_CHECK(g.f[i].namelen == f->f[i].namelen);
		FUZZ_CHECK(memcmp(g.f[i].name, f->f[i].name,
		    f->f[i].namelen) == 0);
		FUZZ_CHECK(g.f[i].valuelen == f->f[i].valuelen);
		FUZZ_CHECK(memcmp(g.f[i].value, f->f[i].value,
		    f->f[i].valuelen) == 0);
	}
}

static void
check_lookup(const struct form *f)
{
	const struct form_field *got;
	size_t i, j, count;

	for (i = 0; i < f->n && i < 16; i++) {
		got = form_get(f, f->f[i].name);
		FUZZ_CHECK(got != NULL && got <= &f->f[i]);
		FUZZ_CHECK(strcmp(got->name, f->f[i].name) == 0);
		for (j = 0, count = 0; j < f->n; j++)
			count += strcmp(f->f[j].name, f->f[i].name) == 0;
		FUZZ_CHECK(form_count(f, f->f[i].name) == count);
	}
}

static void
check_content_type(const uint8_t *data, size_t size)
{
	char ct[256];
	size_t n = size < sizeof ct - 1 ? size : sizeof ct - 1;
	const char *p = ct;
	int r;

	memcpy(ct, data, n);
	ct[n] = '\0';
	r = form_is_urlencoded(ct);
	FUZZ_CHECK(r == 0 || r == 1);
	while (*p == ' ' || *p == '\t')
		p++;
	if (r)
		FUZZ_CHECK(strncasecmp(p, "application/x-www-form-urlencoded",
		    33) == 0);
	FUZZ_CHECK(form_is_urlencoded(NULL) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct form f;
	enum form_status st, want;

	st = form_parse(&f, (const char *)data, size);
	want = ref_status(data, size);
	if (st != want) {
		fprintf(stderr, "form_parse gave %d, expected %d\n", st, want);
		abort();
	}
	FUZZ_CHECK(form_strerror(st) != NULL);
	if (st != FORM_OK) {
		FUZZ_CHECK(f.n == 0);
	} else {
		FUZZ_CHECK(f.n <= FORM_MAX_FIELDS);
		check_fields(&f, data, size);
		check_lookup(&f);
		check_reencoded(&f);
	}
	check_content_type(data, size);
	return 0;
}
