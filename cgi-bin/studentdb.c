#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "studentdb.h"

#ifndef DEFAULT_STUDENT_DB
#define DEFAULT_STUDENT_DB "/var/lib/student-pages/Student_log.db"
#endif

/* A reader waits this long for a writer (studentctl) to finish. */
#define STUDENTDB_BUSY_MS	2000

static const char *const studentdb_sql[STUDENTDB_NSTMT] = {
	[STUDENTDB_GET] =
	    "SELECT Name, ID, Age FROM Fifth_students WHERE ID = ?1",
};

const char *
studentdb_default_path(void)
{
	const char *p = getenv("STUDENT_DB");

	return p != NULL && *p != '\0' ? p : DEFAULT_STUDENT_DB;
}

static void
studentdb_disconnect(struct studentdb *s)
{
	if (s->pg) {
		studentdb_pg_disconnect(s);
		return;
	}
	db_finalize_all(s->st, STUDENTDB_NSTMT);
	sqlite3_close(s->db);
	s->db = NULL;
	/* After SQLite's close: closing our descriptor while SQLite held a
	 * lock on the file would drop that lock (POSIX locks are per
	 * process). */
	if (s->fd != -1)
		(void)close(s->fd);
	s->fd = -1;
	/* What is remembered belongs to the file just closed. */
	s->gen++;
}

/* The one pragma of a connection; its own statement, so a failure names
 * it and not the lookup. */
static const char studentdb_pragma[] = "PRAGMA query_only = 1";

/* Opens and prepares when not done yet. Any failure here means "not
 * available now" (no file, not a student database, a WAL file we may not
 * read): DB_BUSY, and the next lookup tries again. */
