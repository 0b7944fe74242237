-- Personal data sealed at rest: passport numbers, emergency contacts and documents are
-- stored encrypted with the data key, which never enters the database. Each row says
-- which encryption key sealed it (0: stored in clear before sealing; sealed at the next
-- start), so `pim keys rotate` finds what an older key sealed.
ALTER TABLE registrations ADD COLUMN data_key_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN data_key_version INTEGER NOT NULL DEFAULT 0;
-- Rows still in clear, found at start without a scan once there are none.
CREATE INDEX registrations_in_clear ON registrations (id) WHERE data_key_version = 0;
CREATE INDEX documents_in_clear ON documents (id) WHERE data_key_version = 0;

-- Duplicate passports are found by a keyed hash of the normalised number (written at the
-- next start for entries from before): the number itself is sealed, and no index holds it.
ALTER TABLE registrations ADD COLUMN passport_key TEXT;
DROP INDEX registrations_one_active_entry_per_passport;
CREATE UNIQUE INDEX registrations_one_active_entry_per_passport
    ON registrations (edition, passport_key)
    WHERE status NOT IN ('withdrawn', 'declined');

-- A check value of each key the data was sealed with (an HMAC of a fixed text, which
-- reveals nothing of the key): a wrong or missing key is refused at start.
CREATE TABLE data_keys (
    name TEXT PRIMARY KEY,
    check_value TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
