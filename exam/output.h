/* SPDX-License-Identifier: ISC */
/* Buffered output of the exam conversation: lines end with CRLF, prompts
 * end with ": " and no line end. Nothing reaches the client until
 * out_flush, which the session calls before it waits for input. */
#ifndef EXAM_OUTPUT_H
#define EXAM_OUTPUT_H

#include <stddef.h>

#include "io.h"

struct exam_out {
	int	fd;
	int	failed;		/* a write failed: the client is gone */
	struct exam_io *io;	/* NULL: write fd itself */
	size_t	len;
	char	buf[8192];
};

void out_init(struct exam_out *o, int fd);

/* Appends len bytes as they are. */
void out_write(struct exam_out *o, const char *s, size_t len);

/* Appends a formatted line followed by CRLF. */
void out_line(struct exam_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends an empty line. */
void out_blank(struct exam_out *o);

/* Appends formatted text with no line end (prompts). */
void out_prompt(struct exam_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes out everything buffered. Returns 0, or -1 once a write has
 * failed (later output is dropped). */
int out_flush(struct exam_out *o);

/* Ends the conversation gracefully: flushes, shuts down the sending side
 * of the socket, then reads and discards what the client still sends for
 * up to linger_ms (at most 64 KiB). Closing a socket with unread input
 * sends a reset, which can destroy our last lines in flight to a client
 * that sent all its input at once. */
void out_close(struct exam_out *o, int in_fd, int linger_ms);

/* out_flush for callbacks that take a void pointer. */
void out_flush_cb(void *o);

#endif
