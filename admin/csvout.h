/* SPDX-License-Identifier: ISC */
/* The CSV examctl writes for people (results, answers, report): RFC 4180
 * records (CR LF line ends, fields quoted as csv_write_field does) that
 * are safe to open in a spreadsheet. A field a spreadsheet would take as
 * a formula, one starting with '=', '+', '-', '@', tab or CR, is written
 * with a leading "'" (OWASP's advice on CSV injection), unless it is a
 * plain decimal number ("-12.5") or the lone "-" that marks a figure that
 * cannot be computed: neither is a formula, and a prefix would turn a
 * number into text. studentctl's CSV is read back by its own import and
 * stays as csv.h writes it. */
#ifndef CSVOUT_H
#define CSVOUT_H

#include <stddef.h>
#include <stdio.h>

/* 1 when s must be written with a leading "'" (see above). */
int csvout_needs_quote_mark(const char *s);

/* Writes the n fields of f as one record ended by CR LF, each made safe
 * as above. Returns 0, or -1 on a write error or when out of memory. */
int csvout_record(FILE *fp, const char *const f[], size_t n);

#endif
