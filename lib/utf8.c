/* SPDX-License-Identifier: ISC */
#include "utf8.h"

size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;	/* range of the second byte */
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

int
utf8_control(const unsigned char *s, size_t len)
{
	if (len == 1)
		return s[0] < 0x20 || s[0] == 0x7f;
	/* U+0080-U+009F are the two-byte sequences C2 80 to C2 9F. */
	return len == 2 && s[0] == 0xc2 && s[1] <= 0x9f;
}

enum utf8_text
utf8_text_check(const char *s, size_t n, int allow_tab)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		if ((k = utf8_seq(u + i, n - i)) == 0)
			return UTF8_TEXT_INVALID;
		if (utf8_control(u + i, k) && !(allow_tab && u[i] == '\t'))
			return UTF8_TEXT_CONTROL;
	}
	return UTF8_TEXT_OK;
}
