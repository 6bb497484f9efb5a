/* SPDX-License-Identifier: ISC */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "peer.h"

int
peer_format(const struct sockaddr *sa, socklen_t len, char *buf, size_t n)
{
	char addr[INET6_ADDRSTRLEN];
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;
	struct in_addr v4;
	int w;

	if (n > 0)
		buf[0] = '\0';
	if (sa == NULL || len < (socklen_t)sizeof(sa->sa_family))
		return -1;
	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(*sin)) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		if (inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof addr) ==
		    NULL)
			return -1;
		w = snprintf(buf, n, "%s:%u", addr,
		    (unsigned)ntohs(sin->sin_port));
	} else if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(*sin6)) {
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			/* A dual-stack listener sees IPv4 clients this way;
			 * users know them by their IPv4 address. */
			memcpy(&v4, &sin6->sin6_addr.s6_addr[12], sizeof v4);
			if (inet_ntop(AF_INET, &v4, addr, sizeof addr) == NULL)
				return -1;
			w = snprintf(buf, n, "%s:%u", addr,
			    (unsigned)ntohs(sin6->sin6_port));
		} else {
			if (inet_ntop(AF_INET6, &sin6->sin6_addr, addr,
			    sizeof addr) == NULL)
				return -1;
			w = snprintf(buf, n, "[%s]:%u", addr,
			    (unsigned)ntohs(sin6->sin6_port));
		}
	} else
		return -1;
	if (w < 0 || (size_t)w >= n) {
		if (n > 0)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}

void
peer_of_fd(int fd, char *buf, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1 ||
	    peer_format((struct sockaddr *)&ss, len, buf, n) == -1)
		snprintf(buf, n, "local");
}
