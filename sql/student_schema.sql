-- SPDX-License-Identifier: ISC
-- Student_log.db: the student pages' data. Kept in the default rollback
-- journal mode (not WAL) so the web server's user can read it with no write
-- access to its folder.
CREATE TABLE IF NOT EXISTS Fifth_students (
	Name TEXT NOT NULL,
	ID   INTEGER PRIMARY KEY,
	Age  INTEGER
);
-- Access codes (studentctl codes): only a keyed digest of each student's
-- code, HMAC-SHA256 in hex, under the database's own random key, which
-- init makes once and keeps. While Access_codes has a row, the pages ask
-- for the code. A student's code goes with the student.
CREATE TABLE IF NOT EXISTS Access_key (
	Id  INTEGER PRIMARY KEY CHECK (Id = 1),
	Key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS Access_codes (
	ID     INTEGER PRIMARY KEY REFERENCES Fifth_students (ID)
	    ON DELETE CASCADE,
	Digest TEXT NOT NULL
);
