-- API clients retry without creating a second entry: each Idempotency-Key (kept as a
-- digest) remembers the digest of the body it came with and when it was first seen, from
-- which the entry's status link is derived again. A key is forgotten after 24 hours.
CREATE TABLE api_idempotency_keys (
  key_digest TEXT PRIMARY KEY,
  body_digest TEXT NOT NULL,
  first_seen_ms BIGINT NOT NULL
);
CREATE INDEX api_idempotency_keys_by_age ON api_idempotency_keys (first_seen_ms);
