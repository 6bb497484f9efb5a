/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "html.h"
#include "utf8.h"

int
html_escape(struct webbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, len;
	const char *ent;

	while (i < n) {
		ent = NULL;
		len = 1;
		switch (u[i]) {
		case '&':  ent = "&amp;"; break;
		case '<':  ent = "&lt;"; break;
		case '>':  ent = "&gt;"; break;
		case '"':  ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		case '\t': case '\n': case '\r': break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f)
				ent = UTF8_REPLACEMENT;
			else if ((len = utf8_seq(u + i, n - i)) == 0) {
				ent = UTF8_REPLACEMENT;
				len = 1;
			} else if (len == 2 && u[i] == 0xc2 && u[i + 1] <= 0x9f)
				ent = UTF8_REPLACEMENT;	/* C1 control */
		}
		if (ent == NULL) {
			i += len;
			continue;
		}
		/* Flush the plain run before the replaced byte. */
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
