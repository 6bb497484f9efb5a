/* SPDX-License-Identifier: ISC */
/* The question-bank text format (SPEC "Questions"): a strict parser that
 * names the line and the reason of the first error, an in-memory bank,
 * and a writer whose output parses back to the same bank.
 *
 *   # comment lines and blank lines between questions are ignored
 *   Q: Which layer of the OSI model does TCP belong to?
 *   a) Network
 *   b) Transport
 *   A: b
 *
 * Inside a question (from its Q: line to its A: line) every line must be
 * the next choice or the answer: a blank or comment line there is an
 * error, so a forgotten A: line cannot silently merge two questions. */
#ifndef QBANK_H
#define QBANK_H

#include <stddef.h>
#include <stdio.h>

#define QBANK_MIN_CHOICES	2
#define QBANK_MAX_CHOICES	6	/* letters a to f, as in the schema */
#define QBANK_MAX_TEXT		512	/* bytes in one prompt or choice */
#define QBANK_MAX_LINE		1024	/* bytes in one line, without its end */
#define QBANK_MAX_QUESTIONS	1000
#define QBANK_MAX_FILE		(4L * 1024 * 1024)

struct qbank_question {
	char	*prompt;
	char	*choices[QBANK_MAX_CHOICES];
	int	 nchoices;
	char	 answer;		/* 'a' + index of the right choice */
};

struct qbank {
	struct qbank_question	*q;
	size_t			 n;
	size_t			 cap;
};

struct qbank_error {
	size_t	line;			/* from 1 */
	char	reason[160];
};

/* Returns a new empty bank, or NULL when out of memory. The caller frees
 * it with qbank_free. */
struct qbank *qbank_new(void);

/* Frees the bank and everything in it; NULL is allowed. */
void qbank_free(struct qbank *b);

/* Checks that s is usable as a prompt or choice: 1 to QBANK_MAX_TEXT
 * bytes of valid UTF-8 with no control characters (C0, DEL or C1, see
 * utf8_control) other than tab, and no leading or trailing blanks.
 * Returns NULL when it is, else a reason. */
const char *qbank_text_problem(const char *s);

/* Appends a copy of one question (prompt, n choices, answer letter in
 * either case). Returns NULL on success, else a reason (a bad text, a
 * wrong number of choices, an answer that is not an offered letter, too
 * many questions, out of memory); the bank is then unchanged. */
const char *qbank_add(struct qbank *b, const char *prompt,
    const char *const choices[], int n, char answer);

/* Parses len bytes of bank text (NUL bytes in it are an error). CRLF
 * line ends are accepted, as is a UTF-8 byte order mark at the start.
 * Returns a bank the caller frees with qbank_free, or NULL with the line
 * and reason in *err. A text without any question is an error. */
struct qbank *qbank_parse(const char *text, size_t len,
    struct qbank_error *err);

/* A question being assembled, line by line (qbank_parse) or row by row
 * (qbank_row): its texts stay here until qbank_add copies them into the
 * bank. Zero it before the first row. */
struct qbank_draft {
	int	open;			/* a question is under way */
	size_t	line;			/* its Q: line, or its position */
	char	prompt[QBANK_MAX_TEXT + 1];
	char	choice[QBANK_MAX_CHOICES][QBANK_MAX_TEXT + 1];
	int	n;			/* choices so far */
	char	answer;			/* from its row; the parser's A: line */
};

/* Feeds one row of the bank as exam.db stores it (sql/exam_schema.sql),
 * which is how examd and examctl both load it: the question at position
 * pos with its prompt and answer, and one of its choices (letter and text
 * NULL for a question without choices, as a LEFT JOIN gives it). The rows
 * of a question come together, its choices by letter. A question enters b
 * through qbank_add when its last row has been seen (the next position,
 * or qbank_rows_end). Returns 0, or -1 with err->line the position of the
 * refused question and err->reason why (choices that do not run a, b,
 * c..., a text qbank_text_problem refuses, a wrong answer...). */
int qbank_row(struct qbank *b, struct qbank_draft *d, long long pos,
    const char *prompt, const char *answer, const char *letter,
    const char *text, struct qbank_error *err);

/* Adds the last question fed to qbank_row. Returns 0 or -1 as qbank_row
 * does. A bank without any row stays empty: that is not an error here. */
int qbank_rows_end(struct qbank *b, struct qbank_draft *d,
    struct qbank_error *err);

/* Writes the bank in the text format, a blank line between questions.
 * Returns 0, or -1 when writing failed. */
int qbank_write(FILE *fp, const struct qbank *b);

#endif
