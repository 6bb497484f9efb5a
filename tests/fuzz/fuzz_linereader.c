/* SPDX-License-Identifier: ISC */
/* Fuzzes lr_read (lib/linereader.c) over a pipe. The first byte seeds the
 * sizes of the pieces the rest is written in: the before_wait hook writes
 * the next piece whenever the reader is about to wait on an empty pipe,
 * and closes the pipe when nothing is left, so reads see every split of
 * the input. The lines returned are checked against a plain split of the
 * input on LF (one CR before the LF dropped) and the documented limits. */
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "fuzz.h"
#include "linereader.h"

struct feeder {
	int		 rfd, wfd;
	const uint8_t	*p;
	size_t		 left;
	uint32_t	 seed;
	int		 waits;
};

static size_t
next_piece(struct feeder *f)
{
	f->seed = f->seed * 1103515245u + 12345u;
	switch (f->seed >> 28 & 3) {
	case 0:
		return 1 + (f->seed >> 8 & 7);		/* a few bytes */
	case 1:
		return 1 + (f->seed >> 8 & 0x3ff);	/* under a line */
	default:
		return 1 + (f->seed >> 8 & 0xfff);	/* a buffer or so */
	}
}

static void
feed(void *arg)
{
	struct feeder *f = arg;
	size_t n;
	ssize_t w;
	int avail = 0;

	f->waits++;
	FUZZ_CHECK(ioctl(f->rfd, FIONREAD, &avail) == 0);
	if (avail > 0 || f->wfd < 0)
		return;
	if (f->left == 0) {
		close(f->wfd);
		f->wfd = -1;
		return;
	}
	n = next_piece(f);
	if (n > f->left)
		n = f->left;
	/* An empty pipe holds far more than one piece: this never blocks. */
	w = write(f->wfd, f->p, n);
	FUZZ_CHECK(w == (ssize_t)n);
	f->p += n;
	f->left -= n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct feeder f;
	const uint8_t *in, *nl, *line_end;
	size_t inlen, pos = 0, want, len;
	enum lr_status st;
	char *line;
	int fds[2];

	if (size < 1)
		return 0;
	FUZZ_CHECK(pipe(fds) == 0);
	in = data + 1;
	inlen = size - 1;
	memset(&f, 0, sizeof f);
	f.rfd = fds[0];
	f.wfd = fds[1];
	f.p = in;
	f.left = inlen;
	f.seed = data[0];
	lr_init(&lr, fds[0], 5000, feed, &f);

	for (;;) {
		st = lr_read(&lr, &line, &len);
		FUZZ_CHECK(st != LR_TIMEOUT && st != LR_ERROR);
		FUZZ_CHECK(lr_reason(st) != NULL);
		if (pos == inlen) {
			FUZZ_CHECK(st == LR_EOF);
			break;
		}
		/* The next line of the input, and what the reader must say. */
		nl = memchr(in + pos, '\n', inlen - pos);
		line_end = nl ? nl : in + inlen;
		want = (size_t)(line_end - (in + pos));
		if (want > 0 && in[pos + want - 1] == '\r')
			want--;
		if (want > LR_MAXLINE && memchr(in + pos, '\0', want)) {
			/* Both wrong: which is seen first depends on the
			 * pieces. */
			FUZZ_CHECK(st == LR_TOO_LONG || st == LR_NUL);
			break;
		}
		if (want > LR_MAXLINE) {
			if (st != LR_TOO_LONG) {
				fprintf(stderr, "line at %zu of %zu bytes: "
				    "status %d\n", pos, want, st);
				abort();
			}
			break;
		}
		if (memchr(in + pos, '\0', want)) {
			FUZZ_CHECK(st == LR_NUL);
			break;
		}
		if (st != LR_LINE || len != want) {
			fprintf(stderr, "line at %zu: status %d length %zu, "
			    "expected a line of %zu\n", pos, st,
			    st == LR_LINE ? len : 0, want);
			abort();
		}
		FUZZ_CHECK(memcmp(line, in + pos, want) == 0);
		FUZZ_CHECK(line[len] == '\0');
		pos = (size_t)(line_end - in) + (nl != NULL);
	}
	if (f.wfd >= 0)
		close(f.wfd);
	close(f.rfd);
	return 0;
}
