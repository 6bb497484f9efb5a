/* SPDX-License-Identifier: ISC */
/* One exam conversation over a connected socket: welcome, the seventh
 * user's congratulation, login or registration, the choice of an exam
 * (attempts left), its questions (time limit), and the stored result. */
#ifndef EXAM_SESSION_H
#define EXAM_SESSION_H

#include "output.h"
#include "examdb.h"
#include "linereader.h"
#include "peer.h"
#include "qbank.h"
#include "settings.h"
#include "username.h"
/* Wrong passwords (or registration mismatches) before the session ends. */
#define EXAM_PASSWORD_TRIES 3
/* Invalid or taken user names before the session ends. */
#define EXAM_USERNAME_TRIES 5
/* Seconds from the connection to the end of login or registration,
 * however the bytes trickle (SPEC "Bounds"). */
#define EXAM_LOGIN_SECONDS 60

enum session_end {
	SESSION_DONE,		/* the exam was finished and stored */
	SESSION_CLIENT,		/* the client left, failed or misbehaved */
	SESSION_FAULT		/* the service failed (database, memory) */
};

struct exam_session {
	struct examdb		*db;
	const char		*peer;
	int			 timeout_s;
	int			 minute_s;	/* seconds in a time-limit minute */
	long long		 deadline_ms;	/* the time limit; -1: none */
	long long		 login_by_ms;	/* the login bound; -1: logged in */
	struct exam_settings	 set;		/* read when the session starts */
	struct exam_out		 out;
	struct linereader	 in;
	char			 user[USERNAME_MAX + 1];
};

/* Prepares s to talk over fds in and out (the same socket under
 * xinetd), with an idle timeout of timeout_s seconds; an exam's time
 * limit counts minute_s seconds a minute (60; less only in tests). db
 * stays the caller's. */
void session_init(struct exam_session *s, struct examdb *db,
    const char *peer, int in, int out, int timeout_s, int minute_s);

/* Runs the whole conversation and flushes what is left to send (the
 * caller then ends it with out_close). */
enum session_end session_run(struct exam_session *s);

/* Tells the client the service cannot serve it now (before a session
 * could be set up) and flushes. */
void session_unavailable(struct exam_out *o);

#endif
