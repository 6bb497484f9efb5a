/* SPDX-License-Identifier: ISC */
/* exam/order.c: an attempt's order of questions and choices, and
 * lib/shuffle.c, the modes' names. Drawn
 * orders are permutations of what the mode shuffles and nothing else,
 * they differ from draw to draw, they read back as written, and a text
 * that does not fit the bank reads as the bank's own order. */
#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "qbank.h"
#include "tap.h"

static struct qbank *
bank_of(int n)
{
	static const char *const ch[] = { "a", "b", "c", "d", "e", "f" };
	struct qbank *b = qbank_new();
	char prompt[32];
	int i;

	for (i = 0; b != NULL && i < n; i++) {
		snprintf(prompt, sizeof prompt, "Question %d", i + 1);
		/* 2, 3, 4, 5, 6, 2... choices */
		if (qbank_add(b, prompt, ch, 2 + i % 5, 'a') != NULL) {
			qbank_free(b);
			return NULL;
		}
	}
	return b;
}

/* 1 when o shows every question once and each one's letters once. */
static int
is_permutation(const struct order *o, const struct qbank *b)
{
	int seen[64] = { 0 }, cs[QBANK_MAX_CHOICES];
	size_t i;
	int j;

	if (o->n != b->n)
		return 0;
	for (i = 0; i < o->n; i++) {
		if (o->q[i] >= b->n || seen[o->q[i]]++)
			return 0;
		memset(cs, 0, sizeof cs);
		for (j = 0; j < b->q[o->q[i]].nchoices; j++)
			if (o->c[o->q[i]][j] >= b->q[o->q[i]].nchoices ||
			    cs[o->c[o->q[i]][j]]++)
				return 0;
	}
	return 1;
}

static int
questions_moved(const struct order *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->q[i] != i)
			return 1;
	return 0;
}

static int
choices_moved(const struct order *o, const struct qbank *b)
{
	size_t i;
	int j;

	for (i = 0; i < o->n; i++)
		for (j = 0; j < b->q[i].nchoices; j++)
			if (o->c[i][j] != j)
				return 1;
	return 0;
}

int
main(void)
{
	struct qbank *b = bank_of(7);
	struct order o;
	char *t, *first = NULL;
	int m, i, qmoved, cmoved, differ, perm;

	if (b == NULL)
		return 1;
	is_int(shuffle_mode_parse("none"), SHUFFLE_NONE, "none");
	is_int(shuffle_mode_parse("questions"), SHUFFLE_QUESTIONS, "questions");
	is_int(shuffle_mode_parse("choices"), SHUFFLE_CHOICES, "choices");
	is_int(shuffle_mode_parse("both"), SHUFFLE_BOTH, "both");
	is_int(shuffle_mode_parse("Both"), -1, "a mode is lower case");
	is_int(shuffle_mode_parse(""), -1, "an empty mode is none of them");
	is_int(shuffle_mode_parse(NULL), -1, "NULL is none of them");
	is_str(shuffle_mode_name(SHUFFLE_CHOICES), "choices", "names");

	t = order_draw(b, SHUFFLE_NONE);
	is_str(t, "1:ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
	    "none: the bank's order, written out");
	free(t);
	for (m = SHUFFLE_QUESTIONS; m <= SHUFFLE_BOTH; m++) {
		qmoved = cmoved = differ = 0;
		perm = 1;
		for (i = 0; i < 40; i++) {
			if ((t = order_draw(b, m)) == NULL)
				break;
			perm &= order_read(&o, b, t) == 0 &&
			    is_permutation(&o, b);
			qmoved |= questions_moved(&o);
			cmoved |= choices_moved(&o, b);
			if (first == NULL)
				first = t;
			else {
				differ |= strcmp(first, t) != 0;
				free(t);
			}
			order_free(&o);
		}
		free(first);
		first = NULL;
		ok(perm, "every draw reads back as a permutation");
		is_int(qmoved, (m & SHUFFLE_QUESTIONS) != 0,
		    "questions move only when the mode says so");
		is_int(cmoved, (m & SHUFFLE_CHOICES) != 0,
		    "choices move only when the mode says so");
		ok(differ, "and draws differ");
	}

	ok(order_read(&o, b, "7:cab 1:ba 2:abc 3:dcba 4:abcde 5:fedcba 6:ab") ==
	    0, "a written order reads");
	ok(o.q[0] == 6 && o.q[1] == 0 && o.c[6][0] == 2 && o.c[6][1] == 0 &&
	    o.c[0][0] == 1 && o.c[4][0] == 5, "into its maps");
	order_free(&o);
	ok(order_read(&o, b, NULL) == 0 && !questions_moved(&o) &&
	    !choices_moved(&o, b), "no text: the bank's order");
	order_free(&o);
	{
		static const char *const bad[] = {
			"",
			"1:ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab",
			"1:ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc ",
			"1:ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc 8:ab",
			"1:ab 1:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"1:aa 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"1:abc 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"1:a 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"0:ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"01:ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"8:ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"99999999999999999999:ab",
			"1:AB 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"1:ab  2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
			"1ab 2:abc 3:abcd 4:abcde 5:abcdef 6:ab 7:abc",
		};
		size_t k;

		for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			ok(order_read(&o, b, bad[k]) == -1 && o.n == b->n &&
			    !questions_moved(&o) && !choices_moved(&o, b),
			    "a text that does not fit: -1, the bank's order");
			order_free(&o);
		}
	}
	qbank_free(b);
	return tap_done();
}
