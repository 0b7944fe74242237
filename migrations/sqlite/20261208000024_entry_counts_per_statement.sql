-- PostgreSQL's kept counts move from row to statement triggers here. SQLite has only row
-- triggers, and its upsert of a count row in place costs no new row version: its
-- triggers of migration 23 stay. This file keeps the two schemas' versions in step.
SELECT 1;
