/* SPDX-License-Identifier: ISC */
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "intparse.h"
#include "lookuplimit.h"

#define WAYS		8	/* slots an address may take */
#define SETS		(LOOKUPLIMIT_SLOTS / WAYS)
#define MAGIC		"lookups1"
#define US		1000000LL
#define FIGURE_MAX	1000000LL

struct slot {
	unsigned char	 key[24];	/* lookuplimit_key, zero-padded;
					 * all zero: empty */
	int64_t		 tat_any;	/* when the bucket is full again */
	int64_t		 tat_miss;
};

struct lookuplimit_table {
	char		 magic[8];
	uint64_t	 seed;		/* random: no one can aim at a set */
	uint64_t	 slots;
	uint64_t	 pad;
	struct slot	 slot[LOOKUPLIMIT_SLOTS];
};

static int
figure(const char *prog, const char *name, long long *v)
{
	const char *s = getenv(name);

	if (s != NULL && intparse_dec(s, 1, FIGURE_MAX, v) == INTPARSE_OK)
		return 0;
	fprintf(stderr, "%s: %s must be a whole number from 1 to %lld "
	    "(LOOKUP_TABLE is set)\n", prog, name, FIGURE_MAX);
	return -1;
}

int
lookuplimit_init(struct lookuplimit *l, const char *prog)
{
	struct lookuplimit_figures f;
	const char *path = getenv("LOOKUP_TABLE");

	l->fd = -1;
	l->t = NULL;
	if (path == NULL || *path == '\0')
		return 0;
	if (figure(prog, "LOOKUP_MISS_BURST", &f.miss_burst) == -1 ||
	    figure(prog, "LOOKUP_MISSES_PER_MINUTE", &f.miss_per_min) == -1 ||
	    figure(prog, "LOOKUP_BURST", &f.burst) == -1 ||
	    figure(prog, "LOOKUP_PER_MINUTE", &f.per_min) == -1)
		return -1;
	return lookuplimit_open(l, path, &f, prog);
}

/* A table of another layout, or a new file, is made afresh (the lock is
 * held). */
static int
table_check(struct lookuplimit_table *t)
{
	if (memcmp(t->magic, MAGIC, sizeof t->magic) == 0 &&
	    t->slots == LOOKUPLIMIT_SLOTS)
		return 0;
	memset(t, 0, sizeof *t);
	if (getrandom(&t->seed, sizeof t->seed, 0) != (ssize_t)sizeof t->seed)
		return -1;
	t->slots = LOOKUPLIMIT_SLOTS;
	memcpy(t->magic, MAGIC, sizeof t->magic);
	return 0;
}

int
lookuplimit_open(struct lookuplimit *l, const char *path,
    const struct lookuplimit_figures *f, const char *prog)
{
	struct stat sb;
	void *p;
	int rc;

	l->f = *f;
	l->t = NULL;
	/* Only the pages' user reads it: it lists who asked, when. */
	if ((l->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1)
		goto fail;
	if (flock(l->fd, LOCK_EX) == -1)
		goto fail;
	if (fstat(l->fd, &sb) == -1 || (sb.st_size !=
	    (off_t)sizeof *l->t && ftruncate(l->fd, sizeof *l->t) == -1)) {
		(void)flock(l->fd, LOCK_UN);
		goto fail;
	}
	p = mmap(NULL, sizeof *l->t, PROT_READ | PROT_WRITE, MAP_SHARED,
	    l->fd, 0);
	if (p == MAP_FAILED) {
		(void)flock(l->fd, LOCK_UN);
		goto fail;
	}
	l->t = p;
	rc = table_check(l->t);
	(void)flock(l->fd, LOCK_UN);
	if (rc == 0)
		return 0;
fail:
	fprintf(stderr, "%s: lookup table %s: %s\n", prog, path,
	    strerror(errno));
	lookuplimit_close(l);
	return -1;
}

void
lookuplimit_close(struct lookuplimit *l)
{
	if (l->t != NULL)
		(void)munmap(l->t, sizeof *l->t);
	if (l->fd != -1)
		(void)close(l->fd);
	l->t = NULL;
	l->fd = -1;
}

int
lookuplimit_key(const char *addr, struct lookuplimit_key *k)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	unsigned char a[16];

	memset(k, 0, sizeof *k);
	if (addr != NULL && inet_pton(AF_INET, addr, a) == 1) {
		k->b[0] = 4;
		memcpy(k->b + 1, a, 4);
		return 0;
	}
	if (addr != NULL && inet_pton(AF_INET6, addr, a) == 1) {
		if (memcmp(a, mapped, sizeof mapped) == 0) {
			k->b[0] = 4;
			memcpy(k->b + 1, a + 12, 4);
		} else {
			k->b[0] = 6;
			memcpy(k->b + 1, a, 8);	/* the /64 */
		}
		return 0;
	}
	k->b[0] = 1;
	return -1;
}

