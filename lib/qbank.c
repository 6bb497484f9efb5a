/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "qbank.h"
#include "utf8.h"

struct qbank *
qbank_new(void)
{
	return calloc(1, sizeof(struct qbank));
}

static void
question_clear(struct qbank_question *q)
{
	int i;

	free(q->prompt);
	for (i = 0; i < q->nchoices; i++)
		free(q->choices[i]);
	memset(q, 0, sizeof *q);
}

void
qbank_free(struct qbank *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		question_clear(&b->q[i]);
	free(b->q);
	free(b);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *
qbank_text_problem(const char *s)
{
	size_t n;

	if (s == NULL || s[0] == '\0')
		return "empty text";
	n = strlen(s);
	if (n > QBANK_MAX_TEXT)
		return "text longer than 512 bytes";
	if (is_blank(s[0]) || is_blank(s[n - 1]))
		return "leading or trailing blank in text";
	switch (utf8_text_check(s, n, 1)) {
	case UTF8_TEXT_OK:
		break;
	case UTF8_TEXT_INVALID:
		return "text is not valid UTF-8";
	case UTF8_TEXT_CONTROL:
		return "control character in text";
	}
	return NULL;
}

const char *
qbank_add(struct qbank *b, const char *prompt, const char *const choices[],
    int n, char answer)
{
	struct qbank_question q, *nq;
	const char *why;
	size_t cap;
	int i;

	if (n < QBANK_MIN_CHOICES)
		return "a question needs at least 2 choices";
	if (n > QBANK_MAX_CHOICES)
		return "a question has at most 6 choices";
	if (answer >= 'A' && answer <= 'Z')
		answer = (char)(answer - 'A' + 'a');
	if (answer < 'a' || answer >= 'a' + n)
		return "the answer is not the letter of an offered choice";
	if ((why = qbank_text_problem(prompt)) != NULL)
		return why;
	for (i = 0; i < n; i++)
		if ((why = qbank_text_problem(choices[i])) != NULL)
			return why;
	if (b->n >= QBANK_MAX_QUESTIONS)
		return "more than 1000 questions";
	if (b->n == b->cap) {
		cap = b->cap ? b->cap * 2 : 16;
		nq = realloc(b->q, cap * sizeof *nq);
		if (nq == NULL)
			return "out of memory";
		b->q = nq;
		b->cap = cap;
	}
	memset(&q, 0, sizeof q);
	q.answer = answer;
	if ((q.prompt = strdup(prompt)) == NULL)
		goto oom;
	for (i = 0; i < n; i++) {
		if ((q.choices[i] = strdup(choices[i])) == NULL)
			goto oom;
		q.nchoices = i + 1;
	}
	b->q[b->n++] = q;
	return NULL;
oom:
	question_clear(&q);
	return "out of memory";
}

static void fail(struct qbank_error *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct qbank_error *err, size_t line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof err->reason, fmt, ap);
	va_end(ap);
}

/* Copies the len bytes at s into dst (QBANK_MAX_TEXT + 1 bytes) and
 * checks them. Returns NULL or a reason. */
static const char *
copy_text(char *dst, const char *s, size_t len)
{
	if (len == 0)
		return "empty text";
	if (len > QBANK_MAX_TEXT)
		return "text longer than 512 bytes";
	memcpy(dst, s, len);
	dst[len] = '\0';
	return qbank_text_problem(dst);
}

/* copy_text for the text after a line's tag, without surrounding blanks. */
static const char *
take_text(char *dst, const char *s, size_t len)
{
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	return copy_text(dst, s, len);
}

/* Opens a draft for the question whose prompt (already copied and
 * checked) starts at line. */
static void
draft_open(struct qbank_draft *d, size_t line)
{
	d->open = 1;
	d->line = line;
	d->n = 0;
	d->answer = '\0';
}

/* Adds the next choice, letter, with its len-byte text (trimmed when
 * trim) to d: the one place that checks that choices run a, b, c... in
 * order, at most QBANK_MAX_CHOICES of them. Returns 0, or -1 with err set
 * at line. */
