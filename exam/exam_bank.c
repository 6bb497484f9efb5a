#include <stdlib.h>

#include "exam_bank.h"

void
exam_bank_free(struct exam_bank *bank)
{
	size_t i;
	int c;

	if (bank == NULL)
		return;
	for (i = 0; i < bank->n; i++) {
		free(bank->q[i].prompt);
		for (c = 0; c < bank->q[i].nchoices; c++)
			free(bank->q[i].choices[c]);
	}
	free(bank->q);
	bank->q = NULL;
	bank->n = 0;
}

size_t
exam_bank_check(const struct exam_bank *bank)
{
	const struct exam_question *q;
	size_t i;

	for (i = 0; i < bank->n; i++) {
		q = &bank->q[i];
		if (q->prompt == NULL || q->nchoices < EXAM_MIN_CHOICES ||
		    q->nchoices > EXAM_MAX_CHOICES || q->answer < 'a' ||
		    q->answer >= 'a' + q->nchoices)
			return i + 1;
	}
	return 0;
}
