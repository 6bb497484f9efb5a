/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "html.h"
#include "htmlesc.h"

int
html_escape(struct webbuf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0, len;
	const char *ent;

	while (i < n) {
		if ((ent = htmlesc_step(s + i, n - i, &len)) == NULL) {
			i += len;
			continue;
		}
		/* Flush the plain run before the replaced bytes. */
		webbuf_add(b, s + run, i - run);
		webbuf_adds(b, ent);
		i += len;
		run = i;
	}
	webbuf_add(b, s + run, n - run);
	return b->failed ? -1 : 0;
}

int
html_escapes(struct webbuf *b, const char *s)
{
	return html_escape(b, s, strlen(s));
}
