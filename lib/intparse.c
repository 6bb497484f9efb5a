/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "intparse.h"

enum intparse_status
intparse_dec(const char *s, long long min, long long max, long long *out)
{
	if (s == NULL)
		return INTPARSE_EMPTY;
	return intparse_decn(s, strlen(s), min, max, out);
}

enum intparse_status
intparse_decn(const char *s, size_t n, long long min, long long max,
    long long *out)
{
	unsigned long long v = 0, m = (unsigned long long)max, d;
	size_t i;
	int over = 0;

	if (n == 0)
		return INTPARSE_EMPTY;
	for (i = 0; i < n; i++) {
		/* isdigit() would depend on the locale; only ASCII counts. */
		if (s[i] < '0' || s[i] > '9')
			return INTPARSE_SYNTAX;
		/* Stop accumulating before v * 10 + d could pass max (and so
		 * wrap), but keep scanning: a later bad character is a syntax
		 * error. */
		d = (unsigned long long)(s[i] - '0');
		if (over || d > m || v > (m - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	if (over || v < (unsigned long long)min)
		return INTPARSE_RANGE;
	*out = (long long)v;
	return INTPARSE_OK;
}

const char *
intparse_strerror(enum intparse_status st)
{
	switch (st) {
	case INTPARSE_OK:
		return "ok";
	case INTPARSE_EMPTY:
		return "empty";
	case INTPARSE_SYNTAX:
		return "not a decimal number";
	case INTPARSE_RANGE:
		return "out of range";
	}
	return "invalid";
}
