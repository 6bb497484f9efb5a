/* SPDX-License-Identifier: ISC */
/* The PROXY protocol, version 1 (haproxy's doc/proxy-protocol.txt): a
 * proxy in front of examd (haproxy with send-proxy) sends one text line
 * with the client's address before the client's own bytes. examd trusts
 * that line only from the proxies it was told of (--proxy-from). */
#ifndef EXAM_PROXY_H
#define EXAM_PROXY_H

#include <stddef.h>
#include <sys/socket.h>

#include "linereader.h"
#include "output.h"

/* Longest header the protocol allows, its CRLF included. */
#define PROXY_MAXHEADER 107
/* Most proxies one --proxy-from may list. */
#define PROXY_MAXFROM 16

/* The proxies' addresses, IPv4 kept as 4 bytes (an IPv4-mapped IPv6
 * address in the list or from the socket is taken as IPv4). */
struct proxy_from {
	size_t		n;
	struct {
		int		family;		/* AF_INET or AF_INET6 */
		unsigned char	addr[16];
	} a[PROXY_MAXFROM];
};

/* What a valid header said. */
struct proxy_header {
	int			known;	/* 0: "PROXY UNKNOWN" (keep the real peer) */
	struct sockaddr_storage	src;	/* the client, when known */
	socklen_t		srclen;
};

/* Parses list ("ADDR[,ADDR...]", IPv4 or IPv6 addresses, no blanks, no
 * empty item) into pf. Returns 0, or -1 with *bad pointing at a static
 * phrase saying what was wrong. */
int proxy_from_parse(struct proxy_from *pf, const char *list,
    const char **bad);

/* 1 when the peer sa (AF_INET or AF_INET6) is one of pf's addresses. */
int proxy_from_has(const struct proxy_from *pf, const struct sockaddr *sa,
    socklen_t len);

/* Parses one header line of len bytes, its CRLF already removed (the
 * caller has checked the line ended in CRLF within PROXY_MAXHEADER
 * bytes). Exact syntax: "PROXY TCP4 SRC DST SPORT DPORT", the same with
 * TCP6, or "PROXY UNKNOWN" and anything after a blank; single blanks;
 * addresses as inet_pton reads them in the family named; ports 0-65535 in
 * decimal without sign or leading zero. Returns 0 and fills *h, or -1 with
 * *why pointing at a static phrase. */
int proxy_parse(const char *line, size_t len, struct proxy_header *h,
    const char **why);

enum proxy_read {
	PROXY_READ_OK,		/* *h holds a valid header */
	PROXY_READ_BAD,		/* a malformed header: *why says how */
	PROXY_READ_TIMEOUT,	/* no complete header in time */
	PROXY_READ_GONE		/* the peer closed or the read failed */
};

/* Reads the header line through lr (so bytes sent after it stay in lr's
 * buffer for the conversation), waiting at most timeout_ms for it, and
 * parses it. lr's own line limit and timeout are restored afterwards. */
enum proxy_read proxy_read(struct linereader *lr, int timeout_ms,
    struct proxy_header *h, const char **why);

/* How long a listed proxy has to send its header (at least 3 s, the
 * protocol says, to cover a TCP retransmission). */
#define PROXY_TIMEOUT_MS 5000

/* Decides whether the connection on fd (read through lr, answered through
 * o) may go on: its real peer must be in pf and send a valid header. Then
 * peer (n bytes, holding the real peer) is rewritten with the client's
 * address, unless the header was UNKNOWN, and 0 is returned. Otherwise
 * the client is told why in one line, syslog says more, and -1 is
 * returned: nothing about the connection has been counted or stored.
 * o NULL: the client hears nothing (TLS follows the header, and a line
 * in clear would be garbage to it); the log alone says why. */
int proxy_admit(const struct proxy_from *pf, int fd, struct linereader *lr,
    struct exam_out *o, char *peer, size_t n);

#endif
