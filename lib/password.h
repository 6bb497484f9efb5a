/* SPDX-License-Identifier: ISC */
/* Passwords for the exam service: the one validity rule (used by examd's
 * session and by examctl passwd), and hashing with libxcrypt: the default
 * method (yescrypt on Debian 12) with a fresh salt per hash, and a
 * constant-time check; and the check of the original server's accounts
 * (SPEC "Accounts from the original server") with nettle's PBKDF2. */
#ifndef PASSWORD_H
#define PASSWORD_H

#include <stddef.h>

/* The longest password, in bytes (SPEC). */
#define PASSWORD_MAX 128

/* The one rule: a password is 1 to PASSWORD_MAX bytes, none of them NUL,
 * CR or LF; any other byte, blanks included, counts as typed. Returns NULL
 * when the len bytes at pw are one, else a reason for a message (static),
 * e.g. "the password contains a CR". */
const char *password_problem(const char *pw, size_t len);

/* The original server's hash: 64 hex digits of salt (used as 64 ASCII
 * bytes), then the 64-byte PBKDF2-HMAC-SHA512 digest in 128 hex digits. */
#define PASSWORD_LEGACY_SALT		64
#define PASSWORD_LEGACY_DIGEST		64
#define PASSWORD_LEGACY_LEN		(PASSWORD_LEGACY_SALT + \
					 2 * PASSWORD_LEGACY_DIGEST)
#define PASSWORD_LEGACY_ITERATIONS	100000

/* Returns 1 when hash has the original server's shape: exactly
 * PASSWORD_LEGACY_LEN lower-case hex digits (no crypt(3) string is made
 * of those alone), else 0. */
int password_is_legacy(const char *hash);

/* Hashes pw with a freshly generated salt of the library's default
 * method. Returns a malloc'd hash the caller frees, or NULL on failure
 * (including a failure token starting with '*'). */
char *password_hash(const char *pw);

/* Returns 1 when pw hashes to hash under hash's own method and salt,
 * 0 otherwise (also for a NULL, empty or failure-token hash). A legacy
 * hash (password_is_legacy) is checked the original server's way. The
 * final comparison takes the same time wherever the strings differ. */
int password_verify(const char *pw, const char *hash);

/* A hash-shaped setting of the library's default method and cost, with
 * a fresh salt, that no password matches: password_verify against it
 * costs what it costs against a real hash, so an unknown name takes as
 * long as a known one. Malloc'd (the caller frees it); NULL on failure. */
char *password_dummy(void);

#endif
