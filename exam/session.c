/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "intparse.h"
#include "log.h"
#include "netsource.h"
#include "order.h"
#include "password.h"
#include "score.h"

/* What ask() got back. */
enum got { GOT_LINE, GOT_END, GOT_TIME_UP };

void
session_init(struct exam_session *s, struct examdb *db, const char *peer,
    int in, int out, int timeout_s, int minute_s, int max_session)
{
	s->db = db;
	s->peer = peer;
	s->timeout_s = timeout_s;
	s->minute_s = minute_s;
	s->deadline_ms = -1;
	settings_defaults(&s->set);
	s->idle_s = timeout_s;
	s->start_ms = lr_now_ms();
	s->end_ms = s->start_ms + max_session * minute_s * 1000LL;
	/* The login bound runs from the connection: a PROXY header and a
	 * TLS handshake come out of it too. */
	s->login_by_ms = s->start_ms + EXAM_LOGIN_SECONDS * 1000LL;
	s->user[0] = '\0';
	s->why = NULL;
	s->exam[0] = '\0';
	s->answered = s->total = 0;
	out_init(&s->out, out);
	/* Output is flushed only when the reader must wait: a client that
	 * sent everything at once gets the conversation in few writes. */
	lr_init(&s->in, in, timeout_s * 1000, out_flush_cb, &s->out);
	s->in.until_ms = s->login_by_ms;
}

void
session_unavailable(struct exam_out *o)
{
	out_line(o, "The exam service is unavailable. Please try again later.");
	out_flush(o);
}

/* Strips leading and trailing spaces and tabs in place. */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* 1 when the exam under way has a time limit and it has run out. */
static int
time_is_up(const struct exam_session *s)
{
	return s->deadline_ms >= 0 && lr_now_ms() >= s->deadline_ms;
}

/* Sends the pending prompt and reads the answer. raw keeps the line as
 * typed (passwords); otherwise blanks around it are dropped. A wait
 * lasts the idle timeout or until the exam's time limit, whichever ends
 * first: GOT_TIME_UP for the latter, said by the caller. On GOT_END the
 * client has been told why, if it can still hear. */
static enum got
ask(struct exam_session *s, int raw, char **line, size_t *len)
{
	enum lr_status st;
	long long left, minutes;

	s->in.timeout_ms = s->idle_s * 1000;
	s->in.until_ms = s->end_ms;
	/* Not logged in yet: the login bound, however bytes trickle. */
	if (s->login_by_ms >= 0 && s->login_by_ms < s->in.until_ms)
		s->in.until_ms = s->login_by_ms;
	if (s->deadline_ms >= 0) {
		if ((left = s->deadline_ms - lr_now_ms()) <= 0)
			return GOT_TIME_UP;
		if (s->deadline_ms < s->in.until_ms)
			s->in.until_ms = s->deadline_ms;
	}
	if (lr_now_ms() >= s->end_ms)
		st = LR_TIMEOUT;
	else
		st = lr_read(&s->in, line, len);
	if (st == LR_TIMEOUT && time_is_up(s))
		return GOT_TIME_UP;
	if (st == LR_TIMEOUT && s->login_by_ms >= 0 &&
	    lr_now_ms() >= s->login_by_ms) {
		out_line(&s->out, "Too slow to log in.");
		exam_log(LOG_NOTICE, "session from %s ended: too slow to log "
		    "in (%d s)", s->peer, EXAM_LOGIN_SECONDS);
		s->why = "timed out (too slow to log in)";
		return GOT_END;
	}
	if (st == LR_TIMEOUT && lr_now_ms() >= s->end_ms) {
		/* The session's bound, not idleness: an attempt under way
		 * stays open, to go on with later. */
		minutes = (s->end_ms - s->start_ms) / 1000 / s->minute_s;
		out_line(&s->out, "The session has lasted its limit of %lld "
		    "minute%s.", minutes, minutes == 1 ? "" : "s");
		exam_log(LOG_INFO, "session from %s ended: session limit",
		    s->peer);
		return GOT_END;
	}
	switch (st) {
	case LR_LINE:
		if (!raw) {
			*line = trim(*line);
			*len = strlen(*line);
		}
		return GOT_LINE;
	case LR_TOO_LONG:
		out_line(&s->out, "Line too long: the limit is %d bytes.",
		    LR_MAXLINE);
		break;
	case LR_NUL:
		out_line(&s->out, "NUL bytes are not allowed.");
		break;
	case LR_TIMEOUT:
		out_line(&s->out, "Timed out after %d s without input.",
		    s->idle_s);
		break;
	case LR_EOF:
	case LR_ERROR:
		break;
	}
	/* The words of the session's end line (session_log_end). */
	s->why = st == LR_TIMEOUT ? "timed out" : st == LR_EOF ?
	    "cut (the client left)" : st == LR_TOO_LONG ?
	    "cut (line too long)" : st == LR_NUL ? "cut (NUL byte)" :
	    "cut (read error)";
	return GOT_END;
}

