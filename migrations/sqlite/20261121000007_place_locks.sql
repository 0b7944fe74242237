-- One row per channel of an edition, locked by PostgreSQL's transactions that count or
-- change the channel's places. SQLite's single write connection already takes turns, so
-- it never writes here; the table keeps both schemas the same.
CREATE TABLE place_locks (
    edition TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (edition, channel)
);
