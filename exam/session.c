#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "log.h"
#include "password.h"

/* What ask() got back. */
enum got { GOT_LINE, GOT_END };

void
session_init(struct exam_session *s, struct examdb *db,
    const struct qbank *bank, const char *peer, int in, int out,
    int timeout_s)
{
	s->db = db;
	s->bank = bank;
	s->peer = peer;
	s->timeout_s = timeout_s;
	s->user[0] = '\0';
	out_init(&s->out, out);
	/* Output is flushed only when the reader must wait: a client that
	 * sent everything at once gets the conversation in few writes. */
	lr_init(&s->in, in, timeout_s * 1000, out_flush_cb, &s->out);
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

/* Sends the pending prompt and reads the answer. raw keeps the line as
 * typed (passwords); otherwise blanks around it are dropped. On GOT_END
 * the client has been told why, if it can still hear. */
static enum got
ask(struct exam_session *s, int raw, char **line, size_t *len)
{
	enum lr_status st;

	st = lr_read(&s->in, line, len);
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
		    s->timeout_s);
		break;
	case LR_EOF:
	case LR_ERROR:
		break;
	}
	exam_log(LOG_INFO, "session from %s ended: %s", s->peer,
	    lr_reason(st));
	return GOT_END;
}

/* Asks an existing user for the password. */
static enum session_end
login(struct exam_session *s, const char *hash)
{
	char *pw;
	size_t len;
	int tries;

	for (tries = 1; tries <= EXAM_PASSWORD_TRIES; tries++) {
		out_prompt(&s->out, "Password: ");
		if (ask(s, 1, &pw, &len) != GOT_LINE)
			return SESSION_CLIENT;
		if (password_problem(pw, len) == NULL &&
		    password_verify(pw, hash)) {
			out_line(&s->out, "Welcome back, %s.", s->user);
			return SESSION_DONE;
		}
		exam_log(LOG_NOTICE, "wrong password for %s from %s", s->user,
		    s->peer);
		if (tries < EXAM_PASSWORD_TRIES)
			out_line(&s->out, "Wrong password.");
	}
	out_line(&s->out, "Too many failed attempts.");
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
	int tries, rc;

	*taken = 0;
	for (tries = 1; tries <= EXAM_PASSWORD_TRIES; tries++) {
		if (tries == 1)
			out_prompt(&s->out, "New user %s. Choose a password: ",
			    s->user);
		else
			out_prompt(&s->out, "Choose a password: ");
		if (ask(s, 1, &pw, &len) != GOT_LINE)
			return SESSION_CLIENT;
		if (password_problem(pw, len) != NULL) {
			out_line(&s->out, "A password is 1 to %d bytes, "
			    "without CR or NUL.", PASSWORD_MAX);
			continue;
		}
		/* The rule bounds len, and so the copy. */
		assert(len <= PASSWORD_MAX);
		memcpy(first, pw, len + 1);
		flen = len;
		out_prompt(&s->out, "Repeat password: ");
		if (ask(s, 1, &pw, &len) != GOT_LINE) {
			explicit_bzero(first, sizeof first);
			return SESSION_CLIENT;
		}
		if (len == flen && memcmp(first, pw, len) == 0)
			break;
		if (tries < EXAM_PASSWORD_TRIES)
			out_line(&s->out, "Passwords do not match.");
	}
	if (tries > EXAM_PASSWORD_TRIES) {
		explicit_bzero(first, sizeof first);
		out_line(&s->out, "Too many failed attempts.");
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
		rc = examdb_user_hash(s->db, s->user, &hash);
		if (rc == DB_OK) {
			e = login(s, hash);
			free(hash);
			return e;
		}
		if (rc != DB_NONE) {
			session_unavailable(&s->out);
			return SESSION_FAULT;
		}
		e = enrol(s, &taken);
		if (!taken)
			return e;
		out_line(&s->out, "Username %s is taken.", s->user);
	}
	out_line(&s->out, "Too many invalid usernames.");
	return SESSION_CLIENT;
}

/* Asks one question until a valid letter arrives. Returns 1 right,
 * 0 wrong, -1 when the session ends. */
static int
ask_question(struct exam_session *s, size_t i)
{
	const struct qbank_question *q = &s->bank->q[i];
	char *a, last = (char)('a' + q->nchoices - 1), c;
	size_t len;
	int k;

	out_blank(&s->out);
	out_line(&s->out, "Question %zu/%zu: %s", i + 1, s->bank->n, q->prompt);
	for (k = 0; k < q->nchoices; k++)
		out_line(&s->out, "  %c) %s", 'a' + k, q->choices[k]);
	for (;;) {
		out_prompt(&s->out, "Answer: ");
		if (ask(s, 0, &a, &len) != GOT_LINE)
			return -1;
		c = len == 1 && a[0] >= 'A' && a[0] <= 'Z' ?
		    (char)(a[0] - 'A' + 'a') : a[0];
		if (len == 1 && c >= 'a' && c <= last)
			return c == q->answer;
		out_line(&s->out, "Please answer with one letter from a to %c.",
		    last);
	}
}

/* Runs the exam and stores the result when the last answer is in. */
static enum session_end
examine(struct exam_session *s)
{
	size_t i;
	int r, score = 0, total = (int)s->bank->n;

	out_line(&s->out, "The exam has %d questions. Answer each with the "
	    "letter of your choice.", total);
	for (i = 0; i < s->bank->n; i++) {
		if ((r = ask_question(s, i)) < 0)
			return SESSION_CLIENT;
		score += r;
	}
	if (examdb_store_result(s->db, s->user, score, total, s->peer) !=
	    DB_OK) {
		out_blank(&s->out);
		out_line(&s->out, "Your answers could not be saved. "
		    "Please try again later.");
		return SESSION_FAULT;
	}
	exam_log(LOG_INFO, "result %s %d/%d from %s", s->user, score, total,
	    s->peer);
	out_blank(&s->out);
	out_line(&s->out, "Your score: %d/%d", score, total);
	out_line(&s->out, "Goodbye %s.", s->user);
	return SESSION_DONE;
}

/* Counts this connection and, for the lucky one, congratulates. */
static enum session_end
count_in(struct exam_session *s)
{
	char peers[EXAMDB_LUCKY][PEER_MAX];
	int lucky, n, i;

	if (examdb_count_connection(s->db, s->peer, &lucky, peers, &n) !=
	    DB_OK) {
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

enum session_end
session_run(struct exam_session *s)
{
	enum session_end e;

	out_line(&s->out, "Welcome to the exam server.");
	if ((e = count_in(s)) != SESSION_DONE)
		goto end;
	if (s->bank->n == 0) {
		exam_log(LOG_ERR, "the question bank is empty");
		out_line(&s->out, "There is no exam to take yet. "
		    "Please try again later.");
		e = SESSION_FAULT;
		goto end;
	}
	if ((e = identify(s)) != SESSION_DONE)
		goto end;
	e = examine(s);
end:
	out_flush(&s->out);
	return e;
}
