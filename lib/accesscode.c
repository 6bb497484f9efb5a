/* SPDX-License-Identifier: ISC */
#include <sys/random.h>

#include <string.h>

#include <nettle/hmac.h>
#include <nettle/memops.h>

#include "accesscode.h"

/* Digits 2-9 and the letters without I, L and O. */
static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
#define NSYM	(sizeof alphabet - 1)

static const char hexdig[] = "0123456789abcdef";

static void
hex(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hexdig[p[i] >> 4];
		out[2 * i + 1] = hexdig[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
fill(unsigned char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		if ((r = getrandom(p, n, 0)) <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
accesscode_new(char out[ACCESSCODE_PRINTED + 1])
{
	unsigned char b[64];
	size_t i, k = 0, o = 0;

	/* Bytes below 248 (8 * 31) only: each symbol equally likely. */
	while (k < ACCESSCODE_LEN) {
		if (fill(b, sizeof b) == -1)
			return -1;
		for (i = 0; i < sizeof b && k < ACCESSCODE_LEN; i++) {
			if (b[i] >= 248)
				continue;
			if (k > 0 && k % 4 == 0)
				out[o++] = '-';
			out[o++] = alphabet[b[i] % NSYM];
			k++;
		}
	}
	out[o] = '\0';
	return 0;
}

int
accesscode_new_key(char out[ACCESSCODE_HEX + 1])
{
	unsigned char k[ACCESSCODE_KEY_BYTES];

	if (fill(k, sizeof k) == -1)
		return -1;
	hex(k, sizeof k, out);
	return 0;
}

static int
unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void
accesscode_digest(const char *key, const char *code, size_t len,
    char out[ACCESSCODE_HEX + 1])
{
	struct hmac_sha256_ctx ctx;
	unsigned char k[ACCESSCODE_KEY_BYTES], d[SHA256_DIGEST_SIZE];
	char sym[ACCESSCODE_LEN];
	size_t i, n = 0, klen = strlen(key);
	int bad = 0, hi, lo;

	if (klen == 2 * sizeof k) {
		for (i = 0; i < sizeof k; i++) {
			hi = unhex((unsigned char)key[2 * i]);
			lo = unhex((unsigned char)key[2 * i + 1]);
			if (hi < 0 || lo < 0)
				break;
			k[i] = (unsigned char)(hi << 4 | lo);
		}
		if (i == sizeof k)
			hmac_sha256_set_key(&ctx, sizeof k, k);
		else
			hmac_sha256_set_key(&ctx, klen, (const uint8_t *)key);
	} else {
		hmac_sha256_set_key(&ctx, klen, (const uint8_t *)key);
	}
	for (i = 0; i < len; i++) {
		char c = code[i];

		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (strchr(alphabet, c) == NULL || c == '\0' ||
		    n == ACCESSCODE_LEN) {
			bad = 1;
			continue;
		}
		sym[n++] = c;
	}
	/* Other characters, or too many: a text no issued code has, so it
	 * can never match. */
	if (bad) {
		sym[0] = '!';
		n = 1;
	}
	hmac_sha256_update(&ctx, n, (const uint8_t *)sym);
	hmac_sha256_digest(&ctx, sizeof d, d);
	hex(d, sizeof d, out);
}

int
accesscode_equal(const char *a, const char *b)
{
	return memeql_sec(a, b, ACCESSCODE_HEX);
}
