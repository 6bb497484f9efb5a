/* exam/examdb.c: the db_rc results (no row and a taken name are answers,
 * not failures), failures reported once through the hook with the SQL or
 * the reason, a failed copy of a hash reported as out of memory, and the
 * bank read through qbank's checks. */
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

/* Runs sql on path with a connection of its own. */
static int
sql(const char *path, const char *script)
{
	char err[256];
	sqlite3 *db;
	int rc;

	db = db_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000,
	    err, sizeof err);
	if (db == NULL)
		return -1;
	rc = db_exec(db, script, err, sizeof err);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

int
main(void)
{
	char dir[] = "/tmp/test_examdb.XXXXXX", path[128], missing[160];
	char peers[EXAMDB_LUCKY][PEER_MAX], *hash;
	struct qbank *bank = NULL;
	struct examdb *d;
	struct examdb_exam *ex;
	size_t nex = 0;
	int lucky, n, left = 0;

	db_set_failure_hook(hook);
	ok(mkdtemp(dir) != NULL, "a temporary folder");
	snprintf(path, sizeof path, "%s/exam.db", dir);
	snprintf(missing, sizeof missing, "%s/missing.db", dir);

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
	is_int(examdb_user_hash(d, "amy", &hash), DB_OK, "a user: DB_OK");
	is_str(hash, "$y$hash", "with a copy of the hash");
	free(hash);
	is_int(examdb_user_hash(d, "bob", &hash), DB_NONE,
	    "no such user: DB_NONE");
	ok(hash == NULL, "and no hash");
	is_int(examdb_register(d, "amy", "$y$other"), DB_EXISTS,
	    "a taken name: DB_EXISTS");
	is_int(examdb_register(d, "bob", "$y$bob"), DB_OK, "a new user");
	is_int(nreports, 0, "none of these is a failure");

	fail_strdup = 1;
	is_int(examdb_user_hash(d, "amy", &hash), DB_ERROR,
	    "a failed copy of the hash is an error");
	fail_strdup = 0;
	ok(hash == NULL, "with no hash");
	ok(strstr(reported, "out of memory") != NULL,
	    "reported as out of memory");
	ok(strstr(reported, "no hash") == NULL, "not as \"no hash for user\"");
	is_int(examdb_user_hash(d, "amy", &hash), DB_OK,
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
	is_int(examdb_count_connection(d, "127.0.0.1:1", &lucky, peers, &n),
	    DB_OK, "a connection is counted");
	is_int(examdb_attempts_left(d, "amy", &ex[0], &left), DB_OK,
	    "attempts are counted");
	is_int(left, 1, "one is left");
	is_int(examdb_store_result(d, "amy", &ex[0], 2, 2, "127.0.0.1:1"),
	    DB_OK, "a result is stored");
	is_int(examdb_attempts_left(d, "amy", &ex[0], &left), DB_OK,
	    "attempts are counted again");
	is_int(left, 0, "none is left");
	is_int(examdb_store_result(d, "amy", &ex[0], 1, 2, "127.0.0.1:1"),
	    DB_EXISTS, "a result past the attempts limit: DB_EXISTS");
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
	is_int(examdb_count_connection(d, "127.0.0.1:2", &lucky, peers, &n),
	    DB_ERROR, "counting fails");
	ok(strstr(reported, "counter row missing") != NULL, "and says why");
	examdb_close(d);

	ok(sql(path, "DROP TABLE results") == 0, "a table dropped");
	ok((d = examdb_open(path, 100)) != NULL,
	    "opens: statements are prepared on first use");
	is_int(examdb_store_result(d, "ann", &(struct examdb_exam){ .id = 1,
	    .name = "default", .attempts = -1, .time_limit = -1 }, 1, 2,
	    "127.0.0.1:3"), DB_ERROR, "then storing a result fails");
	ok(strstr(reported, "INSERT INTO results") != NULL,
	    "and the failing SQL is reported");
	examdb_close(d);
	ok(sql(path, "DROP TABLE connections") == 0,
	    "the connection log dropped");
	ok(examdb_open(path, 100) == NULL, "then the open fails");
	ok(strstr(reported, "INSERT INTO connections") != NULL,
	    "and says with what");
	unlink(path);
	rmdir(dir);
	return tap_done();
}
