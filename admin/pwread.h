/* SPDX-License-Identifier: ISC */
/* The new password of examctl adduser and passwd: one line of standard
 * input, or, on a terminal, typed twice with echo off after prompts on
 * stderr; checked against the one password rule (lib/password) and
 * hashed here, so that the clear text never leaves this file: only its
 * length does, for the password-min setting, which lives in the database. */
#ifndef PWREAD_H
#define PWREAD_H

#include <stddef.h>

/* Reads the password, checks it and hashes it. Returns 0 with *hash set
 * to the hash, which the caller frees, and *len to the password's length
 * in bytes; or, after saying why on stderr,
 * CLI_USAGE (no password, one the rule refuses, two that do not match) or
 * CLI_FAILED (standard input unreadable, hashing failed), with *hash
 * NULL. The clear text is wiped before it returns. */
int pwread_hash(char **hash, size_t *len);

#endif
