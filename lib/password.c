/* SPDX-License-Identifier: ISC */
#include <crypt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/memops.h>
#include <nettle/pbkdf2.h>

#include "password.h"

_Static_assert(PASSWORD_MAX == 128, "password_problem's message says 128");

const char *
password_problem(const char *pw, size_t len)
{
	/* The order is the order of examctl's messages: a NUL first, so a
	 * binary file is named as such whatever its length. */
	if (memchr(pw, '\0', len) != NULL)
		return "the password contains a NUL byte";
	if (len > PASSWORD_MAX)
		return "the password is longer than 128 bytes";
	if (len == 0)
		return "the password is empty";
	if (memchr(pw, '\r', len) != NULL)
		return "the password contains a CR";
	if (memchr(pw, '\n', len) != NULL)
		return "the password contains a LF";
	return NULL;
}

/* Wipes and frees a crypt_ra work area: it holds the derived hash. */
static void
scrub_free(void *data, int size)
{
	if (data != NULL && size > 0)
		explicit_bzero(data, (size_t)size);
	free(data);
}

char *
password_hash(const char *pw)
{
	char *salt = NULL, *out = NULL;
	const char *h;
	void *data = NULL;
	int size = 0;

	if (pw == NULL)
		goto end;
	salt = crypt_gensalt_ra(NULL, 0, NULL, 0);
	if (salt == NULL)
		goto end;
	/* salt is its own allocation, never inside data (crypt_ra would
	 * refuse an overlapping setting). */
	h = crypt_ra(pw, salt, &data, &size);
	if (h == NULL || h[0] == '*' || h[0] == '\0')
		goto end;
	out = strdup(h);
end:
	free(salt);
	scrub_free(data, size);
	return out;
}

char *
password_dummy(void)
{
	/* A setting alone: crypt_ra hashes with it in full, and the result,
	 * longer than the setting, never compares equal. */
	return crypt_gensalt_ra(NULL, 0, NULL, 0);
}

int
password_is_legacy(const char *hash)
{
	size_t i;

	if (hash == NULL)
		return 0;
	for (i = 0; hash[i] != '\0'; i++)
		if (i >= PASSWORD_LEGACY_LEN || !((hash[i] >= '0' &&
		    hash[i] <= '9') || (hash[i] >= 'a' && hash[i] <= 'f')))
			return 0;
	return i == PASSWORD_LEGACY_LEN;
}

/* The original server's check: PBKDF2-HMAC-SHA512 of the password's bytes
 * with the 64 salt characters as the salt, 100,000 iterations; the digest
 * is hex-encoded through a table (no branch on its bytes) and compared
 * with the stored one in constant time. */
static int
legacy_verify(const char *pw, const char *hash)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t dk[PASSWORD_LEGACY_DIGEST];
	char got[2 * PASSWORD_LEGACY_DIGEST];
	size_t i;
	int match;

	pbkdf2_hmac_sha512(strlen(pw), (const uint8_t *)pw,
	    PASSWORD_LEGACY_ITERATIONS, PASSWORD_LEGACY_SALT,
	    (const uint8_t *)hash, sizeof dk, dk);
	for (i = 0; i < sizeof dk; i++) {
		got[2 * i] = hex[dk[i] >> 4];
		got[2 * i + 1] = hex[dk[i] & 0xf];
	}
	match = memeql_sec(got, hash + PASSWORD_LEGACY_SALT, sizeof got);
	explicit_bzero(dk, sizeof dk);
	explicit_bzero(got, sizeof got);
	return match;
}

int
password_verify(const char *pw, const char *hash)
{
	const char *h;
	void *data = NULL;
	size_t i, n;
	unsigned char diff = 0;
	int size = 0, match = 0;

	if (pw == NULL || hash == NULL || hash[0] == '\0' || hash[0] == '*')
		return 0;
	if (password_is_legacy(hash))
		return legacy_verify(pw, hash);
	/* hash is the caller's buffer, separate from data, as crypt_ra
	 * requires of its setting. */
	h = crypt_ra(pw, hash, &data, &size);
	if (h == NULL || h[0] == '*')
		goto end;
	n = strlen(hash);
	/* Lengths are public (they follow from the method); the bytes are
	 * compared without an early exit. */
	if (strlen(h) != n)
		goto end;
	for (i = 0; i < n; i++)
		diff |= (unsigned char)(h[i] ^ hash[i]);
	match = diff == 0;
end:
	scrub_free(data, size);
	return match;
}
