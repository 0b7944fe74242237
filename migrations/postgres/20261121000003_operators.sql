-- The organisations' operators. Emails are stored lower case.
CREATE TABLE operators (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    organisation TEXT NOT NULL,
    -- Argon2id, PHC string.
    password_hash TEXT NOT NULL,
    disabled_at TIMESTAMPTZ,
    -- Wrong passwords since the last good one, and the lock they led to.
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until_ms BIGINT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
