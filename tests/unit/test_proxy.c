/* SPDX-License-Identifier: ISC */
/* exam/proxy.c: the PROXY protocol v1 header and the --proxy-from list. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer.h"
#include "proxy.h"
#include "tap.h"

/* The client address a header gives, as examd prints it; "bad: WHY" for
 * a refused one, "unknown" for UNKNOWN. */
static const char *
parsed(const char *line, char *buf, size_t n)
{
	struct proxy_header h;
	const char *why;

	if (proxy_parse(line, strlen(line), &h, &why) == -1) {
		snprintf(buf, n, "bad: %s", why);
		return buf;
	}
	if (!h.known)
		return "unknown";
	if (peer_format((struct sockaddr *)&h.src, h.srclen, buf, n) == -1)
		return "(unformattable)";
	return buf;
}

static int
refused(const char *line)
{
	struct proxy_header h;
	const char *why;

	return proxy_parse(line, strlen(line), &h, &why) == -1;
}

static int
listed(const struct proxy_from *pf, int af, const char *addr)
{
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;

	if (af == AF_INET) {
		memset(&s4, 0, sizeof s4);
		s4.sin_family = AF_INET;
		inet_pton(AF_INET, addr, &s4.sin_addr);
		return proxy_from_has(pf, (struct sockaddr *)&s4, sizeof s4);
	}
	memset(&s6, 0, sizeof s6);
	s6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, addr, &s6.sin6_addr);
	return proxy_from_has(pf, (struct sockaddr *)&s6, sizeof s6);
}

