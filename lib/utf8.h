/* UTF-8 validation for the escaping writers: text from the database or
 * the request may hold any bytes, but pages and JSON must be valid UTF-8. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* Returns the length (1 to 4) of the well-formed UTF-8 sequence at the
 * start of s (n > 0 bytes available), or 0 when it is not one: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate
 * or a code point above U+10FFFF. */
size_t utf8_seq(const unsigned char *s, size_t n);

/* The replacement character U+FFFD, written for each invalid byte. */
#define UTF8_REPLACEMENT	"\xef\xbf\xbd"

#endif
