-- SPDX-License-Identifier: ISC
-- Student_log on PostgreSQL: the student pages' data, as
-- sql/student_schema.sql on SQLite (`studentctl --db postgresql://... init`
-- runs this). The owner is the role studentctl connects as; the pages
-- connect as student_pages, which may only read the table.
CREATE TABLE IF NOT EXISTS Fifth_students (
	Name TEXT NOT NULL,
	ID   BIGINT PRIMARY KEY CHECK (ID >= 1),
	Age  INTEGER CHECK (Age BETWEEN 0 AND 150)
);
-- Access codes, as in sql/student_schema.sql: the key, made once by
-- init, and a keyed digest per student.
CREATE TABLE IF NOT EXISTS Access_key (
	Id  INTEGER PRIMARY KEY CHECK (Id = 1),
	Key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS Access_codes (
	ID     BIGINT PRIMARY KEY REFERENCES Fifth_students (ID)
	    ON DELETE CASCADE,
	Digest TEXT NOT NULL
);
-- The pages' role: it logs in (the password or peer rule is the server's
-- pg_hba.conf), reads Fifth_students and, to check a code, the key and
-- the digests (nothing else), and its sessions are read-only.
-- Roles belong to the whole server, so it is made once and kept.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles
	    WHERE rolname = 'student_pages') THEN
		CREATE ROLE student_pages LOGIN;
	END IF;
END
$$;
ALTER ROLE student_pages SET default_transaction_read_only = on;
REVOKE ALL ON Fifth_students FROM PUBLIC;
REVOKE ALL ON Fifth_students FROM student_pages;
GRANT SELECT ON Fifth_students TO student_pages;
REVOKE ALL ON Access_key, Access_codes FROM PUBLIC;
REVOKE ALL ON Access_key, Access_codes FROM student_pages;
GRANT SELECT ON Access_key, Access_codes TO student_pages;
