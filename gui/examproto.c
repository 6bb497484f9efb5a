/* SPDX-License-Identifier: ISC */
/* The exam conversation seen from the client: lines end with CRLF (a lone
 * LF is accepted too); a prompt ends with ": " and no line end. A prompt
 * is recognised as soon as it is complete at the start of a line, so a
 * prompt followed at once by more output (a pipelined client's transcript)
 * splits the same way as one that waits for an answer. */
#include <stdlib.h>
#include <string.h>

#include "examproto.h"

static const char *const kind_names[] = {
	[XP_LINE] = "LINE", [XP_WELCOME] = "WELCOME",
	[XP_SEVENTH] = "SEVENTH", [XP_ASK_USERNAME] = "ASK_USERNAME",
	[XP_ASK_PASSWORD] = "ASK_PASSWORD",
	[XP_ASK_NEW_PASSWORD] = "ASK_NEW_PASSWORD",
	[XP_ASK_REPEAT] = "ASK_REPEAT", [XP_ASK_EXAM] = "ASK_EXAM",
	[XP_ASK_ANSWER] = "ASK_ANSWER",
	[XP_WRONG_PASSWORD] = "WRONG_PASSWORD", [XP_MISMATCH] = "MISMATCH",
	[XP_TAKEN] = "TAKEN", [XP_BAD_INPUT] = "BAD_INPUT",
	[XP_TOO_MANY] = "TOO_MANY", [XP_REGISTERED] = "REGISTERED",
	[XP_WELCOME_BACK] = "WELCOME_BACK", [XP_NO_ATTEMPTS] = "NO_ATTEMPTS",
	[XP_NO_EXAM] = "NO_EXAM", [XP_EXAM_START] = "EXAM_START",
	[XP_TIME_LIMIT] = "TIME_LIMIT", [XP_TIME_UP] = "TIME_UP",
	[XP_SCORE] = "SCORE", [XP_GOODBYE] = "GOODBYE",
};

const char *
xp_kind_name(enum xp_kind k)
{
	if ((size_t)k < sizeof kind_names / sizeof kind_names[0] &&
	    kind_names[k] != NULL)
		return kind_names[k];
	return "?";
}

void
xp_init(struct xp_parser *p, xp_emit_fn *emit, void *arg)
{
	memset(p, 0, sizeof *p);
	p->emit = emit;
	p->arg = arg;
}

static void
list_clear(struct xp_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

static int
list_add(struct xp_list *l, const char *s)
{
	char **v, *c;

	if (l->n == l->cap) {
		v = realloc(l->v, (l->cap ? l->cap * 2 : 8) * sizeof *v);
		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = l->cap ? l->cap * 2 : 8;
	}
	if ((c = strdup(s)) == NULL)
		return -1;
	l->v[l->n++] = c;
	return 0;
}

static void
question_clear(struct xp_question *q)
{
	int i;

	free(q->text);
	for (i = 0; i < q->nchoices; i++)
		free(q->choices[i]);
	memset(q, 0, sizeof *q);
}

void
xp_free(struct xp_parser *p)
{
	list_clear(&p->addrs);
	free(p->addrs.v);
	list_clear(&p->menu);
	free(p->menu.v);
	question_clear(&p->q);
	free(p->buf);
	memset(p, 0, sizeof *p);
}

static void
emit(struct xp_parser *p, enum xp_kind kind, const char *text,
    const char *name, int n0, int n1, int n2)
{
	struct xp_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.text = text;
	ev.name = name;
	ev.n[0] = n0;
	ev.n[1] = n1;
	ev.n[2] = n2;
	switch (kind) {
	case XP_SEVENTH:
		ev.list = p->addrs.v;
		ev.nlist = p->addrs.n;
		break;
	case XP_ASK_EXAM:
		ev.list = p->menu.v;
		ev.nlist = p->menu.n;
		break;
	case XP_ASK_ANSWER:
		ev.q = &p->q;
		break;
	default:
		break;
	}
	if (!p->failed)
		p->emit(&ev, p->arg);
}

/* Reads a decimal number of at most 9 digits at *s, moving *s past it.
 * Returns -1 when there is none. */
static int
number(const char **s)
{
	int v = 0, k = 0;

	while (**s >= '0' && **s <= '9' && k < 9) {
		v = v * 10 + (**s - '0');
		(*s)++;
		k++;
	}
	if (k == 0 || (**s >= '0' && **s <= '9'))
		return -1;
	return v;
}

static int
name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* When line is exactly head NAME tail (NAME being 1 or more name
 * characters), copies NAME into out (size outsz) and returns 1. */
static int
named(const char *line, const char *head, const char *tail, char *out,
    size_t outsz)
{
	size_t hl = strlen(head), tl = strlen(tail), ll = strlen(line), n;

	if (ll < hl + tl + 1 || strncmp(line, head, hl) != 0 ||
	    strcmp(line + ll - tl, tail) != 0)
		return 0;
	n = ll - hl - tl;
	if (n >= outsz)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!name_char(line[hl + i]))
			return 0;
	memcpy(out, line + hl, n);
	out[n] = '\0';
	return 1;
}