/* Replaces an account imported from the original server, whose hash
 * old has just checked pw, by a fresh libxcrypt hash: the statement that
 * writes it changes the row only while it still holds old, so no
 * original hash survives a successful login. */
static int
upgrade(struct exam_session *s, const char *pw, const char *old)
{
	char *fresh;
	int rc;

	if ((fresh = password_hash(pw)) == NULL) {
		exam_log(LOG_ERR, "password hashing failed for %s", s->user);
		return DB_ERROR;
	}
	rc = examdb_replace_hash(s->db, s->user, old, fresh);
	free(fresh);
	/* DB_NONE: a concurrent login of the same user replaced it first. */
	if (rc == DB_NONE)
		rc = DB_OK;
	if (rc == DB_OK)
		exam_log(LOG_INFO, "rehashed the imported account %s", s->user);
	return rc;
}

/* Checks one password against the failure record first (SPEC "Failed
 * logins"): *ok is 1 for the right one. hash NULL is a name with no
 * account (registration closed): the same record, the same cost (a
 * dummy hash of the default setting), never right. Returns SESSION_DONE
 * when the check was made, else how the session ends, said. */
static enum session_end
check_password(struct exam_session *s, struct examdb_login *l,
    const char *hash, const char *pw, size_t len, int *ok)
{
	char *dummy = NULL;
	long long wait = 0;

	*ok = 0;
	if (examdb_login_admit(s->db, l, &wait) != DB_OK) {
		session_unavailable(&s->out);
		return SESSION_FAULT;
	}
	if (wait > 0) {
		out_line(&s->out, "Too many failed logins. Try again in %lld "
		    "seconds.", wait);
		s->why = "refused (too many failed logins)";
		exam_log(LOG_NOTICE, "session from %s ended: too many failed "
		    "logins for %s (refused for %lld s)", s->peer, l->name,
		    wait);
		return SESSION_CLIENT;
	}
	if (hash == NULL && (dummy = password_dummy()) == NULL) {
		exam_log(LOG_ERR, "password hashing failed for %s", l->name);
		session_unavailable(&s->out);
		return SESSION_FAULT;
	}
	*ok = password_problem(pw, len) == NULL &&
	    password_verify(pw, hash != NULL ? hash : dummy) && hash != NULL;
	free(dummy);
	if (*ok && examdb_login_passed(s->db, l) != DB_OK) {
		session_unavailable(&s->out);
		return SESSION_FAULT;
	}
	return SESSION_DONE;
}

/* Asks for the password of s->user: an account's (hash) or, with
 * registration closed, a name with none (hash NULL), which reads the
 * same and is never right. */
