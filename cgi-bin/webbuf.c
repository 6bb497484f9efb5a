#include <assert.h>
#include <stdio.h>
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

int
webbuf_addll(struct webbuf *b, long long v)
{
	char num[32];
	int n;

	n = snprintf(num, sizeof num, "%lld", v);
	/* 20 digits and a sign always fit. */
	assert(n > 0 && (size_t)n < sizeof num);
	return webbuf_add(b, num, (size_t)n);
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
