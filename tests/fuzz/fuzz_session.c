/* SPDX-License-Identifier: ISC */
/* The whole exam conversation driven from a byte string: session_run
 * reads the input from a pipe (written whole, then closed, as
 * `printf ... | nc` does) and writes to a memory file, against a real
 * exam.db in a temporary folder made once from the schema examctl init
 * uses, with two exams (so the menu is asked; "net2" allows one attempt)
 * holding the known three-question bank and two users whose password is
 * "pw" (cheap SHA-512 hashes, so logins are fast to reach).
 *
 * The first byte sets the connection counter (0 to 7, so the seventh
 * user is reachable); the rest is what the client sends. Checked after
 * every input: the session ends with a line (CRLF) or a prompt; a
 * printed score (with its percentage) means exactly one new result row,
 * for that user, with that score; no score means no row; the counter moved by exactly one;
 * and (every 256 inputs) the database's integrity check is ok. */
#include <crypt.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "db.h"
#include "examdb.h"
#include "qbank.h"
#include "session.h"

extern const char embed_exam_schema_sql[];

static char dbdir[4096], dbpath[4200];
static sqlite3 *check;
static struct examdb *edb;
static unsigned long runs;

/* "pw" hashed with sha512crypt at its minimum cost (1000 rounds). */
#define PW_HASH "$6$rounds=1000$fuzzsalt$"

static const char setup_sql[] =
    "INSERT INTO exams (id, name, attempts) VALUES (1, 'net', NULL),"
    " (2, 'net2', 1);"
    "INSERT INTO questions (exam, position, prompt, answer) VALUES"
    " (1, 1, 'TCP layer?', 'b'), (1, 2, 'UDP connectionless?', 'a'),"
    " (1, 3, 'HTTPS port?', 'f');"
    "INSERT INTO choices (exam, position, letter, text) VALUES"
    " (1, 1, 'a', 'Network'), (1, 1, 'b', 'Transport'),"
    " (1, 1, 'c', 'Session'), (1, 1, 'd', 'Application'),"
    " (1, 2, 'a', 'Yes'), (1, 2, 'b', 'No'),"
    " (1, 3, 'a', '21'), (1, 3, 'b', '22'), (1, 3, 'c', '25'),"
    " (1, 3, 'd', '80'), (1, 3, 'e', '110'), (1, 3, 'f', '443');"
    "INSERT INTO questions SELECT 2, position, prompt, answer"
    " FROM questions WHERE exam = 1;"
    "INSERT INTO choices SELECT 2, position, letter, text"
    " FROM choices WHERE exam = 1;";

static void
exec_ok(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(check, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fuzz_session: %s: %s\n", sql, err);
		abort();
	}
}

