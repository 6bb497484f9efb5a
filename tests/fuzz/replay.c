/* SPDX-License-Identifier: ISC */
/* A main for the fuzz harnesses without libFuzzer: runs the harness once
 * on each file named, so `make test` replays the seeds and every kept
 * crash (tests/fuzz/regress/) on the normal and the sanitizer build. A
 * broken invariant aborts, as under libFuzzer. */
#include <errno.h>
#include <string.h>

#include "fuzz.h"

int
main(int argc, char **argv)
{
	FILE *f;
	unsigned char *buf = NULL;
	size_t n, cap = 0;
	int i, c;

	for (i = 1; i < argc; i++) {
		if ((f = fopen(argv[i], "rb")) == NULL) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		n = 0;
		while ((c = getc(f)) != EOF) {
			if (n == cap) {
				cap = cap ? cap * 2 : 4096;
				if ((buf = realloc(buf, cap)) == NULL)
					return 2;
			}
			buf[n++] = (unsigned char)c;
		}
		fclose(f);
		/* A copy of exactly n bytes, so an overread is caught. */
		unsigned char *exact = malloc(n ? n : 1);
		if (exact == NULL)
			return 2;
		if (n)
			memcpy(exact, buf, n);
		(void)LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	free(buf);
	return 0;
}
