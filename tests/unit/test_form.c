/* SPDX-License-Identifier: ISC */
/* cgi-bin/form.c: strict application/x-www-form-urlencoded decoding. */
#include <string.h>

#include "form.h"
#include "tap.h"

static struct form f;	/* large: not on the stack */

static enum form_status
parse(const char *body)
{
	return form_parse(&f, body, strlen(body));
}

static const char *
value(const char *name)
{
	const struct form_field *fld = form_get(&f, name);

	return fld ? fld->value : NULL;
}

int
main(void)
{
	static char big[FORM_MAX_BODY + 2];
	size_t i;

	is_int(parse(""), FORM_OK, "an empty body is valid");
	is_int(f.n, 0, "with no fields");
	is_int(parse("id=42"), FORM_OK, "one field");
	is_int(f.n, 1, "one field counted");
	is_str(value("id"), "42", "its value");
	is_int(f.f[0].namelen, 2, "name length");
	is_int(f.f[0].valuelen, 2, "value length");
	is_int(parse("a=1&b=2&c=3"), FORM_OK, "three fields");
	is_str(value("b"), "2", "the middle one");
	is_str(value("c"), "3", "the last one");
	ok(value("d") == NULL, "a missing field is NULL");

	is_int(parse("id=+42+"), FORM_OK, "'+' in a value");
	is_str(value("id"), " 42 ", "'+' is a space");
	is_int(parse("my+name=a%2Bb"), FORM_OK, "'+' in a name, %2B");
	is_str(value("my name"), "a+b", "%2B is a plus");
	is_int(parse("x=%41%62%7a%7A"), FORM_OK, "hex in both cases");
	is_str(value("x"), "Abzz", "decoded");
	is_int(parse("x=%C3%A9"), FORM_OK, "UTF-8 bytes");
	is_str(value("x"), "\xc3\xa9", "kept as bytes");
	is_int(parse("x=%0A"), FORM_OK, "an encoded line break is valid");
	is_str(value("x"), "\n", "and decoded");
	is_int(parse("x=a=b"), FORM_OK, "'=' inside a value");
	is_str(value("x"), "a=b", "belongs to the value");
	is_int(parse("x=%26%3D"), FORM_OK, "encoded & and =");
	is_str(value("x"), "&=", "do not split");
	is_int(parse("id"), FORM_OK, "a name without '='");
	is_str(value("id"), "", "has an empty value");
	is_int(parse("id="), FORM_OK, "an empty value");
	is_str(value("id"), "", "is empty");
	is_int(parse("=5"), FORM_OK, "an empty name");
	is_str(value(""), "5", "is a field named \"\"");
	is_int(parse("&&id=1&&"), FORM_OK, "empty pairs");
	is_int(f.n, 1, "are skipped");
	is_int(parse("&"), FORM_OK, "only '&'");
	is_int(f.n, 0, "gives no field");

	is_int(parse("id=1&id=2"), FORM_OK, "a repeated name");
	is_int(form_count(&f, "id"), 2, "is counted twice");
	is_str(value("id"), "1", "form_get gives the first");
	is_int(parse("id=1&ID=2&Id=3"), FORM_OK, "names differing in case");
	is_int(form_count(&f, "id"), 1, "are different names (id)");
	is_int(form_count(&f, "ID"), 1, "are different names (ID)");
	is_int(form_count(&f, "iD"), 0, "and absent ones count 0");
	is_int(parse("%69d=7"), FORM_OK, "an encoded name");
	is_int(form_count(&f, "id"), 1, "is decoded before matching");

	is_int(parse("id=%zz"), FORM_BAD_PERCENT, "%zz");
	is_int(f.n, 0, "a bad form has no fields");
	is_int(parse("id=%"), FORM_BAD_PERCENT, "a lone %");
	is_int(parse("id=%4"), FORM_BAD_PERCENT, "% and one digit");
	is_int(parse("id=%4g"), FORM_BAD_PERCENT, "% and a bad second digit");
	is_int(parse("%=1"), FORM_BAD_PERCENT, "a % in a name");
	is_int(parse("id=1&x=%%41"), FORM_BAD_PERCENT, "%% in another field");
	is_int(parse("id=%00"), FORM_NUL, "%00");
	is_int(parse("x%00=1"), FORM_NUL, "%00 in a name");
	is_int(parse("id=42\n"), FORM_CONTROL, "a raw LF");
	is_int(parse("id=42\r\n"), FORM_CONTROL, "a raw CRLF");
	is_int(parse("id=4\t2"), FORM_CONTROL, "a raw tab");
	is_int(parse("id=4\x7f"), FORM_CONTROL, "a raw DEL");
	is_int(form_parse(&f, "id=4\0" "2", 6), FORM_CONTROL,
	    "a raw NUL byte");

	/* Sizes: exactly the limit passes, one more does not. */
	memset(big, 'x', sizeof big);
	memcpy(big, "id=", 3);
	is_int(form_parse(&f, big, FORM_MAX_BODY), FORM_OK,
	    "a body of exactly FORM_MAX_BODY bytes");
	is_int(f.f[0].valuelen, FORM_MAX_BODY - 3, "keeps its whole value");
	is_int(form_parse(&f, big, FORM_MAX_BODY + 1), FORM_TOO_LONG,
	    "one byte more is too long");
	/* The worst case for the decode buffer: many one-letter names. */
	for (i = 0; i < FORM_MAX_BODY; i += 2)
		memcpy(big + i, "a&", 2);
	is_int(form_parse(&f, big, FORM_MAX_BODY), FORM_OK,
	    "a body of one-letter fields");
	is_int(f.n, FORM_MAX_FIELDS, "all kept: as many as can fit");
	big[FORM_MAX_BODY - 1] = 'b';
	is_int(form_parse(&f, big, FORM_MAX_BODY), FORM_OK,
	    "without the last '&'");
	is_int(f.n, FORM_MAX_FIELDS, "the same number");
	is_str(f.f[FORM_MAX_FIELDS - 1].name, "ab", "the last one whole");
	is_int(form_parse(&f, "a=%41%41%41", 11), FORM_OK,
	    "percent-encoded values");

	ok(form_is_urlencoded("application/x-www-form-urlencoded"),
	    "the form media type");
	ok(form_is_urlencoded("Application/X-WWW-Form-URLEncoded"),
	    "in any case");
	ok(form_is_urlencoded("application/x-www-form-urlencoded; "
	    "charset=UTF-8"), "with a parameter");
	ok(form_is_urlencoded("application/x-www-form-urlencoded ;x=y"),
	    "with a blank before the parameter");
	ok(!form_is_urlencoded(NULL), "no Content-Type");
	ok(!form_is_urlencoded(""), "an empty Content-Type");
	ok(!form_is_urlencoded("multipart/form-data; boundary=x"),
	    "multipart");
	ok(!form_is_urlencoded("text/plain"), "text/plain");
	ok(!form_is_urlencoded("application/x-www-form-urlencodedx"),
	    "a longer type");
	ok(!form_is_urlencoded("application/json"), "JSON");

	ok(strstr(form_strerror(FORM_BAD_PERCENT), "two hex digits") != NULL,
	    "the %-encoding reason");
	ok(strstr(form_strerror(FORM_NUL), "NUL") != NULL, "the NUL reason");
	ok(strstr(form_strerror(FORM_CONTROL), "line break") != NULL,
	    "the control character reason");
	return tap_done();
}