static enum session_end
login(struct exam_session *s, const char *typed, const char *hash)
{
	struct examdb_login l;
	enum session_end e;
	char *pw;
	size_t len;
	int tries, ok;

	/* The record keys the name as typed, in any case, known or not. */
	username_key(typed, l.name);
	if (netsource_of(s->peer, l.source, sizeof l.source) == -1)
		snprintf(l.source, sizeof l.source, "?");
	for (tries = 1; tries <= EXAM_PASSWORD_TRIES; tries++) {
		out_prompt(&s->out, "Password: ");
		if (ask(s, 1, &pw, &len) != GOT_LINE)
			return SESSION_CLIENT;
		e = check_password(s, &l, hash, pw, len, &ok);
		if (e == SESSION_DONE && ok && password_is_legacy(hash) &&
		    upgrade(s, pw, hash) != DB_OK) {
			session_unavailable(&s->out);
			e = SESSION_FAULT;
		}
		/* The clear text is gone before anything else happens. */
		explicit_bzero(pw, len);
		if (e != SESSION_DONE)
			return e;
		if (ok) {
			s->login_by_ms = -1;
			out_line(&s->out, "Welcome back, %s.", s->user);
			return SESSION_DONE;
		}
		exam_log(LOG_NOTICE, "wrong password for %s%s from %s", s->user,
		    hash == NULL ? " (no such user)" : "", s->peer);
		if (tries < EXAM_PASSWORD_TRIES)
			out_line(&s->out, "Wrong password.");
	}
	out_line(&s->out, "Too many failed attempts.");
	s->why = "too many failures (wrong passwords)";
	return SESSION_CLIENT;
}

/* Asks a new user for a password twice and registers the name. Returns
 * SESSION_DONE when registered, *taken set when someone else got the name
 * first. */
static enum session_end
enrol(struct exam_session *s, int *taken)
{
	char first[PASSWORD_MAX + 1], *pw, *hash;
	size_t len, flen;
	int tries, rc, same;

	*taken = 0;
	for (tries = 1; tries <= EXAM_PASSWORD_TRIES; tries++) {
		if (tries == 1)
			out_prompt(&s->out, "New user %s. Choose a password: ",
			    s->user);
		else
			out_prompt(&s->out, "Choose a password: ");
		if (ask(s, 1, &pw, &len) != GOT_LINE)
			return SESSION_CLIENT;
		if (password_problem(pw, len) != NULL ||
		    len < (size_t)s->set.password_min) {
			explicit_bzero(pw, len);
			out_line(&s->out, "A password is %d to %d bytes, "
			    "without CR or NUL.", s->set.password_min,
			    PASSWORD_MAX);
			continue;
		}
		/* The rule bounds len, and so the copy. */
		assert(len <= PASSWORD_MAX);
		memcpy(first, pw, len + 1);
		explicit_bzero(pw, len);
		flen = len;
		out_prompt(&s->out, "Repeat password: ");
		if (ask(s, 1, &pw, &len) != GOT_LINE) {
			explicit_bzero(first, sizeof first);
			return SESSION_CLIENT;
		}
		same = len == flen && memcmp(first, pw, len) == 0;
		explicit_bzero(pw, len);
		if (same)
			break;
		if (tries < EXAM_PASSWORD_TRIES)
			out_line(&s->out, "Passwords do not match.");
	}
	if (tries > EXAM_PASSWORD_TRIES) {
		explicit_bzero(first, sizeof first);
		out_line(&s->out, "Too many failed attempts.");
		s->why = "too many failures (passwords that do not match)";
		return SESSION_CLIENT;
	}
	hash = password_hash(first);
	explicit_bzero(first, sizeof first);
	if (hash == NULL) {
		exam_log(LOG_ERR, "password hashing failed for %s", s->user);
		session_unavailable(&s->out);
		return SESSION_FAULT;
	}
	rc = examdb_register(s->db, s->user, hash);
	free(hash);
	if (rc == DB_EXISTS) {
		*taken = 1;
		return SESSION_CLIENT;
	}
	if (rc != DB_OK) {
		session_unavailable(&s->out);
		return SESSION_FAULT;
	}
	exam_log(LOG_INFO, "registered %s from %s", s->user, s->peer);
	s->login_by_ms = -1;
	out_line(&s->out, "Registered %s.", s->user);
	return SESSION_DONE;
}

