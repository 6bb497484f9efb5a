/* SPDX-License-Identifier: ISC */
/* gui/examproto.c: the client's view of the exam conversation, driven by
 * server output recorded from examd under xinetd with nc (what a client
 * that sends all its lines at once receives: each prompt is followed at
 * once by the next output). Every transcript is fed whole, and again one byte at a
 * time, and must give the same events. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examproto.h"
#include "tap.h"

/* The events as text, one per line: KIND[ name][ n0 n1 n2] | text, then
 * for a question its choices, for a menu or banner its list. */
static char got[65536];

static void __attribute__((format(printf, 1, 2)))
put(const char *fmt, ...)
{
	size_t n = strlen(got);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(got + n, sizeof got - n, fmt, ap);
	va_end(ap);
}

static void
record(const struct xp_event *ev, void *arg)
{
	char num[64];
	size_t i;

	(void)arg;
	put("%s", xp_kind_name(ev->kind));
	if (ev->name != NULL)
		put(" %s", ev->name);
	switch (ev->kind) {
	case XP_SCORE:
		snprintf(num, sizeof num, " %d %d %d", ev->n[0], ev->n[1],
		    ev->n[2]);
		put("%s", num);
		break;
	case XP_EXAM_START:
	case XP_TIME_LIMIT:
		snprintf(num, sizeof num, " %d", ev->n[0]);
		put("%s", num);
		break;
	case XP_ASK_ANSWER:
		snprintf(num, sizeof num, " %d/%d", ev->q->number,
		    ev->q->total);
		put("%s", num);
		put(" %s", ev->q->text);
		for (i = 0; i < (size_t)ev->q->nchoices; i++)
			put(" [%s]", ev->q->choices[i]);
		break;
	default:
		break;
	}
	for (i = 0; i < ev->nlist; i++)
		put(" <%s>", ev->list[i]);
	put(" | %s\n", ev->text);
}

/* Parses data whole, then byte by byte; returns the events (whole) and
 * checks that both ways agree. */
static const char *
parse(const char *data, const char *what)
{
	static char whole[sizeof got];
	struct xp_parser p;
	size_t i, n = strlen(data);
	char msg[200];

	got[0] = '\0';
	xp_init(&p, record, NULL);
	xp_feed(&p, data, n);
	xp_finish(&p);
	xp_free(&p);
	memcpy(whole, got, sizeof got);

	got[0] = '\0';
	xp_init(&p, record, NULL);
	for (i = 0; i < n; i++)
		xp_feed(&p, data + i, 1);
	xp_finish(&p);
	xp_free(&p);
	snprintf(msg, sizeof msg, "%s: byte by byte gives the same events",
	    what);
	is_str(got, whole, msg);
	return whole;
}

#define CHECK(data, want, what) is_str(parse((data), (what)), (want), (what))

static void
new_user_one_exam(void)
{
	CHECK("Welcome to the exam server.\r\n"
	    "Username: New user alice. Choose a password: "
	    "Repeat password: Registered alice.\r\n"
	    "The exam has 2 questions. Answer each with the letter of your "
	    "choice.\r\n"
	    "\r\n"
	    "Question 1/2: Which layer of the OSI model does TCP belong to?\r\n"
	    "  a) Network\r\n"
	    "  b) Transport\r\n"
	    "  c) Session\r\n"
	    "  d) Application\r\n"
	    "Answer: \r\n"
	    "Question 2/2: Is UDP connectionless?\r\n"
	    "  a) Yes\r\n"
	    "  b) No\r\n"
	    "Answer: \r\n"
	    "Your score: 1/2 (50%)\r\n"
	    "Goodbye alice.\r\n",
	    "WELCOME | Welcome to the exam server.\n"
	    "ASK_USERNAME | Username: \n"
	    "ASK_NEW_PASSWORD alice | New user alice. Choose a password: \n"
	    "ASK_REPEAT | Repeat password: \n"
	    "REGISTERED alice | Registered alice.\n"
	    "EXAM_START 2 | The exam has 2 questions. Answer each with the "
	    "letter of your choice.\n"
	    "ASK_ANSWER 1/2 Which layer of the OSI model does TCP belong to? "
	    "[Network] [Transport] [Session] [Application] | Answer: \n"
	    "ASK_ANSWER 2/2 Is UDP connectionless? [Yes] [No] | Answer: \n"
	    "SCORE 1 2 50 | Your score: 1/2 (50%)\n"
	    "GOODBYE alice | Goodbye alice.\n",
	    "new user, one exam, no menu");
}

