/* SPDX-License-Identifier: ISC */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "netsource.h"

/* Parses addr into v4 or v6 (*family set), or returns -1. */
static int
parse(const char *addr, int *family, struct in_addr *v4,
    struct in6_addr *v6)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *end;
	size_t len;

	if (addr[0] == '[') {
		/* [v6]:port */
		if ((end = strchr(addr, ']')) == NULL)
			return -1;
		len = (size_t)(end - addr - 1);
		if (len >= sizeof buf)
			return -1;
		memcpy(buf, addr + 1, len);
		buf[len] = '\0';
	} else {
		if (strlen(addr) >= sizeof buf)
			return -1;
		snprintf(buf, sizeof buf, "%s", addr);
		/* v6/64, as examctl lists it */
		if ((end = strchr(buf, '/')) != NULL) {
			if (strcmp(end, "/64") != 0)
				return -1;
			buf[end - buf] = '\0';
		}
		/* 1.2.3.4:port: one colon only (v6 has several) */
		if ((end = strchr(buf, ':')) != NULL &&
		    strchr(end + 1, ':') == NULL)
			buf[end - buf] = '\0';
	}
	if (inet_pton(AF_INET, buf, v4) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, v6) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

int
netsource_is_addr(const char *addr)
{
	struct in_addr v4;
	struct in6_addr v6;
	int family;

	return parse(addr, &family, &v4, &v6) == 0;
}

int
netsource_of(const char *addr, char *key, size_t n)
{
	char text[INET6_ADDRSTRLEN];
	struct in_addr v4;
	struct in6_addr v6;
	int family, w;

	if (parse(addr, &family, &v4, &v6) == -1) {
		w = snprintf(key, n, "%s", addr);
		return w < 0 || (size_t)w >= n ? -1 : 0;
	}
	if (family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&v6)) {
		memcpy(&v4, &v6.s6_addr[12], sizeof v4);
		family = AF_INET;
	}
	if (family == AF_INET) {
		if (inet_ntop(AF_INET, &v4, text, sizeof text) == NULL)
			return -1;
		w = snprintf(key, n, "%s", text);
	} else {
		/* The host half goes: one /64 is one source. */
		memset(&v6.s6_addr[8], 0, 8);
		if (inet_ntop(AF_INET6, &v6, text, sizeof text) == NULL)
			return -1;
		w = snprintf(key, n, "%s/64", text);
	}
	return w < 0 || (size_t)w >= n ? -1 : 0;
}
