/* SPDX-License-Identifier: ISC */
/* A strict CSV reader (RFC 4180) for imports, and a field writer whose
 * output the reader reads back.
 *
 * Reader rules: fields are separated by ',' or ';', whichever the first
 * record (the header) uses first, and records end with CRLF or LF (the
 * last record may lack one; a blank last line is not a record). A field that starts with '"' is
 * quoted: it may hold the separator, CR, LF, and '""' for one '"', and its closing
 * quote must be followed by ',' or the end of the record. Anything else is
 * an error with a line number: a '"' inside an unquoted field, a bare CR,
 * a NUL byte, a missing closing quote, a record over CSV_MAX_RECORD bytes.
 * A UTF-8 byte order mark at the very start of the input is skipped. */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>
#include <stdio.h>

/* Bytes one record may hold, counting its field text plus one per field;
 * bounds memory on bad input. */
#define CSV_MAX_RECORD 65536

struct csv_reader;

/* Starts reading fp, which stays the caller's (not closed here). Returns
 * NULL when out of memory. Free the reader with csv_close(). */
struct csv_reader *csv_open(FILE *fp);

/* Frees the reader and every field it returned. NULL is allowed. */
void csv_close(struct csv_reader *r);

/* Reads the next record. Returns 1 for a record, 0 at the end of the
 * input, -1 on an error (see csv_error, csv_error_line). After an error
 * the reader stays failed. */
int csv_read(struct csv_reader *r);

/* Fields of the last record read: csv_nfields() of them, each a
 * NUL-terminated string owned by the reader, valid until the next
 * csv_read(). A blank line is one empty field. */
size_t csv_nfields(const struct csv_reader *r);
const char *csv_field(const struct csv_reader *r, size_t i);

/* The line (from 1) on which the last record read starts. */
unsigned long csv_line(const struct csv_reader *r);

/* After csv_read() returned -1: what was wrong (static English text) and
 * the line where it was found. */
const char *csv_error(const struct csv_reader *r);
unsigned long csv_error_line(const struct csv_reader *r);

/* Writes s as one CSV field, quoted when it holds ',', ';', '"', CR or LF, or
 * starts with a byte order mark, so csv_read() gives back the same text.
 * Returns 0, or -1 on a write error. */
int csv_write_field(FILE *fp, const char *s);

/* Writes the n fields of f as one record ended by eol ("\n" or "\r\n").
 * A record of one empty field is written as "": an empty line would be
 * read back as a blank line, which ends a file. Returns 0, or -1 on a
 * write error. */
int csv_write_record(FILE *fp, const char *const f[], size_t n,
    const char *eol);

#endif
