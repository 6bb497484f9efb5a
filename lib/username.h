/* The one rule for exam service user names, shared by examd and examctl. */
#ifndef USERNAME_H
#define USERNAME_H

#define USERNAME_MAX 32

/* Returns 1 when s is 1 to USERNAME_MAX characters of A-Z a-z 0-9 . _ -,
 * 0 otherwise (also for NULL). */
int username_valid(const char *s);

#endif
