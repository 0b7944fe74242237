-- The organisations' operators. Emails are stored lower case.
CREATE TABLE operators (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    organisation TEXT NOT NULL,
    -- Argon2id, PHC string.
    password_hash TEXT NOT NULL,
    disabled_at TEXT,
    -- Wrong passwords since the last good one, and the lock they led to.
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
