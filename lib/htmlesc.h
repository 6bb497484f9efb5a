/* SPDX-License-Identifier: ISC */
/* The one HTML escaping rule, for the student pages (cgi-bin/html) and
 * examctl's report page (admin/report_html) alike: & < > " ' as entities
 * (so the text is safe in an element and in a quoted attribute value),
 * control characters (C0, DEL and C1) other than tab, LF and CR and each
 * byte of invalid UTF-8 as U+FFFD, so the page stays valid UTF-8 HTML5. */
#ifndef HTMLESC_H
#define HTMLESC_H

#include <stddef.h>

/* For the character at s (n > 0 bytes left): sets *len to the bytes it
 * takes (at least 1) and returns what to write instead of them, or NULL
 * when they are written as they are. */
const char *htmlesc_step(const char *s, size_t n, size_t *len);

#endif
