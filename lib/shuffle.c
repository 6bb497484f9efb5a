/* SPDX-License-Identifier: ISC */
/* What an exam shuffles (shuffle.h). */
#include <stddef.h>
#include <string.h>

#include "shuffle.h"

static const char *const names[] = { "none", "questions", "choices",
    "both" };

int
shuffle_mode_parse(const char *s)
{
	int m;

	for (m = 0; s != NULL && m < 4; m++)
		if (strcmp(s, names[m]) == 0)
			return m;
	return -1;
}

const char *
shuffle_mode_name(int m)
{
	return m >= 0 && m < 4 ? names[m] : "none";
}
