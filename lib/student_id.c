#include "student_id.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

enum student_id_status
student_id_parse(const char *s, size_t n, int64_t *out)
{
	size_t i, end;
	uint64_t v = 0;
	int big = 0;
	unsigned d;

	for (i = 0; i < n && is_blank(s[i]); i++)
		;
	for (end = n; end > i && is_blank(s[end - 1]); end--)
		;
	if (i == end)
		return STUDENT_ID_EMPTY;
	if (s[i] == '+' || s[i] == '-')
		return STUDENT_ID_SIGN;
	for (; i < end; i++) {
		/* Only ASCII digits: no locale, no Unicode digits. */
		if (s[i] < '0' || s[i] > '9')
			return STUDENT_ID_SYNTAX;
		d = (unsigned)(s[i] - '0');
		if (!big && v > ((uint64_t)STUDENT_ID_MAX - d) / 10)
			big = 1;	/* keep scanning: syntax wins */
		else if (!big)
			v = v * 10 + d;
	}
	if (big)
		return STUDENT_ID_RANGE;
	if (v == 0)
		return STUDENT_ID_ZERO;
	*out = (int64_t)v;
	return STUDENT_ID_OK;
}

const char *
student_id_strerror(enum student_id_status st)
{
	switch (st) {
	case STUDENT_ID_OK:
		return "the ID is valid";
	case STUDENT_ID_EMPTY:
		return "the ID is empty";
	case STUDENT_ID_SIGN:
		return "the ID must not have a sign";
	case STUDENT_ID_SYNTAX:
		return "the ID must contain only the digits 0 to 9";
	case STUDENT_ID_ZERO:
		return "the ID must be at least 1";
	case STUDENT_ID_RANGE:
		return "the ID must be at most 9223372036854775807";
	}
	return "the ID is not valid";
}
