-- exam.db: the exam service's data. Many examd processes write at once, so
-- the file is in WAL mode (persistent once set) and every writer uses
-- BEGIN IMMEDIATE with a busy timeout.
PRAGMA journal_mode = WAL;

-- Exactly these two columns: password is a crypt(3) hash, never clear text.
CREATE TABLE IF NOT EXISTS users (
	username TEXT PRIMARY KEY,
	password TEXT NOT NULL
);

-- The question bank, replaced whole by `examctl questions import`.
-- position is the order in which questions are asked, from 1.
CREATE TABLE IF NOT EXISTS questions (
	position INTEGER PRIMARY KEY CHECK (position >= 1),
	prompt   TEXT NOT NULL,
	answer   TEXT NOT NULL CHECK (answer GLOB '[a-f]')
);
CREATE TABLE IF NOT EXISTS choices (
	position INTEGER NOT NULL REFERENCES questions(position)
	    ON DELETE CASCADE,
	letter   TEXT NOT NULL CHECK (letter GLOB '[a-f]'),
	text     TEXT NOT NULL,
	PRIMARY KEY (position, letter)
) WITHOUT ROWID;

-- One row per finished exam, written in one transaction with the last
-- answer. Results outlive the user (no foreign key): they are a record.
CREATE TABLE IF NOT EXISTS results (
	id          INTEGER PRIMARY KEY,
	username    TEXT NOT NULL,
	score       INTEGER NOT NULL CHECK (score >= 0),
	total       INTEGER NOT NULL CHECK (total >= score),
	finished_at TEXT NOT NULL,  -- UTC, ISO 8601
	peer        TEXT NOT NULL   -- "1.2.3.4:port" or "[v6]:port"
);

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