static void
seventh(void)
{
	CHECK("Welcome to the exam server.\r\n"
	    "Congratulations you are the seventh user!!!\r\n"
	    "\r\n"
	    "127.0.0.1:38184\r\n"
	    "127.0.0.1:38186\r\n"
	    "[::1]:38188\r\n"
	    "127.0.0.1:38190\r\n"
	    "127.0.0.1:38192\r\n"
	    "127.0.0.1:38194\r\n"
	    "127.0.0.1:38198\r\n"
	    "\r\n"
	    "Username: Password: Welcome back, bob.\r\n",
	    "WELCOME | Welcome to the exam server.\n"
	    "SEVENTH <127.0.0.1:38184> <127.0.0.1:38186> <[::1]:38188> "
	    "<127.0.0.1:38190> <127.0.0.1:38192> <127.0.0.1:38194> "
	    "<127.0.0.1:38198> | Congratulations you are the seventh user!!!\n"
	    "ASK_USERNAME | Username: \n"
	    "ASK_PASSWORD | Password: \n"
	    "WELCOME_BACK bob | Welcome back, bob.\n",
	    "seventh user: the banner with its seven addresses");
	/* A banner cut short by the server still shows what came. */
	CHECK("Welcome to the exam server.\r\n"
	    "Congratulations you are the seventh user!!!\r\n"
	    "\r\n"
	    "127.0.0.1:1\r\n",
	    "WELCOME | Welcome to the exam server.\n"
	    "SEVENTH <127.0.0.1:1> | Congratulations you are the seventh "
	    "user!!!\n",
	    "seventh user: a banner cut short");
}

