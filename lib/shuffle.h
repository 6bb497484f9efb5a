/* SPDX-License-Identifier: ISC */
/* The one rule for what an exam shuffles (exams.shuffle, SPEC §6), shared
 * by examctl, which sets it, and examd, which draws each attempt's order
 * by it (exam/order.h): none, questions, choices or both. */
#ifndef SHUFFLE_H
#define SHUFFLE_H

enum shuffle_mode {
	SHUFFLE_NONE = 0,
	SHUFFLE_QUESTIONS = 1,
	SHUFFLE_CHOICES = 2,
	SHUFFLE_BOTH = SHUFFLE_QUESTIONS | SHUFFLE_CHOICES
};

/* The mode named by s ("none", "questions", "choices", "both", as
 * exams.shuffle stores it); -1 for anything else, NULL included. */
int shuffle_mode_parse(const char *s);

/* The name of mode m ("none" for anything that is not a mode). */
const char *shuffle_mode_name(int m);

#endif
