/* SPDX-License-Identifier: ISC */
/* Fuzzes the CSV reader (lib/csv.c): every record it accepts, written
 * back with csv_write_field, must read back as the same fields, and its
 * line numbers must only grow. */
#include <string.h>

#include "csv.h"
#include "fuzz.h"

#define MAX_RECORDS	4096

struct rec {
	char	**f;
	size_t	  n;
	unsigned long line;
};

static void
free_recs(struct rec *r, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < r[i].n; k++)
			free(r[i].f[k]);
		free(r[i].f);
	}
	free(r);
}

/* Reads all of fp into a new array; *nrec records, *status the last
 * return of csv_read. */
static struct rec *
read_all(FILE *fp, size_t *nrec, int *status)
{
	struct csv_reader *r;
	struct rec *recs;
	unsigned long prev = 0;
	size_t n = 0, k;
	int st = 0;

	FUZZ_CHECK((r = csv_open(fp)) != NULL);
	FUZZ_CHECK((recs = calloc(MAX_RECORDS, sizeof *recs)) != NULL);
	while (n < MAX_RECORDS && (st = csv_read(r)) == 1) {
		FUZZ_CHECK(csv_nfields(r) >= 1);
		FUZZ_CHECK(csv_line(r) > prev);
		FUZZ_CHECK(csv_field(r, csv_nfields(r)) == NULL);
		prev = csv_line(r);
		recs[n].line = prev;
		recs[n].n = csv_nfields(r);
		FUZZ_CHECK((recs[n].f = calloc(recs[n].n, sizeof(char *)))
		    != NULL);
		for (k = 0; k < recs[n].n; k++)
			FUZZ_CHECK((recs[n].f[k] = strdup(csv_field(r, k)))
			    != NULL);
		n++;
	}
	if (n == MAX_RECORDS)
		st = 0;
	if (st == -1) {
		FUZZ_CHECK(csv_error_line(r) >= 1);
		FUZZ_CHECK(csv_error_line(r) >= prev);
		FUZZ_CHECK(strcmp(csv_error(r), "no error") != 0);
		/* The reader stays failed. */
		FUZZ_CHECK(csv_read(r) == -1);
	} else
		FUZZ_CHECK(csv_read(r) == 0);
	csv_close(r);
	*nrec = n;
	*status = st;
	return recs;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec *recs, *again;
	size_t n, n2, i, k, outlen = 0;
	char *out = NULL;
	FILE *fp;
	int st, st2;

	if (size == 0)
		return 0;	/* fmemopen refuses an empty buffer */
	FUZZ_CHECK((fp = fmemopen((void *)data, size, "rb")) != NULL);
	recs = read_all(fp, &n, &st);
	fclose(fp);

	FUZZ_CHECK((fp = open_memstream(&out, &outlen)) != NULL);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(csv_write_record(fp, (const char *const *)recs[i].f,
		    recs[i].n, i % 2 ? "\r\n" : "\n") == 0);
	FUZZ_CHECK(fclose(fp) == 0);
	if (outlen > 0) {
		FUZZ_CHECK((fp = fmemopen(out, outlen, "rb")) != NULL);
		again = read_all(fp, &n2, &st2);
		fclose(fp);
		if (st2 != 0 || n2 != n) {
			fprintf(stderr, "written back: status %d, %zu records "
			    "for %zu\n", st2, n2, n);
			abort();
		}
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(again[i].n == recs[i].n);
			for (k = 0; k < recs[i].n; k++)
				FUZZ_CHECK(strcmp(again[i].f[k],
				    recs[i].f[k]) == 0);
		}
		free_recs(again, n2);
	}
	free(out);
	free_recs(recs, n);
	return 0;
}
