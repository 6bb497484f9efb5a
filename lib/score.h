/* SPDX-License-Identifier: ISC */
/* The one rule for an exam score's percentage, shared by examd's score
 * line and examctl's results. */
#ifndef SCORE_H
#define SCORE_H

/* 100·score/total rounded to the nearest integer, halves up (SPEC: 1/8
 * is 13%); 0 when total is not positive. */
int score_percent(long long score, long long total);

#endif
