/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

int
json_string(struct webbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, len;
	char esc[8];
	const char *rep;

	webbuf_addc(b, '"');
	while (i < n) {
		rep = NULL;
		len = 1;
		switch (u[i]) {
		case '"':  rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\b': rep = "\\b"; break;
		case '\f': rep = "\\f"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		case '<': case '>': case '&': case '\'':
			snprintf(esc, sizeof esc, "\\u%04x", u[i]);
			rep = esc;
			break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", u[i]);
				rep = esc;
			} else if ((len = utf8_seq(u + i, n - i)) == 0) {
				rep = "\\ufffd";
				len = 1;
			} else if (len == 3 && u[i] == 0xe2 &&
			    u[i + 1] == 0x80 &&
			    (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))
				rep = u[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
		}
		if (rep == NULL) {
			i += len;
			continue;
		}
		webbuf_add(b, s + run, i - run);
		webbuf_adds(b, rep);
		i += len;
		run = i;
	}
	webbuf_add(b, s + run, n - run);
	webbuf_addc(b, '"');
	return b->failed ? -1 : 0;
}

int
json_strings(struct webbuf *b, const char *s)
{
	return json_string(b, s, strlen(s));
}

int
json_error(struct webbuf *b, const char *message)
{
	webbuf_adds(b, "{\"error\":");
	json_strings(b, message);
	webbuf_adds(b, "}\n");
	return b->failed ? -1 : 0;
}