/* Asks for a user name until one logs in or registers. */
static enum session_end
identify(struct exam_session *s)
{
	enum session_end e;
	char *name, *hash;
	size_t len;
	int tries, rc, taken;

	for (tries = 1; tries <= EXAM_USERNAME_TRIES; tries++) {
		out_prompt(&s->out, "Username: ");
		if (ask(s, 0, &name, &len) != GOT_LINE)
			return SESSION_CLIENT;
		if (!username_valid(name)) {
			out_line(&s->out, "A username is 1 to %d characters "
			    "of A-Z, a-z, 0-9, '.', '_' and '-'.",
			    USERNAME_MAX);
			continue;
		}
		memcpy(s->user, name, len + 1);
		/* s->user becomes the account's name as stored: Amelie
		 * logs in as amelie. */
		rc = examdb_user_hash(s->db, name, s->user, &hash);
		if (rc == DB_OK) {
			e = login(s, name, hash);
			free(hash);
			return e;
		}
		if (rc != DB_NONE) {
			session_unavailable(&s->out);
			return SESSION_FAULT;
		}
		/* Closed: a name with no account is asked the same as one
		 * with, so nobody learns which names exist. */
		if (!s->set.registration_open)
			return login(s, name, NULL);
		e = enrol(s, &taken);
		if (!taken)
			return e;
		out_line(&s->out, "Username %s is taken.", s->user);
	}
	out_line(&s->out, "Too many invalid usernames.");
	s->why = "too many failures (invalid user names)";
	return SESSION_CLIENT;
}

/* Asks the question shown i-th by the attempt's order o until a valid
 * letter arrives, into *an in the bank's order: the student sees o's
 * order of questions and letters, the answer is stored against the
 * bank's. Returns 0, -1 when the session ends, -2 when time is up. */
static int
ask_question(struct exam_session *s, const struct qbank *bank,
    const struct order *o, size_t i, struct examdb_answer *an)
{
	size_t k = o->q[i];
	const struct qbank_question *q = &bank->q[k];
	char *a, last = (char)('a' + q->nchoices - 1), c;
	size_t len;
	enum got g;
	int j;

	out_blank(&s->out);
	out_line(&s->out, "Question %zu/%zu: %s", i + 1, bank->n, q->prompt);
	for (j = 0; j < q->nchoices; j++)
		out_line(&s->out, "  %c) %s", 'a' + j,
		    q->choices[o->c[k][j]]);
	for (;;) {
		out_prompt(&s->out, "Answer: ");
		if ((g = ask(s, 0, &a, &len)) != GOT_LINE)
			return g == GOT_TIME_UP ? -2 : -1;
		c = len == 1 && a[0] >= 'A' && a[0] <= 'Z' ?
		    (char)(a[0] - 'A' + 'a') : a[0];
		if (len == 1 && c >= 'a' && c <= last) {
			an->position = (int)k + 1;
			an->letter = (char)('a' + o->c[k][c - 'a']);
			an->correct = an->letter == q->answer;
			return 0;
		}
		out_line(&s->out, "Please answer with one letter from a to %c.",
		    last);
	}
}

/* Says how an exam starts: a fresh attempt's questions and time, or
 * where an unfinished one stands. */
static void
announce(struct exam_session *s, const struct examdb_exam *e,
    const struct examdb_attempt *a)
{
	long long unit = s->minute_s * 1000LL, left;

	if (a->fresh) {
		out_line(&s->out, "The exam has %d question%s. Answer each "
		    "with the letter of your choice.", a->total,
		    a->total == 1 ? "" : "s");
		if (e->time_limit >= 0)
			out_line(&s->out, "You have %lld minute%s.",
			    e->time_limit, e->time_limit == 1 ? "" : "s");
		return;
	}
	out_line(&s->out, "You have an unfinished attempt at %s: %d of %d "
	    "questions answered.", e->name, a->answered, a->total);
	if (a->ms_left > 0) {
		/* Rounded up: a student is never told less than is left. */
		left = (a->ms_left + unit - 1) / unit;
		out_line(&s->out, "You have %lld minute%s left.", left,
		    left == 1 ? "" : "s");
	}
}