static void
menu(void)
{
	CHECK("Welcome back, bob.\r\n"
	    "Exams:\r\n"
	    "  1) math\r\n"
	    "  2) python\r\n"
	    "Choose an exam: "
	    "Please answer with a number from 1 to 2 or an exam's name.\r\n"
	    "Choose an exam: "
	    "The exam has 5 questions. Answer each with the letter of your "
	    "choice.\r\n",
	    "WELCOME_BACK bob | Welcome back, bob.\n"
	    "ASK_EXAM <math> <python> | Choose an exam: \n"
	    "BAD_INPUT | Please answer with a number from 1 to 2 or an exam's "
	    "name.\n"
	    "ASK_EXAM <math> <python> | Choose an exam: \n"
	    "EXAM_START 5 | The exam has 5 questions. Answer each with the "
	    "letter of your choice.\n",
	    "menu: two exams, a wrong answer asks again with the same list");
	CHECK("Welcome to the exam server.\r\n"
	    "Username: Password: Welcome back, ann.\r\n"
	    "Exams:\r\n"
	    "  1) math\r\n"
	    "  2) python\r\n"
	    "Choose an exam: You have no attempts left for math.\r\n"
	    "Exams:\r\n"
	    "  1) math\r\n"
	    "  2) python\r\n"
	    "Choose an exam: The exam has 5 questions. Answer each with the "
	    "letter of your choice.\r\n",
	    "WELCOME | Welcome to the exam server.\n"
	    "ASK_USERNAME | Username: \n"
	    "ASK_PASSWORD | Password: \n"
	    "WELCOME_BACK ann | Welcome back, ann.\n"
	    "ASK_EXAM <math> <python> | Choose an exam: \n"
	    "NO_ATTEMPTS math | You have no attempts left for math.\n"
	    "ASK_EXAM <math> <python> | Choose an exam: \n"
	    "EXAM_START 5 | The exam has 5 questions. Answer each with the "
	    "letter of your choice.\n",
	    "attempts: none left, the same menu is asked again");
	CHECK("Choose an exam: You have no attempts left for math.\r\n"
	    "Goodbye ann.\r\n",
	    "ASK_EXAM | Choose an exam: \n"
	    "NO_ATTEMPTS math | You have no attempts left for math.\n"
	    "GOODBYE ann | Goodbye ann.\n",
	    "attempts: every exam used up, goodbye after the choice");
	CHECK("Welcome to the exam server.\r\n"
	    "Username: Password: Welcome back, ann.\r\n"
	    "You have no attempts left for math.\r\n"
	    "Goodbye ann.\r\n",
	    "WELCOME | Welcome to the exam server.\n"
	    "ASK_USERNAME | Username: \n"
	    "ASK_PASSWORD | Password: \n"
	    "WELCOME_BACK ann | Welcome back, ann.\n"
	    "NO_ATTEMPTS math | You have no attempts left for math.\n"
	    "GOODBYE ann | Goodbye ann.\n",
	    "attempts: the only exam has none left");
	CHECK("Username: Password: Welcome back, bo.\r\n"
	    "There is no exam to take yet.\r\n"
	    "Goodbye bo.\r\n",
	    "ASK_USERNAME | Username: \n"
	    "ASK_PASSWORD | Password: \n"
	    "WELCOME_BACK bo | Welcome back, bo.\n"
	    "NO_EXAM | There is no exam to take yet.\n"
	    "GOODBYE bo | Goodbye bo.\n",
	    "no exam yet");
}

static void
resumed(void)
{
	/* A timed attempt cut after two answers, resumed: the exam starts
	 * from its unfinished line, the time from the minutes left. */
	CHECK("Welcome back, bo.\r\n"
	    "You have an unfinished attempt at math: 2 of 6 questions "
	    "answered.\r\n"
	    "You have 7 minutes left.\r\n"
	    "\r\n"
	    "Question 3/6: Q three?\r\n"
	    "  a) x\r\n"
	    "  b) y\r\n"
	    "Answer: ",
	    "WELCOME_BACK bo | Welcome back, bo.\n"
	    "EXAM_START 6 | You have an unfinished attempt at math: 2 of 6 "
	    "questions answered.\n"
	    "TIME_LIMIT 7 | You have 7 minutes left.\n"
	    "ASK_ANSWER 3/6 Q three? [x] [y] | Answer: \n",
	    "a resumed attempt: its total and the minutes left");
	/* One whose deadline passed while away: no question at all. */
	CHECK("Welcome back, bo.\r\n"
	    "\r\n"
	    "Time is up.\r\n"
	    "Your score: 2/6 (33%)\r\n"
	    "Goodbye bo.\r\n",
	    "WELCOME_BACK bo | Welcome back, bo.\n"
	    "TIME_UP | Time is up.\n"
	    "SCORE 2 6 33 | Your score: 2/6 (33%)\n"
	    "GOODBYE bo | Goodbye bo.\n",
	    "an attempt that ran out while away: time up, the score");
	CHECK("You have an unfinished attempt at math: 7 of 6 questions "
	    "answered.\r\n",
	    "LINE | You have an unfinished attempt at math: 7 of 6 questions "
	    "answered.\n",
	    "more answered than asked is just a line");
}

