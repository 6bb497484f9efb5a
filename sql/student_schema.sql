-- SPDX-License-Identifier: ISC
-- Student_log.db: the student pages' data. Kept in the default rollback
-- journal mode (not WAL) so the web server's user can read it with no write
-- access to its folder.
CREATE TABLE IF NOT EXISTS Fifth_students (
	Name TEXT NOT NULL,
	ID   INTEGER PRIMARY KEY,
	Age  INTEGER
);
