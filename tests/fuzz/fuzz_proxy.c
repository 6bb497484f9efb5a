/* SPDX-License-Identifier: ISC */
/* Fuzzes proxy_parse (exam/proxy.c), the PROXY protocol v1 header. An
 * accepted line must be one the protocol allows: it starts with "PROXY ",
 * fits in 107 bytes with its CRLF, and for TCP4/TCP6 its fields are
 * exactly the canonical text of what was parsed (IPv4 and ports have one
 * spelling each; an IPv6 source must at least read back the same). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "fuzz.h"
#include "proxy.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_header h;
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;
	const char *why = NULL, *line = (const char *)data, *p, *sp;
	char text[INET6_ADDRSTRLEN], port[8], src[64];
	unsigned char back[16];
	size_t n;

	if (proxy_parse(line, size, &h, &why) == -1) {
		FUZZ_CHECK(why != NULL && *why != '\0');
		return 0;
	}
	FUZZ_CHECK(size + 2 <= PROXY_MAXHEADER);
	FUZZ_CHECK(size >= 6 && memcmp(line, "PROXY ", 6) == 0);
	if (!h.known) {
		FUZZ_CHECK(size >= 13 && memcmp(line + 6, "UNKNOWN", 7) == 0);
		return 0;
	}
	FUZZ_CHECK(size > 11 && memcmp(line + 6, "TCP", 3) == 0);
	p = line + 11;
	sp = memchr(p, ' ', size - 11);
	FUZZ_CHECK(sp != NULL && sp > p && (size_t)(sp - p) < sizeof src);
	n = (size_t)(sp - p);
	memcpy(src, p, n);
	src[n] = '\0';
	if (line[9] == '4') {
		FUZZ_CHECK(h.src.ss_family == AF_INET);
		sin = (const struct sockaddr_in *)(const void *)&h.src;
		FUZZ_CHECK(inet_ntop(AF_INET, &sin->sin_addr, text,
		    sizeof text) != NULL);
		FUZZ_CHECK(strcmp(text, src) == 0);
		snprintf(port, sizeof port, "%u ", (unsigned)ntohs(sin->sin_port));
	} else {
		FUZZ_CHECK(line[9] == '6' && h.src.ss_family == AF_INET6);
		sin6 = (const struct sockaddr_in6 *)(const void *)&h.src;
		FUZZ_CHECK(inet_pton(AF_INET6, src, back) == 1);
		FUZZ_CHECK(memcmp(back, &sin6->sin6_addr, 16) == 0);
		snprintf(port, sizeof port, "%u ",
		    (unsigned)ntohs(sin6->sin6_port));
	}
	/* The source port is the third field after the protocol. */
	p = memchr(sp + 1, ' ', size - (size_t)(sp + 1 - line));
	FUZZ_CHECK(p != NULL);
	FUZZ_CHECK((size_t)(line + size - (p + 1)) >= strlen(port) &&
	    memcmp(p + 1, port, strlen(port)) == 0);
	return 0;
}
