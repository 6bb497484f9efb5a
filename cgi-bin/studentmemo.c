/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>
#include <sys/types.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "studentmemo.h"

/* The remembered answers: a direct-mapped table, so a lookup costs one
 * probe and the memory is bounded (touched only as used). */
#define STUDENTMEMO_SLOTS	1024
#define STUDENTMEMO_SLOT_NAME	231	/* longer names are not remembered */

struct studentmemo_slot {
	int64_t		 id;
	int64_t		 age;
	uint32_t	 gen;	/* valid when it is the memo's gen */
	uint8_t		 found;	/* 0: no such student */
	uint8_t		 has_age;
	uint8_t		 namelen;
	uint8_t		 codes, has_code;	/* see struct student */
	char		 name[STUDENTMEMO_SLOT_NAME + 1];
	char		 digest[ACCESSCODE_HEX + 1];
	char		 key[ACCESSCODE_HEX + 1];
};

/* What identifies the file's content: header bytes 24-99, size, mtime. */
struct studentmemo_ident {
	unsigned char	 hdr[76];
	off_t		 size;
	struct timespec	 mtime;
};

struct studentmemo {
	int		 fd;	/* our own descriptor on the connection's
				 * file, for the header (-1: none) */
	int		 seen;	/* the last stat found a file at the path */
	struct stat	 sb;	/* the path, at that stat */
	int		 open;	/* a connection is open on dev, ino */
	dev_t		 dev;
	ino_t		 ino;
	struct studentmemo_ident ident;	/* the slots' file identity */
	uint32_t	 gen;	/* bumped whenever ident changes */
	struct studentmemo_ident was;	/* read by the last get */
	int		 was_ok;	/* and usable by the next put */
	struct studentmemo_slot *slots;	/* NULL: nothing remembered */
	uint32_t	 codes_gen;	/* codes_on is valid when it is gen */
	int		 codes_on;	/* some student has an access code */
	char		 path[];
};

struct studentmemo *
studentmemo_open(const char *path)
{
	struct studentmemo *m;
	size_t len = strlen(path) + 1;

	if ((m = calloc(1, sizeof *m + len)) == NULL)
		return NULL;
	memcpy(m->path, path, len);
	m->fd = -1;
	m->gen = 1;
	/* Without the memory, every lookup asks SQLite: slower, not
	 * wrong. */
	m->slots = calloc(STUDENTMEMO_SLOTS, sizeof *m->slots);
	return m;
}

void
studentmemo_close(struct studentmemo *m)
{
	if (m == NULL)
		return;
	if (m->fd != -1)
		(void)close(m->fd);
	free(m->slots);
	free(m);
}

int
studentmemo_same_file(struct studentmemo *m)
{
	if (m == NULL)
		return 1;
	m->seen = stat(m->path, &m->sb) == 0;
	return m->open && m->seen && m->sb.st_dev == m->dev &&
	    m->sb.st_ino == m->ino;
}

void
studentmemo_connected(struct studentmemo *m)
{
	struct stat sb;

	if (m == NULL)
		return;
	m->open = 1;
	m->dev = m->seen ? m->sb.st_dev : 0;
	m->ino = m->seen ? m->sb.st_ino : 0;
	/* Only a descriptor on the file stat() saw may serve answers. */
	m->fd = open(m->path, O_RDONLY | O_CLOEXEC);
	if (m->fd != -1 && (fstat(m->fd, &sb) == -1 || !m->seen ||
	    sb.st_dev != m->dev || sb.st_ino != m->ino)) {
		(void)close(m->fd);
		m->fd = -1;
	}
}

void
studentmemo_disconnected(struct studentmemo *m)
{
	if (m == NULL)
		return;
	if (m->fd != -1)
		(void)close(m->fd);
	m->fd = -1;
	m->open = 0;
	m->was_ok = 0;
	m->gen++;
}

/* Reads the identity of the file's content into *id from the header and
 * sb (the file's stat). Returns 0, or -1 when answers cannot be remembered
 * now: no descriptor, a short or foreign header, or a file not in
 * rollback-journal mode (header bytes 18-19 are 2 in WAL mode, whose
 * commits need not move the change counter). */
static int
ident_read(const struct studentmemo *m, const struct stat *sb,
    struct studentmemo_ident *id)
{
	unsigned char h[100];

