/* SPDX-License-Identifier: ISC */
/* The JSON writer: string literals escaped so any bytes from the database
 * or the request give valid JSON that is also safe inside HTML. */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>

#include "webbuf.h"

/* Appends the n bytes of s to b as a quoted JSON string. " and \ are
 * escaped, control characters as \n \t ... or \u00XX, < > & ' and
 * U+2028/U+2029 as \uXXXX (harmless in JSON, safe if ever sniffed or
 * embedded), and each byte of invalid UTF-8 as \ufffd. Returns 0, or -1
 * when b failed. */
int json_string(struct webbuf *b, const char *s, size_t n);

/* json_string on a NUL-terminated string. */
int json_strings(struct webbuf *b, const char *s);

/* Appends {"error":"<message>"} to b. Returns 0 or -1 as above. */
int json_error(struct webbuf *b, const char *message);

#endif