/* Runs exam e as an attempt: a fresh one, or the user's unfinished one
 * from its first unanswered question (finished at once when its deadline
 * passed while the user was away). Each answer is stored as it is given;
 * the result when the last answer is in, or when the time runs out (the
 * answers so far over all questions). */
static enum session_end
examine(struct exam_session *s, const struct examdb_exam *e)
{
	struct qbank *bank = NULL;
	struct order ord = { 0 };
	char *drawn = NULL, *stored = NULL;
	struct examdb_attempt a;
	struct examdb_answer an, *last = NULL;
	enum session_end end = SESSION_CLIENT;
	long long limit_ms = -1, bound;
	size_t i;
	int r = 0, rc, score = 0, total;

	if (examdb_load_bank(s->db, e->id, &bank) != DB_OK || bank->n == 0) {
		session_unavailable(&s->out);
		end = SESSION_FAULT;
		goto out;
	}
	/* For the session's end line. */
	snprintf(s->exam, sizeof s->exam, "%s", e->name);
	s->total = (int)bank->n;
	if (e->time_limit >= 0) {
		limit_ms = e->time_limit * s->minute_s * 1000LL;
		/* A timed exam's session ends soon after its time. */
		bound = s->start_ms + (e->time_limit +
		    EXAM_SESSION_SLACK_MINUTES) * s->minute_s * 1000LL;
		if (bound < s->end_ms)
			s->end_ms = bound;
	}
	/* The attempt's own order, drawn for a shuffling exam and stored
	 * with the attempt as it begins (an unfinished one keeps its own). */
	if (e->shuffle != SHUFFLE_NONE &&
	    (drawn = order_draw(bank, e->shuffle)) == NULL) {
		session_unavailable(&s->out);
		end = SESSION_FAULT;
		goto out;
	}
	/* The attempt begins now, as its first question is sent. */
	rc = examdb_attempt_open(s->db, s->user, e, (int)bank->n, limit_ms,
	    drawn, &a, &stored);
	if (rc == DB_EXISTS) {
		/* Another session of the user took the last attempt. */
		out_line(&s->out, "You have no attempts left for %s.", e->name);
		out_line(&s->out, "Goodbye %s.", s->user);
		s->why = "refused (no attempts left)";
		end = SESSION_DONE;
		goto out;
	}
	if (rc != DB_OK) {
		session_unavailable(&s->out);
		end = SESSION_FAULT;
		goto out;
	}
	if (order_read(&ord, bank, stored) != 0) {
		if (ord.n == 0) {
			session_unavailable(&s->out);
			end = SESSION_FAULT;
			goto out;
		}
		/* The bank was replaced since: its own order it is. */
		exam_log(LOG_WARNING, "attempt %lld of %s at %s: its order "
		    "does not fit the bank; the bank's order is used", a.id,
		    s->user, e->name);
	}
	s->answered = a.answered;
	if (a.ms_left == 0) {
		r = -2;		/* its deadline passed while away */
		goto finish;
	}
	announce(s, e, &a);
	if (a.ms_left > 0)
		s->deadline_ms = lr_now_ms() + a.ms_left;
	/* Thinking is not idling: the idle timeout grows for the exam
	 * (and ask() keeps it within the time left). */
	if (s->idle_s < EXAM_THINK_MINUTES * s->minute_s)
		s->idle_s = EXAM_THINK_MINUTES * s->minute_s;
	for (i = (size_t)a.answered; i < bank->n; i++) {
		/* Answers already waiting count only while time is left. */
		if (time_is_up(s)) {
			r = -2;
			break;
		}
		if ((r = ask_question(s, bank, &ord, i, &an)) < 0)
			break;
		s->answered++;
		if (i + 1 == bank->n) {
			last = &an;
			break;
		}
		if ((rc = examdb_attempt_answer(s->db, &a, &an)) == DB_EXISTS)
			goto elsewhere;
		if (rc != DB_OK)
			goto unsaved;
	}
	s->deadline_ms = -1;
	s->idle_s = s->timeout_s;
	if (r == -1) {
		exam_log(LOG_INFO, "attempt of %s at %s left unfinished",
		    s->user, e->name);
		goto out;
	}
finish:
	out_blank(&s->out);
	if (r == -2) {
		exam_log(LOG_INFO, "time is up for %s on %s from %s", s->user,
		    e->name, s->peer);
		out_line(&s->out, "Time is up.");
		s->why = "time up";
	}
	rc = examdb_attempt_finish(s->db, s->user, e, &a, last, s->peer,
	    &score, &total);
	if (rc == DB_EXISTS)
		goto elsewhere;
	if (rc != DB_OK)
		goto unsaved;
	exam_log(LOG_INFO, "result %s %s %d/%d from %s", s->user, e->name, score,
	    total, s->peer);
	out_line(&s->out, "Your score: %d/%d (%d%%)", score, total,
	    score_percent(score, total));
	out_line(&s->out, "Goodbye %s.", s->user);
	if (s->why == NULL)
		s->why = "finished";
	end = SESSION_DONE;
	goto out;
elsewhere:
	/* The same attempt answered on another connection got there first. */
	exam_log(LOG_NOTICE, "attempt of %s at %s goes on in another session",
	    s->user, e->name);
	out_line(&s->out, "Your attempt at %s goes on in another session.",
	    e->name);
	out_line(&s->out, "Goodbye %s.", s->user);
	s->why = "cut (the attempt goes on in another session)";
	end = SESSION_DONE;
	goto out;
unsaved:
	out_line(&s->out, "Your answers could not be saved. "
	    "Please try again later.");
	end = SESSION_FAULT;
out:
	s->deadline_ms = -1;
	s->idle_s = s->timeout_s;
	order_free(&ord);
	free(drawn);
	free(stored);
	qbank_free(bank);
	return end;
}

