-- The waiting list in queue order of a channel, and of all channels (the secretariat's
-- list): the queue's index `registrations_waiting` begins with the edition, which the
-- operators' lists do not filter by, so a list in queue order sorted every waiting entry.
CREATE INDEX registrations_queue_of_channel ON registrations (channel, waitlist_order) WHERE status = 'waitlisted';
CREATE INDEX registrations_queue ON registrations (waitlist_order) WHERE status = 'waitlisted';

-- The operators' search by part of a name or email address (`search_key LIKE '%...%'`)
-- served by a trigram index (pg_trgm, a trusted extension of PostgreSQL's contrib, which
-- the database's owner may create). Where pg_trgm is not installed, or the role may not
-- create it, the search still works, by a scan, and the migration says so.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX registrations_search_trigrams ON registrations USING gin (search_key gin_trgm_ops);
    ELSE
        RAISE WARNING 'pg_trgm is not installed: the operators'' search by name reads the whole table';
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'pg_trgm may not be created by this role: the operators'' search by name reads the whole table';
END $$;