int
main(void)
{
	static const char *const bad[] = {
		"",
		"PROXY",
		"PROXY ",
		"proxy TCP4 1.2.3.4 5.6.7.8 1 2",
		"PROXY  TCP4 1.2.3.4 5.6.7.8 1 2",
		"PROXY TCP4  1.2.3.4 5.6.7.8 1 2",
		"PROXY TCP4 1.2.3.4  5.6.7.8 1 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2 ",
		" PROXY TCP4 1.2.3.4 5.6.7.8 1 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1\t2",
		"PROXY TCP5 1.2.3.4 5.6.7.8 1 2",
		"PROXY TCP 1.2.3.4 5.6.7.8 1 2",
		"PROXY UDP4 1.2.3.4 5.6.7.8 1 2",
		"PROXY UNKNOWNX",
		"PROXY TCP4 1.2.3 5.6.7.8 1 2",
		"PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2",
		"PROXY TCP4 1.2.3.256 5.6.7.8 1 2",
		"PROXY TCP4 01.2.3.4 5.6.7.8 1 2",
		"PROXY TCP4 ::1 5.6.7.8 1 2",
		"PROXY TCP4 1.2.3.4 ::1 1 2",
		"PROXY TCP6 1.2.3.4 ::1 1 2",
		"PROXY TCP6 ::1 1.2.3.4 1 2",
		"PROXY TCP6 ::1::2 ::1 1 2",
		"PROXY TCP6 12345::1 ::1 1 2",
		"PROXY TCP6 [::1] ::1 1 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 65536 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 99999",
		"PROXY TCP4 1.2.3.4 5.6.7.8 01 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 00 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 +1 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 -1 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 0x2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 123456 2",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r",
		"PROXY TCP4 1.2.3.4 5.6.7.8 1 2\x01",
	};
	char buf[PEER_MAX + 64], big[200];
	struct proxy_from pf;
	struct proxy_header h;
	struct linereader lr;
	const char *why;
	char *line;
	size_t i, len;
	int sv[2];

	is_str(parsed("PROXY TCP4 192.0.2.7 198.51.100.1 56324 9000", buf,
	    sizeof buf), "192.0.2.7:56324", "TCP4 gives the source ip:port");
	is_str(parsed("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535",
	    buf, sizeof buf), "255.255.255.255:65535", "the longest TCP4");
	is_str(parsed("PROXY TCP4 0.0.0.0 0.0.0.0 0 0", buf, sizeof buf),
	    "0.0.0.0:0", "port 0 and address 0.0.0.0 are valid");
	is_str(parsed("PROXY TCP6 2001:db8::5 2001:db8::1 443 9000", buf,
	    sizeof buf), "[2001:db8::5]:443", "TCP6 prints as [v6]:port");
	is_str(parsed("PROXY TCP6 ::FFFF:192.0.2.9 ::1 1000 9000", buf,
	    sizeof buf), "192.0.2.9:1000",
	    "an IPv4-mapped TCP6 source prints as IPv4");
	is_str(parsed("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535", buf,
	    sizeof buf), "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535",
	    "the longest TCP6 (104 bytes with CRLF)");
	is_str(parsed("PROXY UNKNOWN", buf, sizeof buf), "unknown",
	    "UNKNOWN alone");
	is_str(parsed("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535", buf,
	    sizeof buf), "unknown",
	    "UNKNOWN ignores the rest (the 107-byte worst case)");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(buf, sizeof buf, "refused: \"%s\"", bad[i]);
		ok(refused(bad[i]), buf);
	}
	memset(big, 0, sizeof big);
	memcpy(big, "PROXY UNKNOWN ", 14);
	memset(big + 14, 'x', 106 - 14);	/* 106 bytes + CRLF = 108 */
	ok(refused(big), "a 108-byte UNKNOWN header is refused");
	is_str(parsed(big, buf, sizeof buf), "bad: longer than 107 bytes",
	    "and says why");
	ok(proxy_parse("PROXY TCP4 1.2.3.4 5.6.7.8 1 2", 8, &h, &why) == -1,
	    "only len bytes are read");

	/* The list. */
	ok(proxy_from_parse(&pf, "127.0.0.1", &why) == 0, "one address");
	ok(listed(&pf, AF_INET, "127.0.0.1"), "is listed");
	ok(!listed(&pf, AF_INET, "127.0.0.2"), "another is not");
	ok(listed(&pf, AF_INET6, "::ffff:127.0.0.1"),
	    "an IPv4-mapped peer matches its IPv4 entry");
	ok(!listed(&pf, AF_INET6, "::1"), "::1 is not 127.0.0.1");
	ok(proxy_from_parse(&pf, "10.0.0.1,::1,::ffff:10.0.0.2", &why) == 0,
	    "three addresses, IPv6 among them");
	is_int((long long)pf.n, 3, "three entries");
	ok(listed(&pf, AF_INET6, "::1") && listed(&pf, AF_INET, "10.0.0.1"),
	    "both families listed");
	ok(listed(&pf, AF_INET, "10.0.0.2"),
	    "a mapped entry matches the IPv4 peer");
	ok(!listed(&pf, AF_INET6, "::2"), "::2 is not");
	ok(proxy_from_parse(&pf, "", &why) == -1, "empty list refused");
	ok(proxy_from_parse(&pf, "127.0.0.1,", &why) == -1,
	    "an empty item refused");
	ok(proxy_from_parse(&pf, ",127.0.0.1", &why) == -1,
	    "a leading comma refused");
	ok(proxy_from_parse(&pf, "127.0.0.1, ::1", &why) == -1,
	    "a blank refused");
	ok(proxy_from_parse(&pf, "localhost", &why) == -1,
	    "a name refused (no lookups)");
	ok(proxy_from_parse(&pf, "127.0.0.0/8", &why) == -1,
	    "a prefix refused");
	ok(proxy_from_parse(&pf, "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
	    &why) == -1, "not addresses refused");
	ok(proxy_from_parse(&pf, "1.0.0.1,1.0.0.2,1.0.0.3,1.0.0.4,1.0.0.5,"
	    "1.0.0.6,1.0.0.7,1.0.0.8,1.0.0.9,1.0.0.10,1.0.0.11,1.0.0.12,"
	    "1.0.0.13,1.0.0.14,1.0.0.15,1.0.0.16", &why) == 0, "16 fit");
	ok(proxy_from_parse(&pf, "1.0.0.1,1.0.0.2,1.0.0.3,1.0.0.4,1.0.0.5,"
	    "1.0.0.6,1.0.0.7,1.0.0.8,1.0.0.9,1.0.0.10,1.0.0.11,1.0.0.12,"
	    "1.0.0.13,1.0.0.14,1.0.0.15,1.0.0.16,1.0.0.17", &why) == -1,
	    "17 do not");

	/* Through the line reader: what follows the header stays. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return 1;
	lr_init(&lr, sv[0], 2000, NULL, NULL);
	(void)!write(sv[1], "PROXY TCP4 192.0.2.1 192.0.2.2 4000 9000\r\n"
	    "alice\npw\r\n", 52);
	is_int(proxy_read(&lr, 1000, &h, &why), PROXY_READ_OK,
	    "a header read through the reader");
	is_int(lr.maxline, LR_MAXLINE, "the line limit is restored");
	is_int(lr.timeout_ms, 2000, "the timeout is restored");
	ok(lr_read(&lr, &line, &len) == LR_LINE && strcmp(line, "alice") == 0,
	    "the pipelined username is still there");
	ok(lr_read(&lr, &line, &len) == LR_LINE && strcmp(line, "pw") == 0,
	    "and the line after it");
	(void)!write(sv[1], "PROXY TCP4 192.0.2.1 192.0.2.2 4000 9000\n", 41);
	is_int(proxy_read(&lr, 1000, &h, &why), PROXY_READ_BAD,
	    "a header ending in LF alone is refused");
	is_str(why, "the header does not end in CRLF", "and says why");
	memset(big, 'x', 150);
	memcpy(big, "PROXY UNKNOWN ", 14);
	(void)!write(sv[1], big, 150);
	is_int(proxy_read(&lr, 1000, &h, &why), PROXY_READ_BAD,
	    "108 bytes without a line end are refused at once");
	is_str(why, "longer than 107 bytes", "as too long");
	close(sv[0]);
	close(sv[1]);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return 1;
	lr_init(&lr, sv[0], 2000, NULL, NULL);
	(void)!write(sv[1], "PROXY TCP4 1.2.3.4", 18);
	is_int(proxy_read(&lr, 200, &h, &why), PROXY_READ_TIMEOUT,
	    "half a header times out");
	close(sv[1]);
	is_int(proxy_read(&lr, 200, &h, &why), PROXY_READ_BAD,
	    "and then ended without CRLF is refused");
	is_int(proxy_read(&lr, 200, &h, &why), PROXY_READ_GONE,
	    "nothing at all: gone");
	close(sv[0]);
	return tap_done();
}