static enum db_rc
studentdb_connect(struct studentdb *s)
{
	struct stat sb;
	size_t bad = 0;
	int found;

	if (s->pg)
		return studentdb_pg_connect(s);
	found = stat(s->path, &sb) == 0;
	/* A file replaced (`mv new.db Student_log.db`) or removed since it
	 * was opened is another file: reopen, so the pages serve what is at
	 * the path now. One stat() per lookup. The path is looked at before
	 * it is opened, so a replacement in between is seen next time. */
	if (s->db != NULL && found && sb.st_dev == s->dev &&
	    sb.st_ino == s->ino) {
		s->sb = sb;
		return DB_OK;
	}
	if (s->db != NULL)
		studentdb_disconnect(s);
	s->dev = found ? sb.st_dev : 0;
	s->ino = found ? sb.st_ino : 0;
	s->db = db_connect(s->path, SQLITE_OPEN_READONLY, STUDENTDB_BUSY_MS);
	if (s->db == NULL)
		return DB_BUSY;
	/* Our own view of the header, for the remembered answers; only a
	 * descriptor on the file stat() saw may serve them, and without one
	 * every lookup simply asks SQLite. */
	s->sb = sb;
	s->fd = open(s->path, O_RDONLY | O_CLOEXEC);
	if (s->fd != -1 && (fstat(s->fd, &sb) == -1 || !found ||
	    sb.st_dev != s->dev || sb.st_ino != s->ino)) {
		(void)close(s->fd);
		s->fd = -1;
	}
	/* Belt and braces: even a mistaken statement cannot write. */
	if (sqlite3_exec(s->db, studentdb_pragma, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		db_fail(s->db, studentdb_pragma);
		goto fail;
	}
	if (db_prepare_all(s->db, studentdb_sql, s->st, STUDENTDB_NSTMT,
	    &bad) != SQLITE_OK) {
		db_fail(s->db, studentdb_sql[bad]);
		goto fail;
	}
	return DB_OK;
fail:
	studentdb_disconnect(s);
	return DB_BUSY;
}

enum db_rc
studentdb_open(struct studentdb *s, const char *path)
{
	s->db = NULL;
	s->conn = NULL;
	s->pg = db_is_uri(path);
	memset(s->st, 0, sizeof s->st);
	webbuf_init(&s->name);
	s->fd = -1;
	memset(&s->ident, 0, sizeof s->ident);
	s->gen = 1;
	/* Without the memory, every lookup asks SQLite: slower, not wrong. */
	s->slots = s->pg ? NULL : calloc(STUDENTDB_SLOTS, sizeof *s->slots);
	if ((size_t)snprintf(s->path, sizeof s->path, "%s", path) >=
	    sizeof s->path) {
		db_report("open", "database path too long");
		s->path[0] = '\0';
		return DB_INVALID;
	}
	return studentdb_connect(s);
}

/* Reads the identity of the file's content into *id from the header and
 * sb (the file's stat). Returns 0, or -1 when answers cannot be remembered
 * now: no descriptor, a short or foreign header, or a file not in
 * rollback-journal mode (header bytes 18-19 are 2 in WAL mode, whose
 * commits need not move the change counter). */
static int
studentdb_ident(const struct studentdb *s, const struct stat *sb,
    struct studentdb_ident *id)
{
	unsigned char h[100];

	if (s->fd == -1 || pread(s->fd, h, sizeof h, 0) != (ssize_t)sizeof h)
		return -1;
	if (memcmp(h, "SQLite format 3", 16) != 0 || h[18] != 1 || h[19] != 1)
		return -1;
	memcpy(id->hdr, h + 24, sizeof id->hdr);
	id->size = sb->st_size;
	id->mtime = sb->st_mtim;
	return 0;
}

static int
studentdb_ident_eq(const struct studentdb_ident *a,
    const struct studentdb_ident *b)
{
	return memcmp(a->hdr, b->hdr, sizeof a->hdr) == 0 &&
	    a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static struct studentdb_slot *
studentdb_slot(struct studentdb *s, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;

	return &s->slots[h >> 54];	/* the top 10 bits: 1024 slots */
}

/* Remembers the answer SQLite just gave (DB_OK with *out, or DB_NONE)
 * under the identity was, read before the statement ran, if the file
 * still shows it: then no commit ended in between, and the answer is
 * the one the file holds under that identity. */
static void
studentdb_remember(struct studentdb *s, const struct studentdb_ident *was,
    int64_t id, enum db_rc ret, const struct student *out)
{
	struct studentdb_ident now;
	struct studentdb_slot *sl;
	struct stat sb;

	if (ret == DB_OK && out->namelen > STUDENTDB_SLOT_NAME)
		return;
	if (fstat(s->fd, &sb) == -1 || studentdb_ident(s, &sb, &now) == -1 ||
	    !studentdb_ident_eq(&now, was))
		return;
	if (!studentdb_ident_eq(&now, &s->ident)) {
		s->ident = now;
		s->gen++;
	}
	sl = studentdb_slot(s, id);
	sl->id = id;
	sl->gen = s->gen;
	sl->found = ret == DB_OK;
	sl->has_age = sl->found && out->has_age;
	sl->age = sl->found ? out->age : 0;
	sl->namelen = sl->found ? (uint8_t)out->namelen : 0;
	if (sl->found)
		memcpy(sl->name, out->name, out->namelen);
	sl->name[sl->namelen] = '\0';
}

enum db_rc
studentdb_get(struct studentdb *s, int64_t id, struct student *out)
{
	const char *sql = studentdb_sql[STUDENTDB_GET];
	struct studentdb_ident was;
	struct studentdb_slot *sl;
	const unsigned char *name;
	sqlite3_stmt *st;
	enum db_rc ret;
	int rc, known = 0;

	if (s->pg)
		return studentdb_pg_get(s, id, out);
	if ((ret = studentdb_connect(s)) != DB_OK)
		return ret;
	if (s->slots != NULL && studentdb_ident(s, &s->sb, &was) == 0) {
		known = 1;
		sl = studentdb_slot(s, id);
		if (sl->gen == s->gen && sl->id == id &&
		    studentdb_ident_eq(&was, &s->ident)) {
			if (!sl->found)
				return DB_NONE;
			out->name = sl->name;
			out->namelen = sl->namelen;
			out->id = sl->id;
			out->has_age = sl->has_age;
			out->age = sl->age;
			return DB_OK;
		}
	}
	st = s->st[STUDENTDB_GET];
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		goto fail;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = DB_NONE;
		goto end;
	}
	if (rc != SQLITE_ROW)
		goto fail;
	webbuf_reset(&s->name);
	name = sqlite3_column_text(st, 0);
	if (name == NULL && sqlite3_errcode(s->db) == SQLITE_NOMEM)
		goto fail;
	/* Copy before reset: column memory dies with the step. */
	if (webbuf_add(&s->name, name ? (const char *)name : "",
	    (size_t)sqlite3_column_bytes(st, 0)) == -1 ||
	    webbuf_add(&s->name, "", 0) == -1) {
		db_report(sql, "out of memory copying the name");
		ret = DB_ERROR;
		goto end;
	}
	out->name = s->name.p;
	out->namelen = s->name.len;
	out->id = sqlite3_column_int64(st, 1);
	out->has_age = sqlite3_column_type(st, 2) != SQLITE_NULL;
	out->age = out->has_age ? sqlite3_column_int64(st, 2) : 0;
	ret = DB_OK;
	goto end;
fail:
	ret = db_fail(s->db, sql);
end:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (ret == DB_ERROR || ret == DB_BUSY)
		studentdb_disconnect(s);
	else if (known)
		studentdb_remember(s, &was, id, ret, out);
	return ret;
}

void
studentdb_close(struct studentdb *s)
{
	studentdb_disconnect(s);
	webbuf_free(&s->name);
	free(s->slots);
	s->slots = NULL;
}
