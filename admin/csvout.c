/* SPDX-License-Identifier: ISC */
/* Spreadsheet-safe CSV records (csvout.h). */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "csvout.h"

/* "-?[0-9]+(\.[0-9]+)?" */
static int
plain_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

int
csvout_needs_quote_mark(const char *s)
{
	if (s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL)
		return 0;
	return !(strcmp(s, "-") == 0 || plain_number(s));
}

int
csvout_record(FILE *fp, const char *const f[], size_t n)
{
	char *marked;
	size_t i, len;
	int rc;

	for (i = 0; i < n; i++) {
		if (i > 0 && putc(',', fp) == EOF)
			return -1;
		if (!csvout_needs_quote_mark(f[i])) {
			/* A lone empty field is written "", as csv.h does:
			 * an empty line reads back as no record. */
			if (n == 1 && f[i][0] == '\0') {
				if (fputs("\"\"", fp) == EOF)
					return -1;
			} else if (csv_write_field(fp, f[i]) < 0)
				return -1;
			continue;
		}
		/* The mark goes inside the quotes when the field has any. */
		len = strlen(f[i]);
		if ((marked = malloc(len + 2)) == NULL)
			return -1;
		marked[0] = '\'';
		memcpy(marked + 1, f[i], len + 1);
		rc = csv_write_field(fp, marked);
		free(marked);
		if (rc < 0)
			return -1;
	}
	return fputs("\r\n", fp) == EOF ? -1 : 0;
}
