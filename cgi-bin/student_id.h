/* SPDX-License-Identifier: ISC */
/* Parsing a student ID as typed into the login form: blanks (spaces and
 * tabs) around it are ignored, then ASCII digits only (leading zeros
 * allowed, no sign), value 1 to 9223372036854775807. */
#ifndef STUDENT_ID_H
#define STUDENT_ID_H

#include <stddef.h>
#include <stdint.h>

#define STUDENT_ID_MAX	INT64_MAX

enum student_id_status {
	STUDENT_ID_OK = 0,
	STUDENT_ID_EMPTY,	/* nothing but blanks */
	STUDENT_ID_SIGN,	/* starts with + or - */
	STUDENT_ID_SYNTAX,	/* a character other than 0-9 */
	STUDENT_ID_ZERO,	/* all zeros */
	STUDENT_ID_RANGE	/* above STUDENT_ID_MAX */
};

/* Parses the n bytes of s (may hold NULs, which are a syntax error) into
 * *out. *out is left untouched on failure. A syntax error wins over a
 * range error. */
enum student_id_status student_id_parse(const char *s, size_t n,
    int64_t *out);

/* A sentence fragment saying what was wrong, e.g. "the ID must not have
 * a sign" (the JSON error); static storage. */
const char *student_id_strerror(enum student_id_status st);

/* A whole sentence for the student's page, in plain words, e.g. "That ID
 * has letters in it; an ID is digits only." st is what student_id_parse
 * returned for the n bytes of s, which are looked at again to tell
 * letters from spaces from other characters. Static storage. */
const char *student_id_say(enum student_id_status st, const char *s,
    size_t n);

#endif
