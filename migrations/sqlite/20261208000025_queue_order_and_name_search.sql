-- The waiting list in queue order of a channel, and of all channels (the secretariat's
-- list): the queue's index `registrations_waiting` begins with the edition, which the
-- operators' lists do not filter by, so a list in queue order sorted every waiting entry.
CREATE INDEX registrations_queue_of_channel ON registrations (channel, waitlist_order) WHERE status = 'waitlisted';
CREATE INDEX registrations_queue ON registrations (waitlist_order) WHERE status = 'waitlisted';

-- The operators' search by part of a name or email address: every three characters of
-- each entry's search key, indexed (FTS5's trigram tokenizer), instead of a scan of the
-- table. The key is folded by PIM already, so the index compares exactly (case_sensitive 1,
-- which makes GLOB, not LIKE, the pattern it serves); it stores which entries hold each
-- trigram and not where (detail none): a pattern's trigrams find the candidates, and GLOB
-- checks each against its key. Its text is the table's own column (content), and
-- triggers keep it in step. secure-delete: a key removed (an erased or corrected name)
-- leaves nothing of itself in the index's pages, as SQLite's secure_delete zeroes the
-- table's.
CREATE VIRTUAL TABLE registrations_search USING fts5(
    search_key,
    content = 'registrations',
    content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1',
    detail = 'none'
);
INSERT INTO registrations_search (registrations_search, rank) VALUES ('secure-delete', 1);
INSERT INTO registrations_search (registrations_search) VALUES ('rebuild');

CREATE TRIGGER registrations_search_insert AFTER INSERT ON registrations BEGIN
    INSERT INTO registrations_search (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER registrations_search_update AFTER UPDATE OF search_key ON registrations
WHEN old.search_key IS NOT new.search_key BEGIN
    INSERT INTO registrations_search (registrations_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO registrations_search (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER registrations_search_delete AFTER DELETE ON registrations BEGIN
    INSERT INTO registrations_search (registrations_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
