/* SPDX-License-Identifier: ISC */
#include "intparse.h"
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
	long long v;

	for (i = 0; i < n && is_blank(s[i]); i++)
		;
	for (end = n; end > i && is_blank(s[end - 1]); end--)
		;
	if (i == end)
		return STUDENT_ID_EMPTY;
	if (s[i] == '+' || s[i] == '-')
		return STUDENT_ID_SIGN;
	switch (intparse_decn(s + i, end - i, 0, STUDENT_ID_MAX, &v)) {
	case INTPARSE_OK:
		break;
	case INTPARSE_RANGE:
		return STUDENT_ID_RANGE;
	default:
		return STUDENT_ID_SYNTAX;
	}
	if (v == 0)
		return STUDENT_ID_ZERO;
	*out = v;
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

/* What kind of character made s a syntax error, inside the blanks that
 * student_id_parse trims. */
static const char *
say_syntax(const char *s, size_t n)
{
	size_t i, end;
	int space = 0;

	for (i = 0; i < n && is_blank(s[i]); i++)
		;
	for (end = n; end > i && is_blank(s[end - 1]); end--)
		;
	for (; i < end; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
			return "That ID has letters in it; an ID is digits only.";
		space |= is_blank(s[i]);
	}
	if (space)
		return "That ID has a space in it; an ID is digits only, "
		    "with no spaces.";
	return "That ID has a character in it that is not one of the "
	    "digits 0 to 9; an ID is digits only.";
}

const char *
student_id_say(enum student_id_status st, const char *s, size_t n)
{
	switch (st) {
	case STUDENT_ID_OK:
		return "That ID is valid.";
	case STUDENT_ID_EMPTY:
		return "You did not type an ID. Type your student ID, "
		    "digits only.";
	case STUDENT_ID_SIGN:
		return "That ID starts with a + or - sign; an ID is "
		    "digits only.";
	case STUDENT_ID_SYNTAX:
		return say_syntax(s, n);
	case STUDENT_ID_ZERO:
		return "That ID is 0; student IDs start at 1.";
	case STUDENT_ID_RANGE:
		return "That number is too large to be a student ID.";
	}
	return "That ID is not valid; an ID is digits only.";
}