static void
time_up(void)
{
	/* examd --minute-seconds 1, time-limit 2: the first answer came in
	 * time, the second never did. */
	CHECK("Registered bo.\r\n"
	    "The exam has 6 questions. Answer each with the letter of your "
	    "choice.\r\n"
	    "You have 2 minutes.\r\n"
	    "\r\n"
	    "Question 1/6: What is 7 \xc3\x97 8?\r\n"
	    "  a) 54\r\n"
	    "  b) 56\r\n"
	    "  c) 64\r\n"
	    "  d) 48\r\n"
	    "Answer: \r\n"
	    "Question 2/6: What is the square root of 144?\r\n"
	    "  a) 11\r\n"
	    "  b) 14\r\n"
	    "  c) 12\r\n"
	    "Answer: \r\n"
	    "Time is up.\r\n"
	    "Your score: 1/6 (17%)\r\n"
	    "Goodbye bo.\r\n",
	    "REGISTERED bo | Registered bo.\n"
	    "EXAM_START 6 | The exam has 6 questions. Answer each with the "
	    "letter of your choice.\n"
	    "TIME_LIMIT 2 | You have 2 minutes.\n"
	    "ASK_ANSWER 1/6 What is 7 \xc3\x97 8? [54] [56] [64] [48] | "
	    "Answer: \n"
	    "ASK_ANSWER 2/6 What is the square root of 144? [11] [14] [12] | "
	    "Answer: \n"
	    "TIME_UP | Time is up.\n"
	    "SCORE 1 6 17 | Your score: 1/6 (17%)\n"
	    "GOODBYE bo | Goodbye bo.\n",
	    "time is up mid-exam: the score over all questions follows");
	CHECK("Welcome back, bo.\r\n"
	    "The exam has 6 questions. Answer each with the letter of your "
	    "choice.\r\n"
	    "You have 1 minute.\r\n"
	    "\r\n"
	    "Question 1/6: Q one?\r\n"
	    "  a) x\r\n"
	    "  b) y\r\n"
	    "Answer: "
	    "Please answer with one letter from a to b.\r\n"
	    "Answer: \r\n"
	    "Question 2/6: 5 minutes of what?\r\n"
	    "  a) x\r\n"
	    "  b) y\r\n"
	    "Answer: ",
	    "WELCOME_BACK bo | Welcome back, bo.\n"
	    "EXAM_START 6 | The exam has 6 questions. Answer each with the "
	    "letter of your choice.\n"
	    "TIME_LIMIT 1 | You have 1 minute.\n"
	    "ASK_ANSWER 1/6 Q one? [x] [y] | Answer: \n"
	    "BAD_INPUT | Please answer with one letter from a to b.\n"
	    "ASK_ANSWER 1/6 Q one? [x] [y] | Answer: \n"
	    "ASK_ANSWER 2/6 5 minutes of what? [x] [y] | Answer: \n",
	    "one minute; a re-asked question comes again whole");
	/* Only the server's own words give the limit. */
	CHECK("You have 1 minutes.\r\nYou have 2 minute.\r\n"
	    "You have 10 minutes left.\r\nYou have 0 minutes.\r\n"
	    "The exam has 3 questions. Answer in 10 minutes.\r\n"
	    "The exam has 3 questions.\r\n"
	    "Question 1/3: Q?\r\n  a) x\r\n  b) y\r\nAnswer: "
	    "You have 5 minutes.\r\n",
	    "LINE | You have 1 minutes.\n"
	    "LINE | You have 2 minute.\n"
	    "LINE | You have 10 minutes left.\n"
	    "LINE | You have 0 minutes.\n"
	    "LINE | The exam has 3 questions. Answer in 10 minutes.\n"
	    "LINE | The exam has 3 questions.\n"
	    "ASK_ANSWER 1/3 Q? [x] [y] | Answer: \n"
	    "LINE | You have 5 minutes.\n",
	    "other lines about minutes, and one after the first question, "
	    "are plain lines");
	CHECK("The exam has 1 question. Answer each with the letter of your "
	    "choice.\r\n"
	    "The exam has 1 questions. Answer each with the letter of your "
	    "choice.\r\n",
	    "EXAM_START 1 | The exam has 1 question. Answer each with the "
	    "letter of your choice.\n"
	    "LINE | The exam has 1 questions. Answer each with the letter of "
	    "your choice.\n",
	    "one question is singular, as the server says it");
}

