/* SPDX-License-Identifier: ISC */
/* cgi-bin/html.c (with cgi-bin/webbuf.c and lib/utf8.c): the escaping writer. */
#include <string.h>

#include "html.h"
#include "tap.h"
#include "utf8.h"
#include "webbuf.h"

static struct webbuf b;

static const char *
esc(const char *s, size_t n)
{
	webbuf_reset(&b);
	html_escape(&b, s, n);
	return b.p ? b.p : "";
}

#define ESC(s)	esc((s), sizeof(s) - 1)

int
main(void)
{
	static char huge[WEBBUF_MAX];

	webbuf_init(&b);
	is_str(ESC(""), "", "empty");
	is_str(ESC("Karam"), "Karam", "plain text unchanged");
	is_str(ESC("<script>alert(1)</script>&\"'"),
	    "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;",
	    "& < > \" ' escaped");
	is_str(ESC("&amp;"), "&amp;amp;", "entities are escaped again");
	is_str(ESC("a\tb\nc\r"), "a\tb\nc\r", "tab, LF and CR kept");
	is_str(ESC("a\x01" "b\x7f"), "a" UTF8_REPLACEMENT "b" UTF8_REPLACEMENT,
	    "other controls become U+FFFD");
	is_str(ESC("a\xc2\x80" "b\xc2\x85" "c\xc2\x9f" "d\xc2\xa0"),
	    "a" UTF8_REPLACEMENT "b" UTF8_REPLACEMENT "c" UTF8_REPLACEMENT
	    "d\xc2\xa0", "C1 controls (U+0080-U+009F) become one U+FFFD each");
	is_str(esc("a\0b", 3), "a" UTF8_REPLACEMENT "b",
	    "an embedded NUL becomes U+FFFD");
	is_str(ESC("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80", "valid UTF-8 kept");
	is_str(ESC("A\xff" "B"), "A" UTF8_REPLACEMENT "B",
	    "an invalid byte becomes U+FFFD");
	is_str(ESC("\xc0\xaf"), UTF8_REPLACEMENT UTF8_REPLACEMENT,
	    "an overlong '/' is two invalid bytes");
	is_str(ESC("\xed\xa0\x80"),
	    UTF8_REPLACEMENT UTF8_REPLACEMENT UTF8_REPLACEMENT,
	    "a surrogate is invalid");
	is_str(ESC("\xf4\x90\x80\x80"), UTF8_REPLACEMENT UTF8_REPLACEMENT
	    UTF8_REPLACEMENT UTF8_REPLACEMENT, "above U+10FFFF is invalid");
	is_str(ESC("x\xe2\x82"), "x" UTF8_REPLACEMENT UTF8_REPLACEMENT,
	    "a truncated sequence is invalid");
	is_str(ESC("\xe2\x82<"), UTF8_REPLACEMENT UTF8_REPLACEMENT "&lt;",
	    "a truncated sequence does not swallow '<'");
	is_str(esc("<b>", 2), "&lt;b", "only n bytes are read");
	webbuf_reset(&b);
	html_escapes(&b, "\"'");
	is_str(b.p, "&quot;&#39;", "html_escapes");

	/* utf8_seq edges. */
	is_int(utf8_seq((const unsigned char *)"\x7f", 1), 1, "ASCII is 1");
	is_int(utf8_seq((const unsigned char *)"\xc2\x80", 2), 2, "U+0080");
	is_int(utf8_seq((const unsigned char *)"\xc1\xbf", 2), 0,
	    "C1 lead is overlong");
	is_int(utf8_seq((const unsigned char *)"\xe0\x9f\xbf", 3), 0,
	    "overlong 3-byte");
	is_int(utf8_seq((const unsigned char *)"\xef\xbf\xbf", 3), 3,
	    "U+FFFF");
	is_int(utf8_seq((const unsigned char *)"\xf0\x8f\xbf\xbf", 4), 0,
	    "overlong 4-byte");
	is_int(utf8_seq((const unsigned char *)"\xf4\x8f\xbf\xbf", 4), 4,
	    "U+10FFFF");
	is_int(utf8_seq((const unsigned char *)"\x80", 1), 0,
	    "a lone continuation byte");

	/* The buffer: growth, reset keeps memory, the size limit sticks. */
	webbuf_reset(&b);
	ok(webbuf_adds(&b, "abc") == 0 && webbuf_addll(&b, -42) == 0 &&
	    webbuf_addc(&b, '!') == 0, "appends");
	is_str(b.p, "abc-42!", "in order");
	webbuf_reset(&b);
	is_int(b.len, 0, "reset empties");
	ok(b.cap > 0, "and keeps the memory");
	memset(huge, 'x', sizeof huge);
	is_int(webbuf_add(&b, huge, sizeof huge), 0, "WEBBUF_MAX bytes fit");
	is_int(webbuf_addc(&b, 'y'), -1, "one more does not");
	ok(b.failed, "the buffer is marked failed");
	is_int(html_escapes(&b, "a"), -1, "and escaping into it fails");
	is_int(b.len, WEBBUF_MAX, "nothing was added");
	webbuf_reset(&b);
	ok(!b.failed && webbuf_adds(&b, "ok") == 0, "reset clears failed");
	webbuf_free(&b);
	ok(b.p == NULL && b.len == 0, "free empties");
	return tap_done();
}
