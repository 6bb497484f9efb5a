/* SPDX-License-Identifier: ISC */
/* lib/accesscode.c: codes from the alphabet without look-alikes, grouped
 * by four; the digest, read back in any case with or without dashes and
 * blanks, and never matching a code of other characters. */
#include <string.h>

#include "accesscode.h"
#include "tap.h"

int
main(void)
{
	static const char key[] =
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char c[ACCESSCODE_PRINTED + 1], c2[ACCESSCODE_PRINTED + 1];
	char d1[ACCESSCODE_HEX + 1], d2[ACCESSCODE_HEX + 1];
	char k1[ACCESSCODE_HEX + 1], k2[ACCESSCODE_HEX + 1];
	int i, okchars = 1, seen[256] = { 0 }, kinds = 0;
	size_t j;

	accesscode_digest("Jefe", "ABCD", 4, d1);
	accesscode_digest("Jefe", "abcd", 4, d2);
	is_str(d1, d2, "lower case is read as upper case");
	is_int((int)strlen(d1), ACCESSCODE_HEX, "a digest is 64 hex digits");

	for (i = 0; i < 200; i++) {
		is_int(accesscode_new(c), 0, "a code is drawn");
		if (strlen(c) != ACCESSCODE_PRINTED || c[4] != '-' || c[9] != '-')
			okchars = 0;
		for (j = 0; c[j] != '\0'; j++) {
			if (j == 4 || j == 9)
				continue;
			if (strchr("23456789ABCDEFGHJKMNPQRSTUVWXYZ", c[j]) == NULL)
				okchars = 0;
			if (!seen[(unsigned char)c[j]]++)
				kinds++;
		}
	}
	ok(okchars, "200 codes: ABCD-EFGH-JKMN, only 2-9 and letters but I, L, O");
	is_int(kinds, 31, "and all 31 symbols turn up");
	(void)accesscode_new(c);
	(void)accesscode_new(c2);
	ok(strcmp(c, c2) != 0, "two codes differ");

	accesscode_digest(key, c, strlen(c), d1);
	strcpy(c2, c);
	for (j = 0; c2[j]; j++)
		if (c2[j] >= 'A' && c2[j] <= 'Z')
			c2[j] = (char)(c2[j] - 'A' + 'a');
	accesscode_digest(key, c2, strlen(c2), d2);
	ok(accesscode_equal(d1, d2), "a code typed in lower case matches");
	{
		char bare[32], spaced[32];
		size_t n = 0;

		for (j = 0; c[j]; j++)
			if (c[j] != '-')
				bare[n++] = c[j];
		bare[n] = '\0';
		accesscode_digest(key, bare, n, d2);
		ok(accesscode_equal(d1, d2), "without its dashes too");
		snprintf(spaced, sizeof spaced, " %.4s %.4s %.4s ", c, c + 5,
		    c + 10);
		accesscode_digest(key, spaced, strlen(spaced), d2);
		ok(accesscode_equal(d1, d2), "and with blanks");
	}
	accesscode_digest(key, c, strlen(c) - 1, d2);
	ok(!accesscode_equal(d1, d2), "one symbol less does not match");
	strcpy(c2, c);
	c2[0] = c2[0] == '2' ? '3' : '2';
	accesscode_digest(key, c2, strlen(c2), d2);
	ok(!accesscode_equal(d1, d2), "one symbol other does not match");
	{
		char odd[64];
		size_t n = strlen(c);

		accesscode_digest(key, c, n, d1);
		memcpy(odd, c, n);
		odd[n] = '\0';
		accesscode_digest(key, odd, n + 1, d2);
		ok(!accesscode_equal(d1, d2), "the code and a NUL does not match");
		odd[n] = (char)0xff;
		accesscode_digest(key, odd, n + 1, d2);
		ok(!accesscode_equal(d1, d2), "the code and a byte 0xff neither");
		memcpy(odd + n, c, n);
		accesscode_digest(key, odd, 2 * n, d2);
		ok(!accesscode_equal(d1, d2),
		    "the code typed twice over does not match");
	}
	accesscode_digest(key, "0OIL", 4, d1);
	accesscode_digest(key, "!", 1, d2);
	is_str(d1, d2, "look-alikes are no symbols: the code of other characters");
	accesscode_digest(key, "%$#", 3, d1);
	is_str(d1, d2, "which every such code shares, matching no issued one");
	accesscode_digest(key, "ABCD", 4, d1);
	accesscode_digest("1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    "ABCD", 4, d2);
	ok(!accesscode_equal(d1, d2), "another key, another digest");
	accesscode_digest("", "ABCD", 4, d2);
	ok(!accesscode_equal(d1, d2), "an empty key too");

	is_int(accesscode_new_key(k1), 0, "a key is drawn");
	(void)accesscode_new_key(k2);
	is_int((int)strlen(k1), ACCESSCODE_HEX, "as 64 hex digits");
	ok(strcmp(k1, k2) != 0, "two keys differ");
	return tap_done();
}
