/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "webbuf.h"

void
webbuf_init(struct webbuf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

int
webbuf_add(struct webbuf *b, const char *s, size_t n)
{
	size_t need, cap;
	char *p;

	/* Either nothing is allocated, or there is room for the NUL. */
	assert(b->cap == 0 ? b->p == NULL && b->len == 0 : b->len < b->cap);
	assert(b->len <= WEBBUF_MAX);
	assert(s != NULL || n == 0);
	if (b->failed)
		return -1;
	if (n > WEBBUF_MAX - b->len) {
		b->failed = 1;
		return -1;
	}
	need = b->len + n + 1;	/* room for the terminating NUL */
	if (need > b->cap) {
		cap = b->cap ? b->cap : 1024;
		while (cap < need)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return -1;
		}
		b->p = p;
		b->cap = cap;
	}
	assert(need <= b->cap);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
webbuf_adds(struct webbuf *b, const char *s)
{
	return webbuf_add(b, s, strlen(s));
}

int
webbuf_addc(struct webbuf *b, char c)
{
	return webbuf_add(b, &c, 1);
}

size_t
webbuf_fmtll(char buf[WEBBUF_LLSIZE], long long v)
{
	char tmp[WEBBUF_LLSIZE];
	/* In unsigned arithmetic, so LLONG_MIN negates without overflow. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	size_t n = 0, i = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return i;
}

int
webbuf_addll(struct webbuf *b, long long v)
{
	char num[WEBBUF_LLSIZE];

	return webbuf_add(b, num, webbuf_fmtll(num, v));
}

void
webbuf_reset(struct webbuf *b)
{
	assert(b->p != NULL || b->cap == 0);
	b->len = 0;
	b->failed = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
webbuf_free(struct webbuf *b)
{
	free(b->p);
	webbuf_init(b);
}
