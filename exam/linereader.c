/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "linereader.h"

void
lr_init(struct linereader *lr, int fd, int timeout_ms,
    void (*before_wait)(void *), void *arg)
{
	lr->fd = fd;
	lr->timeout_ms = timeout_ms;
	lr->until_ms = -1;
	lr->maxline = LR_MAXLINE;
	lr->crlf = 0;
	lr->before_wait = before_wait;
	lr->arg = arg;
	lr->io = NULL;
	lr->start = lr->end = 0;
	lr->eof = 0;
}

long long
lr_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is readable or the idle timeout (or until_ms) passes;
 * signals that interrupt poll do not extend the wait. */
static enum lr_status
wait_readable(struct linereader *lr)
{
	struct pollfd pfd;
	long long deadline = lr_now_ms() + lr->timeout_ms, left;
	int r, bounded = lr->timeout_ms >= 0 || lr->until_ms >= 0;

	if (lr->timeout_ms < 0 || (lr->until_ms >= 0 && lr->until_ms < deadline))
		deadline = lr->until_ms;
	/* Past that bound, bytes still arriving buy nothing. */
	if (lr->until_ms >= 0 && lr_now_ms() >= lr->until_ms)
		return LR_TIMEOUT;
	pfd.fd = lr->fd;
	pfd.events = POLLIN;
	for (;;) {
		left = !bounded ? -1 : deadline - lr_now_ms();
		if (bounded && left < 0)
			left = 0;
		if (left > 0x7fffffff)
			left = 0x7fffffff;
		r = poll(&pfd, 1, (int)left);
		if (r > 0)
			return LR_LINE;
		if (r == 0)
			return LR_TIMEOUT;
		if (errno != EINTR)
			return LR_ERROR;
	}
}

/* Takes the line buf[start..nl) (nl is its LF, or end at EOF). */
static enum lr_status
take(struct linereader *lr, size_t nl, char **line, size_t *len)
{
	char *s = lr->buf + lr->start;
	size_t n = nl - lr->start;

	/* The line lies in the unread bytes, and the byte after it (its LF,
	 * or the byte kept free past end) can take the NUL. */
	assert(lr->start <= nl && nl <= lr->end && lr->end < sizeof lr->buf);
	lr->crlf = 0;
	if (n > 0 && s[n - 1] == '\r') {
		n--;
		lr->crlf = nl < lr->end;
	}
	if (n > lr->maxline)
		return LR_TOO_LONG;
	if (memchr(s, '\0', n) != NULL)
		return LR_NUL;
	s[n] = '\0';
	lr->start = nl < lr->end ? nl + 1 : nl;
	*line = s;
	*len = n;
	return LR_LINE;
}

enum lr_status
lr_read(struct linereader *lr, char **line, size_t *len)
{
	enum lr_status st;
	char *nl;
	size_t pending;
	ssize_t r;

	for (;;) {
		assert(lr->start <= lr->end && lr->end < sizeof lr->buf);
		pending = lr->end - lr->start;
		nl = memchr(lr->buf + lr->start, '\n', pending);
		if (nl != NULL)
			return take(lr, (size_t)(nl - lr->buf), line, len);
		/* Refuse as soon as the line can no longer be valid, rather
		 * than wait for its end: a NUL anywhere, or more bytes than
		 * a maximal line plus the CR of its CRLF. */
		if (memchr(lr->buf + lr->start, '\0', pending) != NULL)
			return LR_NUL;
		if (pending > lr->maxline + 1 || (pending == lr->maxline + 1 &&
		    lr->buf[lr->end - 1] != '\r'))
			return LR_TOO_LONG;
		if (lr->eof) {
			if (pending == 0)
				return LR_EOF;
			/* Room is left: pending <= LR_MAXLINE + 1. */
			return take(lr, lr->end, line, len);
		}
		if (lr->start > 0) {
			memmove(lr->buf, lr->buf + lr->start, pending);
			lr->start = 0;
			lr->end = pending;
		}
		/* The checks above leave room for more than a line end. */
		assert(lr->maxline <= LR_MAXLINE);
		assert(lr->start == 0 && lr->end <= lr->maxline + 1);
		if (lr->before_wait != NULL)
			lr->before_wait(lr->arg);
		/* A transport may hold decoded bytes the socket no longer
		 * shows. */
		if ((lr->io == NULL || lr->io->pending(lr->io->ctx) == 0) &&
		    (st = wait_readable(lr)) != LR_LINE)
			return st;
		/* Keep one byte free to terminate a final unended line. */
		r = lr->io != NULL ?
		    lr->io->read(lr->io->ctx, lr->buf + lr->end,
		    sizeof lr->buf - 1 - lr->end) :
		    read(lr->fd, lr->buf + lr->end, sizeof lr->buf - 1 - lr->end);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return errno == ETIMEDOUT ? LR_TIMEOUT : LR_ERROR;
		}
		if (r == 0)
			lr->eof = 1;
		lr->end += (size_t)r;
	}
}

const char *
lr_reason(enum lr_status st)
{
	switch (st) {
	case LR_LINE:
		return "line read";
	case LR_EOF:
		return "end of input";
	case LR_TOO_LONG:
		return "line too long (the limit is 1024 bytes)";
	case LR_NUL:
		return "NUL byte in input";
	case LR_TIMEOUT:
		return "idle timeout";
	case LR_ERROR:
		return "read error";
	}
	return "unknown";
}
