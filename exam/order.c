/* SPDX-License-Identifier: ISC */
/* An attempt's order of questions and choices (order.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order.h"

/* Fisher-Yates over n indexes, uniform (arc4random_uniform has no
 * modulo bias). */
static void
shuffle(size_t *v, size_t n)
{
	size_t i, j, t;

	for (i = n; i > 1; i--) {
		j = arc4random_uniform((uint32_t)i);
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

char *
order_draw(const struct qbank *bank, int mode)
{
	size_t *q, c[QBANK_MAX_CHOICES], i, j, len;
	char *text, *p;
	int nc;

	/* "1000:abcdef " at most per question. */
	if ((q = calloc(bank->n ? bank->n : 1, sizeof *q)) == NULL ||
	    (text = malloc(bank->n * 13 + 1)) == NULL) {
		free(q);
		return NULL;
	}
	for (i = 0; i < bank->n; i++)
		q[i] = i;
	if (mode & SHUFFLE_QUESTIONS)
		shuffle(q, bank->n);
	p = text;
	*p = '\0';
	for (i = 0; i < bank->n; i++) {
		nc = bank->q[q[i]].nchoices;
		for (j = 0; j < (size_t)nc; j++)
			c[j] = j;
		if (mode & SHUFFLE_CHOICES)
			shuffle(c, (size_t)nc);
		len = (size_t)sprintf(p, "%s%zu:", i ? " " : "", q[i] + 1);
		p += len;
		for (j = 0; j < (size_t)nc; j++)
			*p++ = (char)('a' + c[j]);
		*p = '\0';
	}
	free(q);
	return text;
}

void
order_free(struct order *o)
{
	free(o->q);
	free(o->c);
	memset(o, 0, sizeof *o);
}

/* o as the bank's own order; -1 when out of memory (o->n 0). */
static int
identity(struct order *o, const struct qbank *bank)
{
	size_t i;
	int j;

	order_free(o);
	o->q = calloc(bank->n ? bank->n : 1, sizeof *o->q);
	o->c = calloc(bank->n ? bank->n : 1, sizeof *o->c);
	if (o->q == NULL || o->c == NULL) {
		order_free(o);
		return -1;
	}
	o->n = bank->n;
	for (i = 0; i < bank->n; i++) {
		o->q[i] = i;
		for (j = 0; j < QBANK_MAX_CHOICES; j++)
			o->c[i][j] = (unsigned char)j;
	}
	return 0;
}

int
order_read(struct order *o, const struct qbank *bank, const char *text)
{
	unsigned char seen[QBANK_MAX_CHOICES];
	char *taken = NULL;
	const char *p = text;
	size_t i, k;
	int j, nc;

	memset(o, 0, sizeof *o);
	if (identity(o, bank) != 0)
		return -1;
	if (text == NULL)
		return 0;
	if ((taken = calloc(bank->n ? bank->n : 1, 1)) == NULL)
		goto bad;
	for (i = 0; i < bank->n; i++) {
		if (i > 0 && *p++ != ' ')
			goto bad;
		/* The bank's position: digits, no sign, no leading 0. */
		if (*p < '1' || *p > '9')
			goto bad;
		for (k = 0; *p >= '0' && *p <= '9'; p++) {
			k = 10 * k + (size_t)(*p - '0');
			if (k > bank->n)
				goto bad;
		}
		if (*p++ != ':' || taken[k - 1])
			goto bad;
		taken[k - 1] = 1;
		o->q[i] = k - 1;
		nc = bank->q[k - 1].nchoices;
		memset(seen, 0, sizeof seen);
		for (j = 0; j < nc; j++, p++) {
			if (*p < 'a' || *p - 'a' >= nc || seen[*p - 'a'])
				goto bad;
			seen[*p - 'a'] = 1;
			o->c[k - 1][j] = (unsigned char)(*p - 'a');
		}
	}
	if (*p != '\0')
		goto bad;
	free(taken);
	return 0;
bad:
	free(taken);
	(void)identity(o, bank);
	return -1;
}
