/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct csv_reader {
	FILE		*fp;
	int		 back[3];	/* pushed back, last out first */
	int		 nback;
	int		 started;	/* the byte order mark is checked */
	int		 sep;		/* ',' or ';'; 0 until the first is seen */
	unsigned long	 line;		/* line of the next byte read */
	unsigned long	 rec_line;	/* line the last record began on */
	char		*buf;		/* fields, each NUL-terminated */
	size_t		 len, cap;
	size_t		*off;		/* start of each field in buf */
	size_t		 nfields, offcap;
	const char	*err;
	unsigned long	 err_line;
};

struct csv_reader *
csv_open(FILE *fp)
{
	struct csv_reader *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->fp = fp;
	r->line = 1;
	return r;
}

void
csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r->off);
	free(r);
}

static int
get(struct csv_reader *r)
{
	if (r->nback > 0)
		return r->back[--r->nback];
	return getc(r->fp);
}

static int
fail(struct csv_reader *r, unsigned long line, const char *why)
{
	r->err = why;
	r->err_line = line;
	return -1;
}

/* Skips "\xEF\xBB\xBF" at the start of the input (spreadsheets write it
 * before UTF-8 CSV); any other start is pushed back untouched. */
static void
skip_bom(struct csv_reader *r)
{
	static const int bom[3] = { 0xEF, 0xBB, 0xBF };
	int c[3], i, n;

	r->started = 1;
	for (n = 0; n < 3; n++) {
		c[n] = getc(r->fp);
		if (c[n] != bom[n]) {
			n++;
			break;
		}
	}
	if (n == 3 && c[2] == bom[2])
		return;
	for (i = n - 1; i >= 0; i--)
		r->back[r->nback++] = c[i];
}

static int
push(struct csv_reader *r, int c)
{
	char *nb;
	size_t ncap;

	/* Counts each field's NUL too, so a line of commas is bounded. */
	if (r->len >= CSV_MAX_RECORD)
		return fail(r, r->line, "record too long");
	if (r->len == r->cap) {
		ncap = r->cap ? r->cap * 2 : 256;
		if ((nb = realloc(r->buf, ncap)) == NULL)
			return fail(r, r->line, "out of memory");
		r->buf = nb;
		r->cap = ncap;
	}
	r->buf[r->len++] = (char)c;
	return 0;
}

static int
start_field(struct csv_reader *r)
{
	size_t *no, ncap;

	if (r->nfields == r->offcap) {
		ncap = r->offcap ? r->offcap * 2 : 8;
		if ((no = realloc(r->off, ncap * sizeof *no)) == NULL)
			return fail(r, r->line, "out of memory");
		r->off = no;
		r->offcap = ncap;
	}
	r->off[r->nfields++] = r->len;
	return 0;
}

/* Whether c separates fields. The first record (the header) decides:
 * the first ',' or ';' outside quotes is the separator from then on. */
static int
is_sep(struct csv_reader *r, int c)
{
	if (r->sep == 0 && (c == ',' || c == ';'))
		r->sep = c;
	return c == r->sep;
}

/* Reads a quoted field whose opening quote is consumed; returns the byte
 * after the closing quote (or -2 on error). */
static int
read_quoted(struct csv_reader *r)
{
	unsigned long open_line = r->line;
	int c;

	for (;;) {
		c = get(r);
		if (c == EOF) {
			if (ferror(r->fp))
				return fail(r, r->line, "read error"), -2;
			return fail(r, open_line,
			    "quoted field not closed"), -2;
		}
		if (c == '"') {
			c = get(r);
			if (c != '"')
				break;
		} else if (c == '\0') {
			return fail(r, r->line, "NUL byte"), -2;
		} else if (c == '\n') {
			r->line++;
		}
		if (push(r, c) < 0)
			return -2;
	}
	if (!is_sep(r, c) && c != '\n' && c != '\r' && c != EOF)
		return fail(r, r->line,
		    "unexpected character after closing quote"), -2;
	return c;
}

/* Reads an unquoted field starting with c; returns the byte that ended it
 * (or -2 on error). */
static int
read_plain(struct csv_reader *r, int c)
{
	while (!is_sep(r, c) && c != '\n' && c != '\r' && c != EOF) {
		if (c == '"')
			return fail(r, r->line,
			    "quote inside an unquoted field"), -2;
		if (c == '\0')
			return fail(r, r->line, "NUL byte"), -2;
		if (push(r, c) < 0)
			return -2;
		c = get(r);
	}
	return c;
}

int
csv_read(struct csv_reader *r)
{
	int blank, c;

	if (r->err != NULL)
		return -1;
	if (!r->started)
		skip_bom(r);
	r->len = r->nfields = 0;
	r->rec_line = r->line;
	c = get(r);
	if (c == EOF)
		return ferror(r->fp) ? fail(r, r->line, "read error") : 0;
	blank = c == '\n' || c == '\r';
	for (;;) {
		if (start_field(r) < 0)
			return -1;
		c = c == '"' ? read_quoted(r) : read_plain(r, c);
		if (c == -2 || push(r, '\0') < 0)
			return -1;
		if (c == '\n' || c == '\r' || c == EOF)
			break;
		c = get(r);
	}
	if (r->sep == 0)	/* a header of one field: the usual comma */
		r->sep = ',';
	if (c == '\r' && (c = get(r)) != '\n')
		return fail(r, r->line, "carriage return without line feed");
	if (c == '\n')
		r->line++;
	else if (ferror(r->fp))
		return fail(r, r->line, "read error");
	/* A blank last line (spreadsheets end a file with one) is the end of
	 * the input, not a record. */
	if (c == '\n' && blank) {
		if ((c = get(r)) == EOF)
			return ferror(r->fp) ? fail(r, r->line, "read error") :
			    0;
		r->back[r->nback++] = c;
	}
	return 1;
}

size_t
csv_nfields(const struct csv_reader *r)
{
	return r->nfields;
}

const char *
csv_field(const struct csv_reader *r, size_t i)
{
	return i < r->nfields ? r->buf + r->off[i] : NULL;
}

unsigned long
csv_line(const struct csv_reader *r)
{
	return r->rec_line;
}

const char *
csv_error(const struct csv_reader *r)
{
	return r->err != NULL ? r->err : "no error";
}

unsigned long
csv_error_line(const struct csv_reader *r)
{
	return r->err_line;
}

int
csv_write_field(FILE *fp, const char *s)
{
	const char *p;

	if (strpbrk(s, ",;\"\r\n") == NULL && strncmp(s, "\xEF\xBB\xBF", 3))
		return fputs(s, fp) == EOF ? -1 : 0;
	if (putc('"', fp) == EOF)
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' && putc('"', fp) == EOF)
			return -1;
		if (putc(*p, fp) == EOF)
			return -1;
	}
	return putc('"', fp) == EOF ? -1 : 0;
}

int
csv_write_record(FILE *fp, const char *const f[], size_t n, const char *eol)
{
	size_t i;

	if (n == 1 && f[0][0] == '\0')
		return fputs("\"\"", fp) == EOF || fputs(eol, fp) == EOF ?
		    -1 : 0;
	for (i = 0; i < n; i++)
		if ((i > 0 && putc(',', fp) == EOF) ||
		    csv_write_field(fp, f[i]) < 0)
			return -1;
	return fputs(eol, fp) == EOF ? -1 : 0;
}
