/* SPDX-License-Identifier: ISC */
/* The exam conversation (SPEC section 2) as a client sees it: the bytes
 * the server sends, turned into events (a prompt, a question with its
 * choices, the menu of exams, the seventh-user banner, the score, and
 * the messages between them). Plain C with no display, so the graphical
 * client's widgets stay apart from it and a unit test can drive it with
 * recorded server output. */
#ifndef EXAMPROTO_H
#define EXAMPROTO_H

#include <stddef.h>

/* Longest line kept; the rest of a longer line is dropped. */
#define XP_LINE_MAX	16384
/* Choices kept for one question: one per letter. */
#define XP_CHOICES_MAX	26

enum xp_kind {
	XP_LINE,		/* any line not recognised below: text */
	XP_WELCOME,		/* "Welcome to the exam server." */
	XP_SEVENTH,		/* the congratulation: list = its addresses */
	XP_ASK_USERNAME,	/* prompt "Username: " */
	XP_ASK_PASSWORD,	/* prompt "Password: " (an existing user) */
	XP_ASK_NEW_PASSWORD,	/* prompt "[New user NAME. ]Choose a password: "
				 * name = NAME on the first ask, else NULL */
	XP_ASK_REPEAT,		/* prompt "Repeat password: " */
	XP_ASK_EXAM,		/* prompt "Choose an exam: ": list = the menu */
	XP_ASK_ANSWER,		/* prompt "Answer: ": q = the question */
	XP_WRONG_PASSWORD,	/* "Wrong password." */
	XP_MISMATCH,		/* "Passwords do not match." */
	XP_TAKEN,		/* "Username NAME is taken." */
	XP_BAD_INPUT,		/* the server's rule for what it just asked
				 * ("A username is ...", "Please answer ...") */
	XP_TOO_MANY,		/* "Too many ..." (failed attempts, invalid
				 * usernames): the server ends the session */
	XP_REGISTERED,		/* "Registered NAME." */
	XP_WELCOME_BACK,	/* "Welcome back, NAME." */
	XP_NO_ATTEMPTS,		/* "You have no attempts left for NAME." */
	XP_NO_EXAM,		/* "There is no exam to take yet." */
	XP_EXAM_START,		/* "The exam has N questions. Answer each with
				 * the letter of your choice.", or "You have
				 * an unfinished attempt at NAME: K of N
				 * questions answered.": n[0] = N */
	XP_TIME_LIMIT,		/* "You have N minutes." ("1 minute"), or "You
				 * have N minutes left." on a resumed attempt,
				 * before its next question: n[0] = N */
	XP_TIME_UP,		/* "Time is up." */
	XP_SCORE,		/* "Your score: S/N (P%)": n = S, N, P, the
				 * percentage as the server gives it */
	XP_GOODBYE,		/* "Goodbye NAME." */
};

struct xp_question {
	int	 number;	/* from "Question N/M: " */
	int	 total;
	char	*text;
	int	 nchoices;	/* choices a, b, ... in order */
	char	*choices[XP_CHOICES_MAX];
};

/* One event. Everything it points to belongs to the parser and is valid
 * only during the callback. */
struct xp_event {
	enum xp_kind		 kind;
	const char		*text;	/* the line (without its end), or the
					 * prompt */
	const char		*name;	/* user or exam name, when the line
					 * has one */
	int			 n[3];
	const struct xp_question *q;
	char *const		*list;
	size_t			 nlist;
};

typedef void xp_emit_fn(const struct xp_event *ev, void *arg);

struct xp_list {
	char	**v;
	size_t	  n, cap;
};

struct xp_parser {
	xp_emit_fn	*emit;
	void		*arg;
	char		*buf;		/* bytes not yet made into events */
	size_t		 len, cap;
	int		 dropping;	/* inside the tail of a long line */
	int		 seventh;	/* 0 no, 1 after the heading, 2 in the
					 * address list */
	struct xp_list	 addrs;
	int		 in_menu;	/* the last lines were the menu */
	struct xp_list	 menu;
	int		 in_question;	/* choices may follow */
	int		 asked;		/* the first question has been asked */
	int		 resumed;	/* an unfinished attempt goes on: its
					 * time is "N minutes left." */
	struct xp_question q;
	int		 failed;	/* out of memory: events stop */
};

/* Starts a parser that calls emit(ev, arg) for every event. */
void xp_init(struct xp_parser *p, xp_emit_fn *emit, void *arg);

/* Feeds len bytes as received. Events for every complete line and every
 * complete prompt are emitted before it returns. Returns 0, or -1 when
 * out of memory (the parser then stops emitting). */
int xp_feed(struct xp_parser *p, const char *data, size_t len);

/* The server has closed: a last line without its end becomes an event,
 * and an unfinished seventh-user banner is emitted as it is. */
void xp_finish(struct xp_parser *p);

/* Frees what the parser holds. */
void xp_free(struct xp_parser *p);

/* The event kind's name ("ASK_ANSWER"), for tests and traces. */
const char *xp_kind_name(enum xp_kind k);

#endif
