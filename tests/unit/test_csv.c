/* SPDX-License-Identifier: ISC */
/* admin/csv.c: the strict CSV reader and writer used by studentctl import
 * and list, and lib/intparse.c, which checks the numeric fields. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "intparse.h"
#include "tap.h"

/* Reads all of in (len bytes) and renders it as text: fields joined by
 * '|', each record as "LINE:fields\n", and an error as
 * "error LINE: reason". Returns a static buffer. */
static const char *
render(const char *in, size_t len)
{
/* Appends, truncating (never overrunning) when out is full. */
#define ADD(...) do {							\
	if (n < sizeof out - 1) {					\
		int k_ = snprintf(out + n, sizeof out - n, __VA_ARGS__); \
		n = k_ < 0 ? n : n + (size_t)k_;			\
		if (n > sizeof out - 1)					\
			n = sizeof out - 1;				\
	}								\
} while (0)
	static char out[4096];
	struct csv_reader *r;
	size_t i, n = 0;
	FILE *fp;
	int rc;

	out[0] = '\0';
	if ((fp = fmemopen((void *)in, len, "r")) == NULL)
		return "fmemopen failed";
	if ((r = csv_open(fp)) == NULL) {
		fclose(fp);
		return "csv_open failed";
	}
	while ((rc = csv_read(r)) == 1) {
		ADD("%lu:", csv_line(r));
		for (i = 0; i < csv_nfields(r); i++)
			ADD("%s%s", i ? "|" : "", csv_field(r, i));
		ADD("\n");
	}
	if (rc < 0)
		ADD("error %lu: %s", csv_error_line(r), csv_error(r));
	else if (csv_read(r) != 0)
		ADD("end not sticky");
#undef ADD
	csv_close(r);
	fclose(fp);
	return out;
}

#define RENDER(s) render((s), sizeof(s) - 1)

static const struct {
	const char *what, *in;
	size_t len;
	const char *want;
} cases[] = {
#define C(what, in, want) { what, in, sizeof(in) - 1, want }
	C("empty input has no record", "", ""),
	C("LF records", "Name,ID,Age\nKaram,1711,23\n",
	    "1:Name|ID|Age\n2:Karam|1711|23\n"),
	C("CRLF records", "a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n"),
	C("last record without a line end", "a,b\nc,d", "1:a|b\n2:c|d\n"),
	C("empty fields", ",,\n", "1:||\n"),
	C("trailing comma gives an empty last field", "a,\n", "1:a|\n"),
	C("blank line is one empty field", "a\n\nb\n", "1:a\n2:\n3:b\n"),
	C("quoted field with comma", "\"Doe, Jane\",1\n", "1:Doe, Jane|1\n"),
	C("doubled quote is one quote", "\"say \"\"hi\"\"\",1\n",
	    "1:say \"hi\"|1\n"),
	C("empty quoted field", "\"\",1\n", "1:|1\n"),
	C("quoted field across lines keeps the start line",
	    "\"a\nb\",1\nc,2\n", "1:a\nb|1\n3:c|2\n"),
	C("quoted CRLF is data", "\"a\r\nb\"\r\n", "1:a\r\nb\n"),
	C("UTF-8 passes through", "Zoë,1\n", "1:Zoë|1\n"),
	C("leading BOM skipped", "\xEF\xBB\xBFName,ID\n", "1:Name|ID\n"),
	C("BOM-like start kept", "\xEF\xBBx\n", "1:\xEF\xBBx\n"),
	C("lone 0xEF kept", "\xEF", "1:\xEF\n"),
	C("BOM only", "\xEF\xBB\xBF", ""),
	C("BOM later is data", "a\n\xEF\xBB\xBF" "b\n",
	    "1:a\n2:\xEF\xBB\xBF" "b\n"),
	C("quote inside an unquoted field", "ok,1\nab\"c,1\n",
	    "1:ok|1\nerror 2: quote inside an unquoted field"),
	C("text after a closing quote", "\"ab\"c,1\n",
	    "error 1: unexpected character after closing quote"),
	C("space after a closing quote", "\"ab\" ,1\n",
	    "error 1: unexpected character after closing quote"),
	C("unterminated quote names its opening line",
	    "a\n\"open\n\nmore\n",
	    "1:a\nerror 2: quoted field not closed"),
	C("bare CR", "a\rb\n", "error 1: carriage return without line feed"),
	C("CR at the end of input", "a\r",
	    "error 1: carriage return without line feed"),
	C("NUL byte", "a\n\0b\n", "1:a\nerror 2: NUL byte"),
	C("NUL byte in quotes", "\"a\0\"\n", "error 1: NUL byte"),
	C("semicolons, found from the header", "Name;ID;Age\nDoe, J;1;2\n",
	    "1:Name|ID|Age\n2:Doe, J|1|2\n"),
	C("commas fixed by the header keep ';' as data", "a,b\nc;d,e\n",
	    "1:a|b\n2:c;d|e\n"),
	C("the first separator of the header wins", "a;b,c\n", "1:a|b,c\n"),
	C("a quoted ';' in a header of commas", "\"a;b\",c\nd;e,f\n",
	    "1:a;b|c\n2:d;e|f\n"),
	C("quoted field then ';'", "x;\"a;b\";c\n", "1:x|a;b|c\n"),
	C("what a spreadsheet writes: BOM, ';', CRLF, blank last line",
	    "\xEF\xBB\xBFName;ID;Age\r\nZo\xC3\xAB;1;12\r\n\r\n",
	    "1:Name|ID|Age\n2:Zo\xC3\xAB|1|12\n"),
	C("blank last line is the end", "a,b\nc,d\n\n", "1:a|b\n2:c|d\n"),
	C("blank last line without its line end", "a,b\n\n", "1:a|b\n"),
	C("two blank last lines: the first is a record", "a\n\n\n",
	    "1:a\n2:\n"),
	C("an empty quoted field last is a record, not a blank line",
	    "a\n\"\"\n", "1:a\n2:\n"),
#undef C
};

