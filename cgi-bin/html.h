/* SPDX-License-Identifier: ISC */
/* The one HTML escaping writer every page uses: text and attribute values
 * alike (both contexts are safe once & < > " ' are escaped), by the rule
 * of lib/htmlesc.h. */
#ifndef HTML_H
#define HTML_H

#include <stddef.h>

#include "webbuf.h"

/* Appends the n bytes of s to b with & < > " ' written as entities,
 * control characters (C0, DEL and C1) other than tab, LF and CR and each
 * byte of invalid UTF-8 written as U+FFFD, so the page stays valid UTF-8
 * HTML5. Returns 0, or -1 when b failed. */
int html_escape(struct webbuf *b, const char *s, size_t n);

/* html_escape on a NUL-terminated string. */
int html_escapes(struct webbuf *b, const char *s);

#endif
