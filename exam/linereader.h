/* SPDX-License-Identifier: ISC */
/* A bounded line reader over a file descriptor. It keeps its own buffer,
 * so a client that sends all its lines at once loses none of them, and it
 * never waits longer than an idle timeout for more input. */
#ifndef LINEREADER_H
#define LINEREADER_H

#include <stddef.h>

#include "io.h"

/* Longest accepted line, not counting its LF or CRLF. */
#define LR_MAXLINE 1024
/* A full line plus CRLF fits with room to spare for what follows it. */
#define LR_BUFSIZE 4096

enum lr_status {
	LR_LINE,	/* a line: *line is NUL-terminated, without its end */
	LR_EOF,		/* the peer closed its side, nothing is left */
	LR_TOO_LONG,	/* more than LR_MAXLINE bytes before the line end */
	LR_NUL,		/* a NUL byte in the line */
	LR_TIMEOUT,	/* no byte arrived for the idle timeout, or
			 * until_ms came */
	LR_ERROR	/* read or poll failed (errno is set) */
};

struct linereader {
	int	 fd;
	int	 timeout_ms;	/* < 0: wait forever */
	long long until_ms;	/* < 0: none; else no wait lasts past this
				 * CLOCK_MONOTONIC time (ms), however the
				 * bytes trickle: a bound on a whole phase */
	size_t	 maxline;	/* longest line, LR_MAXLINE unless changed */
	int	 crlf;		/* the last line read ended in CRLF */
	void	(*before_wait)(void *);
	void	*arg;
	struct exam_io *io;	/* NULL: read fd itself */
	size_t	 start, end;	/* unread bytes are buf[start..end) */
	int	 eof;
	char	 buf[LR_BUFSIZE];
};

/* Prepares lr to read fd, with lines of up to LR_MAXLINE bytes (a caller
 * may lower maxline for a stricter line, e.g. a protocol header). before_wait (may be NULL) is called with arg
 * each time the reader is about to wait for input: the place to flush
 * pending output, so pipelined input costs no extra writes. */
void lr_init(struct linereader *lr, int fd, int timeout_ms,
    void (*before_wait)(void *), void *arg);

/* Reads the next line. On LR_LINE, *line points into lr's buffer (valid
 * until the next call) and *len is its length; a final line without a
 * line end before EOF is still a line. After any status other than
 * LR_LINE the conversation should end. */
enum lr_status lr_read(struct linereader *lr, char **line, size_t *len);

/* Now on the clock of until_ms: CLOCK_MONOTONIC in milliseconds. The one
 * clock of examd's bounds (the session's, the TLS handshake's, the
 * linger at the end). */
long long lr_now_ms(void);

/* A short human-readable reason for a status, for the client. */
const char *lr_reason(enum lr_status st);

#endif
