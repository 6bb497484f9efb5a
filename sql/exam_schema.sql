-- SPDX-License-Identifier: ISC
-- exam.db: the exam service's data. Many examd processes write at once, so
-- the file is in WAL mode (persistent once set) and every writer uses
-- BEGIN IMMEDIATE with a busy timeout. `examctl` brings an older exam.db
-- to this layout in place (PRAGMA user_version, see admin/exadm.c).
PRAGMA journal_mode = WAL;

-- Exactly these two columns: password is a crypt(3) hash, never clear text
-- (or, until that user's first login, an account imported from the
-- original server: 64 hex digits of salt and 128 of PBKDF2-HMAC-SHA512).
CREATE TABLE IF NOT EXISTS users (
	username TEXT PRIMARY KEY,
	password TEXT NOT NULL
);

-- The exams (subjects). attempts: attempts a user may make, finished or
-- not (NULL: unlimited; grants add to it); time_limit: minutes (NULL:
-- none); shuffle (layout 3): what each attempt gets its own order
-- of.
CREATE TABLE IF NOT EXISTS exams (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE
	    CHECK (length(name) BETWEEN 1 AND 32
	    AND name NOT GLOB '*[^a-z0-9._-]*'),
	attempts   INTEGER CHECK (attempts >= 0),
	time_limit INTEGER CHECK (time_limit >= 1),
	-- layout 3: shuffling (added by the upgrade from layout 2)
	shuffle    TEXT NOT NULL DEFAULT 'none'
	    CHECK (shuffle IN ('none', 'questions', 'choices', 'both')),
	-- layout 3 (the teacher's commands): a closed exam is not offered.
	closed     INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
);

-- Each exam's bank, replaced whole by `examctl questions import`.
-- position is the order in which questions are asked, from 1.
CREATE TABLE IF NOT EXISTS questions (
	exam     INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
	position INTEGER NOT NULL CHECK (position >= 1),
	prompt   TEXT NOT NULL,
	answer   TEXT NOT NULL CHECK (answer GLOB '[a-f]'),
	PRIMARY KEY (exam, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS choices (
	exam     INTEGER NOT NULL,
	position INTEGER NOT NULL,
	letter   TEXT NOT NULL CHECK (letter GLOB '[a-f]'),
	text     TEXT NOT NULL,
	PRIMARY KEY (exam, position, letter),
	FOREIGN KEY (exam, position) REFERENCES questions(exam, position)
	    ON DELETE CASCADE
) WITHOUT ROWID;

-- One row per finished exam, written in one transaction with the last
-- answer (and the attempts check). exam is the exam's name, not a key:
-- results are a record and outlive `examctl exams delete`. Deleting a
-- user deletes that user's results.
CREATE TABLE IF NOT EXISTS results (
	id          INTEGER PRIMARY KEY,
	username    TEXT NOT NULL,
	score       INTEGER NOT NULL CHECK (score >= 0),
	total       INTEGER NOT NULL CHECK (total >= score),
	finished_at TEXT NOT NULL,  -- UTC, ISO 8601
	peer        TEXT NOT NULL,  -- "1.2.3.4:port" or "[v6]:port"
	exam        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_by_user ON results (username, exam);

-- layout 3 (the teacher's commands): attempts granted to one user at one
-- exam on top of the exam's limit (`examctl attempts grant`). They go with
-- the user and with the exam.
CREATE TABLE IF NOT EXISTS grants (
	username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
	exam     INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
	extra    INTEGER NOT NULL CHECK (extra >= 1),
	PRIMARY KEY (username, exam)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS grants_by_exam ON grants (exam);

-- Every accepted connection, in arrival order (seq never reused).
CREATE TABLE IF NOT EXISTS connections (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	peer        TEXT NOT NULL,
	arrived_at  TEXT NOT NULL   -- UTC, ISO 8601
);

-- The connection counter: count is the number of connections since the
-- last reset, and the counted ones are those with seq > reset_seq.
-- `examctl reset-count` sets count = 0 and reset_seq = max(seq).
CREATE TABLE IF NOT EXISTS counter (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	count     INTEGER NOT NULL,
	reset_seq INTEGER NOT NULL
);
INSERT OR IGNORE INTO counter (id, count, reset_seq) VALUES (1, 0, 0);

-- ---- layout 3 (each addition of this layout in its own block; the
-- ---- upgrade from layout 2 in admin/exadm.c runs this file, after adding
-- ---- exams' layout-3 columns)

-- Attempts: one row per attempt, begun (and stored) when its first
-- question is sent. exam is the exam's name, as in results. started_at and
-- deadline_at are UTC, ISO 8601 with milliseconds; deadline_at is NULL for
-- an untimed exam and never moves, so leaving does not buy time. ord is
-- the attempt's order of questions and choices when the exam shuffles
-- (NULL: the bank's order). total is the bank's size when it began.
-- finished_at and result (the results row's id) stay NULL while the
-- attempt is unfinished; at most one unfinished attempt per user and exam.
CREATE TABLE IF NOT EXISTS attempts (
	id          INTEGER PRIMARY KEY,
	username    TEXT NOT NULL,
	exam        TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	deadline_at TEXT,
	ord         TEXT,
	total       INTEGER NOT NULL CHECK (total >= 1),
	finished_at TEXT,
	result      INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS attempts_unfinished
    ON attempts (username, exam) WHERE finished_at IS NULL;
CREATE INDEX IF NOT EXISTS attempts_by_user ON attempts (username, exam);

-- Answers: one row per answer, stored (committed) as it is given.
-- position is the question's position in the bank's order (questions),
-- letter the choice in the bank's order, whatever order the attempt
-- showed them in; correct is 1 when it was the bank's answer then.
CREATE TABLE IF NOT EXISTS answers (
	attempt     INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
	position    INTEGER NOT NULL CHECK (position >= 1),
	letter      TEXT NOT NULL CHECK (letter GLOB '[a-f]'),
	correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
	answered_at TEXT NOT NULL,  -- UTC, ISO 8601 with milliseconds
	PRIMARY KEY (attempt, position)
) WITHOUT ROWID;
-- ---- end of layout 3's attempts

-- ---- layout 3: the login phase (who may register, failed logins,
-- ---- bounds)
-- A name is one account whatever its ASCII case: logins and registrations
-- look names up by lower(username) (ASCII only on both back ends).
CREATE INDEX IF NOT EXISTS users_by_lower ON users (lower(username));
-- The connection log is pruned by age as rows arrive (connection-days).
CREATE INDEX IF NOT EXISTS connections_by_time ON connections (arrived_at);
-- `examctl settings set NAME VALUE`: registration (open|closed),
-- password-min, connection-days. A missing row is the default.
CREATE TABLE IF NOT EXISTS settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
-- Failed logins, one row a scope: (name, source) a name typed from one
-- source, (name, '') that name from anywhere, ('', source) that source
-- with any name. name is lower case (known or not), source an IPv4
-- address or an IPv6 /64 ("2001:db8:1:2::/64"). failures counts password
-- checks admitted and not yet proved right; a check is refused while
-- wait_until (Unix time) is ahead; the row is forgotten after
-- expires_at and pruned as new failures arrive.
CREATE TABLE IF NOT EXISTS login_failures (
	name       TEXT NOT NULL,
	source     TEXT NOT NULL,
	failures   INTEGER NOT NULL CHECK (failures >= 0),
	wait_until INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	PRIMARY KEY (name, source)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS login_failures_by_source
    ON login_failures (source);
CREATE INDEX IF NOT EXISTS login_failures_by_expiry
    ON login_failures (expires_at);
-- The sources each name has logged in from: an address-wide or
-- name-wide wait never keeps a name out of a source it is known at.
CREATE TABLE IF NOT EXISTS login_known (
	name    TEXT NOT NULL,
	source  TEXT NOT NULL,
	last_at INTEGER NOT NULL,
	PRIMARY KEY (name, source)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS login_known_by_time ON login_known (last_at);
-- ---- end of layout 3's login phase

PRAGMA user_version = 3;
