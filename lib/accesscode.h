/* SPDX-License-Identifier: ISC */
/* Access codes, the one rule for studentctl, which issues them, and the
 * pages, which check them: a code is ACCESSCODE_LEN characters from an
 * alphabet without look-alikes (no 0/O, 1/I/L), 31 symbols, so about 59
 * bits, drawn with getrandom(2); it is printed in groups of four
 * (ABCD-EFGH-JKMN) and read back in any case, with or without the dashes
 * and blanks. Only its keyed digest is stored: HMAC-SHA256 (nettle) under
 * the database's own random key, both as lowercase hex. */
#ifndef ACCESSCODE_H
#define ACCESSCODE_H

#include <stddef.h>

#define ACCESSCODE_LEN		12
#define ACCESSCODE_PRINTED	(ACCESSCODE_LEN + ACCESSCODE_LEN / 4 - 1)
#define ACCESSCODE_KEY_BYTES	32
#define ACCESSCODE_HEX		64	/* a key or a digest, in hex */

/* A new code as printed (ABCD-EFGH-JKMN), NUL-terminated. Returns 0, or
 * -1 when the kernel gave no random bytes. */
int accesscode_new(char out[ACCESSCODE_PRINTED + 1]);

/* A new key, in hex. Returns 0 or -1 as accesscode_new. */
int accesscode_new_key(char out[ACCESSCODE_HEX + 1]);

/* The digest of the code typed (len bytes, as sent) under the key (hex,
 * as stored), into out in hex. The code is first reduced to its symbols
 * (dashes and blanks dropped, letters upper-cased); a code with anything
 * else, or too long, is digested as it is and matches no issued code.
 * Always the same work, whatever the input: one HMAC over at most
 * ACCESSCODE_LEN symbols. A key that is not 64 hex digits is used as
 * the bytes it is. */
void accesscode_digest(const char *key, const char *code, size_t len,
    char out[ACCESSCODE_HEX + 1]);

/* 1 when the two digests (hex, ACCESSCODE_HEX characters each) are the
 * same, in a time that depends on neither. */
int accesscode_equal(const char *a, const char *b);

#endif
