/* SPDX-License-Identifier: ISC */
/* cgi-bin/student_id.c: the ID rules of the login form. */
#include <stdint.h>
#include <string.h>

#include "student_id.h"
#include "tap.h"

static const struct {
	const char		*in;
	enum student_id_status	 want;
	long long		 value;
} cases[] = {
	{ "1", STUDENT_ID_OK, 1 },
	{ "1711", STUDENT_ID_OK, 1711 },
	{ " 42 ", STUDENT_ID_OK, 42 },
	{ "\t42\t", STUDENT_ID_OK, 42 },
	{ " \t 42 \t ", STUDENT_ID_OK, 42 },
	{ "0042", STUDENT_ID_OK, 42 },
	{ "0000000000000000000000000000001", STUDENT_ID_OK, 1 },
	{ "9223372036854775807", STUDENT_ID_OK, INT64_MAX },
	{ "09223372036854775807", STUDENT_ID_OK, INT64_MAX },
	{ "9223372036854775806", STUDENT_ID_OK, INT64_MAX - 1 },
	{ "", STUDENT_ID_EMPTY, 0 },
	{ "   ", STUDENT_ID_EMPTY, 0 },
	{ " \t", STUDENT_ID_EMPTY, 0 },
	{ "+42", STUDENT_ID_SIGN, 0 },
	{ "-1", STUDENT_ID_SIGN, 0 },
	{ " -1 ", STUDENT_ID_SIGN, 0 },
	{ "-0", STUDENT_ID_SIGN, 0 },
	{ "+", STUDENT_ID_SIGN, 0 },
	{ "0", STUDENT_ID_ZERO, 0 },
	{ "000", STUDENT_ID_ZERO, 0 },
	{ "9223372036854775808", STUDENT_ID_RANGE, 0 },
	{ "9223372036854775810", STUDENT_ID_RANGE, 0 },
	{ "18446744073709551615", STUDENT_ID_RANGE, 0 },
	{ "18446744073709551616", STUDENT_ID_RANGE, 0 },
	{ "99999999999999999999", STUDENT_ID_RANGE, 0 },
	{ "99999999999999999999x", STUDENT_ID_SYNTAX, 0 },
	{ "42\n", STUDENT_ID_SYNTAX, 0 },
	{ "42\r\n", STUDENT_ID_SYNTAX, 0 },
	{ "\n42", STUDENT_ID_SYNTAX, 0 },
	{ "4 2", STUDENT_ID_SYNTAX, 0 },
	{ "42a", STUDENT_ID_SYNTAX, 0 },
	{ "0x10", STUDENT_ID_SYNTAX, 0 },
	{ "1e3", STUDENT_ID_SYNTAX, 0 },
	{ "1.0", STUDENT_ID_SYNTAX, 0 },
	{ "1,000", STUDENT_ID_SYNTAX, 0 },
	{ "1_000", STUDENT_ID_SYNTAX, 0 },
	{ "42\v", STUDENT_ID_SYNTAX, 0 },
	{ "\f42", STUDENT_ID_SYNTAX, 0 },
	{ "42\xc2\xa0", STUDENT_ID_SYNTAX, 0 },	/* no-break space */
	{ "\xef\xbc\x91", STUDENT_ID_SYNTAX, 0 },	/* fullwidth 1 */
	{ "\xd9\xa1\xd9\xa2", STUDENT_ID_SYNTAX, 0 },	/* Arabic-Indic 12 */
	{ "\xe0\xa5\xa7", STUDENT_ID_SYNTAX, 0 },	/* Devanagari 1 */
	{ "1711' OR '1'='1", STUDENT_ID_SYNTAX, 0 },
	{ "1;DROP TABLE Fifth_students", STUDENT_ID_SYNTAX, 0 },
};

int
main(void)
{
	char what[160];
	size_t i;
	long long v;
	int64_t out;
	enum student_id_status st;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = -7;
		st = student_id_parse(cases[i].in, strlen(cases[i].in), &out);
		snprintf(what, sizeof what, "case %zu: status %d", i,
		    (int)cases[i].want);
		is_int(st, cases[i].want, what);
		v = st == STUDENT_ID_OK ? cases[i].value : -7;
		snprintf(what, sizeof what, "case %zu: value", i);
		is_int(out, v, what);
	}
	/* An embedded NUL is not the end of the text. */
	is_int(student_id_parse("42\0" "1", 4, &out), STUDENT_ID_SYNTAX,
	    "an embedded NUL is a syntax error");
	/* Only n bytes are read. */
	is_int(student_id_parse("4299", 2, &out), STUDENT_ID_OK,
	    "only n bytes are read");
	is_int(out, 42, "and give 42");
	is_int(student_id_parse(NULL, 0, &out), STUDENT_ID_EMPTY,
	    "zero bytes are empty");
	is_str(student_id_strerror(STUDENT_ID_SIGN),
	    "the ID must not have a sign", "reason for a sign");
	is_str(student_id_strerror(STUDENT_ID_RANGE),
	    "the ID must be at most 9223372036854775807", "reason for range");
	is_str(student_id_strerror(STUDENT_ID_SYNTAX),
	    "the ID must contain only the digits 0 to 9", "reason for syntax");
	is_str(student_id_strerror(STUDENT_ID_ZERO),
	    "the ID must be at least 1", "reason for zero");
	is_str(student_id_strerror(STUDENT_ID_EMPTY), "the ID is empty",
	    "reason for empty");

	/* The page's plain sentences: what kind of character was wrong. */
	static const struct {
		const char	*in;
		const char	*say;
	} says[] = {
		{ "12a", "That ID has letters in it; an ID is digits only." },
		{ " abc ", "That ID has letters in it; an ID is digits only." },
		{ "1e3", "That ID has letters in it; an ID is digits only." },
		{ "17 11", "That ID has a space in it; an ID is digits only, "
		    "with no spaces." },
		{ "17\t11 ", "That ID has a space in it; an ID is digits only, "
		    "with no spaces." },
		{ "1.5", "That ID has a character in it that is not one of "
		    "the digits 0 to 9; an ID is digits only." },
		{ "\xef\xbc\x91", "That ID has a character in it that is not "
		    "one of the digits 0 to 9; an ID is digits only." },
		{ "-1", "That ID starts with a + or - sign; an ID is digits "
		    "only." },
		{ "000", "That ID is 0; student IDs start at 1." },
		{ "9223372036854775808", "That number is too large to be a "
		    "student ID." },
		{ " ", "You did not type an ID. Type your student ID, digits "
		    "only." },
	};
	for (i = 0; i < sizeof says / sizeof says[0]; i++) {
		st = student_id_parse(says[i].in, strlen(says[i].in), &out);
		snprintf(what, sizeof what, "the page says for '%s'",
		    says[i].in);
		is_str(student_id_say(st, says[i].in, strlen(says[i].in)),
		    says[i].say, what);
	}
	is_str(student_id_say(STUDENT_ID_EMPTY, NULL, 0), "You did not type "
	    "an ID. Type your student ID, digits only.", "empty, no text");
	return tap_done();
}
