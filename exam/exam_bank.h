/* The question bank as examd holds it in memory for one session. */
#ifndef EXAM_BANK_H
#define EXAM_BANK_H

#include <stddef.h>

#define EXAM_MIN_CHOICES 2
#define EXAM_MAX_CHOICES 6

struct exam_question {
	char	*prompt;
	char	*choices[EXAM_MAX_CHOICES];	/* choice i has letter 'a' + i */
	int	 nchoices;
	char	 answer;			/* 'a' .. 'a' + nchoices - 1 */
};

struct exam_bank {
	struct exam_question	*q;
	size_t			 n;
};

/* Frees every string and the array; bank itself stays (often on the
 * stack) and is left empty. NULL is allowed. */
void exam_bank_free(struct exam_bank *bank);

/* Checks that each question has a prompt, 2 to 6 choices and an answer
 * among them. Returns 0, or the 1-based position of the first bad one. */
size_t exam_bank_check(const struct exam_bank *bank);

#endif
