-- SPDX-License-Identifier: ISC
-- The original app's four students, for `make run` and the tests.
INSERT INTO Fifth_students (Name, ID, Age) VALUES
	('Karam', 1711, 23),
	('Ali',   1866, 23),
	('Suzan', 1709, 22),
	('Sara',  1800, 23);
