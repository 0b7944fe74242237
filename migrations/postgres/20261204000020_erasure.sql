-- Erasure keeps an entry's row for the statistics (edition, nationality, race, category,
-- channel, status, sex, age band, times) and blanks its personal fields in place: names,
-- email and emergency contact become '', the date of birth and passport expiry
-- 0001-01-01, the qualifying race and evidence link NULL, the passport key NULL, and
-- data_key_version -1 (nothing sealed). No code reads those fields of an erased entry:
-- erased_at says it is erased, erased_under by which rule (a retention rule, or the
-- runner's request), age_band what is kept of the date of birth.
ALTER TABLE registrations ADD COLUMN erased_at TIMESTAMPTZ;
ALTER TABLE registrations ADD COLUMN erased_under TEXT;
ALTER TABLE registrations ADD COLUMN age_band TEXT;
-- What retention has still to erase, found without a scan once there is none.
CREATE INDEX registrations_not_erased ON registrations (edition, id) WHERE erased_at IS NULL;

-- The runner's request to erase the entry, from its status page: the hash of the secret
-- in the emailed link that confirms it, and when it was asked for (the link expires).
ALTER TABLE registrations ADD COLUMN erasure_request_hash TEXT;
ALTER TABLE registrations ADD COLUMN erasure_requested_at TIMESTAMPTZ;
CREATE UNIQUE INDEX registrations_by_erasure_request ON registrations (erasure_request_hash)
    WHERE erasure_request_hash IS NOT NULL;
