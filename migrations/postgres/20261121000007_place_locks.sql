-- One row per channel of an edition. Every transaction that counts or changes a channel's
-- places (a registration, a review that frees or invites, a promotion, a quota change)
-- locks its row first (SELECT ... FOR UPDATE), so instances sharing the database take
-- turns over the same places and never sell one twice.
CREATE TABLE place_locks (
    edition TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (edition, channel)
);
