/* SPDX-License-Identifier: ISC */
/* Fuzzes json_string (lib/json.c): whatever the bytes, the output must be
 * one JSON string literal, valid UTF-8, with none of < > & ' U+2028 and
 * U+2029 written raw, and decoding it must give the input with each byte
 * of invalid UTF-8 replaced by U+FFFD. */
#include <string.h>

#include "fuzz.h"
#include "json.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads \uXXXX at s (n bytes left) into *u; returns 0 or -1. */
static int
read_u(const char *s, size_t n, uint32_t *u)
{
	int i, h;

	if (n < 6 || s[0] != '\\' || s[1] != 'u')
		return -1;
	*u = 0;
	for (i = 2; i < 6; i++) {
		if ((h = hexval(s[i])) < 0)
			return -1;
		*u = *u << 4 | (uint32_t)h;
	}
	return 0;
}

/* Decodes the JSON string literal s[0..n) (the whole of it, quotes
 * included) into the webbuf as UTF-8; aborts when it is not one. */
static void
decode_json(const char *s, size_t n, struct webbuf *out)
{
	size_t i = 1, k;
	uint32_t cp, lo;
	char enc[4];

	FUZZ_CHECK(n >= 2 && s[0] == '"' && s[n - 1] == '"');
	while (i < n - 1) {
		FUZZ_CHECK((unsigned char)s[i] >= 0x20);
		FUZZ_CHECK(s[i] != '"');
		if (s[i] != '\\') {
			k = ref_utf8_decode((const unsigned char *)s + i,
			    n - 1 - i, &cp);
			FUZZ_CHECK(k > 0);
			webbuf_add(out, s + i, k);
			i += k;
			continue;
		}
		FUZZ_CHECK(i + 1 < n - 1);
		switch (s[i + 1]) {
		case '"': case '\\': case '/':
			webbuf_addc(out, s[i + 1]);
			i += 2;
			continue;
		case 'b': webbuf_addc(out, '\b'); i += 2; continue;
		case 'f': webbuf_addc(out, '\f'); i += 2; continue;
		case 'n': webbuf_addc(out, '\n'); i += 2; continue;
		case 'r': webbuf_addc(out, '\r'); i += 2; continue;
		case 't': webbuf_addc(out, '\t'); i += 2; continue;
		case 'u':
			break;
		default:
			FUZZ_CHECK(!"a backslash escape JSON does not have");
		}
		FUZZ_CHECK(read_u(s + i, n - 1 - i, &cp) == 0);
		i += 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			FUZZ_CHECK(read_u(s + i, n - 1 - i, &lo) == 0);
			FUZZ_CHECK(lo >= 0xdc00 && lo <= 0xdfff);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i += 6;
		} else
			FUZZ_CHECK(cp < 0xdc00 || cp > 0xdfff);
		webbuf_add(out, enc, ref_utf8_encode(cp, enc));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct webbuf b, dec, want;
	size_t i, k;
	uint32_t cp;
	char *z;

	webbuf_init(&b);
	webbuf_init(&dec);
	webbuf_init(&want);
	webbuf_adds(&b, "prefix");
	FUZZ_CHECK(json_string(&b, (const char *)data, size) == 0);
	FUZZ_CHECK(b.len >= 8 && memcmp(b.p, "prefix", 6) == 0);
	FUZZ_CHECK(ref_utf8_valid(b.p, b.len));
	for (i = 6; i < b.len; i++) {
		FUZZ_CHECK(strchr("<>&'", b.p[i]) == NULL);
		FUZZ_CHECK(b.p[i] != 0x7f);
		FUZZ_CHECK(i + 2 >= b.len || (memcmp(b.p + i, "\xe2\x80\xa8",
		    3) != 0 && memcmp(b.p + i, "\xe2\x80\xa9", 3) != 0));
	}
	decode_json(b.p + 6, b.len - 6, &dec);

	for (i = 0; i < size; i += k) {
		if ((k = ref_utf8_decode(data + i, size - i, &cp)) == 0) {
			webbuf_adds(&want, "\xef\xbf\xbd");
			k = 1;
		} else
			webbuf_add(&want, (const char *)data + i, k);
	}
	FUZZ_CHECK(!dec.failed && !want.failed);
	if (dec.len != want.len ||
	    (dec.len > 0 && memcmp(dec.p, want.p, dec.len) != 0)) {
		fprintf(stderr, "decoded JSON differs from the input\n");
		abort();
	}

	/* The NUL-terminated form and the error object. */
	if ((z = strndup((const char *)data, size)) != NULL) {
		webbuf_reset(&b);
		FUZZ_CHECK(json_error(&b, z) == 0);
		FUZZ_CHECK(b.len >= 13 && memcmp(b.p, "{\"error\":\"", 10) == 0);
		FUZZ_CHECK(memcmp(b.p + b.len - 2, "}\n", 2) == 0);
		webbuf_reset(&dec);
		decode_json(b.p + 9, b.len - 11, &dec);
		free(z);
	}
	webbuf_free(&b);
	webbuf_free(&dec);
	webbuf_free(&want);
	return 0;
}
