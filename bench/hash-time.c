/* SPDX-License-Identifier: ISC */
/* Times the password hash on its own: COUNT password_hash calls (what a
 * registration costs) and COUNT password_verify calls (a returning
 * user's login), in CPU milliseconds each. These bound the sessions. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "intparse.h"
#include "password.h"

static double
cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int
main(int argc, char *argv[])
{
	long long n, i;
	double t0, th, tv;
	char *h = NULL;

	if (argc != 2 || intparse_dec(argv[1], 1, 10000, &n) != INTPARSE_OK) {
		fprintf(stderr, "usage: hash-time COUNT\n");
		return 2;
	}
	t0 = cpu_ms();
	for (i = 0; i < n; i++) {
		free(h);
		if ((h = password_hash("secret")) == NULL) {
			fprintf(stderr, "hash-time: password_hash failed\n");
			return 1;
		}
	}
	th = (cpu_ms() - t0) / (double)n;
	t0 = cpu_ms();
	for (i = 0; i < n; i++)
		if (!password_verify("secret", h)) {
			fprintf(stderr, "hash-time: password_verify failed\n");
			return 1;
		}
	tv = (cpu_ms() - t0) / (double)n;
	free(h);
	printf("hash %.3f ms CPU, verify %.3f ms CPU\n", th, tv);
	return 0;
}