/* Finds the exam a menu answer names: its number or its name in either
 * case (blanks are already trimmed). Returns its index or -1. */
static long
menu_pick(const struct examdb_exam *ex, size_t n, const char *ans)
{
	char lower[EXAMNAME_MAX + 1];
	long long v;
	size_t i;

	if (intparse_dec(ans, 1, (long long)n, &v) == INTPARSE_OK)
		return (long)v - 1;
	for (i = 0; ans[i] != '\0' && i < EXAMNAME_MAX; i++)
		lower[i] = ans[i] >= 'A' && ans[i] <= 'Z' ?
		    (char)(ans[i] - 'A' + 'a') : ans[i];
	if (ans[i] != '\0')
		return -1;
	lower[i] = '\0';
	for (i = 0; i < n; i++)
		if (strcmp(ex[i].name, lower) == 0)
			return (long)i;
	return -1;
}

/* Sets *any to 1 when the user may still take one of the exams. */
static int
any_left(struct exam_session *s, const struct examdb_exam *ex, size_t n,
    int *any)
{
	size_t i;
	int rc, left;

	*any = 0;
	for (i = 0; i < n && !*any; i++) {
		if ((rc = examdb_attempts_left(s->db, s->user, &ex[i], &left)) !=
		    DB_OK)
			return rc;
		*any = left;
	}
	return DB_OK;
}

/* Picks the exam: the only one at once, else from the menu, until one
 * with attempts left is chosen. Sets *pick to its index, or to -1 when
 * there is none to take (the goodbye is then said). */
