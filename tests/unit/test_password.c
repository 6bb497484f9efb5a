/* SPDX-License-Identifier: ISC */
/* lib/password.c: hashing with a fresh salt and checking. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "password.h"
#include "tap.h"

int
main(void)
{
	char *h1, *h2, *copy, long_pw[200];
	struct timespec a, b;
	double ms;

	/* The one rule, for examd and examctl alike. */
	ok(password_problem("x", 1) == NULL, "a 1-byte password is valid");
	ok(password_problem(" \t blanks \t", 11) == NULL, "blanks count");
	memset(long_pw, 'x', sizeof long_pw);
	ok(password_problem(long_pw, PASSWORD_MAX) == NULL, "128 bytes pass");
	is_str(password_problem(long_pw, PASSWORD_MAX + 1),
	    "the password is longer than 128 bytes", "129 do not");
	is_str(password_problem("", 0), "the password is empty", "empty");
	is_str(password_problem("a\0b", 3),
	    "the password contains a NUL byte", "a NUL");
	is_str(password_problem("a\rb", 3), "the password contains a CR",
	    "a CR");
	is_str(password_problem("a\nb", 3), "the password contains a LF",
	    "a LF");
	long_pw[PASSWORD_MAX] = '\0';
	is_str(password_problem(long_pw, PASSWORD_MAX + 1),
	    "the password contains a NUL byte", "a NUL is named before length");

	h1 = password_hash("secret");
	h2 = password_hash("secret");
	ok(h1 != NULL && h2 != NULL, "password_hash returns hashes");
	if (h1 == NULL || h2 == NULL)
		return tap_done();
	ok(strncmp(h1, "$y$", 3) == 0, "the default method is yescrypt");
	ok(strstr(h1, "secret") == NULL, "the hash does not hold the password");
	ok(strcmp(h1, h2) != 0, "each hash has a fresh salt");
	is_int(password_verify("secret", h1), 1, "the right password matches");
	is_int(password_verify("secret", h2), 1, "so does the other hash");
	is_int(password_verify("Secret", h1), 0, "a wrong password fails");
	is_int(password_verify("secret ", h1), 0, "a trailing blank counts");
	is_int(password_verify("", h1), 0, "an empty password fails");
	is_int(password_verify(NULL, h1), 0, "NULL password fails");
	is_int(password_verify("secret", NULL), 0, "NULL hash fails");
	is_int(password_verify("secret", ""), 0, "empty hash fails");
	is_int(password_verify("*0", "*0"), 0, "a failure token never matches");
	is_int(password_verify("x", "$y$garbage"), 0, "a malformed hash fails");
	/* A truncated hash is a different string, not a prefix match. */
	copy = strdup(h1);
	copy[strlen(copy) - 1] = '\0';
	is_int(password_verify("secret", copy), 0, "a truncated hash fails");
	free(copy);

	free(h2);
	h2 = password_hash(" p w ");
	is_int(password_verify(" p w ", h2), 1, "blanks are part of it");
	is_int(password_verify("p w", h2), 0, "and cannot be dropped");

	memset(long_pw, 'x', sizeof long_pw - 1);
	long_pw[sizeof long_pw - 1] = '\0';
	free(h2);
	h2 = password_hash(long_pw);
	is_int(password_verify(long_pw, h2), 1, "a 199-byte password works");
	long_pw[198] = 'y';
	is_int(password_verify(long_pw, h2), 0, "its last byte counts");

	clock_gettime(CLOCK_MONOTONIC, &a);
	is_int(password_verify("secret", h1), 1, "timed check");
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	printf("# one yescrypt check took %.1f ms\n", ms);
	free(h1);
	free(h2);

	/* The original server's accounts: vectors from Python's
	 * hashlib.pbkdf2_hmac("sha512", pw, salt, 100000). */
	{
		static const char salt[] = "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef";
		char legacy[PASSWORD_LEGACY_LEN + 2], bad[PASSWORD_LEGACY_LEN + 4];

		snprintf(legacy, sizeof legacy, "%s%s", salt,
		    "9c00a6c7eb895f78bdb5f80f646187db871c22eacdd94714f4110a8d"
		    "853d2d8519e0ff7365f16e7ff18a6b85fb563fc65ffcae479a489318"
		    "367ed476e396ab70");
		ok(password_is_legacy(legacy), "a legacy hash has its shape");
		clock_gettime(CLOCK_MONOTONIC, &a);
		ok(password_verify("secret", legacy), "and checks its password");
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("# one PBKDF2-HMAC-SHA512 check (100,000 iterations) "
		    "took %.1f ms\n", (double)(b.tv_sec - a.tv_sec) * 1e3 +
		    (double)(b.tv_nsec - a.tv_nsec) / 1e6);
		ok(!password_verify("Secret", legacy), "not another");
		ok(!password_verify("secret ", legacy), "nor one with a blank");
		snprintf(bad, sizeof bad, "%s%s", salt,
		    "3b1557003eb5146ff392be55ba0b64ec21025f350d876b95af82ce13"
		    "6ca5faf98606aa4b42699cad154ebad7d7df351e8e3999042c984779"
		    "1ab5deae9c8eadb6");
		ok(password_verify("p\xc3\xa4ssw\xc3\xb6rd", bad),
		    "the password's UTF-8 bytes are the key");
		memcpy(bad, legacy, sizeof legacy);
		bad[PASSWORD_LEGACY_LEN - 1] ^= 1;
		ok(password_is_legacy(bad) && !password_verify("secret", bad),
		    "a digest one bit off does not check");
		bad[PASSWORD_LEGACY_LEN - 1] = 'A';
		ok(!password_is_legacy(bad), "upper-case hex is not the shape");
		memcpy(bad, legacy, sizeof legacy);
		bad[PASSWORD_LEGACY_LEN - 1] = '\0';
		ok(!password_is_legacy(bad), "191 digits are not");
		snprintf(bad, sizeof bad, "%s0", legacy);
		ok(!password_is_legacy(bad), "nor 193");
		ok(!password_is_legacy("$y$j9T$abc") && !password_is_legacy(NULL),
		    "nor a crypt(3) hash or NULL");
	}
	return tap_done();
}