static int
starts(const char *s, const char *head)
{
	return strncmp(s, head, strlen(head)) == 0;
}

/* "You have N minutes." ("You have 1 minute."), or, when resumed (an
 * unfinished attempt goes on), "You have N minutes left.": returns N,
 * or 0. */
static int
time_limit_line(const char *line, int resumed)
{
	const char *s = line + strlen("You have ");
	int v;

	if ((v = number(&s)) <= 0)
		return 0;
	if (resumed)
		return strcmp(s, v == 1 ? " minute left." : " minutes left.")
		    == 0 ? v : 0;
	return strcmp(s, v == 1 ? " minute." : " minutes.") == 0 ? v : 0;
}

/* "You have an unfinished attempt at NAME: K of N questions answered.":
 * returns N, or 0. */
static int
resume_line(const char *line)
{
	const char *s = strstr(line, ": ");
	int k, n;

	if (s == NULL)
		return 0;
	s += 2;
	if ((k = number(&s)) < 0 || strncmp(s, " of ", 4) != 0)
		return 0;
	s += 4;
	if ((n = number(&s)) <= 0 || k > n)
		return 0;
	return strcmp(s, " questions answered.") == 0 ? n : 0;
}

/* "Your score: S/N (P%)", P as the server gives it. */
static int
score_line(struct xp_parser *p, const char *line)
{
	const char *s = line + strlen("Your score: ");
	int sc, tot, pct;

	if ((sc = number(&s)) < 0 || *s++ != '/' || (tot = number(&s)) <= 0 ||
	    sc > tot || strncmp(s, " (", 2) != 0)
		return 0;
	s += 2;
	if ((pct = number(&s)) < 0 || pct > 100 || strcmp(s, "%)") != 0)
		return 0;
	emit(p, XP_SCORE, line, NULL, sc, tot, pct);
	return 1;
}

/* "Question N/M: text" */
static int
question_line(struct xp_parser *p, const char *line)
{
	const char *s = line + strlen("Question ");
	int nr, tot;
	char *text;

	if ((nr = number(&s)) <= 0 || *s++ != '/' || (tot = number(&s)) <= 0 ||
	    strncmp(s, ": ", 2) != 0)
		return 0;
	if ((text = strdup(s + 2)) == NULL) {
		p->failed = 1;
		return 1;
	}
	question_clear(&p->q);
	p->q.number = nr;
	p->q.total = tot;
	p->q.text = text;
	p->in_question = 1;
	p->asked = 1;
	return 1;
}

/* "  x) text", the next letter of the question being read. */
static int
choice_line(struct xp_parser *p, const char *line)
{
	char want;

	if (!p->in_question || p->q.nchoices >= XP_CHOICES_MAX)
		return 0;
	want = (char)('a' + p->q.nchoices);
	if (line[0] != ' ' || line[1] != ' ' || line[2] != want ||
	    line[3] != ')' || line[4] != ' ')
		return 0;
	if ((p->q.choices[p->q.nchoices] = strdup(line + 5)) == NULL) {
		p->failed = 1;
		return 1;
	}
	p->q.nchoices++;
	return 1;
}

/* "  N) name", the next item of the menu being read. */
static int
menu_line(struct xp_parser *p, const char *line)
{
	const char *s = line + 2;

	if (!p->in_menu || line[0] != ' ' || line[1] != ' ' ||
	    number(&s) != (int)p->menu.n + 1 || strncmp(s, ") ", 2) != 0 ||
	    s[2] == '\0')
		return 0;
	if (list_add(&p->menu, s + 2) == -1)
		p->failed = 1;
	return 1;
}

static void
seventh_done(struct xp_parser *p)
{
	if (p->seventh) {
		p->seventh = 0;
		emit(p, XP_SEVENTH, "Congratulations you are the seventh user!!!",
		    NULL, 0, 0, 0);
		list_clear(&p->addrs);
	}
}

