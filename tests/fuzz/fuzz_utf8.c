/* SPDX-License-Identifier: ISC */
/* Fuzzes utf8_seq (lib/utf8.c) against a decoder that computes the code
 * point, at every offset and for every shorter length available. */
#include "fuzz.h"
#include "utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i, n, got, want;
	uint32_t cp;

	for (i = 0; i < size; i++) {
		for (n = 1; n <= 4 && i + n <= size; n++) {
			got = utf8_seq(data + i, n);
			want = ref_utf8_decode(data + i, n, &cp);
			if (got != want) {
				fprintf(stderr, "utf8_seq at %zu (n %zu): %zu, "
				    "expected %zu\n", i, n, got, want);
				abort();
			}
		}
		got = utf8_seq(data + i, size - i);
		FUZZ_CHECK(got == ref_utf8_decode(data + i, size - i, &cp));
		FUZZ_CHECK(got <= 4 && got <= size - i);
	}
	return 0;
}
