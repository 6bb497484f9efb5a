/* SPDX-License-Identifier: ISC */
/* Fuzzes qbank_parse (lib/qbank.c): a bank it accepts must hold only
 * questions qbank_add would accept, and qbank_write must give text that
 * parses back to the same bank and is then written identically; fed as
 * exam.db rows through qbank_row, as examd and examctl load it, it must
 * come back the same too. A refused text must name a line that exists and
 * a reason. */
#include <string.h>

#include "fuzz.h"
#include "qbank.h"

static void
check_bank(const struct qbank *b)
{
	const struct qbank_question *q;
	size_t i;
	int k;

	FUZZ_CHECK(b->n >= 1 && b->n <= QBANK_MAX_QUESTIONS);
	for (i = 0; i < b->n; i++) {
		q = &b->q[i];
		FUZZ_CHECK(qbank_text_problem(q->prompt) == NULL);
		FUZZ_CHECK(q->nchoices >= QBANK_MIN_CHOICES &&
		    q->nchoices <= QBANK_MAX_CHOICES);
		for (k = 0; k < q->nchoices; k++)
			FUZZ_CHECK(qbank_text_problem(q->choices[k]) == NULL);
		FUZZ_CHECK(q->answer >= 'a' && q->answer < 'a' + q->nchoices);
	}
}

static int
same_bank(const struct qbank *a, const struct qbank *b)
{
	size_t i;
	int k;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->q[i].prompt, b->q[i].prompt) != 0 ||
		    a->q[i].nchoices != b->q[i].nchoices ||
		    a->q[i].answer != b->q[i].answer)
			return 0;
		for (k = 0; k < a->q[i].nchoices; k++)
			if (strcmp(a->q[i].choices[k], b->q[i].choices[k]))
				return 0;
	}
	return 1;
}

/* The bank fed back as the rows of exam.db, one a choice. */
static struct qbank *
via_rows(const struct qbank *b)
{
	static struct qbank_draft d;
	struct qbank_error err;
	struct qbank *r;
	char answer[2] = { 0, 0 }, letter[2] = { 0, 0 };
	size_t i;
	int k;

	FUZZ_CHECK((r = qbank_new()) != NULL);
	memset(&d, 0, sizeof d);
	for (i = 0; i < b->n; i++) {
		answer[0] = b->q[i].answer;
		for (k = 0; k < b->q[i].nchoices; k++) {
			letter[0] = (char)('a' + k);
			FUZZ_CHECK(qbank_row(r, &d, (long long)i + 1,
			    b->q[i].prompt, answer, letter,
			    b->q[i].choices[k], &err) == 0);
		}
	}
	FUZZ_CHECK(qbank_rows_end(r, &d, &err) == 0);
	return r;
}

/* Returns qbank_write's text in a new buffer (*len bytes). */
static char *
write_bank(const struct qbank *b, size_t *len)
{
	char *out = NULL;
	FILE *fp;

	FUZZ_CHECK((fp = open_memstream(&out, len)) != NULL);
	FUZZ_CHECK(qbank_write(fp, b) == 0);
	FUZZ_CHECK(fclose(fp) == 0);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qbank_error err, err2;
	struct qbank *b, *b2;
	char *text, *text2;
	size_t len, len2, i, lines = 0;

	b = qbank_parse((const char *)data, size, &err);
	if (b == NULL) {
		for (i = 0; i < size; i++)
			lines += data[i] == '\n';
		if (size > 0 && data[size - 1] != '\n')
			lines++;
		FUZZ_CHECK(err.line >= 1 && err.line <= (lines ? lines : 1));
		FUZZ_CHECK(err.reason[0] != '\0');
		FUZZ_CHECK(memchr(err.reason, '\0', sizeof err.reason) != NULL);
		return 0;
	}
	check_bank(b);
	text = write_bank(b, &len);
	b2 = qbank_parse(text, len, &err2);
	if (b2 == NULL) {
		fprintf(stderr, "written bank refused: line %zu: %s\n",
		    err2.line, err2.reason);
		abort();
	}
	FUZZ_CHECK(same_bank(b, b2));
	qbank_free(b2);
	b2 = via_rows(b);
	FUZZ_CHECK(same_bank(b, b2));
	text2 = write_bank(b2, &len2);
	FUZZ_CHECK(len == len2 && memcmp(text, text2, len) == 0);
	free(text);
	free(text2);
	qbank_free(b);
	qbank_free(b2);
	return 0;
}
