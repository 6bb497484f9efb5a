/* SPDX-License-Identifier: ISC */
/* The HTML escaping rule (htmlesc.h). */
#include "htmlesc.h"
#include "utf8.h"

const char *
htmlesc_step(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	*len = 1;
	switch (u[0]) {
	case '&':  return "&amp;";
	case '<':  return "&lt;";
	case '>':  return "&gt;";
	case '"':  return "&quot;";
	case '\'': return "&#39;";
	case '\t': case '\n': case '\r': return NULL;
	}
	if (u[0] < 0x20 || u[0] == 0x7f)
		return UTF8_REPLACEMENT;
	if ((*len = utf8_seq(u, n)) == 0) {
		*len = 1;
		return UTF8_REPLACEMENT;
	}
	if (*len == 2 && u[0] == 0xc2 && u[1] <= 0x9f)
		return UTF8_REPLACEMENT;	/* C1 control */
	return NULL;
}
