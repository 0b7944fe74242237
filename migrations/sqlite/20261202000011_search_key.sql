-- Admin search matches names in any case and any script on both databases: SQLite's
-- lower() folds ASCII only, so Rust writes a folded key (see the store's `search`
-- module), filled for older rows when the store migrates.
ALTER TABLE registrations ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
-- Start-up finds the rows still without a key through this index, not by a full scan.
CREATE INDEX registrations_without_search_key ON registrations (id) WHERE search_key = '';
