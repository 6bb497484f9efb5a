/* SPDX-License-Identifier: ISC */
/* Minimal TAP output for the C unit tests: each check prints "ok N - ..."
 * or "not ok N - ..."; tap_done() prints the plan and the exit status. */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static int
tap_check(int cond, const char *file, int line, const char *what)
{
	tap_n++;
	if (cond) {
		printf("ok %d - %s\n", tap_n, what);
	} else {
		tap_failed++;
		printf("not ok %d - %s\n#   at %s:%d\n", tap_n, what, file, line);
	}
	return cond;
}

#define ok(cond, what) tap_check((cond) != 0, __FILE__, __LINE__, (what))
#define is_int(got, want, what) do {					\
	long long g_ = (got), w_ = (want);				\
	if (!tap_check(g_ == w_, __FILE__, __LINE__, (what)))		\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)
#define is_str(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int same_ = (g_ == NULL && w_ == NULL) ||			\
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0);		\
	if (!tap_check(same_, __FILE__, __LINE__, (what)))		\
		printf("#   got  \"%s\"\n#   want \"%s\"\n",		\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
