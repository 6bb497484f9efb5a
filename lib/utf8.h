/* SPDX-License-Identifier: ISC */
/* UTF-8 validation and the one control-character rule, for the escaping
 * writers and the text checks: text from the database or the request may
 * hold any bytes, but pages, JSON and the exam's terminal lines must be
 * valid UTF-8, and no check may let a control character through. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* Returns the length (1 to 4) of the well-formed UTF-8 sequence at the
 * start of s (n > 0 bytes available), or 0 when it is not one: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate
 * or a code point above U+10FFFF. */
size_t utf8_seq(const unsigned char *s, size_t n);

/* Returns 1 when the well-formed sequence of len bytes at s (len as
 * utf8_seq measured it) is a control character: C0 (U+0000-U+001F), DEL
 * (U+007F) or C1 (U+0080-U+009F, which includes the CSI U+009B that
 * starts a terminal escape sequence); 0 otherwise. */
int utf8_control(const unsigned char *s, size_t len);

enum utf8_text {
	UTF8_TEXT_OK = 0,
	UTF8_TEXT_INVALID,	/* not well-formed UTF-8 */
	UTF8_TEXT_CONTROL	/* a control character (see utf8_control) */
};

/* Checks the n bytes at s: well-formed UTF-8 without control characters,
 * except tab when allow_tab. The first problem found, from the start,
 * wins. */
enum utf8_text utf8_text_check(const char *s, size_t n, int allow_tab);

/* The replacement character U+FFFD, written for each invalid byte. */
#define UTF8_REPLACEMENT	"\xef\xbf\xbd"

#endif
