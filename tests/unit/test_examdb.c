/* SPDX-License-Identifier: ISC */
/* exam/examdb.c: the db_rc results (no row and a taken name are answers,
 * not failures), failures reported once through the hook with the SQL or
 * the reason, a failed copy of a hash reported as out of memory, and the
 * bank read through qbank's checks, and the layout examd refuses. The
 * databases are made with sqlite3 itself. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "examdb.h"
#include "tap.h"

extern const char embed_exam_schema_sql[];

static char reported[1024];
static int nreports, fail_strdup;

static void
hook(const char *what, const char *msg)
{
	snprintf(reported, sizeof reported, "%s: %s", what, msg);
	nreports++;
}

/* examdb copies the stored hash with strdup: this one can be made to
 * fail, as it does when memory runs out. */
char *
strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (fail_strdup || (p = malloc(n)) == NULL)
		return NULL;
	return memcpy(p, s, n);
}

/* Runs script on path with a connection of its own, as sqlite3(1)
 * would, creating the file when it is missing. */
static int
sql(const char *path, const char *script)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(db, 1000);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL,
		    &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, script, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		printf("#   %s: %s\n", path, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Removes a database with its -wal and -shm, if any. */
static void
rm_db(const char *path)
{
	char f[256];

	unlink(path);
	snprintf(f, sizeof f, "%s-wal", path);
	unlink(f);
	snprintf(f, sizeof f, "%s-shm", path);
	unlink(f);
}

int
main(void)
{
	char dir[] = "/tmp/test_examdb.XXXXXX", path[128], missing[160];
	char layout[128], other[128], empty[128], want[512];
	char peers[EXAMDB_LUCKY][PEER_MAX], *hash, account[USERNAME_MAX + 1];
	struct qbank *bank = NULL;
	struct examdb *d;
	struct examdb_exam *ex;
	size_t nex = 0;
	int lucky, n, left = 0, score = 0, total = 0;
	struct examdb_attempt at, at2;
	char *ord = NULL;

	db_set_failure_hook(hook);
	ok(mkdtemp(dir) != NULL, "a temporary folder");
	snprintf(path, sizeof path, "%s/exam.db", dir);
	snprintf(missing, sizeof missing, "%s/missing.db", dir);
	snprintf(layout, sizeof layout, "%s/layout.db", dir);
	snprintf(other, sizeof other, "%s/other.db", dir);
	snprintf(empty, sizeof empty, "%s/empty.db", dir);

	ok(examdb_open(missing, 100) == NULL, "a missing database");
	ok(strstr(reported, missing) != NULL && strstr(reported,
	    "no such database file"), "is reported with its path, as missing");
	ok(access(missing, F_OK) != 0, "and not created");

	ok(sql(path, embed_exam_schema_sql) == 0 && sql(path,
	    "INSERT INTO users VALUES ('amy', '$y$hash');"
	    "INSERT INTO exams (id, name, attempts) VALUES (1, 'math', 1);"
	    "INSERT INTO questions VALUES (1, 1, 'One?', 'b'),"
	    " (1, 2, 'Two?', 'a');"
	    "INSERT INTO choices VALUES (1, 1, 'a', 'x'), (1, 1, 'b', 'y'),"
	    " (1, 2, 'a', 'p'), (1, 2, 'b', 'q'), (1, 2, 'c', 'r');") == 0,
	    "an exam database");
	d = examdb_open(path, 1000);
	ok(d != NULL, "examdb_open");
	if (d == NULL)
		return tap_done();

	nreports = 0;
	is_int(examdb_user_hash(d, "amy", account, &hash), DB_OK, "a user: DB_OK");
	is_str(hash, "$y$hash", "with a copy of the hash");
	free(hash);
	is_int(examdb_user_hash(d, "bob", account, &hash), DB_NONE,
	    "no such user: DB_NONE");
	ok(hash == NULL, "and no hash");
	is_int(examdb_register(d, "amy", "$y$other"), DB_EXISTS,
	    "a taken name: DB_EXISTS");
	is_int(examdb_register(d, "Amy", "$y$other"), DB_EXISTS,
	    "a name taken in another case: DB_EXISTS");
	is_int(examdb_user_hash(d, "AMY", account, &hash), DB_OK,
	    "a user in another case: DB_OK");
	is_str(account, "amy", "with the account's own name");
	free(hash);
	is_int(examdb_register(d, "bob", "$y$bob"), DB_OK, "a new user");
	is_int(nreports, 0, "none of these is a failure");

	fail_strdup = 1;
	is_int(examdb_user_hash(d, "amy", account, &hash), DB_ERROR,
	    "a failed copy of the hash is an error");
	fail_strdup = 0;
	ok(hash == NULL, "with no hash");
	ok(strstr(reported, "out of memory") != NULL,
	    "reported as out of memory");
	ok(strstr(reported, "no hash") == NULL, "not as \"no hash for user\"");
	is_int(examdb_user_hash(d, "amy", account, &hash), DB_OK,
	    "the statement is usable again");
	free(hash);

	ex = NULL;
	is_int(examdb_exams(d, &ex, &nex), DB_OK, "the exams load");
	ok(nex == 1 && ex != NULL && strcmp(ex[0].name, "math") == 0 &&
	    ex[0].attempts == 1 && ex[0].time_limit == -1,
	    "with their name and limits");
	is_int(examdb_load_bank(d, 1, &bank), DB_OK, "the bank loads");
	ok(bank != NULL && bank->n == 2 && bank->q[1].nchoices == 3 &&
	    bank->q[0].answer == 'b', "through qbank, as stored");
	qbank_free(bank);
	is_int(examdb_count_connection(d, "127.0.0.1:1", 30, &lucky, peers, &n),
	    DB_OK, "a connection is counted");
	is_int(examdb_attempts_left(d, "amy", &ex[0], &left), DB_OK,
	    "attempts are counted");
	is_int(left, 1, "one is left");
	is_int(examdb_attempt_open(d, "amy", &ex[0], 2, -1, NULL, &at, &ord), DB_OK,
	    "an attempt begins");
	ok(at.fresh && at.answered == 0 && at.total == 2 && at.ms_left == -1,
	    "fresh, nothing answered, untimed");
	is_int(examdb_attempts_left(d, "amy", &ex[0], &left), DB_OK,
	    "attempts are counted again");
	is_int(left, 1, "the unfinished one may go on");
	is_int(examdb_attempt_answer(d, &at, &(struct examdb_answer){ 1, 'b',
	    1 }), DB_OK, "an answer is stored");
	is_int(examdb_attempt_answer(d, &at, &(struct examdb_answer){ 1, 'a',
	    0 }), DB_EXISTS, "the same question again: DB_EXISTS");
	is_int(examdb_attempt_open(d, "amy", &ex[0], 2, -1, NULL, &at2, &ord), DB_OK,
	    "opening again");
	ok(!at2.fresh && at2.id == at.id && at2.answered == 1 &&
	    at2.score == 1, "finds the unfinished attempt where it stands");
	is_int(examdb_attempt_finish(d, "amy", &ex[0], &at,
	    &(struct examdb_answer){ 2, 'c', 0 }, "127.0.0.1:1", &score,
	    &total), DB_OK, "the last answer finishes it");
	ok(score == 1 && total == 2, "scored from the stored answers");
	is_int(examdb_attempt_finish(d, "amy", &ex[0], &at, NULL,
	    "127.0.0.1:1", &score, &total), DB_EXISTS,
	    "finishing it twice: DB_EXISTS");
	is_int(examdb_attempts_left(d, "amy", &ex[0], &left), DB_OK,
	    "attempts are counted again");
	is_int(left, 0, "none is left");
	is_int(examdb_attempt_open(d, "amy", &ex[0], 2, -1, NULL, &at2, &ord), DB_EXISTS,
	    "an attempt past the limit: DB_EXISTS");
	is_int(examdb_attempt_open(d, "bob", &ex[0], 2, 0, NULL, &at2, &ord), DB_OK,
	    "an attempt with no time at all");
	ok(at2.fresh && at2.ms_left == 0, "has 0 ms left, not -1 (untimed)");
	usleep(20000);
	is_int(examdb_attempt_open(d, "bob", &ex[0], 2, 0, NULL, &at2, &ord), DB_OK,
	    "found again past its deadline");
	ok(!at2.fresh && at2.ms_left == 0, "still 0 ms left");
	is_int(examdb_attempt_open(d, "cy", &ex[0], 2, -1, "1,0;0,1;2,1,0",
	    &at2, &ord), DB_OK, "an attempt begins with an order drawn");
	ok(at2.fresh && ord != NULL && strcmp(ord, "1,0;0,1;2,1,0") == 0,
	    "stored with it, in the same transaction");
	free(ord);
	is_int(examdb_attempt_open(d, "cy", &ex[0], 2, -1, "0,1;1,0;0,1,2",
	    &at2, &ord), DB_OK, "another session, another draw");
	ok(!at2.fresh && ord != NULL && strcmp(ord, "1,0;0,1;2,1,0") == 0,
	    "finds the attempt in the order it began with");
	free(ord);
	is_int(examdb_replace_hash(d, "amy", "$y$hash", "$y$new"), DB_OK,
	    "a hash is replaced while it is the one checked");
	is_int(examdb_replace_hash(d, "amy", "$y$hash", "$y$newer"), DB_NONE,
	    "and not once it changed");
	free(ex);

	ok(sql(path, "UPDATE choices SET text = 'q' || char(155) || '2J' "
	    "WHERE position = 2 AND letter = 'b'") == 0, "a CSI stored");
	is_int(examdb_load_bank(d, 1, &bank), DB_INVALID,
	    "a stored C1 control: DB_INVALID");
	ok(bank == NULL, "and no bank");
	is_str(reported, "question 2 in the database: choice b: control "
	    "character in text", "reported with the question and the reason");
	ok(sql(path, "DELETE FROM choices WHERE position = 2 AND letter = 'b'")
	    == 0, "a gap in the letters stored");
	is_int(examdb_load_bank(d, 1, &bank), DB_INVALID, "is refused too");
	ok(strstr(reported, "choice 'c)' out of order: expected 'b)'") != NULL,
	    "by qbank's one check");

	ok(sql(path, "DELETE FROM counter") == 0, "the counter row removed");
	is_int(examdb_count_connection(d, "127.0.0.1:2", 30, &lucky, peers, &n),
	    DB_ERROR, "counting fails");
	ok(strstr(reported, "counter row missing") != NULL, "and says why");
	examdb_close(d);

	ok(sql(path, "DROP TABLE results") == 0, "a table dropped");
	ok((d = examdb_open(path, 100)) != NULL,
	    "opens: statements are prepared on first use");
	is_int(examdb_attempt_finish(d, "ann", &(struct examdb_exam){ .id = 1,
	    .name = "default", .attempts = -1, .time_limit = -1 }, &at, NULL,
	    "127.0.0.1:3", &score, &total), DB_ERROR,
	    "then storing a result fails");
	ok(strstr(reported, "INSERT INTO results") != NULL,
	    "and the failing SQL is reported");
	examdb_close(d);
	/* A statement open prepares that cannot be: the open fails. */
	ok(sql(path, "DROP TABLE connections; CREATE TABLE connections "
	    "(seq INTEGER PRIMARY KEY, peer TEXT NOT NULL)") == 0,
	    "the connection log without its time");
	ok(examdb_open(path, 100) == NULL, "then the open fails");
	ok(strstr(reported, "INSERT INTO connections") != NULL,
	    "and says with what");

	/* The layout: examd reads and writes layout EXAM_LAYOUT alone. */
	ok(sql(layout, embed_exam_schema_sql) == 0, "a new exam database");
	ok((d = examdb_open(layout, 100)) != NULL, "opens");
	examdb_close(d);
	ok(sql(layout, "PRAGMA user_version = 1") == 0, "made older");
	nreports = 0;
	ok(examdb_open(layout, 100) == NULL, "layout 1 is refused");
	is_int(nreports, 1, "reported once");
	snprintf(want, sizeof want, "%s: layout 1, not 3: any examctl command "
	    "run as examd's user upgrades it", layout);
	is_str(reported, want, "naming the layout and the upgrade");
	ok(sql(layout, "PRAGMA user_version = 4") == 0, "made newer");
	ok(examdb_open(layout, 100) == NULL, "layout 4 is refused");
	snprintf(want, sizeof want, "%s: layout 4, not 3: made by a newer "
	    "examctl", layout);
	is_str(reported, want, "naming the layout and who made it");
	ok(sql(layout, "PRAGMA user_version = 3") == 0, "made right");
	ok((d = examdb_open(layout, 100)) != NULL, "opens again");
	examdb_close(d);
	ok(sql(layout, "DROP TABLE connections") == 0,
	    "an exam table dropped");
	/* Its version is taken at its word; the statement that needs the
	 * table finds it missing. */
	ok(examdb_open(layout, 100) == NULL, "is refused");
	ok(strstr(reported, "no such table: connections") != NULL,
	    "naming the missing table");
	ok(sql(other, "CREATE TABLE notes (t TEXT)") == 0,
	    "a database of something else");
	ok(examdb_open(other, 100) == NULL, "is refused");
	snprintf(want, sizeof want, "%s: not an exam database; 'examctl "
	    "init' makes one", other);
	is_str(reported, want, "as not an exam database");
	ok(sql(empty, "") == 0, "an empty database file");
	ok(examdb_open(empty, 100) == NULL, "is refused");
	snprintf(want, sizeof want, "%s: not an exam database; 'examctl "
	    "init' makes one", empty);
	is_str(reported, want, "as not an exam database too");

	rm_db(path);
	rm_db(layout);
	rm_db(other);
	rm_db(empty);
	ok(rmdir(dir) == 0, "nothing else was left behind");
	return tap_done();
}
