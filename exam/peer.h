/* SPDX-License-Identifier: ISC */
/* Printable peer addresses for the connection log and results. */
#ifndef PEER_H
#define PEER_H

#include <stddef.h>
#include <sys/socket.h>

/* Room for "[" + an IPv6 address + "]:" + a port + NUL. */
#define PEER_MAX 64

/* Formats sa as "1.2.3.4:port" or "[v6]:port" into buf (n bytes);
 * IPv4-mapped IPv6 addresses print as plain IPv4. Returns 0, or -1 for
 * another family, a short len or a buffer too small (buf is then ""). */
int peer_format(const struct sockaddr *sa, socklen_t len, char *buf,
    size_t n);

/* Formats the peer of socket fd into buf; writes "local" when fd is not
 * an IP socket (a pipe or a terminal), so callers always get a string. */
void peer_of_fd(int fd, char *buf, size_t n);

#endif
