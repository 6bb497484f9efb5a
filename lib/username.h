/* SPDX-License-Identifier: ISC */
/* The one rule for exam service user names, and the one for exam names,
 * shared by examd and examctl. */
#ifndef USERNAME_H
#define USERNAME_H

#define USERNAME_MAX 32

/* Returns 1 when s is 1 to USERNAME_MAX characters of A-Z a-z 0-9 . _ -,
 * 0 otherwise (also for NULL). */
int username_valid(const char *s);

/* A name is one account whatever its ASCII case (SPEC): writes s in
 * lower case into key (USERNAME_MAX + 1 bytes), the form the failure
 * record keys it by; the database compares lower(username). s must be
 * valid. */
void username_key(const char *s, char key[USERNAME_MAX + 1]);

/* The longest exam name (SPEC "Several exams"). */
#define EXAMNAME_MAX 32

/* Returns 1 when s is 1 to EXAMNAME_MAX characters of a-z 0-9 . _ -
 * (lower case only, so a name typed in either case finds one exam),
 * 0 otherwise (also for NULL). */
int examname_valid(const char *s);

#endif
