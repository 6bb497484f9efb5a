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
/* Inside an exam the idle timeout is at least this many minutes: a
 * student thinking over a question is not idle. */
#define EXAM_THINK_MINUTES 15
/* A timed exam's session lasts at most its time limit plus this. */
#define EXAM_SESSION_SLACK_MINUTES 5
/* --max-session's default, in minutes. */
#define EXAM_MAX_SESSION_MINUTES 180

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
	int			 idle_s;	/* the idle timeout now: timeout_s,
						 * or more inside an exam */
	long long		 start_ms;	/* when the session began */
	long long		 end_ms;	/* when it must end (--max-session,
						 * a timed exam's bound) */
	struct exam_out		 out;
	struct linereader	 in;
	char			 user[USERNAME_MAX + 1];
	/* For the line that logs the session's end (session_run): why it
	 * ended (NULL: as its enum session_end says), the exam under way,
	 * and the questions answered of how many. */
	const char		*why;
	char			 exam[EXAMNAME_MAX + 1];
	int			 answered, total;
};

/* Prepares s to talk over fds in and out (the same socket under
 * xinetd), with an idle timeout of timeout_s seconds (inside an exam at
 * least EXAM_THINK_MINUTES), the whole session lasting at most
 * max_session minutes; every minute of the exam's bounds counts minute_s
 * seconds (60; less only in tests). db stays the caller's. The login
 * bound (EXAM_LOGIN_SECONDS) starts here, as the reader's until_ms, so
 * that what comes before the session (a PROXY header, a TLS handshake)
 * is within it. */
void session_init(struct exam_session *s, struct examdb *db,
    const char *peer, int in, int out, int timeout_s, int minute_s,
    int max_session);

/* Runs the whole conversation and flushes what is left to send (the
 * caller then ends it with out_close). Its end is logged in one line for
 * the teacher: user, exam, questions answered, and why it ended
 * (finished, time up, cut, timed out, too many failures, refused, or a
 * service failure). */
enum session_end session_run(struct exam_session *s);

/* Tells the client the service cannot serve it now (before a session
 * could be set up) and flushes. */
void session_unavailable(struct exam_out *o);

#endif
