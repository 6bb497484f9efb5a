/* SPDX-License-Identifier: ISC */
/* admin/csvout.c: examctl's CSV for spreadsheets. A field that a
 * spreadsheet would take as a formula gets a leading "'" (inside its
 * quotes when it has any), numbers and the lone "-" do not, and every
 * record reads back through the strict reader (csv.h) field by field. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "csvout.h"
#include "tap.h"

/* The record csvout_record writes for one field, then ",1". */
static const char *
written(const char *field)
{
	static char buf[512];
	const char *f[2] = { field, "1" };
	size_t len;
	FILE *fp;

	if ((fp = fmemopen(buf, sizeof buf, "w")) == NULL)
		return "fmemopen failed";
	if (csvout_record(fp, f, 2) != 0) {
		fclose(fp);
		return "write failed";
	}
	len = (size_t)ftell(fp);
	fclose(fp);
	buf[len] = '\0';
	return buf;
}

/* The first field of the record in s, as the strict reader reads it. */
static const char *
read_back(const char *s)
{
	static char out[512];
	struct csv_reader *r;
	FILE *fp;

	snprintf(out, sizeof out, "(unreadable)");
	if ((fp = fmemopen((void *)s, strlen(s), "r")) == NULL)
		return out;
	if ((r = csv_open(fp)) != NULL && csv_read(r) == 1 &&
	    csv_nfields(r) == 2 && strcmp(csv_field(r, 1), "1") == 0)
		snprintf(out, sizeof out, "%s", csv_field(r, 0));
	csv_close(r);
	fclose(fp);
	return out;
}

int
main(void)
{
	static const struct {
		const char *field, *want, *back;
	} t[] = {
		/* OWASP's formula starters. */
		{ "=1+1", "'=1+1,1\r\n", "'=1+1" },
		{ "+33 6 12", "'+33 6 12,1\r\n", "'+33 6 12" },
		{ "-cmd", "'-cmd,1\r\n", "'-cmd" },
		{ "@SUM(A1)", "'@SUM(A1),1\r\n", "'@SUM(A1)" },
		{ "\t=x", "'\t=x,1\r\n", "'\t=x" },
		{ "\r=x", "\"'\r=x\",1\r\n", "'\r=x" },
		/* The mark goes inside the quotes. */
		{ "=HYPERLINK(\"http://x\",\"y\")",
		    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1\r\n",
		    "'=HYPERLINK(\"http://x\",\"y\")" },
		{ "-a,b", "\"'-a,b\",1\r\n", "'-a,b" },
		/* Not formulas: numbers, the "not computable" mark. */
		{ "-12.5", "-12.5,1\r\n", "-12.5" },
		{ "-3", "-3,1\r\n", "-3" },
		{ "-", "-,1\r\n", "-" },
		{ "80.0", "80.0,1\r\n", "80.0" },
		/* Almost numbers are formulas. */
		{ "-1+2", "'-1+2,1\r\n", "'-1+2" },
		{ "-1.", "'-1.,1\r\n", "'-1." },
		{ "--", "'--,1\r\n", "'--" },
		{ "-.5", "'-.5,1\r\n", "'-.5" },
		{ "+1", "'+1,1\r\n", "'+1" },
		/* Anything else as csv.h writes it. */
		{ "alice", "alice,1\r\n", "alice" },
		{ "a=b", "a=b,1\r\n", "a=b" },
		{ " =x", " =x,1\r\n", " =x" },
		{ "", ",1\r\n", "" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\",1\r\n", "say \"hi\"" },
		{ "[::1]:4000", "[::1]:4000,1\r\n", "[::1]:4000" },
	};
	static const char *const lone[] = { "" };
	char buf[64];
	size_t i, len;
	FILE *fp;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		is_str(written(t[i].field), t[i].want, t[i].want);
		is_str(read_back(written(t[i].field)), t[i].back,
		    "reads back with the mark");
	}
	ok(!csvout_needs_quote_mark("") && csvout_needs_quote_mark("=") &&
	    csvout_needs_quote_mark("@") && !csvout_needs_quote_mark("0"),
	    "csvout_needs_quote_mark on the edges");
	if ((fp = fmemopen(buf, sizeof buf, "w")) != NULL) {
		ok(csvout_record(fp, lone, 1) == 0, "a lone empty field");
		len = (size_t)ftell(fp);
		fclose(fp);
		buf[len] = '\0';
		is_str(buf, "\"\"\r\n", "is written \"\", not as a blank line");
	}
	if ((fp = fopen("/dev/full", "w")) != NULL) {
		setvbuf(fp, NULL, _IONBF, 0);
		ok(csvout_record(fp, lone, 1) == -1, "a write error is -1");
		fclose(fp);
	}
	return tap_done();
}
