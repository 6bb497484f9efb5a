/* SPDX-License-Identifier: ISC */
/* An attempt's own order of questions and choices, for an exam that
 * shuffles (SPEC §6): drawn when the attempt begins, stored with it as
 * text (attempts.ord), read back when it resumes. The student sees
 * questions and letters in this order; answers are stored in the bank's.
 *
 * The text is one word per question in the order shown, separated by
 * spaces: the bank's position (from 1), ':', then the bank's letters in
 * the order shown, e.g. "3:bca 1:ab 2:dcba" shows the bank's third
 * question first with its choice b as a), c as b) and a as c). */
#ifndef ORDER_H
#define ORDER_H

#include <stddef.h>

#include "qbank.h"
#include "shuffle.h"

struct order {
	size_t	 n;
	size_t	*q;		/* q[i]: the bank's index shown i-th */
	/* c[k][j]: the bank's choice index shown as letter j of the bank's
	 * question k */
	unsigned char (*c)[QBANK_MAX_CHOICES];
};

/* Draws an order of bank for mode (enum shuffle_mode; arc4random: a
 * fresh one each call)
 * into a new text the caller frees. NULL when out of memory. */
char *order_draw(const struct qbank *bank, int mode);

/* Reads text, as order_draw writes it, against bank into o (the caller
 * frees it with order_free); text NULL is the bank's order. Returns 0,
 * or -1 when text does not fit bank (a question or letter missing, twice
 * or past the bank: the bank was replaced since) or memory ran out; o is
 * then the bank's order, if memory allows (o->n is 0 when it did not). */
int order_read(struct order *o, const struct qbank *bank, const char *text);

/* Frees what o holds. */
void order_free(struct order *o);

#endif
