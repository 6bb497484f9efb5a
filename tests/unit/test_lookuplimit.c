/* SPDX-License-Identifier: ISC */
/* cgi-bin/lookuplimit.c: the keys of addresses (IPv4 /32, IPv6 /64,
 * IPv4-mapped as IPv4), the two buckets, the table's fixed size under a
 * flood of addresses, and two processes' views of one table. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lookuplimit.h"
#include "tap.h"

static int
same(const char *a, const char *b)
{
	struct lookuplimit_key ka, kb;

	(void)lookuplimit_key(a, &ka);
	(void)lookuplimit_key(b, &kb);
	return memcmp(&ka, &kb, sizeof ka) == 0;
}

int
main(void)
{
	static const struct lookuplimit_figures f = { 10, 10, 60, 120 };
	struct lookuplimit l, l2;
	struct lookuplimit_key k, k2;
	char path[] = "/tmp/test_lookuplimit.XXXXXX", a[64];
	struct stat sb;
	long long w = 0;
	int fd, i, n;

	ok(same("2001:db8:1:2::1", "2001:db8:1:2:ffff::9"), "one IPv6 /64 is one client");
	ok(!same("2001:db8:1:2::1", "2001:db8:1:3::1"), "another /64 is another");
	ok(same("::ffff:192.0.2.7", "192.0.2.7"), "IPv4-mapped IPv6 is the IPv4 address");
	ok(!same("192.0.2.7", "192.0.2.8"), "each IPv4 address is a client");
	is_int(lookuplimit_key("/run/sock", &k), -1, "a Unix socket has no address");
	ok(same("/run/sock", NULL), "and such clients share one key");

	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	unlink(path);
	is_int(lookuplimit_open(&l, path, &f, "test"), 0, "the table is made");
	is_int(lookuplimit_open(&l2, path, &f, "test"), 0, "and opened again");
	ok(stat(path, &sb) == 0 && sb.st_size == 32 + LOOKUPLIMIT_SLOTS * 40,
	    "its size is fixed");
	is_int(sb.st_mode & 0777, 0600, "only its owner reads it");

	(void)lookuplimit_key("192.0.2.1", &k);
	for (i = 0, n = 0; i < 30; i++)
		if (lookuplimit_take(i % 2 ? &l : &l2, &k) == 0) {
			n++;
			lookuplimit_miss(i % 2 ? &l2 : &l, &k);
		}
	is_int(n, 10, "a burst of 10 misses, counted across both openers");
	w = lookuplimit_take(&l, &k);
	ok(w >= 5 && w <= 6, "then a wait of about 6 s (one miss's worth)");
	(void)lookuplimit_key("192.0.2.2", &k2);
	is_int(lookuplimit_take(&l, &k2), 0, "another address is not slowed");
	for (i = 0, n = 0; i < 100; i++)
		n += lookuplimit_take(&l, &k2) == 0;
	is_int(n, 59, "hits: a burst of 60 in all");

	/* A flood of 100000 addresses: the size stays; the harvester's
	 * entry may be replaced (it then starts afresh), never grows. */
	for (i = 0; i < 100000; i++) {
		snprintf(a, sizeof a, "10.%d.%d.%d", i >> 16, (i >> 8) & 255,
		    i & 255);
		(void)lookuplimit_key(a, &k2);
		(void)lookuplimit_take(&l, &k2);
	}
	ok(stat(path, &sb) == 0 && sb.st_size == 32 + LOOKUPLIMIT_SLOTS * 40,
	    "a flood of 100000 addresses leaves the size as it was");
	lookuplimit_close(&l);
	lookuplimit_close(&l2);
	unlink(path);
	return tap_done();
}
