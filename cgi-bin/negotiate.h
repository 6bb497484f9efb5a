/* SPDX-License-Identifier: ISC */
/* Content negotiation for the student pages: HTML by default, JSON when
 * the Accept header prefers application/json. */
#ifndef NEGOTIATE_H
#define NEGOTIATE_H

/* Returns 1 when the Accept header value (may be NULL) prefers
 * application/json over text/html, using the q of the most specific
 * matching range for each (RFC 9110): "application/json" and
 * "application/json, text/html;q=0.5" give 1; none, "*" "/" "*",
 * "text/html, application/json" and a browser's header give 0. A tie
 * goes to JSON only when application/json is named and text/html is not.
 * Malformed ranges are skipped. */
int negotiate_json(const char *accept);

#endif