static int
draft_choice(struct qbank_draft *d, char letter, const char *text,
    size_t len, int trim, size_t line, struct qbank_error *err)
{
	const char *why;

	assert(d->open && d->n >= 0 && d->n <= QBANK_MAX_CHOICES);
	if (d->n == QBANK_MAX_CHOICES) {
		fail(err, line, "too many choices (at most 6)");
		return -1;
	}
	if (letter != 'a' + d->n) {
		fail(err, line, "choice '%c)' out of order: expected '%c)'",
		    letter, 'a' + d->n);
		return -1;
	}
	why = trim ? take_text(d->choice[d->n], text, len) :
	    copy_text(d->choice[d->n], text, len);
	if (why != NULL) {
		fail(err, line, "choice %c: %s", letter, why);
		return -1;
	}
	d->n++;
	return 0;
}

/* Hands the drafted question, with answer, to qbank_add and closes the
 * draft. Returns 0, or -1 with err set at line. */
static int
draft_add(struct qbank *b, struct qbank_draft *d, char answer, size_t line,
    struct qbank_error *err)
{
	const char *why, *choices[QBANK_MAX_CHOICES];
	int k;

	for (k = 0; k < d->n; k++)
		choices[k] = d->choice[k];
	d->open = 0;
	if ((why = qbank_add(b, d->prompt, choices, d->n, answer)) != NULL) {
		fail(err, line, "%s", why);
		return -1;
	}
	return 0;
}

/* What a line inside a question should have been, for error messages. */
static void
expected(struct qbank_error *err, size_t line, const struct qbank_draft *p,
    const char *what)
{
	if (p->n < QBANK_MIN_CHOICES)
		fail(err, line, "%s inside a question: expected choice '%c)'",
		    what, 'a' + p->n);
	else if (p->n < QBANK_MAX_CHOICES)
		fail(err, line, "%s inside a question: expected choice '%c)' "
		    "or 'A:'", what, 'a' + p->n);
	else
		fail(err, line, "%s inside a question: expected 'A:'", what);
}

/* Handles one line (without its end) inside a question. Returns 0, or -1
 * with *err set. */
static int
question_line(struct qbank *b, struct qbank_draft *p, const char *s,
    size_t len, size_t line, struct qbank_error *err)
{
	char ans[QBANK_MAX_TEXT + 1];
	const char *why;
	size_t i;

	for (i = 0; i < len && is_blank(s[i]); i++)
		continue;
	if (i == len) {
		expected(err, line, p, "blank line");
		return -1;
	}
	if (s[i] == '#') {
		expected(err, line, p, "comment");
		return -1;
	}
	if (len >= 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')')
		return draft_choice(p, s[0], s + 2, len - 2, 1, line, err);
	if (len >= 2 && s[0] == 'A' && s[1] == ':') {
		if (p->n < QBANK_MIN_CHOICES) {
			fail(err, line, "a question needs at least 2 choices");
			return -1;
		}
		why = take_text(ans, s + 2, len - 2);
		if (why != NULL || ans[1] != '\0' ||
		    ((ans[0] | 0x20) < 'a' || (ans[0] | 0x20) >= 'a' + p->n)) {
			fail(err, line, "the answer must be one letter from "
			    "a to %c", 'a' + p->n - 1);
			return -1;
		}
		return draft_add(b, p, ans[0], line, err);
	}
	if (len >= 2 && s[0] == 'Q' && s[1] == ':') {
		fail(err, line, "new question before the 'A:' line of the "
		    "question at line %zu", p->line);
		return -1;
	}
	expected(err, line, p, "unexpected line");
	return -1;
}

/* Handles one line between questions. Returns 0, or -1 with *err set. */
static int
outside_line(struct qbank_draft *p, const char *s, size_t len, size_t line,
    struct qbank_error *err)
{
	const char *why;
	size_t i;