static void
passwords(void)
{
	CHECK("Username: New user bob. Choose a password: Repeat password: "
	    "Username bob is taken.\r\n"
	    "Username: ",
	    "ASK_USERNAME | Username: \n"
	    "ASK_NEW_PASSWORD bob | New user bob. Choose a password: \n"
	    "ASK_REPEAT | Repeat password: \n"
	    "TAKEN bob | Username bob is taken.\n"
	    "ASK_USERNAME | Username: \n",
	    "taken name: asked for another");
	CHECK("Username: New user a.b.. Choose a password: Repeat password: "
	    "Passwords do not match.\r\n"
	    "Choose a password: Repeat password: "
	    "Passwords do not match.\r\n"
	    "Choose a password: Repeat password: "
	    "Too many failed attempts.\r\n",
	    "ASK_USERNAME | Username: \n"
	    "ASK_NEW_PASSWORD a.b. | New user a.b.. Choose a password: \n"
	    "ASK_REPEAT | Repeat password: \n"
	    "MISMATCH | Passwords do not match.\n"
	    "ASK_NEW_PASSWORD | Choose a password: \n"
	    "ASK_REPEAT | Repeat password: \n"
	    "MISMATCH | Passwords do not match.\n"
	    "ASK_NEW_PASSWORD | Choose a password: \n"
	    "ASK_REPEAT | Repeat password: \n"
	    "TOO_MANY | Too many failed attempts.\n",
	    "mismatch three times (a name ending in a dot)");
	CHECK("Username: Password: Wrong password.\r\n"
	    "Password: Wrong password.\r\n"
	    "Password: Too many failed attempts.\r\n",
	    "ASK_USERNAME | Username: \n"
	    "ASK_PASSWORD | Password: \n"
	    "WRONG_PASSWORD | Wrong password.\n"
	    "ASK_PASSWORD | Password: \n"
	    "WRONG_PASSWORD | Wrong password.\n"
	    "ASK_PASSWORD | Password: \n"
	    "TOO_MANY | Too many failed attempts.\n",
	    "three wrong passwords");
	CHECK("Username: A username is 1 to 32 characters of A-Z, a-z, 0-9, "
	    "'.', '_' and '-'.\r\nUsername: ",
	    "ASK_USERNAME | Username: \n"
	    "BAD_INPUT | A username is 1 to 32 characters of A-Z, a-z, 0-9, "
	    "'.', '_' and '-'.\n"
	    "ASK_USERNAME | Username: \n",
	    "a bad user name");
}

static void
scores(void)
{
	CHECK("Your score: 8/10 (80%)\r\nYour score: 2/3 (67%)\r\n"
	    "Your score: 0/7 (0%)\r\nYour score: 5/5 (100%)\r\n"
	    "Your score: 1/8 (12%)\r\n",
	    "SCORE 8 10 80 | Your score: 8/10 (80%)\n"
	    "SCORE 2 3 67 | Your score: 2/3 (67%)\n"
	    "SCORE 0 7 0 | Your score: 0/7 (0%)\n"
	    "SCORE 5 5 100 | Your score: 5/5 (100%)\n"
	    "SCORE 1 8 12 | Your score: 1/8 (12%)\n",
	    "scores: the percentage is the server's, not computed again");
	CHECK("Your score: 4/3 (133%)\r\nYour score: 1/0 (0%)\r\n"
	    "Your score: x\r\nYour score: 3/3\r\n"
	    "Your score: 1/3 (101%)\r\nYour score: 1/3 (33)\r\n",
	    "LINE | Your score: 4/3 (133%)\n"
	    "LINE | Your score: 1/0 (0%)\n"
	    "LINE | Your score: x\n"
	    "LINE | Your score: 3/3\n"
	    "LINE | Your score: 1/3 (101%)\n"
	    "LINE | Your score: 1/3 (33)\n",
	    "impossible scores, or none without its percentage, are plain "
	    "lines");
}

