-- The transactional outbox: each email to a runner is written in the same transaction
-- as the change it reports, then sent by a dispatcher.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id),
    kind TEXT NOT NULL,
    -- What the message is rendered from besides the registration itself (JSON). The
    -- status link in it is removed once the email is sent or has failed.
    payload TEXT NOT NULL,
    -- pending (waiting, or leased to a dispatcher), sent, failed
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- Scheduling times in Unix milliseconds, compared as numbers by every backend.
    next_attempt_at_ms BIGINT NOT NULL,
    lease_until_ms BIGINT,
    -- The claim that holds the lease: only it may record the outcome.
    leased_by TEXT,
    last_error TEXT,
    sent_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at_ms);
CREATE INDEX outbox_by_registration ON outbox (registration_id, id);
