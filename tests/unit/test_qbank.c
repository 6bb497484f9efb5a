/* SPDX-License-Identifier: ISC */
/* lib/qbank.c: the question-bank format, good and bad banks, each error's
 * line number and reason, and the writer's round trip. */
#include <stdlib.h>
#include <string.h>

#include "qbank.h"
#include "tap.h"

static const char spec_example[] =
    "# comment lines and blank lines between questions are ignored\n"
    "Q: Which layer of the OSI model does TCP belong to?\n"
    "a) Network\n"
    "b) Transport\n"
    "c) Session\n"
    "d) Application\n"
    "A: b\n";

static struct qbank *
parse(const char *text, struct qbank_error *err)
{
	return qbank_parse(text, strlen(text), err);
}

/* A malformed bank, the line the error must name and a word of the
 * reason. */
struct bad {
	const char	*text;
	size_t		 line;
	const char	*reason;
};

static const struct bad bad[] = {
	{ "", 1, "no questions" },
	{ "# only a comment\n\n", 2, "no questions" },
	{ "\n\n   \n", 3, "no questions" },
	{ "Q: x\na) 1\nb) 2\n", 1, "no 'A:' line" },
	{ "Q: x\n", 1, "no 'A:' line" },
	{ "Q: x\na) 1\nA: a\n", 3, "at least 2 choices" },
	{ "Q: x\nA: a\n", 2, "at least 2 choices" },
	{ "Q: x\na) 1\nc) 2\nA: a\n", 3, "out of order" },
	{ "Q: x\nb) 1\nc) 2\nA: b\n", 2, "expected 'a)'" },
	{ "Q: x\na) 1\na) 2\nA: a\n", 3, "out of order" },
	{ "Q: x\na) 1\nb) 2\nc) 3\nd) 4\ne) 5\nf) 6\ng) 7\nA: a\n", 8,
	    "too many choices" },
	{ "Q: x\na) 1\nb) 2\nA: c\n", 4, "from a to b" },
	{ "Q: x\na) 1\nb) 2\nA: ab\n", 4, "one letter" },
	{ "Q: x\na) 1\nb) 2\nA:\n", 4, "one letter" },
	{ "Q: x\na) 1\nb) 2\nA: 1\n", 4, "one letter" },
	{ "Q:\na) 1\nb) 2\nA: a\n", 1, "question: empty text" },
	{ "Q:   \t \na) 1\nb) 2\nA: a\n", 1, "question: empty text" },
	{ "Q: x\na)\nb) 2\nA: a\n", 2, "choice a: empty text" },
	{ "Q: x\na) 1\n\nb) 2\nA: a\n", 3, "blank line inside" },
	{ "Q: x\na) 1\n# note\nb) 2\nA: a\n", 3, "comment inside" },
	{ "Q: x\na) 1\nb) 2\nQ: y\n", 4, "line 1" },
	{ "Q: x\na) 1\nb) 2\nwhat\nA: a\n", 4, "expected choice 'c)' or" },
	{ "Q: x\na) 1\nb) 2\nA: a\nc) 3\n", 5, "choice outside" },
	{ "A: a\n", 1, "answer outside" },
	{ "a) 1\n", 1, "choice outside" },
	{ "Question: x\n", 1, "expected 'Q:'" },
	{ " Q: x\na) 1\nb) 2\nA: a\n", 1, "expected 'Q:'" },
	{ "q: x\na) 1\nb) 2\nA: a\n", 1, "expected 'Q:'" },
	{ "Q: x\na) 1\nb) 2\nA: a\nnonsense\n", 5, "expected 'Q:'" },
	{ "Q: x\na) 1\nb) 2\nA: a\n\n\nQ: y\na) 1\n", 7, "no 'A:' line" },
	{ "Q: a\001b\na) 1\nb) 2\nA: a\n", 1, "control character" },
	{ "Q: a\rb\na) 1\nb) 2\nA: a\n", 1, "control character" },
	{ "Q: a\x7f" "b\na) 1\nb) 2\nA: a\n", 1, "control character" },
	/* C1 (U+0080-U+009F): the CSI U+009B starts a terminal escape. */
	{ "Q: a\xc2\x9b" "31mred\na) 1\nb) 2\nA: a\n", 1,
	    "question: control character" },
	{ "Q: x\na) 1\nb) 2\xc2\x80\nA: a\n", 3,
	    "choice b: control character" },
	{ "Q: x\na) \xc2\x9f\nb) 2\nA: a\n", 2, "control character" },
	{ "Q: x\na) \xff\nb) 2\nA: a\n", 2, "not valid UTF-8" },
	{ "Q: x\na) 1\nb) \xc0\xaf\nA: a\n", 3, "not valid UTF-8" },
	{ "Q: x\na) 1\nb) \xed\xa0\x80\nA: a\n", 3, "not valid UTF-8" },
};

