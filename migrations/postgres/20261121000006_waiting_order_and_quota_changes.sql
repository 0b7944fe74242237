-- The waiting list's order: first come, unless an operator moved an entry to the front.
-- Set when an entry starts waiting; positions are ranks by it within the channel.
ALTER TABLE registrations ADD COLUMN waitlist_order BIGINT;
UPDATE registrations SET waitlist_order = id WHERE status = 'waitlisted';
CREATE INDEX registrations_waiting ON registrations (edition, channel, waitlist_order) WHERE status = 'waitlisted';
CREATE INDEX registrations_places ON registrations (edition, channel, status, distance);

-- The secretariat's run-time changes to a channel's places; without a row the policy's
-- number holds. `scope` is `total` or a race (`full`, `half`, `10k`, `5k`).
CREATE TABLE quota_changes (
    edition TEXT NOT NULL,
    channel TEXT NOT NULL,
    scope TEXT NOT NULL,
    places BIGINT NOT NULL CHECK (places >= 0),
    changed_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (edition, channel, scope)
);
