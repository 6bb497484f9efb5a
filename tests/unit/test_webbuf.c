/* SPDX-License-Identifier: ISC */
/* cgi-bin/webbuf.c: numbers in decimal (every page writes some), and the
 * sticky failure of a buffer that would grow past WEBBUF_MAX. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "webbuf.h"

/* webbuf_fmtll's answer for v, checked against snprintf's. */
static void
same_as_printf(long long v)
{
	char got[WEBBUF_LLSIZE], want[64], what[96];
	size_t n;

	n = webbuf_fmtll(got, v);
	snprintf(want, sizeof want, "%lld", v);
	snprintf(what, sizeof what, "%lld in decimal", v);
	is_str(got, want, what);
	is_int(n, strlen(want), "and its length");
}

int
main(void)
{
	static const long long cases[] = {
		0, 1, -1, 9, 10, -10, 99, 100, 1711, 4242, INT_MAX, INT_MIN,
		999999999999999999LL, 1000000000000000000LL, LLONG_MAX,
		LLONG_MIN, LLONG_MIN + 1,
	};
	static char big[WEBBUF_MAX];
	struct webbuf b;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		same_as_printf(cases[i]);

	webbuf_init(&b);
	ok(webbuf_addll(&b, -42) == 0 && webbuf_adds(&b, ",") == 0 &&
	    webbuf_addll(&b, LLONG_MIN) == 0, "numbers appended");
	is_str(b.p, "-42,-9223372036854775808", "in order, NUL-terminated");
	webbuf_reset(&b);
	ok(b.len == 0 && b.p[0] == '\0' && !b.failed, "reset empties it");
	memset(big, 'x', sizeof big);
	ok(webbuf_add(&b, big, sizeof big) == 0, "up to WEBBUF_MAX fits");
	ok(webbuf_addll(&b, 1) == -1 && b.failed, "one byte more fails");
	ok(webbuf_adds(&b, "") == -1, "and the failure sticks, even for nothing");
	is_int(b.len, WEBBUF_MAX, "the buffer keeps what fitted");
	webbuf_free(&b);
	return tap_done();
}
