/* SPDX-License-Identifier: ISC */
/* A growable byte buffer for building page bodies. It is reused across
 * requests (webbuf_reset keeps the memory), and a failed allocation makes
 * it sticky-failed, so a writer checks once at the end instead of after
 * every append. */
#ifndef WEBBUF_H
#define WEBBUF_H

#include <stddef.h>

/* Bodies are small pages; anything larger is a bug, not a page. */
#define WEBBUF_MAX	(1024 * 1024)

struct webbuf {
	char	*p;		/* NUL-terminated when len > 0 */
	size_t	 len;
	size_t	 cap;
	int	 failed;	/* an append did not fit or allocation failed */
};

/* Sets b to the empty buffer; allocates nothing. */
void webbuf_init(struct webbuf *b);

/* Appends n bytes of s. Returns 0, or -1 (and sets b->failed) when the
 * buffer would exceed WEBBUF_MAX or memory runs out. */
int webbuf_add(struct webbuf *b, const char *s, size_t n);

/* Appends the NUL-terminated s; same return as webbuf_add. */
int webbuf_adds(struct webbuf *b, const char *s);

/* Appends one byte; same return as webbuf_add. */
int webbuf_addc(struct webbuf *b, char c);

/* Appends the decimal form of v; same return as webbuf_add. */
int webbuf_addll(struct webbuf *b, long long v);

/* Room for the decimal form of any long long and its NUL. */
#define WEBBUF_LLSIZE	21

/* Writes the decimal form of v and a NUL to buf; returns its length.
 * Every page writes a few numbers per request, and this costs far less
 * than snprintf's "%lld". */
size_t webbuf_fmtll(char buf[WEBBUF_LLSIZE], long long v);

/* Empties b and clears failed, keeping the memory for the next request. */
void webbuf_reset(struct webbuf *b);

/* Frees the memory; b is then empty and reusable. */
void webbuf_free(struct webbuf *b);

#endif
