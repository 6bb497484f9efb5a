/* SPDX-License-Identifier: ISC */
/* cgi-bin/json.c: JSON string escaping. */
#include <string.h>

#include "json.h"
#include "tap.h"

static struct webbuf b;

static const char *
js(const char *s, size_t n)
{
	webbuf_reset(&b);
	json_string(&b, s, n);
	return b.p ? b.p : "";
}

#define JS(s)	js((s), sizeof(s) - 1)

int
main(void)
{
	webbuf_init(&b);
	is_str(JS(""), "\"\"", "empty string");
	is_str(JS("Karam"), "\"Karam\"", "plain text");
	is_str(JS("a\"b\\c"), "\"a\\\"b\\\\c\"", "quote and backslash");
	is_str(JS("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"", "short escapes");
	is_str(JS("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"",
	    "other controls as \\u00XX");
	is_str(js("a\0b", 3), "\"a\\u0000b\"", "an embedded NUL");
	is_str(JS("<script>alert(1)</script>&'"),
	    "\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0026"
	    "\\u0027\"", "< > & ' escaped for HTML safety");
	is_str(JS("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "\"Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80\"",
	    "valid UTF-8 kept as is");
	is_str(JS("\xe2\x80\xa8\xe2\x80\xa9"), "\"\\u2028\\u2029\"",
	    "U+2028 and U+2029 escaped");
	is_str(JS("A\xff" "B"), "\"A\\ufffdB\"", "an invalid byte");
	is_str(JS("\xc0\xaf"), "\"\\ufffd\\ufffd\"", "an overlong form");
	is_str(JS("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"",
	    "a surrogate");
	is_str(JS("x\xf0\x9f\x98"), "\"x\\ufffd\\ufffd\\ufffd\"",
	    "a truncated sequence at the end");
	is_str(JS("\xe2\x82\""), "\"\\ufffd\\ufffd\\\"\"",
	    "a truncated sequence before a quote");
	webbuf_reset(&b);
	json_strings(&b, "x");
	is_str(b.p, "\"x\"", "json_strings");
	webbuf_reset(&b);
	is_int(json_error(&b, "No student has the ID 4242."), 0, "json_error");
	is_str(b.p, "{\"error\":\"No student has the ID 4242.\"}\n",
	    "an error object");
	webbuf_free(&b);
	return tap_done();
}
