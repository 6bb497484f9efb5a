/* SPDX-License-Identifier: ISC */
/* lib/peer.c: formatting peer addresses. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer.h"
#include "tap.h"

static const char *
fmt6(const char *addr, unsigned short port, char *buf, size_t n)
{
	struct sockaddr_in6 s6;

	memset(&s6, 0, sizeof s6);
	s6.sin6_family = AF_INET6;
	s6.sin6_port = htons(port);
	inet_pton(AF_INET6, addr, &s6.sin6_addr);
	if (peer_format((struct sockaddr *)&s6, sizeof s6, buf, n) == -1)
		return "(failed)";
	return buf;
}

int
main(void)
{
	struct sockaddr_in s4, bound;
	socklen_t len;
	char buf[PEER_MAX], want[PEER_MAX];
	int sv[2], fds[2], lfd, cfd, afd;

	memset(&s4, 0, sizeof s4);
	s4.sin_family = AF_INET;
	s4.sin_port = htons(38184);
	inet_pton(AF_INET, "127.0.0.1", &s4.sin_addr);
	is_int(peer_format((struct sockaddr *)&s4, sizeof s4, buf, sizeof buf),
	    0, "IPv4 formats");
	is_str(buf, "127.0.0.1:38184", "IPv4 is addr:port");
	s4.sin_port = htons(0);
	inet_pton(AF_INET, "255.255.255.255", &s4.sin_addr);
	peer_format((struct sockaddr *)&s4, sizeof s4, buf, sizeof buf);
	is_str(buf, "255.255.255.255:0", "widest IPv4, port 0");

	is_str(fmt6("::1", 9000, buf, sizeof buf), "[::1]:9000",
	    "IPv6 is [addr]:port");
	is_str(fmt6("2001:db8::42", 65535, buf, sizeof buf),
	    "[2001:db8::42]:65535", "IPv6, highest port");
	is_str(fmt6("::ffff:192.0.2.7", 1234, buf, sizeof buf),
	    "192.0.2.7:1234", "IPv4-mapped IPv6 prints as IPv4");
	is_str(fmt6("::192.0.2.7", 1, buf, sizeof buf), "[::192.0.2.7]:1",
	    "IPv4-compatible (not mapped) stays IPv6");
	is_str(fmt6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535, buf,
	    sizeof buf),
	    "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535",
	    "the longest address fits PEER_MAX");
	is_str(fmt6("::1", 9000, buf, 8), "(failed)",
	    "a buffer too small fails");
	is_str(buf, "", "and leaves an empty string");

	s4.sin_family = AF_UNIX;
	is_int(peer_format((struct sockaddr *)&s4, sizeof s4, buf, sizeof buf),
	    -1, "another family fails");
	s4.sin_family = AF_INET;
	is_int(peer_format((struct sockaddr *)&s4, 4, buf, sizeof buf), -1,
	    "a short address fails");
	is_int(peer_format(NULL, 0, buf, sizeof buf), -1, "NULL fails");

	ok(pipe(fds) == 0, "pipe");
	peer_of_fd(fds[0], buf, sizeof buf);
	is_str(buf, "local", "a pipe is local");
	close(fds[0]);
	close(fds[1]);
	ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	peer_of_fd(sv[0], buf, sizeof buf);
	is_str(buf, "local", "a Unix socket is local");
	close(sv[0]);
	close(sv[1]);

	/* A real loopback connection: the accepted side sees the client's
	 * address and port. */
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&bound, 0, sizeof bound);
	bound.sin_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &bound.sin_addr);
	len = sizeof bound;
	ok(lfd >= 0 && bind(lfd, (struct sockaddr *)&bound, sizeof bound) == 0 &&
	    listen(lfd, 1) == 0 &&
	    getsockname(lfd, (struct sockaddr *)&bound, &len) == 0,
	    "loopback listener");
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	ok(connect(cfd, (struct sockaddr *)&bound, sizeof bound) == 0,
	    "connect");
	afd = accept(lfd, NULL, NULL);
	len = sizeof s4;
	getsockname(cfd, (struct sockaddr *)&s4, &len);
	snprintf(want, sizeof want, "127.0.0.1:%u", (unsigned)ntohs(s4.sin_port));
	peer_of_fd(afd, buf, sizeof buf);
	is_str(buf, want, "peer_of_fd on an accepted TCP socket");
	close(afd);
	close(cfd);
	close(lfd);
	return tap_done();
}
