/* SPDX-License-Identifier: ISC */
/* Fuzzes student_id_parse (lib/student_id.c) against a direct reading of
 * its rules: blanks around, then digits only, no sign, 1 to INT64_MAX,
 * a syntax error before a range error, *out untouched on failure. */
#include <string.h>

#include "fuzz.h"
#include "student_id.h"

static enum student_id_status
ref_parse(const unsigned char *s, size_t n, int64_t *out)
{
	size_t i = 0, end = n;
	unsigned __int128 v = 0;
	int big = 0;

	while (i < end && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	if (i == end)
		return STUDENT_ID_EMPTY;
	if (s[i] == '+' || s[i] == '-')
		return STUDENT_ID_SIGN;
	for (; i < end; i++) {
		if (s[i] < '0' || s[i] > '9')
			return STUDENT_ID_SYNTAX;
		v = v * 10 + (s[i] - '0');
		if (v > (unsigned __int128)INT64_MAX) {
			big = 1;
			v = (unsigned __int128)INT64_MAX + 1;
		}
	}
	if (big)
		return STUDENT_ID_RANGE;
	if (v == 0)
		return STUDENT_ID_ZERO;
	*out = (int64_t)v;
	return STUDENT_ID_OK;
}

/* Whether s has an ASCII letter (never one of the trimmed blanks). */
static int
has_letter(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const int64_t untouched = -12345;
	int64_t got = untouched, want = untouched;
	enum student_id_status st, wst;
	const char *say;

	st = student_id_parse((const char *)data, size, &got);
	wst = ref_parse(data, size, &want);
	if (st != wst || got != want) {
		fprintf(stderr, "student_id_parse: status %d value %lld, "
		    "expected %d %lld\n", st, (long long)got, wst,
		    (long long)want);
		abort();
	}
	if (st == STUDENT_ID_OK)
		FUZZ_CHECK(got >= 1);
	FUZZ_CHECK(student_id_strerror(st) != NULL &&
	    *student_id_strerror(st) != '\0');
	/* The page's sentence reads the same bytes again: any input has one,
	 * and a letter anywhere inside is always reported as letters. */
	say = student_id_say(st, (const char *)data, size);
	FUZZ_CHECK(say != NULL && *say != '\0');
	if (st == STUDENT_ID_SYNTAX && has_letter(data, size))
		FUZZ_CHECK(strstr(say, "letters") != NULL);
	return 0;
}
