/* SPDX-License-Identifier: ISC */
/* Strict parsing of unsigned decimal integers from command-line arguments
 * and data fields: ASCII digits only, leading zeros allowed, no sign, no
 * blanks, no base prefix, bounds checked without overflow. */
#ifndef INTPARSE_H
#define INTPARSE_H

#include <stddef.h>

enum intparse_status {
	INTPARSE_OK = 0,
	INTPARSE_EMPTY,		/* the text is empty */
	INTPARSE_SYNTAX,	/* a character other than 0-9 */
	INTPARSE_RANGE		/* digits only, but outside [min, max] */
};

/* Parses the NUL-terminated s into *out when it is all ASCII digits and
 * its value lies in [min, max] (0 <= min <= max). A syntax error wins over
 * a range error, so "99999999999999999999x" is a syntax error. *out is
 * left untouched on failure. */
enum intparse_status intparse_dec(const char *s, long long min,
    long long max, long long *out);

/* The same for the n bytes at s, which need not be NUL-terminated (a NUL
 * among them is a syntax error). */
enum intparse_status intparse_decn(const char *s, size_t n, long long min,
    long long max, long long *out);

/* A short English phrase for st, e.g. "not a decimal number"; static. */
const char *intparse_strerror(enum intparse_status st);

#endif
