/* SPDX-License-Identifier: ISC */
/* Page templates from html/: read and split once at start-up, rendered
 * per request with every placeholder value HTML-escaped. A placeholder is
 * {{name}} with name made of a-z, 0-9 and _. There is no way to insert
 * a value unescaped.
 *
 * A section, {{#name}}text{{/name}}, is the template's own text shown only
 * when the var name's value is not empty (a flag): one page with and
 * without a part. Sections do not nest, and each one closes the section
 * it opened. The placeholders of a hidden section still need their vars. */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>

#include "webbuf.h"

#define TEMPLATE_MAX_SIZE	(64 * 1024)
#define TEMPLATE_MAX_SEGS	128

struct template_seg {
	const char	*text;	/* literal text, or the var's name */
	size_t		 len;
	int		 is_var;	/* names a var: a placeholder or a
					 * section's mark */
	int		 section;	/* with is_var: 1 opens a section
					 * ({{#name}}), -1 closes it
					 * ({{/name}}), 0 a placeholder */
};

struct template {
	char			*src;	/* owned copy of the text */
	size_t			 srclen;
	struct template_seg	 seg[TEMPLATE_MAX_SEGS];
	size_t			 nseg;
};

struct template_var {
	const char	*name;
	const char	*value;	/* NUL-terminated, escaped when rendered */
};

/* The template folder: $TEMPLATE_DIR when set and not empty, else the
 * compiled-in DEFAULT_TEMPLATE_DIR. Static or environment storage. */
const char *template_dir(void);

/* Splits the len bytes of text into t, which then owns a copy. Returns 0,
 * or -1 with the reason in err: not UTF-8, a NUL, an unterminated or bad
 * placeholder, a section nested, unclosed or closed by another name, too
 * large or too many parts. */
int template_parse(struct template *t, const char *text, size_t len,
    char *err, size_t errlen);

/* Reads dir/file and parses it as template_parse does. Returns 0, or -1
 * with the reason (naming the file) in err. */
int template_load(struct template *t, const char *dir, const char *file,
    char *err, size_t errlen);

/* Appends t to b with each placeholder replaced by the escaped value of
 * the var of that name, and each section shown when its var's value is not
 * empty. Returns 0, or -1 when b failed or a placeholder
 * has no var; then its name is copied into missing (missinglen bytes,
 * NUL-terminated) when missinglen > 0, else missing is "". A
 * placeholder or section in a hidden section needs its var all the same. */
int template_render(const struct template *t, struct webbuf *b,
    const struct template_var *vars, size_t nvars, char *missing,
    size_t missinglen);

/* Frees what t owns; t is then empty. Safe on an empty template. */
void template_free(struct template *t);

/* Sets t to the empty template, safe to free. */
void template_init(struct template *t);

#endif
