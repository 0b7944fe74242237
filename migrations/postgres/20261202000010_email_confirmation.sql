-- Places go to runners who can be reached: an entry's email address is confirmed through
-- a link in its confirmation email, or the entry lapses at confirm_email_by and its
-- place goes to the first entry waiting. Entries from before this migration have no
-- deadline (NULL) and are never lapsed.
ALTER TABLE registrations ADD COLUMN email_confirmation_hash TEXT;
ALTER TABLE registrations ADD COLUMN confirm_email_by TIMESTAMPTZ;
ALTER TABLE registrations ADD COLUMN email_confirmed_at TIMESTAMPTZ;
CREATE UNIQUE INDEX registrations_by_email_confirmation ON registrations (email_confirmation_hash);
-- The lapse task's scan: entries still waiting for their confirmation, soonest first.
CREATE INDEX registrations_unconfirmed ON registrations (confirm_email_by)
    WHERE email_confirmed_at IS NULL AND status IN ('submitted', 'waitlisted');
