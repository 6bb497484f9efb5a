/* SPDX-License-Identifier: ISC */
#include "score.h"

int
score_percent(long long score, long long total)
{
	if (total <= 0 || score < 0)
		return 0;
	/* Integers only: (200s + t) / 2t is floor(100s/t + 1/2). */
	return (int)((200 * score + total) / (2 * total));
}
