/* lib/username.c: the user name rule, as a table. */
#include "username.h"
#include "tap.h"

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
	char what[128];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(what, sizeof what, "\"%s\" is %s", cases[i].s,
		    cases[i].valid ? "valid" : "invalid");
		is_int(username_valid(cases[i].s), cases[i].valid, what);
	}
	is_int(username_valid(NULL), 0, "NULL is invalid");
	return tap_done();
}