	if (m->fd == -1 || pread(m->fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return -1;
	if (memcmp(h, "SQLite format 3", 16) != 0 || h[18] != 1 || h[19] != 1)
		return -1;
	memcpy(id->hdr, h + 24, sizeof id->hdr);
	id->size = sb->st_size;
	id->mtime = sb->st_mtim;
	return 0;
}

static int
ident_eq(const struct studentmemo_ident *a, const struct studentmemo_ident *b)
{
	return memcmp(a->hdr, b->hdr, sizeof a->hdr) == 0 &&
	    a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static struct studentmemo_slot *
slot(struct studentmemo *m, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;

	return &m->slots[h >> 54];	/* the top 10 bits: 1024 slots */
}

/* Whether the file still shows the identity the last get read (then no
 * commit ended since, and what was read belongs to it); the memo's
 * identity becomes that one, forgetting what was remembered under
 * another. */
static int
still_was(struct studentmemo *m)
{
	struct studentmemo_ident now;
	struct stat sb;

	if (fstat(m->fd, &sb) == -1 || ident_read(m, &sb, &now) == -1 ||
	    !ident_eq(&now, &m->was))
		return 0;
	if (!ident_eq(&now, &m->ident)) {
		m->ident = now;
		m->gen++;
	}
	return 1;
}

int
studentmemo_get(struct studentmemo *m, int64_t id, enum db_rc *rc,
    struct student *out)
{
	struct studentmemo_slot *sl;

	if (m == NULL)
		return 0;
	/* The stat of studentmemo_same_file, just made for this lookup,
	 * gives the size and mtime. */
	m->was_ok = m->slots != NULL && ident_read(m, &m->sb, &m->was) == 0;
	if (!m->was_ok)
		return 0;
	sl = slot(m, id);
	if (sl->gen != m->gen || sl->id != id ||
	    !ident_eq(&m->was, &m->ident))
		return 0;
	*rc = sl->found ? DB_OK : DB_NONE;
	/* A remembered answer still needs the right code: the digest and
	 * key come back with it, and the caller checks as for a fresh one. */
	out->codes = sl->codes;
	out->has_code = sl->has_code;
	memcpy(out->digest, sl->digest, sizeof sl->digest);
	memcpy(out->key, sl->key, sizeof sl->key);
	if (sl->found) {
		out->name = sl->name;
		out->namelen = sl->namelen;
		out->id = sl->id;
		out->has_age = sl->has_age;
		out->age = sl->age;
	}
	return 1;
}

void
studentmemo_put(struct studentmemo *m, int64_t id, enum db_rc rc,
    const struct student *out)
{
	struct studentmemo_slot *sl;

	if (m == NULL || !m->was_ok)
		return;
	m->was_ok = 0;
	if ((rc != DB_OK && rc != DB_NONE) ||
	    (rc == DB_OK && out->namelen > STUDENTMEMO_SLOT_NAME))
		return;
	if (!still_was(m))
		return;
	sl = slot(m, id);
	sl->id = id;
	sl->gen = m->gen;
	sl->found = rc == DB_OK;
	sl->has_age = sl->found && out->has_age;
	sl->age = sl->found ? out->age : 0;
	sl->namelen = sl->found ? (uint8_t)out->namelen : 0;
	if (sl->found)
		memcpy(sl->name, out->name, out->namelen);
	sl->name[sl->namelen] = '\0';
	sl->codes = (uint8_t)out->codes;
	sl->has_code = (uint8_t)out->has_code;
	memcpy(sl->digest, out->digest, sizeof sl->digest);
	memcpy(sl->key, out->key, sizeof sl->key);
}

int
studentmemo_codes_get(struct studentmemo *m, int *on)
{
	if (m == NULL)
		return 0;
	m->was_ok = ident_read(m, &m->sb, &m->was) == 0;
	if (!m->was_ok || m->codes_gen != m->gen ||
	    !ident_eq(&m->was, &m->ident))
		return 0;
	*on = m->codes_on;
	return 1;
}

void
studentmemo_codes_put(struct studentmemo *m, int on)
{
	if (m == NULL || !m->was_ok)
		return;
	m->was_ok = 0;
	if (!still_was(m))
		return;
	m->codes_gen = m->gen;
	m->codes_on = on;
}