/* One complete line, without its end. */
static void
line(struct xp_parser *p, const char *l)
{
	char name[64];
	const char *s;
	int v;

	if (p->seventh == 1) {		/* the blank line after the heading */
		p->seventh = 2;
		if (*l == '\0')
			return;
	}
	if (p->seventh == 2) {
		if (*l == '\0') {
			seventh_done(p);
		} else if (list_add(&p->addrs, l) == -1) {
			p->failed = 1;
		}
		return;
	}
	if (*l == '\0')
		return;		/* blank lines only separate */
	if (choice_line(p, l) || menu_line(p, l))
		return;
	p->in_question = 0;
	if (strcmp(l, "Exams:") == 0) {
		list_clear(&p->menu);
		p->in_menu = 1;
		return;
	}
	p->in_menu = 0;
	if (starts(l, "Question ") && question_line(p, l))
		return;
	if (strcmp(l, "Congratulations you are the seventh user!!!") == 0) {
		list_clear(&p->addrs);
		p->seventh = 1;
	} else if (strcmp(l, "Welcome to the exam server.") == 0) {
		emit(p, XP_WELCOME, l, NULL, 0, 0, 0);
	} else if (strcmp(l, "Wrong password.") == 0) {
		emit(p, XP_WRONG_PASSWORD, l, NULL, 0, 0, 0);
	} else if (strcmp(l, "Passwords do not match.") == 0) {
		emit(p, XP_MISMATCH, l, NULL, 0, 0, 0);
	} else if (named(l, "Username ", " is taken.", name, sizeof name)) {
		emit(p, XP_TAKEN, l, name, 0, 0, 0);
	} else if (strcmp(l, "Too many failed attempts.") == 0 ||
	    strcmp(l, "Too many invalid usernames.") == 0) {
		emit(p, XP_TOO_MANY, l, NULL, 0, 0, 0);
	} else if (starts(l, "A username is ") || starts(l, "A password is ") ||
	    starts(l, "Please answer with ")) {
		emit(p, XP_BAD_INPUT, l, NULL, 0, 0, 0);
	} else if (named(l, "Registered ", ".", name, sizeof name)) {
		emit(p, XP_REGISTERED, l, name, 0, 0, 0);
	} else if (named(l, "Welcome back, ", ".", name, sizeof name)) {
		emit(p, XP_WELCOME_BACK, l, name, 0, 0, 0);
	} else if (named(l, "You have no attempts left for ", ".", name,
	    sizeof name)) {
		emit(p, XP_NO_ATTEMPTS, l, name, 0, 0, 0);
	} else if (strcmp(l, "There is no exam to take yet.") == 0) {
		emit(p, XP_NO_EXAM, l, NULL, 0, 0, 0);
	} else if (starts(l, "The exam has ")) {
		s = l + strlen("The exam has ");
		if ((v = number(&s)) > 0 && strcmp(s, v == 1 ?
		    " question. Answer each with the letter of your choice." :
		    " questions. Answer each with the letter of your choice.") == 0) {
			p->asked = 0;
			p->resumed = 0;
			emit(p, XP_EXAM_START, l, NULL, v, 0, 0);
		} else {
			emit(p, XP_LINE, l, NULL, 0, 0, 0);
		}
	} else if (starts(l, "You have an unfinished attempt at ") &&
	    (v = resume_line(l)) > 0) {
		/* A resumed attempt starts the exam as its first line does. */
		p->asked = 0;
		p->resumed = 1;
		emit(p, XP_EXAM_START, l, NULL, v, 0, 0);
	} else if (starts(l, "You have ") && !p->asked &&
	    (v = time_limit_line(l, p->resumed)) > 0) {
		emit(p, XP_TIME_LIMIT, l, NULL, v, 0, 0);
	} else if (strcmp(l, "Time is up.") == 0) {
		emit(p, XP_TIME_UP, l, NULL, 0, 0, 0);
	} else if (starts(l, "Your score: ") && score_line(p, l)) {
		;
	} else if (named(l, "Goodbye ", ".", name, sizeof name)) {
		emit(p, XP_GOODBYE, l, name, 0, 0, 0);
	} else {
		emit(p, XP_LINE, l, NULL, 0, 0, 0);
	}
}

