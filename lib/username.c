/* SPDX-License-Identifier: ISC */
#include <stddef.h>

#include "username.h"

int
username_valid(const char *s)
{
	size_t n;
	unsigned char c;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++) {
		if (n >= USERNAME_MAX)
			return 0;
		c = (unsigned char)s[n];
		/* ASCII ranges spelled out: isalnum() depends on the locale. */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return n > 0;
}

void
username_key(const char *s, char key[USERNAME_MAX + 1])
{
	size_t n;

	for (n = 0; s[n] != '\0' && n < USERNAME_MAX; n++)
		key[n] = s[n] >= 'A' && s[n] <= 'Z' ? (char)(s[n] - 'A' + 'a') :
		    s[n];
	key[n] = '\0';
}

int
examname_valid(const char *s)
{
	size_t n;
	unsigned char c;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++) {
		if (n >= EXAMNAME_MAX)
			return 0;
		c = (unsigned char)s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return n > 0;
}
