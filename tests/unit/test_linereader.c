/* SPDX-License-Identifier: ISC */
/* lib/linereader.c: bounded lines over a descriptor, as the exam service
 * reads them. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "linereader.h"
#include "tap.h"

static int waits;

static void
count_wait(void *arg)
{
	(void)arg;
	waits++;
}

/* A pipe holding len bytes of data, its writing end closed (EOF after). */
static int
feed(const char *data, size_t len)
{
	int p[2];

	if (pipe(p) == -1 || write(p[1], data, len) != (ssize_t)len)
		abort();
	close(p[1]);
	return p[0];
}

/* Reads one line from a fresh reader over data; returns the status and
 * the line length in *len. */
static enum lr_status
one(const char *data, size_t dlen, size_t *len)
{
	struct linereader lr;
	enum lr_status st;
	char *line;
	int fd = feed(data, dlen);

	lr_init(&lr, fd, 1000, NULL, NULL);
	*len = 0;
	st = lr_read(&lr, &line, len);
	close(fd);
	return st;
}

static double
ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

int
main(void)
{
	static const char pipelined[] = "alice\nbb\r\n\n\r\na\rb\n  x  \nlast";
	struct linereader lr;
	struct timespec t0;
	char *line, *big, *stream, name[32];
	size_t len, i, slen;
	int fd, sv[2], all;

	/* Everything sent at once comes back line by line. */
	waits = 0;
	fd = feed(pipelined, sizeof pipelined - 1);
	lr_init(&lr, fd, 1000, count_wait, NULL);
	is_int(lr_read(&lr, &line, &len), LR_LINE, "first line");
	is_str(line, "alice", "LF line");
	is_int(waits, 1, "one wait for the first read");
	lr_read(&lr, &line, &len);
	is_str(line, "bb", "CRLF line loses its CR");
	is_int(waits, 1, "buffered lines need no wait");
	is_int(lr_read(&lr, &line, &len), LR_LINE, "empty LF line");
	is_int((long long)len, 0, "has length 0");
	lr_read(&lr, &line, &len);
	is_int((long long)len, 0, "empty CRLF line has length 0");
	lr_read(&lr, &line, &len);
	is_int((long long)len, 3, "a CR inside a line is kept");
	ok(memcmp(line, "a\rb", 3) == 0, "as it was sent");
	lr_read(&lr, &line, &len);
	is_str(line, "  x  ", "blanks are kept (trimming is the caller's)");
	is_int(lr_read(&lr, &line, &len), LR_LINE, "unended last line");
	is_str(line, "last", "is still a line");
	is_int(lr_read(&lr, &line, &len), LR_EOF, "then EOF");
	is_int(lr_read(&lr, &line, &len), LR_EOF, "and EOF again");
	close(fd);

	is_int(one("", 0, &len), LR_EOF, "no input is EOF");

	/* The 1024-byte limit, not counting the line end. */
	big = malloc(3000);
	memset(big, 'x', 3000);
	big[1024] = '\n';
	is_int(one(big, 1025, &len), LR_LINE, "1024 bytes + LF is a line");
	is_int((long long)len, 1024, "of 1024 bytes");
	memcpy(big + 1024, "\r\n", 2);
	is_int(one(big, 1026, &len), LR_LINE, "1024 bytes + CRLF is a line");
	is_int((long long)len, 1024, "of 1024 bytes too");
	big[1024] = 'x';
	big[1025] = '\n';
	is_int(one(big, 1026, &len), LR_TOO_LONG, "1025 bytes + LF is too long");
	memcpy(big + 1025, "\r\n", 2);
	is_int(one(big, 1027, &len), LR_TOO_LONG, "1025 bytes + CRLF too");
	memset(big, 'x', 3000);
	is_int(one(big, 1025, &len), LR_TOO_LONG, "1025 bytes then EOF too");
	is_int(one(big, 1024, &len), LR_LINE, "1024 bytes then EOF is a line");
	big[2000] = '\n';
	is_int(one(big, 2001, &len), LR_TOO_LONG, "a 2000-byte line");

	/* Too long is known before the line ends: no wait for the rest. */
	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	ok(write(sv[1], big, 2000) == 2000, "2000 bytes, no line end");
	lr_init(&lr, sv[0], 5000, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(lr_read(&lr, &line, &len), LR_TOO_LONG, "too long at once");
	ok(ms_since(&t0) < 1000, "without waiting for the timeout");
	close(sv[0]);
	close(sv[1]);

	/* NUL bytes. */
	is_int(one("a\0b\n", 4, &len), LR_NUL, "a NUL inside a line");
	is_int(one("\0\n", 2, &len), LR_NUL, "a NUL alone");
	is_int(one("ok\nx\0", 5, &len), LR_LINE, "lines before a NUL are read");
	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	ok(write(sv[1], "ab\0", 3) == 3, "a NUL, no line end");
	lr_init(&lr, sv[0], 5000, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(lr_read(&lr, &line, &len), LR_NUL, "NUL found at once");
	ok(ms_since(&t0) < 1000, "without waiting for the line end");
	close(sv[0]);
	close(sv[1]);

	/* Idle timeout. */
	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	ok(write(sv[1], "half", 4) == 4, "half a line, then silence");
	lr_init(&lr, sv[0], 200, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	is_int(lr_read(&lr, &line, &len), LR_TIMEOUT, "silence times out");
	ok(ms_since(&t0) >= 190 && ms_since(&t0) < 2000,
	    "after about the timeout");
	close(sv[0]);
	close(sv[1]);

	/* A closed descriptor is an error, not a hang. */
	fd = feed("", 0);
	close(fd);
	lr_init(&lr, fd, 1000, NULL, NULL);
	is_int(lr_read(&lr, &line, &len), LR_ERROR, "a closed fd is an error");

	/* Many lines, more than the buffer holds: none lost or mangled.
	 * Built first and sent in one write (small writes each cost a
	 * whole socket buffer slot). */
	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	stream = malloc(20000);
	slen = 0;
	for (i = 0; i < 500; i++)
		slen += (size_t)snprintf(stream + slen, 20000 - slen,
		    "line %zu\r\n", i);
	for (i = 0; i < 8; i++) {
		memset(stream + slen, 'y', 1024);
		stream[slen + 1024] = '\n';
		slen += 1025;
	}
	ok(write(sv[1], stream, slen) == (ssize_t)slen, "one big write");
	free(stream);
	shutdown(sv[1], SHUT_WR);
	lr_init(&lr, sv[0], 1000, NULL, NULL);
	all = 1;
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof name, "line %zu", i);
		if (lr_read(&lr, &line, &len) != LR_LINE || strcmp(line, name))
			all = 0;
	}
	ok(all, "500 pipelined lines in order");
	all = 1;
	for (i = 0; i < 8; i++)
		if (lr_read(&lr, &line, &len) != LR_LINE || len != 1024)
			all = 0;
	ok(all, "8 maximal lines in a row");
	is_int(lr_read(&lr, &line, &len), LR_EOF, "then EOF");
	close(sv[0]);
	close(sv[1]);

	ok(strlen(lr_reason(LR_TOO_LONG)) > 0, "statuses have reasons");
	free(big);
	return tap_done();
}