static void
test_reader(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(render(cases[i].in, cases[i].len), cases[i].want,
		    cases[i].what);
}

static void
test_limits(void)
{
	size_t n = CSV_MAX_RECORD + 10;
	char *big;

	if ((big = malloc(n + 1)) == NULL)
		return;
	memset(big, 'x', n);
	big[n] = '\n';
	is_str(render(big, n + 1), "error 1: record too long",
	    "record longer than CSV_MAX_RECORD");
	memset(big, ',', n);
	is_str(render(big, n + 1), "error 1: record too long",
	    "too many empty fields");
	free(big);
	/* One field of CSV_MAX_RECORD - 1 bytes plus its NUL just fits. */
	big = malloc(CSV_MAX_RECORD);
	if (big == NULL)
		return;
	memset(big, 'y', CSV_MAX_RECORD - 1);
	big[CSV_MAX_RECORD - 1] = '\n';
	ok(strncmp(render(big, CSV_MAX_RECORD), "1:yyy", 5) == 0,
	    "record at the size limit");
	big[CSV_MAX_RECORD - 1] = 'y';
	is_str(render(big, CSV_MAX_RECORD), "error 1: record too long",
	    "one byte more is too long");
	free(big);
}

/* csv_write_field output must read back as the same single field. */
static void
test_writer(void)
{
	static const char *const fields[] = {
		"Karam", "Doe, Jane", "say \"hi\"", "\"", "", "a\nb",
		"a\r\nb", "<b>&amp;</b>", "Zoë 李", "\xEF\xBB\xBFx", "x,",
	};
	static const char *const want[] = {
		"Karam", "\"Doe, Jane\"", "\"say \"\"hi\"\"\"", "\"\"\"\"",
		"", "\"a\nb\"", "\"a\r\nb\"", "\"<b>&amp;</b>\"", "Zoë 李",
		"\"\xEF\xBB\xBFx\"", "\"x,\"",
	};
	char buf[256], back[300];
	size_t i, len;
	FILE *fp;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if ((fp = fmemopen(buf, sizeof buf, "w")) == NULL)
			continue;
		ok(csv_write_field(fp, fields[i]) == 0 && fputs(",1\n", fp)
		    != EOF, "csv_write_field succeeds");
		len = (size_t)ftell(fp);
		fclose(fp);
		buf[len] = '\0';
		ok(len >= 3 && strncmp(buf, want[i], len - 3) == 0 &&
		    strlen(want[i]) == len - 3, "field written as expected");
		snprintf(back, sizeof back, "1:%s|1\n", fields[i]);
		is_str(render(buf, len), back, "written field reads back");
	}

	/* Records: a lone empty field must not become a blank line, which
	 * would end the file when it is the last one. */
	static const char *const lone[] = { "" }, *const three[] = {
		"a", "", "b,c" };
	if ((fp = fmemopen(buf, sizeof buf, "w")) != NULL) {
		ok(csv_write_record(fp, three, 3, "\r\n") == 0 &&
		    csv_write_record(fp, lone, 1, "\n") == 0,
		    "csv_write_record succeeds");
		len = (size_t)ftell(fp);
		fclose(fp);
		buf[len] = '\0';
		is_str(buf, "a,,\"b,c\"\r\n\"\"\n", "records written as expected");
		is_str(render(buf, len), "1:a||b,c\n2:\n",
		    "and read back, the lone empty field last included");
	}
}

