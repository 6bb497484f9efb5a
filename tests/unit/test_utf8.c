/* SPDX-License-Identifier: ISC */
/* lib/utf8.c: the one control-character rule (C0, DEL and C1) and the
 * text check built on it. */
#include <string.h>

#include "tap.h"
#include "utf8.h"

/* utf8_control on the first sequence of s. */
static int
control(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s) ? strlen(s) : 1;

	return utf8_control(u, utf8_seq(u, n));
}

static enum utf8_text
check(const char *s, int allow_tab)
{
	return utf8_text_check(s, strlen(s), allow_tab);
}

int
main(void)
{
	is_int(control(""), 1, "NUL is C0");
	is_int(control("\x01"), 1, "U+0001");
	is_int(control("\t"), 1, "tab is C0 (callers may allow it)");
	is_int(control("\x1b"), 1, "ESC");
	is_int(control("\x1f"), 1, "U+001F");
	is_int(control(" "), 0, "space is not");
	is_int(control("~"), 0, "U+007E is not");
	is_int(control("\x7f"), 1, "DEL");
	is_int(control("\xc2\x80"), 1, "U+0080, the first C1");
	is_int(control("\xc2\x9b"), 1, "U+009B, the CSI");
	is_int(control("\xc2\x9f"), 1, "U+009F, the last C1");
	is_int(control("\xc2\xa0"), 0, "U+00A0 is not");
	is_int(control("\xc3\xa9"), 0, "U+00E9 is not");
	is_int(control("\xe2\x80\x8b"), 0, "U+200B is not a C0/C1 control");
	is_int(control("\xf0\x9f\x98\x80"), 0, "U+1F600 is not");

	is_int(check("caf\xc3\xa9 ok", 0), UTF8_TEXT_OK, "plain text");
	is_int(check("", 0), UTF8_TEXT_OK, "empty text");
	is_int(check("a\tb", 1), UTF8_TEXT_OK, "a tab, allowed");
	is_int(check("a\tb", 0), UTF8_TEXT_CONTROL, "a tab, not allowed");
	is_int(check("a\rb", 1), UTF8_TEXT_CONTROL, "CR");
	is_int(check("x\xc2\x9b" "31m", 1), UTF8_TEXT_CONTROL, "a CSI");
	is_int(check("x\x7f", 1), UTF8_TEXT_CONTROL, "DEL at the end");
	is_int(check("x\xc2", 1), UTF8_TEXT_INVALID, "a truncated sequence");
	is_int(check("\xc0\x9b", 1), UTF8_TEXT_INVALID,
	    "an overlong ESC is invalid, not a control");
	is_int(check("\xff\x01", 1), UTF8_TEXT_INVALID, "the first problem wins");
	is_int(check("\x01\xff", 1), UTF8_TEXT_CONTROL, "likewise");
	return tap_done();
}
