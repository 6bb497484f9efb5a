/* SPDX-License-Identifier: ISC */
/* The web side's stated invariants: assert() is compiled into the test
 * builds, and a broken webbuf or template stops the program at once
 * instead of writing past its memory or rendering garbage. */
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "template.h"
#include "webbuf.h"

/* Runs fn in a child with stderr silenced; returns 1 when it was stopped
 * by SIGABRT (a failed assert), 0 when it returned normally. */
static int
aborts(void (*fn)(void))
{
	pid_t pid;
	int st, fd;

	fflush(stdout);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, 2);
		fn();
		_exit(0);
	}
	if (waitpid(pid, &st, 0) == -1)
		return -1;
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

static void
buf_len_past_cap(void)
{
	struct webbuf b;

	webbuf_init(&b);
	webbuf_adds(&b, "abc");
	b.len = b.cap;		/* no room left for the NUL */
	webbuf_adds(&b, "d");
}

static void
buf_len_without_memory(void)
{
	struct webbuf b;

	webbuf_init(&b);
	b.len = 5;
	webbuf_adds(&b, "d");
}

static void
buf_null_text(void)
{
	struct webbuf b;

	webbuf_init(&b);
	webbuf_add(&b, NULL, 3);
}

static void
buf_fine(void)
{
	struct webbuf b;

	webbuf_init(&b);
	webbuf_add(&b, NULL, 0);
	webbuf_adds(&b, "abc");
	webbuf_addll(&b, -9223372036854775807LL - 1);
	webbuf_reset(&b);
	webbuf_free(&b);
}

static struct template t;

static void
tpl_unnamed_placeholder(void)
{
	static const struct template_var v[] = { { "x", "1" } };
	struct webbuf b;

	webbuf_init(&b);
	t.seg[1].len = 0;	/* {{}} cannot come from the parser */
	template_render(&t, &b, v, 1, NULL, 0);
}

static void
tpl_too_many_segments(void)
{
	struct webbuf b;

	webbuf_init(&b);
	t.nseg = TEMPLATE_MAX_SEGS + 1;
	template_render(&t, &b, NULL, 0, NULL, 0);
}

int
main(void)
{
	char err[128];

#ifdef NDEBUG
	ok(0, "assert() is compiled in (the test build has no NDEBUG)");
#else
	ok(1, "assert() is compiled in (the test build has no NDEBUG)");
#endif
	is_int(aborts(buf_fine), 0, "a webbuf used as documented runs");
	is_int(aborts(buf_len_past_cap), 1,
	    "a webbuf with no room for its NUL stops the program");
	is_int(aborts(buf_len_without_memory), 1,
	    "a webbuf with a length but no memory stops the program");
	is_int(aborts(buf_null_text), 1,
	    "appending bytes from NULL stops the program");

	ok(template_parse(&t, "a{{x}}b", 7, err, sizeof err) == 0,
	    "a template of three segments");
	is_int(t.nseg, 3, "text, placeholder, text");
	is_int(aborts(tpl_unnamed_placeholder), 1,
	    "rendering a placeholder without a name stops the program");
	is_int(aborts(tpl_too_many_segments), 1,
	    "rendering more segments than a template holds stops it");
	template_free(&t);
	return tap_done();
}
