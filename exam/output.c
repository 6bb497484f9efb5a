/* SPDX-License-Identifier: ISC */
#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "linereader.h"
#include "output.h"

void
out_init(struct exam_out *o, int fd)
{
	o->fd = fd;
	o->failed = 0;
	o->io = NULL;
	o->len = 0;
}

int
out_flush(struct exam_out *o)
{
	size_t off = 0;
	ssize_t w;

	assert(o->len <= sizeof o->buf);
	while (!o->failed && off < o->len) {
		w = o->io != NULL ?
		    o->io->write(o->io->ctx, o->buf + off, o->len - off) :
		    write(o->fd, o->buf + off, o->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			o->failed = 1;	/* EPIPE, or a send timeout */
		else
			off += (size_t)w;
	}
	o->len = 0;
	return o->failed ? -1 : 0;
}

void
out_flush_cb(void *o)
{
	out_flush(o);
}

void
out_write(struct exam_out *o, const char *s, size_t len)
{
	size_t n;

	while (len > 0) {
		if (o->len == sizeof o->buf && out_flush(o) == -1)
			return;
		/* A full buffer was flushed (emptied) just above. */
		assert(o->len < sizeof o->buf);
		n = sizeof o->buf - o->len;
		if (n > len)
			n = len;
		memcpy(o->buf + o->len, s, n);
		o->len += n;
		s += n;
		len -= n;
	}
}

/* Formats into the buffer when it fits, else through a heap copy. */
static void
out_vformat(struct exam_out *o, const char *fmt, va_list ap)
{
	va_list cp;
	char *tmp;
	size_t room;
	int n;

	assert(o->len <= sizeof o->buf);
	room = sizeof o->buf - o->len;
	va_copy(cp, ap);
	n = vsnprintf(o->buf + o->len, room, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < room) {
		/* vsnprintf wrote all n bytes and its NUL within room. */
		o->len += (size_t)n;
		assert(o->len < sizeof o->buf);
		return;
	}
	if (vasprintf(&tmp, fmt, ap) < 0)
		return;
	out_write(o, tmp, (size_t)n);
	free(tmp);
}

void
out_line(struct exam_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vformat(o, fmt, ap);
	va_end(ap);
	out_write(o, "\r\n", 2);
}

void
out_prompt(struct exam_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vformat(o, fmt, ap);
	va_end(ap);
}

void
out_blank(struct exam_out *o)
{
	out_write(o, "\r\n", 2);
}

void
out_close(struct exam_out *o, int in_fd, int linger_ms)
{
	struct pollfd pfd = { .fd = in_fd, .events = POLLIN };
	char junk[4096];
	long long deadline = lr_now_ms() + linger_ms, left;
	size_t total = 0;
	ssize_t r;

	out_flush(o);
	if (o->io != NULL && !o->failed)
		o->io->close(o->io->ctx);
	/* Not a socket (a pipe, run by hand): nothing to linger for. */
	if (shutdown(o->fd, SHUT_WR) == -1)
		return;
	while (total < 65536 && (left = deadline - lr_now_ms()) > 0) {
		if (poll(&pfd, 1, (int)left) <= 0)
			break;
		r = read(in_fd, junk, sizeof junk);
		if (r <= 0)
			break;	/* EOF: the client saw everything */
		total += (size_t)r;
	}
}
