-- Wrong passwords are counted per account and client address, not per account: five
-- wrong passwords from anywhere locked an account, the well-known first one included,
-- for everyone. Each pair waits longer after each further wrong password.
CREATE TABLE sign_in_failures (
    -- Lower case, known operator or not, so the table does not tell which exist.
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    failures BIGINT NOT NULL,
    -- Unix milliseconds: no attempt from this pair is checked before then.
    next_attempt_at_ms BIGINT NOT NULL,
    last_failure_at_ms BIGINT NOT NULL,
    PRIMARY KEY (email, address)
);
CREATE INDEX sign_in_failures_by_age ON sign_in_failures (last_failure_at_ms);

ALTER TABLE operators DROP COLUMN failed_logins;
ALTER TABLE operators DROP COLUMN locked_until_ms;
-- Set for an operator whose password someone else chose (the first operator's, logged
-- at start): a new one must be set before anything else.
ALTER TABLE operators ADD COLUMN password_change_required BIGINT NOT NULL DEFAULT 0;