	for (i = 0; i < len && is_blank(s[i]); i++)
		continue;
	if (i == len || s[i] == '#')
		return 0;
	if (len >= 2 && s[0] == 'Q' && s[1] == ':') {
		if ((why = take_text(p->prompt, s + 2, len - 2)) != NULL) {
			fail(err, line, "question: %s", why);
			return -1;
		}
		draft_open(p, line);
		return 0;
	}
	if (len >= 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')')
		fail(err, line, "choice outside a question (no 'Q:' line "
		    "before it)");
	else if (len >= 2 && s[0] == 'A' && s[1] == ':')
		fail(err, line, "answer outside a question (no 'Q:' line "
		    "before it)");
	else
		fail(err, line, "expected 'Q:', a comment or a blank line");
	return -1;
}

struct qbank *
qbank_parse(const char *text, size_t len, struct qbank_error *err)
{
	struct qbank *b = NULL;
	struct qbank_draft *p = NULL;
	const char *s, *nl;
	size_t pos = 0, line = 0, n;

	memset(err, 0, sizeof *err);
	if ((b = qbank_new()) == NULL || (p = calloc(1, sizeof *p)) == NULL) {
		fail(err, 0, "out of memory");
		goto bad;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		s = text + pos;
		line++;
		nl = memchr(s, '\n', len - pos);
		n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + (nl != NULL);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (memchr(s, '\0', n) != NULL) {
			fail(err, line, "NUL byte in line");
			goto bad;
		}
		if (n > QBANK_MAX_LINE) {
			fail(err, line, "line longer than 1024 bytes");
			goto bad;
		}
		if (p->open ? question_line(b, p, s, n, line, err) :
		    outside_line(p, s, n, line, err))
			goto bad;
	}
	if (p->open) {
		fail(err, p->line, "question has no 'A:' line before the "
		    "end of the file");
		goto bad;
	}
	if (b->n == 0) {
		fail(err, line ? line : 1, "no questions in the file");
		goto bad;
	}
	free(p);
	return b;
bad:
	free(p);
	qbank_free(b);
	return NULL;
}

int
qbank_row(struct qbank *b, struct qbank_draft *d, long long pos,
    const char *prompt, const char *answer, const char *letter,
    const char *text, struct qbank_error *err)
{
	size_t line = pos > 0 ? (size_t)pos : 0;
	const char *why;

	if (!d->open || d->line != line) {
		if (qbank_rows_end(b, d, err) == -1)
			return -1;
		if ((why = copy_text(d->prompt, prompt ? prompt : "",
		    prompt ? strlen(prompt) : 0)) != NULL) {
			fail(err, line, "question: %s", why);
			return -1;
		}
		draft_open(d, line);
		/* Not one letter: a character qbank_add refuses. */
		d->answer = answer != NULL && answer[0] != '\0' &&
		    answer[1] == '\0' ? answer[0] : '?';
	}
	if (letter == NULL)
		return 0;	/* no choices: qbank_add refuses the question */
	return draft_choice(d, letter[0] != '\0' && letter[1] == '\0' ?
	    letter[0] : '?', text ? text : "", text ? strlen(text) : 0, 0,
	    line, err);
}

int
qbank_rows_end(struct qbank *b, struct qbank_draft *d,
    struct qbank_error *err)
{
	if (!d->open)
		return 0;
	return draft_add(b, d, d->answer, d->line, err);
}

int
qbank_write(FILE *fp, const struct qbank *b)
{
	const struct qbank_question *q;
	size_t i;
	int k;

	for (i = 0; i < b->n; i++) {
		q = &b->q[i];
		fprintf(fp, "%sQ: %s\n", i ? "\n" : "", q->prompt);
		for (k = 0; k < q->nchoices; k++)
			fprintf(fp, "%c) %s\n", 'a' + k, q->choices[k]);
		fprintf(fp, "A: %c\n", q->answer);
	}
	return ferror(fp) ? -1 : 0;
}
