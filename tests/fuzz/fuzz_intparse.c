/* SPDX-License-Identifier: ISC */
/* Fuzzes intparse_decn and intparse_dec (lib/intparse.c) against 128-bit
 * arithmetic. The first 16 bytes choose the bounds [min, max], the rest
 * is the text. */
#include <limits.h>
#include <string.h>

#include "fuzz.h"
#include "intparse.h"

static long long
take_bound(const uint8_t *p)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	/* Small bounds are as interesting as huge ones. */
	switch (p[0] & 3) {
	case 0:
		v &= 0xff;
		break;
	case 1:
		v &= 0xffffffffULL;
		break;
	default:
		break;
	}
	return (long long)(v & (unsigned long long)LLONG_MAX);
}

static enum intparse_status
ref_decn(const unsigned char *s, size_t n, long long min, long long max,
    long long *out)
{
	unsigned __int128 v = 0, cap = (unsigned __int128)LLONG_MAX * 100;
	size_t i;

	if (n == 0)
		return INTPARSE_EMPTY;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return INTPARSE_SYNTAX;
		v = v * 10 + (s[i] - '0');
		if (v > cap)
			v = cap;
	}
	if (v < (unsigned __int128)min || v > (unsigned __int128)max)
		return INTPARSE_RANGE;
	*out = (long long)v;
	return INTPARSE_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const long long untouched = -777;
	long long min, max, t, got = untouched, want = untouched;
	enum intparse_status st, wst;
	const char *s;
	char *z;
	size_t n;

	if (size < 16)
		return 0;
	min = take_bound(data);
	max = take_bound(data + 8);
	if (min > max) {
		t = min;
		min = max;
		max = t;
	}
	s = (const char *)data + 16;
	n = size - 16;
	st = intparse_decn(s, n, min, max, &got);
	wst = ref_decn((const unsigned char *)s, n, min, max, &want);
	if (st != wst || got != want) {
		fprintf(stderr, "intparse_decn [%lld, %lld]: status %d value "
		    "%lld, expected %d %lld\n", min, max, st, got, wst, want);
		abort();
	}
	if (st == INTPARSE_OK)
		FUZZ_CHECK(got >= min && got <= max);
	FUZZ_CHECK(intparse_strerror(st) != NULL);

	/* The NUL-terminated form reads up to the first NUL. */
	if ((z = malloc(n + 1)) == NULL)
		return 0;
	memcpy(z, s, n);
	z[n] = '\0';
	got = want = untouched;
	st = intparse_dec(z, min, max, &got);
	wst = intparse_decn(z, strlen(z), min, max, &want);
	FUZZ_CHECK(st == wst && got == want);
	free(z);
	FUZZ_CHECK(intparse_dec(NULL, min, max, &got) == INTPARSE_EMPTY);
	return 0;
}