static int64_t
now_us(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * US + ts.tv_nsec / 1000;
}

/* FNV-1a over the seed and the key. */
static struct slot *
set_of(struct lookuplimit_table *t, const struct lookuplimit_key *k)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ t->seed;
	size_t i;

	for (i = 0; i < sizeof k->b; i++) {
		h ^= k->b[i];
		h *= 0x100000001b3ULL;
	}
	return &t->slot[(h >> 17) % SETS * WAYS];
}

/* The slot of k, or NULL. Read without the lock: a slot being taken over
 * meanwhile shows a key that is neither, and the caller takes the lock. */
static struct slot *
lookup(struct lookuplimit_table *t, const struct lookuplimit_key *k)
{
	struct slot *s = set_of(t, k);
	size_t i;

	for (i = 0; i < WAYS; i++)
		if (memcmp(s[i].key, k->b, sizeof k->b) == 0)
			return &s[i];
	return NULL;
}

/* The slot of k, or the one it takes over (the lock is held): an empty
 * one, else the one whose buckets are full again soonest (idle the
 * longest). */
static struct slot *
find(struct lookuplimit_table *t, const struct lookuplimit_key *k)
{
	static const unsigned char zero[24];
	struct slot *s = set_of(t, k), *best = NULL;
	int64_t bt = 0, st;
	size_t i;

	if ((best = lookup(t, k)) != NULL)
		return best;
	for (i = 0; i < WAYS; i++) {
		if (memcmp(s[i].key, zero, sizeof zero) == 0) {
			best = &s[i];
			break;
		}
		st = s[i].tat_any > s[i].tat_miss ? s[i].tat_any :
		    s[i].tat_miss;
		if (best == NULL || st < bt) {
			best = &s[i];
			bt = st;
		}
	}
	__atomic_store_n(&best->tat_any, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&best->tat_miss, 0, __ATOMIC_RELAXED);
	memset(best->key, 0, sizeof best->key);
	memcpy(best->key, k->b, sizeof k->b);
	return best;
}

/* The slot of k: found without the lock (an address seen before: no
 * system call at all), else made under it. NULL only when the lock
 * cannot be taken (EINTR): that lookup is let through. */
static struct slot *
slot_of(struct lookuplimit *l, const struct lookuplimit_key *k)
{
	struct slot *s;

	if ((s = lookup(l->t, k)) != NULL)
		return s;
	if (flock(l->fd, LOCK_EX) == -1)
		return NULL;
	s = find(l->t, k);
	(void)flock(l->fd, LOCK_UN);
	return s;
}

/* One bucket: per_min lookups a minute, burst at once. Returns the
 * microseconds to wait before one more may be taken (<= 0: now), and the
 * time *tat becomes when it is taken. */
static int64_t
bucket(int64_t tat, int64_t now, long long burst, long long per_min,
    int64_t *next)
{
	int64_t t = 60 * US / per_min, full = burst * t;

	/* Later than the figures allow: a clock from before a reboot. */
	if (tat > now + full)
		tat = now;
	*next = (tat > now ? tat : now) + t;
	return *next - now - full;
}

/* The buckets are changed with compare-and-swap on the shared mapping,
 * so processes never wait for each other on a lookup; the lock only
 * guards giving a slot to a new address. A slot taken over in between
 * charges one lookup to the newcomer: harmless. */
long long
lookuplimit_take(struct lookuplimit *l, const struct lookuplimit_key *k)
{
	struct slot *s;
	int64_t now, a, m, wa, wm, na, nm;

	if (l->t == NULL || (s = slot_of(l, k)) == NULL)
		return 0;
	do {
		now = now_us();
		a = __atomic_load_n(&s->tat_any, __ATOMIC_ACQUIRE);
		m = __atomic_load_n(&s->tat_miss, __ATOMIC_ACQUIRE);
		wa = bucket(a, now, l->f.burst, l->f.per_min, &na);
		/* Room for one more miss is needed: this lookup may be
		 * one. */
		wm = bucket(m, now, l->f.miss_burst, l->f.miss_per_min, &nm);
		if (wa > 0 || wm > 0)
			return ((wm > wa ? wm : wa) + US - 1) / US;
	} while (!__atomic_compare_exchange_n(&s->tat_any, &a, na, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return 0;
}

void
lookuplimit_miss(struct lookuplimit *l, const struct lookuplimit_key *k)
{
	struct slot *s;
	int64_t m, nm;

	if (l->t == NULL || (s = slot_of(l, k)) == NULL)
		return;
	do {
		m = __atomic_load_n(&s->tat_miss, __ATOMIC_ACQUIRE);
		(void)bucket(m, now_us(), l->f.miss_burst, l->f.miss_per_min,
		    &nm);
	} while (!__atomic_compare_exchange_n(&s->tat_miss, &m, nm, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
}
