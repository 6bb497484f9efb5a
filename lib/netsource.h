/* SPDX-License-Identifier: ISC */
/* The source a failed login is recorded against (SPEC "Failed logins"):
 * an IPv4 address, or the /64 an IPv6 address lies in (one host, or one
 * home or school network, gets a whole /64). One rule for examd, which
 * takes it from the peer, and examctl, which takes it from an admin. */
#ifndef NETSOURCE_H
#define NETSOURCE_H

#include <stddef.h>

/* "1.2.3.4" or "2001:db8:1:2::/64", with room for the longest. */
#define NETSOURCE_MAX 48

/* Writes addr's source into key (n bytes). addr is an address as a peer
 * prints ("1.2.3.4:5678", "[2001:db8::1]:5678") or as an admin types it
 * ("1.2.3.4", "2001:db8::1", "2001:db8::/64"). Anything else ("local",
 * a peer examd could not name) is its own source, copied as it is when it
 * fits. Returns 0, or -1 when addr does not fit. */
int netsource_of(const char *addr, char *key, size_t n);

/* 1 when addr reads as an IPv4 or IPv6 address (with or without a port
 * or /64), else 0. */
int netsource_is_addr(const char *addr);

#endif
