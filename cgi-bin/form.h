/* SPDX-License-Identifier: ISC */
/* Strict application/x-www-form-urlencoded decoding of request bodies.
 * '+' is a space, %XX a byte; a '%' not followed by two hex digits, a
 * decoded NUL and a raw control character make the whole body invalid
 * rather than being guessed at. Empty pairs ("a=1&&b=2") are skipped, as
 * browsers do. Repeated names are kept, so callers can refuse them. */
#ifndef FORM_H
#define FORM_H

#include <stddef.h>

#define FORM_MAX_BODY	4096	/* bytes; larger bodies are refused */
/* Every field takes a byte, and all but the last a '&' as well: room for
 * as many as fit in a body, so no field is ever refused for its number. */
#define FORM_MAX_FIELDS	((FORM_MAX_BODY + 1) / 2)

enum form_status {
	FORM_OK = 0,
	FORM_TOO_LONG,		/* more than FORM_MAX_BODY bytes */
	FORM_BAD_PERCENT,	/* '%' without two hex digits after it */
	FORM_NUL,		/* %00 */
	FORM_CONTROL		/* a raw control byte, e.g. an unencoded LF */
};

struct form_field {
	const char	*name;	/* decoded, NUL-terminated, inside the form */
	size_t		 namelen;
	const char	*value;	/* decoded, NUL-terminated ("" without '=') */
	size_t		 valuelen;
};

struct form {
	/* Decoded text: at most the body plus two NULs per field. */
	char			buf[2 * FORM_MAX_BODY + 2];
	struct form_field	f[FORM_MAX_FIELDS];
	size_t			n;
};

/* Decodes the len bytes of body (need not be NUL-terminated) into f. On
 * any status but FORM_OK, f->n is 0. Everything returned points into f. */
enum form_status form_parse(struct form *f, const char *body, size_t len);

/* A sentence fragment for users, e.g. "a % is not followed by two hex
 * digits"; static storage. */
const char *form_strerror(enum form_status st);

/* Returns how many fields are named exactly name (case matters). */
size_t form_count(const struct form *f, const char *name);

/* Returns the first field named exactly name, or NULL. */
const struct form_field *form_get(const struct form *f, const char *name);

/* Returns 1 when the Content-Type value ct (may be NULL) is
 * application/x-www-form-urlencoded, in any case, with or without
 * parameters such as "; charset=UTF-8"; 0 otherwise. */
int form_is_urlencoded(const char *ct);

#endif
