/* SPDX-License-Identifier: ISC */
/* A transport under the line reader and the output buffer: the plain
 * socket when absent, or TLS (tls.c). The conversation above it does not
 * know which. */
#ifndef EXAM_IO_H
#define EXAM_IO_H

#include <sys/types.h>

struct exam_io {
	/* As read(2) and write(2): -1 with errno set on failure, 0 from
	 * read at the end of the peer's data. */
	ssize_t	(*read)(void *ctx, void *buf, size_t n);
	ssize_t	(*write)(void *ctx, const void *buf, size_t n);
	/* Bytes already received and decoded: readable without waiting on
	 * the socket. */
	size_t	(*pending)(void *ctx);
	/* Ends our side of the transport (before the socket's shutdown). */
	void	(*close)(void *ctx);
	void	*ctx;
};

#endif
