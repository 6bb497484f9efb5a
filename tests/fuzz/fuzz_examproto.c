/* SPDX-License-Identifier: ISC */
/* Fuzzes the client's view of the exam conversation (gui/examproto.c):
 * whatever a server sends, the events are the same however the bytes are
 * split into reads, every string in them is within the line limit, a
 * prompt event carries its prompt, a question its choices, and the parser
 * frees everything it took. */
#include <string.h>

#include "examproto.h"
#include "fuzz.h"

/* The events of one run, as text, compared between the two runs. */
struct log {
	char	*buf;
	size_t	 len;
	FILE	*fp;
};

static void
check_str(const char *s)
{
	if (s != NULL)
		FUZZ_CHECK(strlen(s) <= XP_LINE_MAX + 64);
}

static void
record(const struct xp_event *ev, void *arg)
{
	struct log *l = arg;
	size_t i;
	int k;

	check_str(ev->text);
	check_str(ev->name);
	FUZZ_CHECK(ev->text != NULL);
	fprintf(l->fp, "%s|%s|%s|%d %d %d", xp_kind_name(ev->kind), ev->text,
	    ev->name ? ev->name : "-", ev->n[0], ev->n[1], ev->n[2]);
	switch (ev->kind) {
	case XP_ASK_USERNAME: case XP_ASK_PASSWORD: case XP_ASK_NEW_PASSWORD:
	case XP_ASK_REPEAT: case XP_ASK_EXAM: case XP_ASK_ANSWER:
		FUZZ_CHECK(strlen(ev->text) >= 2 &&
		    strcmp(ev->text + strlen(ev->text) - 2, ": ") == 0);
		break;
	case XP_SCORE:
		FUZZ_CHECK(ev->n[1] > 0 && ev->n[0] >= 0 &&
		    ev->n[0] <= ev->n[1]);
		break;
	default:
		break;
	}
	if (ev->kind == XP_ASK_ANSWER) {
		FUZZ_CHECK(ev->q != NULL);
		FUZZ_CHECK(ev->q->nchoices >= 0 &&
		    ev->q->nchoices <= XP_CHOICES_MAX);
		for (k = 0; k < ev->q->nchoices; k++) {
			FUZZ_CHECK(ev->q->choices[k] != NULL);
			check_str(ev->q->choices[k]);
			fprintf(l->fp, "[%s]", ev->q->choices[k]);
		}
	}
	for (i = 0; i < ev->nlist; i++) {
		check_str(ev->list[i]);
		fprintf(l->fp, "<%s>", ev->list[i]);
	}
	fputc('\n', l->fp);
}

/* Parses data in reads of the sizes given by seed (1 to 16 bytes, or all
 * at once when seed is 0). */
static void
run(const uint8_t *data, size_t size, unsigned seed, struct log *l)
{
	struct xp_parser p;
	size_t off = 0, n;

	FUZZ_CHECK((l->fp = open_memstream(&l->buf, &l->len)) != NULL);
	xp_init(&p, record, l);
	while (off < size) {
		n = seed ? 1 + (seed + off * 7) % 16 : size;
		if (n > size - off)
			n = size - off;
		FUZZ_CHECK(xp_feed(&p, (const char *)data + off, n) == 0);
		off += n;
	}
	xp_finish(&p);
	xp_free(&p);
	FUZZ_CHECK(fclose(l->fp) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct log whole, split;

	if (size == 0)
		return 0;
	run(data + 1, size - 1, 0, &whole);
	run(data + 1, size - 1, 1u + data[0], &split);
	if (whole.len != split.len ||
	    memcmp(whole.buf, split.buf, whole.len) != 0) {
		fprintf(stderr, "whole:\n%s\nsplit:\n%s\n", whole.buf,
		    split.buf);
		abort();
	}
	free(whole.buf);
	free(split.buf);
	return 0;
}
