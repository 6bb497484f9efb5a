/* SPDX-License-Identifier: ISC */
/* The steps of examctl's commands on the exams and their question banks:
 * init, exams, exams set, exams delete, questions import and questions
 * list (examctl_cmd.h says what a prepare and a run step do). */
#ifndef EXAMCTL_BANK_H
#define EXAMCTL_BANK_H

struct exadm;
struct job;

/* init: parses the built-in question bank into j->bank (the job owns
 * it); CLI_FAILED if it does not parse. */
int bank_init_prepare(struct job *j);

/* init: loads j->bank as the exam 'default' when there is no exam yet,
 * saying how many questions it loaded. */
int bank_init_run(struct exadm *a, struct job *j);

/* exams: prints the exams, by name, with their numbers of questions and
 * results and their limits, under a header line. */
int bank_exams_run(struct exadm *a, struct job *j);

/* exams set NAME attempts N|unlimited, or NAME time-limit MINUTES|none:
 * checks the name, the word and the value, keeping the limit in
 * j->limit ('a' or 't') and j->value (-1 for none). */
int bank_exams_set_prepare(struct job *j);

/* exams set: stores the limit; a missing exam is exit 1. */
int bank_exams_set_run(struct exadm *a, struct job *j);

/* exams delete NAME: checks the name. */
int bank_exams_delete_prepare(struct job *j);

/* exams delete: deletes the exam and its questions, its results staying;
 * a missing exam is exit 1. */
int bank_exams_delete_run(struct exadm *a, struct job *j);

/* questions import FILE: reads the whole file ("-": standard input) and
 * parses it into j->bank (the job owns it). A file that cannot be
 * opened, a folder, a file too large or malformed is exit 2; a read
 * error or running out of memory, exit 1. */
int bank_questions_import_prepare(struct job *j);

/* questions import: replaces the bank of j->exam, creating the exam when
 * there is none, and says how many questions it imported. */
int bank_questions_import_run(struct exadm *a, struct job *j);

/* questions list: prints the bank of j->exam in the text format that
 * questions import reads (into j->bank, which the job then owns); a
 * missing exam is exit 1. */
int bank_questions_list_run(struct exadm *a, struct job *j);

#endif
