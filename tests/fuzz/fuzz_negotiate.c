/* SPDX-License-Identifier: ISC */
/* Fuzzes negotiate_json (lib/negotiate.c). There is no second
 * implementation to compare with, so the checks are relations the answer
 * must keep: it is 0 or 1; case does not matter; empty ranges and ranges
 * for other types change nothing; a header naming only one of the two
 * types with a positive q picks that one. */
#include <ctype.h>
#include <string.h>

#include "fuzz.h"
#include "negotiate.h"

#define MAXLEN	2048

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char s[MAXLEN + 64], t[MAXLEN + 64];
	size_t n, i;
	int r;

	n = size < MAXLEN ? size : MAXLEN;
	memcpy(s, data, n);
	s[n] = '\0';
	n = strlen(s);
	r = negotiate_json(s);
	FUZZ_CHECK(r == 0 || r == 1);
	FUZZ_CHECK(negotiate_json(NULL) == 0);

	for (i = 0; i <= n; i++)
		t[i] = (char)toupper((unsigned char)s[i]);
	FUZZ_CHECK(negotiate_json(t) == r);
	for (i = 0; i <= n; i++)
		t[i] = (char)tolower((unsigned char)s[i]);
	FUZZ_CHECK(negotiate_json(t) == r);

	snprintf(t, sizeof t, " ,\t,%s", s);
	FUZZ_CHECK(negotiate_json(t) == r);
	snprintf(t, sizeof t, "%s,image/png, , text/plain;q=1", s);
	FUZZ_CHECK(negotiate_json(t) == r);
	snprintf(t, sizeof t, "image/webp;q=0.9,%s", s);
	FUZZ_CHECK(negotiate_json(t) == r);

	/* Unless the header already says something about HTML (or all
	 * types), naming JSON first and alone wins. */
	if (strpbrk(s, ",") == NULL && strchr(s, '/') == NULL) {
		snprintf(t, sizeof t, "application/json,%s", s);
		FUZZ_CHECK(negotiate_json(t) == 1);
		snprintf(t, sizeof t, "text/html,%s", s);
		FUZZ_CHECK(negotiate_json(t) == 0);
	}
	return 0;
}