static void
test_bad(void)
{
	struct qbank_error err;
	struct qbank *b;
	char what[200];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		b = parse(bad[i].text, &err);
		snprintf(what, sizeof what, "bad bank %zu rejected", i);
		ok(b == NULL, what);
		qbank_free(b);
		snprintf(what, sizeof what, "bad bank %zu: error at line %zu",
		    i, bad[i].line);
		is_int(err.line, bad[i].line, what);
		snprintf(what, sizeof what, "bad bank %zu: reason has \"%s\"",
		    i, bad[i].reason);
		if (!ok(strstr(err.reason, bad[i].reason) != NULL, what))
			printf("#   reason: %s\n", err.reason);
	}
}

static void
test_good(void)
{
	struct qbank_error err;
	struct qbank *b;

	b = parse(spec_example, &err);
	ok(b != NULL, "the SPEC example parses");
	if (b == NULL)
		return;
	is_int(b->n, 1, "one question");
	is_str(b->q[0].prompt,
	    "Which layer of the OSI model does TCP belong to?", "prompt");
	is_int(b->q[0].nchoices, 4, "four choices");
	is_str(b->q[0].choices[1], "Transport", "choice b");
	is_int(b->q[0].answer, 'b', "answer b");
	qbank_free(b);

	b = parse("\xef\xbb\xbfQ:  Two?  \r\na)Yes\t\r\nb) No\r\nA: B \r\n"
	    "\r\n   # indented comment\r\n\t\r\n"
	    "Q: Six?\na) 1\nb) 2\nc) 3\nd) 4\ne) 5\nf) caf\xc3\xa9\nA: f",
	    &err);
	ok(b != NULL, "CRLF, BOM, blanks, comments, no final newline");
	if (b == NULL) {
		printf("#   line %zu: %s\n", err.line, err.reason);
		return;
	}
	is_int(b->n, 2, "two questions");
	is_str(b->q[0].prompt, "Two?", "prompt trimmed");
	is_str(b->q[0].choices[0], "Yes", "choice without a space, trimmed");
	is_int(b->q[0].answer, 'b', "upper-case answer letter accepted");
	is_int(b->q[1].nchoices, 6, "six choices");
	is_str(b->q[1].choices[5], "caf\xc3\xa9", "UTF-8 kept");
	is_int(b->q[1].answer, 'f', "answer f");
	qbank_free(b);

	b = parse("Q: tab\there, U+00A0\xc2\xa0" "and \xc2\xa9\na) 1\nb) 2\n"
	    "A: a\n", &err);
	ok(b != NULL, "a tab inside, and U+00A0 and U+00A9 next to C1, pass");
	qbank_free(b);
}

