//! API retries: an `Idempotency-Key` remembers the body it first came with and when.

use time::OffsetDateTime;

use crate::{StoreError, from_unix_ms, unix_ms};

use super::*;

impl Database {
    /// When `key_digest` was first seen, recording it now with `body_digest` if it is new
    /// or forgotten (first seen before `forgotten_before`). The same key with another body
    /// is `IdempotencyKeyReused`. Two requests with one key at once both get the moment of
    /// whichever was recorded.
    pub(crate) async fn claim_idempotency_key(
        &self,
        key_digest: &str,
        body_digest: &str,
        now: OffsetDateTime,
        forgotten_before: OffsetDateTime,
    ) -> Result<OffsetDateTime, StoreError> {
        sqlx::query("DELETE FROM api_idempotency_keys WHERE key_digest = $1 AND first_seen_ms < $2")
            .bind(key_digest)
            .bind(unix_ms(forgotten_before))
            .execute(&self.write)
            .await?;
        sqlx::query(
            "INSERT INTO api_idempotency_keys (key_digest, body_digest, first_seen_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (key_digest) DO NOTHING",
        )
        .bind(key_digest)
        .bind(body_digest)
        .bind(unix_ms(now))
        .execute(&self.write)
        .await?;
        let (stored_body, first_seen): (String, i64) =
            sqlx::query_as("SELECT body_digest, first_seen_ms FROM api_idempotency_keys WHERE key_digest = $1")
                .bind(key_digest)
                .fetch_one(&self.write)
                .await?;
        if stored_body != body_digest {
            return Err(StoreError::IdempotencyKeyReused);
        }
        from_unix_ms(first_seen).ok_or_else(|| corrupt("idempotency key's first use", first_seen))
    }

    /// Forgets one key: its request was refused for what it said, so it stored nothing.
    pub(crate) async fn forget_idempotency_key(&self, key_digest: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM api_idempotency_keys WHERE key_digest = $1")
            .bind(key_digest)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Forgets the keys first seen before `before`.
    pub(crate) async fn forget_idempotency_keys(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM api_idempotency_keys WHERE first_seen_ms < $1")
            .bind(unix_ms(before))
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }
}
