/* SPDX-License-Identifier: ISC */
/* The lookup limit per client address (IPv4 /32, IPv6 /64), shared by
 * every handlelogin process through a small file mapped into each: a
 * fixed number of slots, so a flood of addresses replaces old entries
 * and never grows memory. Two buckets per address, each a burst and a
 * rate per minute: lookups of any kind, and misses (404s). A lookup is
 * refused while either is empty, so a harvester, whose lookups are
 * nearly all misses, is held to the misses' figures while a class behind
 * one address looking itself up only meets the larger one.
 *
 * The table is a file (LOOKUP_TABLE, where the pages' user may write:
 * beside lighttpd's sockets) of a header and LOOKUPLIMIT_SLOTS slots. An
 * address already in the table is counted with atomic compare-and-swap on
 * the mapping, without a system call or a wait; giving a slot to a new
 * address takes flock(2), which a process that dies releases. Each
 * bucket is kept as the time at which it would be full again (GCRA), on
 * CLOCK_MONOTONIC in microseconds (vDSO: no system call); a time past
 * what the figures allow (a file from before a reboot) is forgotten.
 * System calls: openat, fstat, ftruncate, mmap, flock, getrandom (making
 * the table), flock (a new address), close and munmap at the end. */
#ifndef LOOKUPLIMIT_H
#define LOOKUPLIMIT_H

#include <stdint.h>

#define LOOKUPLIMIT_SLOTS	8192	/* 40 bytes each */

struct lookuplimit_figures {
	long long	 miss_burst, miss_per_min;	/* misses */
	long long	 burst, per_min;		/* any lookup */
};

struct lookuplimit {
	int		 fd;	/* -1: no limit */
	struct lookuplimit_table *t;
	struct lookuplimit_figures f;
};

/* A client address made into the key of its slot. */
struct lookuplimit_key {
	unsigned char	 b[17];	/* family byte, then the address bits */
};

/* Reads the figures and the table's path from the environment
 * (LOOKUP_TABLE, LOOKUP_MISS_BURST, LOOKUP_MISSES_PER_MINUTE,
 * LOOKUP_BURST, LOOKUP_PER_MINUTE) and maps the table, making it when
 * missing. Without LOOKUP_TABLE there is no limit. Returns 0, or -1
 * after saying why on stderr (prog: ...): a figure missing or not a
 * whole number from 1 to 1000000, or a table that cannot be opened. */
int lookuplimit_init(struct lookuplimit *l, const char *prog);

/* As lookuplimit_init, with the figures and path given (tests, bench). */
int lookuplimit_open(struct lookuplimit *l, const char *path,
    const struct lookuplimit_figures *f, const char *prog);

void lookuplimit_close(struct lookuplimit *l);

/* The key of a client address as REMOTE_ADDR gives it (IPv4, IPv6, or
 * IPv4-mapped IPv6 taken as IPv4). Returns 0, or -1 when addr is none of
 * these (a Unix socket): such clients share one key. */
int lookuplimit_key(const char *addr, struct lookuplimit_key *k);

/* Before a lookup from k: returns 0 and counts it, or the seconds (>= 1)
 * to wait when one of the buckets is empty (the lookup is then not
 * counted). Always 0 without a limit. */
long long lookuplimit_take(struct lookuplimit *l,
    const struct lookuplimit_key *k);

/* After a lookup from k that was a miss: counts it. */
void lookuplimit_miss(struct lookuplimit *l, const struct lookuplimit_key *k);

#endif