/* A complete prompt at the start of buf: returns its length, or 0. */
static size_t
prompt(struct xp_parser *p, const char *b, size_t len)
{
	static const struct {
		const char	*text;
		enum xp_kind	 kind;
	} fixed[] = {
		{ "Username: ", XP_ASK_USERNAME },
		{ "Password: ", XP_ASK_PASSWORD },
		{ "Choose a password: ", XP_ASK_NEW_PASSWORD },
		{ "Repeat password: ", XP_ASK_REPEAT },
		{ "Choose an exam: ", XP_ASK_EXAM },
		{ "Answer: ", XP_ASK_ANSWER },
	};
	static const char nu[] = "New user ", cp[] = ". Choose a password: ";
	char name[64], text[64 + sizeof nu + sizeof cp];
	const char *end, *tail;
	size_t i, n, k;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		n = strlen(fixed[i].text);
		if (len >= n && memcmp(b, fixed[i].text, n) == 0) {
			seventh_done(p);
			p->in_question = p->in_menu = 0;
			emit(p, fixed[i].kind, fixed[i].text, NULL, 0, 0, 0);
			return n;
		}
	}
	if (len < sizeof nu - 1 || memcmp(b, nu, sizeof nu - 1) != 0)
		return 0;
	/* NAME may itself end with '.': the first ". Choose a password: "
	 * after "New user " ends it. */
	end = memchr(b, '\n', len);
	tail = memmem(b + sizeof nu - 1, (end ? (size_t)(end - b) : len) -
	    (sizeof nu - 1), cp, sizeof cp - 1);
	if (tail == NULL)
		return 0;
	k = (size_t)(tail - b);
	n = k - (sizeof nu - 1);
	if (n == 0 || n >= sizeof name)
		return 0;
	for (i = sizeof nu - 1; i < k; i++)
		if (!name_char(b[i]))
			return 0;
	memcpy(name, b + sizeof nu - 1, n);
	name[n] = '\0';
	memcpy(text, b, k + sizeof cp - 1);
	text[k + sizeof cp - 1] = '\0';
	seventh_done(p);
	p->in_question = p->in_menu = 0;
	emit(p, XP_ASK_NEW_PASSWORD, text, name, 0, 0, 0);
	return k + sizeof cp - 1;
}

int
xp_feed(struct xp_parser *p, const char *data, size_t dlen)
{
	size_t off = 0, n, room;
	const char *nl;
	char *nb;

	if (p->failed)
		return -1;
	while (off < dlen) {
		nl = memchr(data + off, '\n', dlen - off);
		n = nl ? (size_t)(nl - (data + off)) + 1 : dlen - off;
		if (p->dropping) {
			/* the rest of an over-long line, up to its end */
			p->dropping = nl == NULL;
			off += n;
			continue;
		}
		room = XP_LINE_MAX + 1 - p->len;
		if (n > room) {
			n = room;
			nl = NULL;
		}
		if (p->len + n + 1 > p->cap) {
			size_t cap = p->cap ? p->cap : 256;
			while (cap < p->len + n + 1)
				cap *= 2;
			if ((nb = realloc(p->buf, cap)) == NULL) {
				p->failed = 1;
				return -1;
			}
			p->buf = nb;
			p->cap = cap;
		}
		memcpy(p->buf + p->len, data + off, n);
		p->len += n;
		p->buf[p->len] = '\0';
		off += n;
		/* Complete prompts and lines at the start of the buffer. */
		for (;;) {
			size_t used = prompt(p, p->buf, p->len), ll;
			char *end;

			if (used == 0) {
				end = memchr(p->buf, '\n', p->len);
				if (end == NULL)
					break;
				used = (size_t)(end - p->buf) + 1;
				ll = used - 1;
				if (ll > 0 && p->buf[ll - 1] == '\r')
					ll--;
				p->buf[ll] = '\0';
				if (memchr(p->buf, '\0', ll) == NULL)
					line(p, p->buf);
			}
			memmove(p->buf, p->buf + used, p->len - used + 1);
			p->len -= used;
			if (p->failed)
				return -1;
		}
		if (p->len > XP_LINE_MAX) {
			/* Too long: the first XP_LINE_MAX bytes stand for it. */
			p->buf[XP_LINE_MAX] = '\0';
			line(p, p->buf);
			p->len = 0;
			p->dropping = 1;
		}
	}
	return p->failed ? -1 : 0;
}

void
xp_finish(struct xp_parser *p)
{
	if (p->len > 0 && !p->dropping) {
		p->buf[p->len] = '\0';
		if (p->buf[p->len - 1] == '\r')
			p->buf[--p->len] = '\0';
		line(p, p->buf);
	}
	p->len = 0;
	seventh_done(p);
}