static void
test_intparse(void)
{
	static const struct {
		const char *s;
		long long min, max;
		enum intparse_status want;
		long long value;
	} t[] = {
		{ "0", 0, 10, INTPARSE_OK, 0 },
		{ "10", 0, 10, INTPARSE_OK, 10 },
		{ "007", 0, 10, INTPARSE_OK, 7 },
		{ "9223372036854775807", 1, 9223372036854775807LL,
		    INTPARSE_OK, 9223372036854775807LL },
		{ "00000000000000001711", 1, 9223372036854775807LL,
		    INTPARSE_OK, 1711 },
		{ "9223372036854775808", 1, 9223372036854775807LL,
		    INTPARSE_RANGE, 0 },
		{ "18446744073709551616", 1, 9223372036854775807LL,
		    INTPARSE_RANGE, 0 },
		/* 2^64 + 1 and 2^64 + 10 would wrap to 1 and 10. */
		{ "18446744073709551617", 1, 9223372036854775807LL,
		    INTPARSE_RANGE, 0 },
		{ "18446744073709551626", 1, 9223372036854775807LL,
		    INTPARSE_RANGE, 0 },
		{ "92233720368547758070", 1, 9223372036854775807LL,
		    INTPARSE_RANGE, 0 },
		{ "9", 0, 5, INTPARSE_RANGE, 0 },
		{ "5", 0, 5, INTPARSE_OK, 5 },
		{ "0", 0, 0, INTPARSE_OK, 0 },
		{ "1", 0, 0, INTPARSE_RANGE, 0 },
		{ "99999999999999999999999999", 0, 5, INTPARSE_RANGE, 0 },
		{ "99999999999999999999x", 0, 5, INTPARSE_SYNTAX, 0 },
		{ "0", 1, 10, INTPARSE_RANGE, 0 },
		{ "000", 1, 10, INTPARSE_RANGE, 0 },
		{ "11", 0, 10, INTPARSE_RANGE, 0 },
		{ "", 0, 10, INTPARSE_EMPTY, 0 },
		{ "+1", 0, 10, INTPARSE_SYNTAX, 0 },
		{ "-1", 0, 10, INTPARSE_SYNTAX, 0 },
		{ " 1", 0, 10, INTPARSE_SYNTAX, 0 },
		{ "1 ", 0, 10, INTPARSE_SYNTAX, 0 },
		{ "0x1", 0, 10, INTPARSE_SYNTAX, 0 },
		{ "1e2", 0, 1000, INTPARSE_SYNTAX, 0 },
		{ "1.0", 0, 10, INTPARSE_SYNTAX, 0 },
		{ "\xd9\xa1", 0, 10, INTPARSE_SYNTAX, 0 },	/* Arabic 1 */
	};
	long long v;
	size_t i;
	char what[128];

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		v = -42;
		snprintf(what, sizeof what, "intparse_dec \"%s\" in "
		    "[%lld, %lld]", t[i].s, t[i].min, t[i].max);
		is_int(intparse_dec(t[i].s, t[i].min, t[i].max, &v),
		    t[i].want, what);
		is_int(v, t[i].want == INTPARSE_OK ? t[i].value : -42,
		    "value stored only on success");
	}
	is_int(intparse_dec(NULL, 0, 1, &v), INTPARSE_EMPTY, "NULL is empty");
	is_str(intparse_strerror(INTPARSE_RANGE), "out of range",
	    "intparse_strerror");
}

int
main(void)
{
	test_reader();
	test_limits();
	test_writer();
	test_intparse();
	return tap_done();
}
