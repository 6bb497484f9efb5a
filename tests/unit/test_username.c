/* SPDX-License-Identifier: ISC */
/* lib/username.c: the user name rule, as a table. */
#include "username.h"
#include "tap.h"

/* Writes s into buf with control and non-ASCII bytes as \xNN, so that
 * test names stay on one TAP line. */
static void
visible(const char *s, char *buf, size_t n)
{
	size_t o = 0;
	unsigned char c;

	for (; *s != '\0' && o + 5 < n; s++) {
		c = (unsigned char)*s;
		if (c < 0x20 || c > 0x7e)
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
}

int
main(void)
{
	static const struct {
		const char	*s;
		int		 valid;
	} cases[] = {
		{ "alice", 1 }, { "A", 1 }, { "0", 1 }, { "a.b_c-d", 1 },
		{ "Bob-2024_x.y", 1 }, { "...", 1 }, { "-", 1 },
		{ "abcdefghijklmnopqrstuvwxyz012345", 1 },	/* 32 */
		{ "abcdefghijklmnopqrstuvwxyz0123456", 0 },	/* 33 */
		{ "", 0 }, { "a b", 0 }, { " a", 0 }, { "a\t", 0 },
		{ "a/b", 0 }, { "a:b", 0 }, { "a'b", 0 }, { "a;b", 0 },
		{ "a@b", 0 }, { "a\rb", 0 }, { "a\nb", 0 }, { "a+b", 0 },
		{ "\xc3\xa9t\xc3\xa9", 0 },			/* UTF-8 */
		{ "a\x80", 0 }, { "\xff", 0 }, { "a%b", 0 }, { "a*", 0 },
	};
	char what[160], shown[100];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		visible(cases[i].s, shown, sizeof shown);
		snprintf(what, sizeof what, "\"%s\" is %s", shown,
		    cases[i].valid ? "valid" : "invalid");
		is_int(username_valid(cases[i].s), cases[i].valid, what);
	}
	is_int(username_valid(NULL), 0, "NULL is invalid");
	return tap_done();
}
