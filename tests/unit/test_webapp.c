/* SPDX-License-Identifier: ISC */
/* cgi-bin/webapp.c: the prefixes the pages can live under
 * (STUDENT_PAGES_PREFIX), which go into their links and lighttpd's
 * regular expressions unescaped. */
#include <string.h>

#include "tap.h"
#include "webapp.h"

int
main(void)
{
	static const char *const good[] = {
		"", "/students", "/s", "/school/students", "/Year-7_B",
		"/a/b/c/d",
	};
	static const char *const bad[] = {
		"/", "students", "/students/", "//students", "/a//b",
		"/stu.dents", "/stu dents", "/stu%20", "/stü", "/a?b", "/a#b",
		"/(a|b)", "/a\\b", "/\"a", "/<a>",
	};
	char longest[WEBAPP_PREFIX_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ok(webapp_prefix_ok(good[i]), good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(!webapp_prefix_ok(bad[i]), bad[i]);
	memset(longest, 'a', sizeof longest);
	longest[0] = '/';
	longest[WEBAPP_PREFIX_MAX] = '\0';
	ok(webapp_prefix_ok(longest), "WEBAPP_PREFIX_MAX bytes");
	longest[WEBAPP_PREFIX_MAX] = 'a';
	longest[WEBAPP_PREFIX_MAX + 1] = '\0';
	ok(!webapp_prefix_ok(longest), "one byte more");
	return tap_done();
}