static void
test_nul_and_lengths(void)
{
	static const char nul[] = "Q: x\na) 1\nb) \0\nA: a\n";
	struct qbank_error err;
	struct qbank *b;
	char *text, *p;

	b = qbank_parse(nul, sizeof nul - 1, &err);
	ok(b == NULL && err.line == 3 && strstr(err.reason, "NUL"),
	    "NUL byte rejected with its line");
	qbank_free(b);

	text = malloc(2 * QBANK_MAX_LINE);
	if (text == NULL)
		return;
	/* A prompt of exactly QBANK_MAX_TEXT bytes is fine... */
	p = text + sprintf(text, "Q: ");
	memset(p, 'x', QBANK_MAX_TEXT);
	strcpy(p + QBANK_MAX_TEXT, "\na) 1\nb) 2\nA: a\n");
	b = parse(text, &err);
	ok(b != NULL, "512-byte prompt accepted");
	qbank_free(b);
	/* ...one more byte is not. */
	p = text + sprintf(text, "Q: x\na) ");
	memset(p, 'x', QBANK_MAX_TEXT + 1);
	strcpy(p + QBANK_MAX_TEXT + 1, "\nb) 2\nA: a\n");
	b = parse(text, &err);
	ok(b == NULL && err.line == 2 && strstr(err.reason, "longer"),
	    "513-byte choice rejected at its line");
	qbank_free(b);
	/* A line over QBANK_MAX_LINE bytes, even a comment. */
	memset(text, ' ', QBANK_MAX_LINE + 1);
	text[0] = '#';
	strcpy(text + QBANK_MAX_LINE + 1, "\nQ: x\na) 1\nb) 2\nA: a\n");
	b = parse(text, &err);
	ok(b == NULL && err.line == 1 && strstr(err.reason, "1024"),
	    "1025-byte line rejected");
	qbank_free(b);
	free(text);
}

static void
test_add_and_limits(void)
{
	const char *two[] = { "yes", "no" };
	const char *seven[] = { "1", "2", "3", "4", "5", "6", "7" };
	const char *blank[] = { "yes", " no" };
	struct qbank *b = qbank_new();
	size_t i;
	int full = 0;

	if (b == NULL)
		return;
	ok(qbank_add(b, "Q?", two, 2, 'a') == NULL, "qbank_add accepts");
	ok(qbank_add(b, "Q?", two, 1, 'a') != NULL, "one choice refused");
	ok(qbank_add(b, "Q?", seven, 7, 'a') != NULL, "seven refused");
	ok(qbank_add(b, "Q?", two, 2, 'c') != NULL, "answer c of 2 refused");
	ok(qbank_add(b, "Q?", two, 2, '?') != NULL, "answer ? refused");
	ok(qbank_add(b, "", two, 2, 'a') != NULL, "empty prompt refused");
	ok(qbank_add(b, "Q?", blank, 2, 'a') != NULL, "padded text refused");
	ok(qbank_add(b, "Q\n?", two, 2, 'a') != NULL, "newline refused");
	is_int(b->n, 1, "refused questions are not added");
	for (i = 1; i < QBANK_MAX_QUESTIONS + 1; i++)
		if (qbank_add(b, "Q?", two, 2, 'B') != NULL)
			full = 1;
	is_int(b->n, QBANK_MAX_QUESTIONS, "at most 1000 questions");
	ok(full, "the 1001st is refused");
	is_int(b->q[1].answer, 'b', "answer letter stored lower-case");
	qbank_free(b);
	qbank_free(NULL);
}

/* The rows of exam.db (qbank_row): the same rules as the text format. */
struct row {
	long long	 pos;
	const char	*prompt, *answer, *letter, *text;
};

/* Feeds n rows into a new bank; returns it, or NULL with *err set. */
static struct qbank *
rows(const struct row *r, size_t n, struct qbank_error *err)
{
	struct qbank_draft d;
	struct qbank *b = qbank_new();
	size_t i;

	memset(&d, 0, sizeof d);
	for (i = 0; i < n; i++)
		if (qbank_row(b, &d, r[i].pos, r[i].prompt, r[i].answer,
		    r[i].letter, r[i].text, err) == -1)
			goto bad;
	if (qbank_rows_end(b, &d, err) == -1)
		goto bad;
	return b;
bad:
	qbank_free(b);
	return NULL;
}