static enum session_end
choose(struct exam_session *s, const struct examdb_exam *ex, size_t n,
    long *pick)
{
	char *ans;
	size_t len, i;
	int left, any, menu = 1;

	*pick = -1;
	for (;;) {
		if (n == 1) {
			*pick = 0;
		} else {
			if (menu) {
				out_line(&s->out, "Exams:");
				for (i = 0; i < n; i++)
					out_line(&s->out, "  %zu) %s", i + 1,
					    ex[i].name);
				menu = 0;
			}
			out_prompt(&s->out, "Choose an exam: ");
			if (ask(s, 0, &ans, &len) != GOT_LINE)
				return SESSION_CLIENT;
			if ((*pick = menu_pick(ex, n, ans)) < 0) {
				out_line(&s->out, "Please answer with a number "
				    "from 1 to %zu or an exam's name.", n);
				continue;
			}
		}
		if (examdb_attempts_left(s->db, s->user, &ex[*pick], &left) !=
		    DB_OK || (!left && any_left(s, ex, n, &any) != DB_OK))
			goto fault;
		if (left)
			return SESSION_DONE;
		out_line(&s->out, "You have no attempts left for %s.",
		    ex[*pick].name);
		*pick = -1;
		if (!any) {
			out_line(&s->out, "Goodbye %s.", s->user);
			snprintf(s->exam, sizeof s->exam, "%s", ex[0].name);
			if (n > 1)	/* every one used up, no single exam */
				s->exam[0] = '\0';
			s->why = "refused (no attempts left)";
			return SESSION_DONE;
		}
		menu = 1;
	}
fault:
	*pick = -1;
	session_unavailable(&s->out);
	return SESSION_FAULT;
}

/* After login: the exams, the choice and the exam itself. */
static enum session_end
take_exam(struct exam_session *s)
{
	struct examdb_exam *ex = NULL;
	enum session_end e;
	size_t n = 0;
	long pick;

	if (examdb_exams(s->db, &ex, &n) != DB_OK) {
		session_unavailable(&s->out);
		return SESSION_FAULT;
	}
	if (n == 0) {
		exam_log(LOG_NOTICE, "no exam to take for %s", s->user);
		out_line(&s->out, "There is no exam to take yet.");
		out_line(&s->out, "Goodbye %s.", s->user);
		s->why = "refused (no exam to take)";
		e = SESSION_DONE;
	} else if ((e = choose(s, ex, n, &pick)) == SESSION_DONE && pick >= 0)
		e = examine(s, &ex[pick]);
	free(ex);
	return e;
}

/* Counts this connection and, for the lucky one, congratulates. */
static enum session_end
count_in(struct exam_session *s)
{
	char peers[EXAMDB_LUCKY][PEER_MAX];
	int lucky, n, i;

	if (examdb_count_connection(s->db, s->peer, s->set.connection_days,
	    &lucky, peers, &n) != DB_OK) {
		session_unavailable(&s->out);
		return SESSION_FAULT;
	}
	if (lucky) {
		exam_log(LOG_INFO, "seventh user: %s", s->peer);
		out_line(&s->out, "Congratulations you are the seventh user!!!");
		out_blank(&s->out);
		for (i = 0; i < n; i++)
			out_line(&s->out, "%s", peers[i]);
		out_blank(&s->out);
	}
	return SESSION_DONE;
}

/* The session's end in one line a teacher can read: who, which exam,
 * how far, and why it ended ("did Daniel's session really drop at
 * question 7?"). */
static void
session_log_end(const struct exam_session *s, enum session_end e)
{
	const char *why = s->why;

	if (e == SESSION_FAULT)
		why = "service failure (see the lines above)";
	else if (why == NULL)
		why = e == SESSION_DONE ? "finished" : "cut";
	exam_log(LOG_INFO, "session end: user %s, exam %s, %d of %d "
	    "questions answered, %s, from %s", s->user[0] ? s->user : "-",
	    s->exam[0] ? s->exam : "-", s->answered, s->total, why, s->peer);
}

enum session_end
session_run(struct exam_session *s)
{
	enum session_end e;

	out_line(&s->out, "Welcome to the exam server.");
	if (examdb_settings(s->db, &s->set) != DB_OK) {
		session_unavailable(&s->out);
		e = SESSION_FAULT;
		goto end;
	}
	if ((e = count_in(s)) != SESSION_DONE)
		goto end;
	if ((e = identify(s)) != SESSION_DONE)
		goto end;
	e = take_exam(s);
end:
	out_flush(&s->out);
	session_log_end(s, e);
	return e;
}
