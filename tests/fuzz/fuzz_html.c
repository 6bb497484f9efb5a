/* SPDX-License-Identifier: ISC */
/* Fuzzes html_escape (lib/html.c): whatever the bytes, the output must be
 * valid UTF-8 with no raw < > " ', every & the start of one of the
 * entities the writer uses, no control character (C0, DEL or C1) but tab,
 * LF and CR, and decoding the entities must give the input with each
 * control character and each byte of invalid UTF-8 replaced by U+FFFD. */
#include <string.h>

#include "fuzz.h"
#include "html.h"

static const struct {
	const char	*ent;
	char		 c;
} ents[] = {
	{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
	{ "&quot;", '"' }, { "&#39;", '\'' },
};

/* Unicode's control characters (category Cc): C0, DEL and C1, all of
 * them errors in HTML5 text but for tab, LF and CR (and FF). */
static int
is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct webbuf b, dec, want;
	const unsigned char *u;
	size_t i, k, e, elen;
	uint32_t cp;
	char *z;

	webbuf_init(&b);
	webbuf_init(&dec);
	webbuf_init(&want);
	webbuf_adds(&b, "<p>");
	FUZZ_CHECK(html_escape(&b, (const char *)data, size) == 0);
	FUZZ_CHECK(b.len >= 3 && memcmp(b.p, "<p>", 3) == 0);
	FUZZ_CHECK(ref_utf8_valid(b.p, b.len));
	u = (const unsigned char *)b.p;
	for (i = 3; i < b.len; i += k) {
		FUZZ_CHECK(strchr("<>\"'", b.p[i]) == NULL);
		FUZZ_CHECK(u[i] >= 0x20 || u[i] == '\t' || u[i] == '\n' ||
		    u[i] == '\r');
		FUZZ_CHECK(u[i] != 0x7f);
		if (b.p[i] == '&') {
			for (e = 0; e < sizeof ents / sizeof ents[0]; e++) {
				elen = strlen(ents[e].ent);
				if (b.len - i >= elen &&
				    memcmp(b.p + i, ents[e].ent, elen) == 0)
					break;
			}
			FUZZ_CHECK(e < sizeof ents / sizeof ents[0]);
			webbuf_addc(&dec, ents[e].c);
			k = elen;
			continue;
		}
		k = ref_utf8_decode(u + i, b.len - i, &cp);
		FUZZ_CHECK(k > 0);
		FUZZ_CHECK(!is_control(cp) || cp == '\t' || cp == '\n' ||
		    cp == '\r');
		webbuf_add(&dec, b.p + i, k);
	}

	for (i = 0; i < size; i += k) {
		k = ref_utf8_decode(data + i, size - i, &cp);
		if (k == 0) {
			webbuf_adds(&want, "\xef\xbf\xbd");
			k = 1;
		} else if (is_control(cp) && cp != '\t' && cp != '\n' &&
		    cp != '\r')
			webbuf_adds(&want, "\xef\xbf\xbd");
		else
			webbuf_add(&want, (const char *)data + i, k);
	}
	FUZZ_CHECK(!dec.failed && !want.failed);
	if (dec.len != want.len ||
	    (dec.len > 0 && memcmp(dec.p, want.p, dec.len) != 0)) {
		fprintf(stderr, "decoded HTML differs from the input\n");
		abort();
	}

	/* html_escapes stops at the first NUL. */
	if ((z = strndup((const char *)data, size)) != NULL) {
		webbuf_reset(&dec);
		FUZZ_CHECK(html_escapes(&dec, z) == 0);
		webbuf_reset(&want);
		FUZZ_CHECK(html_escape(&want, z, strlen(z)) == 0);
		FUZZ_CHECK(dec.len == want.len &&
		    (dec.len == 0 || memcmp(dec.p, want.p, dec.len) == 0));
		free(z);
	}
	webbuf_free(&b);
	webbuf_free(&dec);
	webbuf_free(&want);
	return 0;
}