static void
test_rows(void)
{
	static const struct row good[] = {
		{ 1, "One?", "b", "a", "x" }, { 1, "One?", "b", "b", "y" },
		{ 2, "Two?", "a", "a", "p" }, { 2, "Two?", "a", "b", "q" },
		{ 2, "Two?", "a", "c", "r" },
	};
	static const struct row gap[] = {
		{ 1, "One?", "a", "a", "x" }, { 1, "One?", "a", "b", "y" },
		{ 3, "Three?", "a", "a", "x" }, { 3, "Three?", "a", "c", "y" },
	};
	static const struct row none[] = { { 4, "Bare?", "a", NULL, NULL } };
	static const struct row csi[] = {
		{ 5, "One?", "a", "a", "x" },
		{ 5, "One?", "a", "b", "\xc2\x9b" "2J" },
	};
	static const struct row blank[] = {
		{ 6, " One?", "a", "a", "x" }, { 6, " One?", "a", "b", "y" },
	};
	static const struct row answer[] = {
		{ 7, "One?", "c", "a", "x" }, { 7, "One?", "c", "b", "y" },
	};
	static const struct row seven[] = {
		{ 8, "Q?", "a", "a", "1" }, { 8, "Q?", "a", "b", "2" },
		{ 8, "Q?", "a", "c", "3" }, { 8, "Q?", "a", "d", "4" },
		{ 8, "Q?", "a", "e", "5" }, { 8, "Q?", "a", "f", "6" },
		{ 8, "Q?", "a", "g", "7" },
	};
	struct qbank_error err;
	struct qbank *b;

	b = rows(good, 5, &err);
	ok(b != NULL && b->n == 2 && b->q[1].nchoices == 3 &&
	    b->q[0].answer == 'b' && strcmp(b->q[1].choices[2], "r") == 0,
	    "rows make the bank");
	qbank_free(b);
	b = rows(good, 0, &err);
	ok(b != NULL && b->n == 0, "no rows: an empty bank");
	qbank_free(b);
	ok(rows(gap, 4, &err) == NULL && err.line == 3 &&
	    strstr(err.reason, "choice 'c)' out of order: expected 'b)'"),
	    "a gap in the letters: refused at its position");
	ok(rows(none, 1, &err) == NULL && err.line == 4 &&
	    strstr(err.reason, "at least 2 choices"),
	    "a question without choices is refused");
	ok(rows(csi, 2, &err) == NULL && err.line == 5 &&
	    strstr(err.reason, "choice b: control character"),
	    "a C1 control in a stored choice is refused");
	ok(rows(blank, 2, &err) == NULL &&
	    strstr(err.reason, "question: leading or trailing blank"),
	    "stored text is not trimmed, but refused");
	ok(rows(answer, 2, &err) == NULL &&
	    strstr(err.reason, "not the letter of an offered choice"),
	    "an answer that is not a choice");
	ok(rows(seven, 7, &err) == NULL && strstr(err.reason, "too many"),
	    "seven choices: the one limit");
}

/* Writing then parsing gives the same bank. */
static void
test_round_trip(void)
{
	static const char text[] = "Q: One?\na) x\nb) y\nA: b\n\n"
	    "Q: Two #?\na) p\nb) q\nc) r\nA: c\n";
	struct qbank_error err;
	struct qbank *b, *b2;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	b = parse(text, &err);
	fp = open_memstream(&out, &len);
	ok(b != NULL && fp != NULL, "bank and stream");
	if (b == NULL || fp == NULL)
		return;
	is_int(qbank_write(fp, b), 0, "qbank_write succeeds");
	fclose(fp);
	is_str(out, text, "written text is the canonical text");
	b2 = qbank_parse(out, len, &err);
	ok(b2 != NULL && b2->n == 2 && strcmp(b2->q[1].prompt, "Two #?") == 0
	    && b2->q[1].answer == 'c', "and parses back");
	qbank_free(b);
	qbank_free(b2);
	free(out);
}

int
main(void)
{
	test_good();
	test_bad();
	test_nul_and_lengths();
	test_add_and_limits();
	test_rows();
	test_round_trip();
	return tap_done();
}