static void
framing(void)
{
	char *big;
	const char *r;
	size_t n = XP_LINE_MAX + 100;

	CHECK("Welcome to the exam server.\nUsername: ",
	    "WELCOME | Welcome to the exam server.\n"
	    "ASK_USERNAME | Username: \n",
	    "LF line ends work too");
	CHECK("Line too long: the limit is 1024 bytes.\r\nTimed out",
	    "LINE | Line too long: the limit is 1024 bytes.\n"
	    "LINE | Timed out\n",
	    "other lines pass as they are; the last unfinished one at the end");
	CHECK("Too many cooks.\r\nThere is no exam to take yet. Or is there?\r\n",
	    "LINE | Too many cooks.\n"
	    "LINE | There is no exam to take yet. Or is there?\n",
	    "the server's messages are matched whole");
	CHECK("  a) a choice with no question\r\n  1) an item with no menu\r\n",
	    "LINE |   a) a choice with no question\n"
	    "LINE |   1) an item with no menu\n",
	    "choices and items only count after their heading");
	CHECK("Question 1/2: Q?\r\n  a) x\r\n  c) skipped b\r\nAnswer: ",
	    "LINE |   c) skipped b\n"
	    "ASK_ANSWER 1/2 Q? [x] | Answer: \n",
	    "choice letters must come in order");

	big = malloc(n + 3);
	memset(big, 'x', n);
	memcpy(big + n, "\r\n", 3);
	r = parse(big, "a line longer than the limit");
	is_int((long long)strlen(r), (long long)strlen("LINE | \n") +
	    XP_LINE_MAX, "a long line is cut to the limit");
	free(big);
}

/* An exam that shuffles (examctl exams set other shuffle both), its
 * attempt resumed: the questions and letters come in the attempt's own
 * order, which the client takes as they come (recorded from examd). */
static void
shuffled(void)
{
	CHECK("Welcome to the exam server.\r\n"
	    "Username: Password: Welcome back, zoe.\r\n"
	    "You have an unfinished attempt at other: 1 of 3 questions "
	    "answered.\r\n"
	    "\r\n"
	    "Question 2/3: Gamma?\r\n"
	    "  a) g2\r\n"
	    "  b) g4\r\n"
	    "  c) g3\r\n"
	    "  d) g1\r\n"
	    "Answer: \r\n"
	    "Question 3/3: Beta?\r\n"
	    "  a) b2\r\n"
	    "  b) b1\r\n"
	    "Answer: \r\n"
	    "Your score: 1/3 (33%)\r\n"
	    "Goodbye zoe.\r\n",
	    "WELCOME | Welcome to the exam server.\n"
	    "ASK_USERNAME | Username: \n"
	    "ASK_PASSWORD | Password: \n"
	    "WELCOME_BACK zoe | Welcome back, zoe.\n"
	    "EXAM_START 3 | You have an unfinished attempt at other: 1 of 3 "
	    "questions answered.\n"
	    "ASK_ANSWER 2/3 Gamma? [g2] [g4] [g3] [g1] | Answer: \n"
	    "ASK_ANSWER 3/3 Beta? [b2] [b1] | Answer: \n"
	    "SCORE 1 3 33 | Your score: 1/3 (33%)\n"
	    "GOODBYE zoe | Goodbye zoe.\n",
	    "a shuffled exam, resumed");
}

int
main(void)
{
	new_user_one_exam();
	seventh();
	menu();
	time_up();
	resumed();
	passwords();
	scores();
	framing();
	shuffled();
	return tap_done();
}