static long long
count_of(const char *sql)
{
	sqlite3_stmt *st;
	long long n;

	FUZZ_CHECK(sqlite3_prepare_v2(check, sql, -1, &st, NULL) == SQLITE_OK);
	FUZZ_CHECK(sqlite3_step(st) == SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Removes the temporary folder and the database's files. */
static void
cleanup(void)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char f[4300];
	size_t i;

	if (check != NULL)
		sqlite3_close(check);
	examdb_close(edb);
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(f, sizeof f, "%s%s", dbpath, sfx[i]);
		(void)unlink(f);
	}
	(void)rmdir(dbdir);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char users[512], *pw;

	snprintf(dbdir, sizeof dbdir, "%s/fuzz_session.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dbdir) != NULL);
	snprintf(dbpath, sizeof dbpath, "%s/exam.db", dbdir);
	atexit(cleanup);
	FUZZ_CHECK(sqlite3_open(dbpath, &check) == SQLITE_OK);
	exec_ok(embed_exam_schema_sql);
	exec_ok(setup_sql);
	pw = crypt("pw", PW_HASH);
	FUZZ_CHECK(pw != NULL && pw[0] == '$');
	snprintf(users, sizeof users, "INSERT INTO users VALUES "
	    "('alice', '%s'), ('bob', '%s');", pw, pw);
	exec_ok(users);
	FUZZ_CHECK((edb = examdb_open(dbpath, 1000)) != NULL);
	{
		struct qbank *bank;

		FUZZ_CHECK(examdb_load_bank(edb, 1, &bank) == DB_OK &&
		    bank->n == 3);
		qbank_free(bank);
	}
	/* A session that writes to a closed pipe must get EPIPE. */
	signal(SIGPIPE, SIG_IGN);
}

/* The score line's numbers and the user after "Goodbye ", if any. */
static int
find_score(const char *out, size_t n, int *score, char *user, size_t usz)
{
	const char *p = memmem(out, n, "\r\nYour score: ", 14), *g;
	int total, pct, end = 0;

	if (p == NULL)
		return 0;
	FUZZ_CHECK(sscanf(p + 14, "%d/%d (%d%%)\r%n", score, &total, &pct,
	    &end) == 3 && end > 0);
	FUZZ_CHECK(total == 3 && *score >= 0 && *score <= 3);
	/* Rounded to the nearest: 1/3 is 33%, 2/3 is 67%. */
	FUZZ_CHECK(pct == (200 * *score + 3) / 6);
	g = memmem(p, n - (size_t)(p - out), "\r\nGoodbye ", 10);
	FUZZ_CHECK(g != NULL);
	g += 10;
	/* Names may hold dots: the name ends at the ".\r\n" ending the
	 * line. */
	size_t k = 0;
	while (g + k + 2 < out + n && memcmp(g + k, ".\r\n", 3) != 0 &&
	    k + 1 < usz)
		k++;
	memcpy(user, g, k);
	user[k] = '\0';
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exam_session s;
	char *out, user[64], sql[256];
	int p[2], mfd, score, scored;
	long long results0, results1, count0, count1, mine;
	off_t n;

	if (edb == NULL)
		setup();
	/* A pipe holds 64 KiB: the whole input fits before the session
	 * reads, like a client that sends everything at once. */
	if (size == 0 || size > 60000)
		return 0;
	snprintf(sql, sizeof sql, "DELETE FROM results; DELETE FROM answers; "
	    "DELETE FROM attempts; "
	    "DELETE FROM users WHERE username NOT IN ('alice', 'bob'); "
	    "UPDATE counter SET count = %d;", data[0] % 8);
	exec_ok(sql);
	results0 = count_of("SELECT count(*) FROM results");
	count0 = count_of("SELECT count FROM counter");

	FUZZ_CHECK(pipe(p) == 0);
	FUZZ_CHECK(write(p[1], data + 1, size - 1) == (ssize_t)(size - 1));
	close(p[1]);
	FUZZ_CHECK((mfd = memfd_create("fuzz_session", 0)) >= 0);
	session_init(&s, edb, "127.0.0.1:4242", p[0], mfd, 5, 60,
	    EXAM_MAX_SESSION_MINUTES);
	(void)session_run(&s);
	close(p[0]);

	n = lseek(mfd, 0, SEEK_END);
	FUZZ_CHECK(n > 0);
	out = malloc((size_t)n + 1);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(pread(mfd, out, (size_t)n, 0) == n);
	out[n] = '\0';
	close(mfd);

	FUZZ_CHECK(memcmp(out, "Welcome to the exam server.\r\n", 29) == 0);
	/* Every session ends with a whole line or a prompt ": ". */
	FUZZ_CHECK((n >= 2 && out[n - 2] == '\r' && out[n - 1] == '\n') ||
	    (n >= 2 && out[n - 2] == ':' && out[n - 1] == ' '));
	/* No bare LF: every line the server sends ends with CRLF. */
	for (off_t i = 0; i < n; i++)
		FUZZ_CHECK(out[i] != '\n' || (i > 0 && out[i - 1] == '\r'));

	scored = find_score(out, (size_t)n, &score, user, sizeof user);
	results1 = count_of("SELECT count(*) FROM results");
	count1 = count_of("SELECT count FROM counter");
	FUZZ_CHECK(count1 == count0 + 1);
	FUZZ_CHECK((count1 == 7) ==
	    (memmem(out, (size_t)n, "seventh user!!!", 15) != NULL));
	if (scored) {
		FUZZ_CHECK(results1 == results0 + 1);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM results "
		    "WHERE username = '%s' AND score = %d AND total = 3",
		    user, score);
		/* user is a valid name (no quote) or the check fails. */
		FUZZ_CHECK(strchr(user, '\'') == NULL);
		mine = count_of(sql);
		FUZZ_CHECK(mine == 1);
	} else
		FUZZ_CHECK(results1 == results0);
	if (++runs % 256 == 0)
		FUZZ_CHECK(count_of("SELECT count(*) FROM pragma_integrity_check "
		    "WHERE integrity_check <> 'ok'") == 0);
	free(out);
	return 0;
}
