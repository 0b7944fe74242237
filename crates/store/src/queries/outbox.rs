//! The outbox: emails queued in the transaction of their change, claimed, sent, retried, resent.

use std::time::Duration;

use pim_domain::{EmailKind, HistoryAction, Reference};
use time::OffsetDateTime;

use super::super::{Db, SKIP_CLAIMED, begin_write};
use crate::{
    ClaimedEmail, EmailOutcome, EmailRecord, RegistrationSummary, StoreError, from_unix_ms, payload_json, unix_ms, utc,
};
use pim_domain::EmailPayload;

use super::*;

#[derive(sqlx::FromRow)]
pub(super) struct ClaimedRow {
    pub(super) outbox_id: i64,
    pub(super) kind: String,
    pub(super) payload: String,
    pub(super) attempts: i64,
    pub(super) email: String,
    #[sqlx(flatten)]
    pub(super) summary: SummaryRow,
}

/// Queues an email for an entry's runner, due at once, inside the transaction of the change.
pub(super) async fn queue_email(
    tx: &mut sqlx::Transaction<'_, Db>,
    registration_id: i64,
    kind: EmailKind,
    payload: &EmailPayload,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    write_emails(tx, &[QueuedEmail { registration_id, kind, payload: payload_json(payload), at }]).await
}

/// An email for an entry's runner, due at once.
pub(super) struct QueuedEmail {
    pub(super) registration_id: i64,
    pub(super) kind: EmailKind,
    pub(super) payload: String,
    pub(super) at: OffsetDateTime,
}

/// Queues emails, in one statement however many.
pub(super) async fn write_emails(tx: &mut sqlx::Transaction<'_, Db>, emails: &[QueuedEmail]) -> Result<(), StoreError> {
    if emails.is_empty() {
        return Ok(());
    }
    let mut query = sqlx::QueryBuilder::new(
        "INSERT INTO outbox (registration_id, kind, payload, status, attempts, next_attempt_at_ms, created_at, updated_at) ",
    );
    query.push_values(emails, |mut row, email| {
        row.push_bind(email.registration_id)
            .push_bind(email.kind.as_str())
            .push_bind(email.payload.as_str())
            .push("'pending'")
            .push("0")
            .push_bind(unix_ms(email.at))
            .push_bind(email.at)
            .push_bind(email.at);
    });
    query.build().persistent(false).execute(&mut **tx).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub(super) struct EmailRow {
    pub(super) id: i64,
    pub(super) reference: String,
    pub(super) kind: String,
    pub(super) status: String,
    pub(super) attempts: i64,
    pub(super) last_error: Option<String>,
    pub(super) next_attempt_at_ms: i64,
    pub(super) sent_at: Option<OffsetDateTime>,
    pub(super) created_at: OffsetDateTime,
}

impl Database {
    pub(crate) async fn resend_email(&self, resend: &crate::Resend<'_>) -> Result<(), StoreError> {
        let at = utc(resend.at);
        let mut tx = begin_write(&self.write).await?;
        let original: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT r.id, r.status, o.kind, o.payload FROM outbox o JOIN registrations r ON r.id = o.registration_id \
             WHERE o.id = $1 AND r.reference = $2 AND ($3 IS NULL OR r.channel = $3)",
        )
        .bind(resend.email_id)
        .bind(resend.reference.as_str())
        .bind(resend.channel.map(|c| c.as_str()))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((registration_id, status, kind, payload)) = original else { return Err(StoreError::NotFound) };
        sqlx::query(
            "UPDATE registrations SET status_token_hash = $1, updated_at = $2, email_confirmation_hash = \
               CASE WHEN email_confirmed_at IS NULL AND confirm_email_by IS NOT NULL THEN $4 ELSE email_confirmation_hash END \
             WHERE id = $3",
        )
            .bind(resend.new_status_token.hash())
            .bind(at)
            .bind(registration_id)
            .bind(resend.new_email_confirmation.hash())
            .execute(&mut *tx)
            .await?;
        forget_status_links(&mut tx, registration_id).await?;
        let email_kind = kind.parse::<EmailKind>().map_err(|e| corrupt("email kind", e))?;
        // An original that cannot be read is sent again with what the copy brings.
        let original: EmailPayload = serde_json::from_str(&payload).unwrap_or_default();
        queue_email(&mut tx, registration_id, email_kind, &(resend.payload)(original), at).await?;
        let note = format!("{kind} email sent again");
        insert_audit(
            &mut tx,
            registration_id,
            Audit {
                actor: resend.actor,
                action: HistoryAction::ResendEmail,
                from: Some(&status),
                to: &status,
                note: Some(&note),
                internal_note: None,
            },
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Emails a new status link for each entry of the edition with this address (and this
    /// reference, if given), each replacing the entry's old link; none once the address has
    /// had `per_email_limit` since `since`. Returns how many were queued.
    pub(crate) async fn send_status_links(&self, request: &crate::StatusLinkRequest<'_>) -> Result<u32, StoreError> {
        let at = utc(request.at);
        let email = request.email.trim().to_lowercase();
        let mut tx = begin_write(&self.write).await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox o JOIN registrations r ON r.id = o.registration_id \
             WHERE r.edition = $1 AND lower(r.email) = $2 AND o.kind = $3 AND o.created_at >= $4",
        )
        .bind(request.edition)
        .bind(&email)
        .bind(EmailKind::StatusLink.as_str())
        .bind(utc(request.since))
        .fetch_one(&mut *tx)
        .await?;
        if recent >= i64::from(request.per_email_limit) {
            return Ok(0);
        }
        let entries: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, status FROM registrations WHERE edition = $1 AND lower(email) = $2 \
             AND ($3 IS NULL OR reference = $3) ORDER BY id LIMIT 20",
        )
        .bind(request.edition)
        .bind(&email)
        .bind(request.reference.map(|r| r.as_str()))
        .fetch_all(&mut *tx)
        .await?;
        for (registration_id, status) in &entries {
            let (token, payload) = (request.new_link)();
            sqlx::query("UPDATE registrations SET status_token_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(token.hash())
                .bind(at)
                .bind(registration_id)
                .execute(&mut *tx)
                .await?;
            forget_status_links(&mut tx, *registration_id).await?;
            queue_email(&mut tx, *registration_id, EmailKind::StatusLink, &payload, at).await?;
            let audit = Audit {
                actor: "runner",
                action: HistoryAction::StatusLinkSent,
                from: Some(status),
                to: status,
                note: None,
                internal_note: None,
            };
            insert_audit(&mut tx, *registration_id, audit, at).await?;
        }
        tx.commit().await?;
        Ok(entries.len() as u32)
    }

    #[tracing::instrument(skip_all)]
    pub(crate) async fn claim_due_emails(
        &self,
        claim: &str,
        now: OffsetDateTime,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedEmail>, StoreError> {
        let now_ms = unix_ms(now);
        let lease_until_ms = now_ms + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2);
        let mut tx = begin_write(&self.write).await?;
        sqlx::query(&format!(
            "UPDATE outbox SET leased_by = $1, lease_until_ms = $2, attempts = attempts + 1, updated_at = $3 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at_ms <= $4 \
                          AND (lease_until_ms IS NULL OR lease_until_ms <= $4) \
                          ORDER BY next_attempt_at_ms, id LIMIT $5 {SKIP_CLAIMED})",
        ))
        .bind(claim)
        .bind(lease_until_ms)
        .bind(utc(now))
        .bind(now_ms)
        .bind(i64::from(limit))
        .execute(&mut *tx)
        .await?;
        let rows: Vec<ClaimedRow> = sqlx::query_as(&format!(
            "SELECT o.id AS outbox_id, o.kind, o.payload, o.attempts, r.email, {SUMMARY_COLUMNS} \
             FROM outbox o JOIN registrations r ON r.id = o.registration_id \
             WHERE o.leased_by = $1 AND o.status = 'pending' ORDER BY o.id"
        ))
        .bind(claim)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(ClaimedEmail {
                    id: row.outbox_id,
                    kind: row.kind,
                    payload: row.payload,
                    attempts: u32::try_from(row.attempts).map_err(|e| corrupt("attempts", e))?,
                    recipient: row.email,
                    registration: RegistrationSummary::try_from(row.summary)?,
                })
            })
            .collect()
    }

    pub(crate) async fn finish_email(
        &self,
        id: i64,
        claim: &str,
        now: OffsetDateTime,
        outcome: EmailOutcome<'_>,
    ) -> Result<bool, StoreError> {
        let query = match outcome {
            EmailOutcome::Sent { payload } => sqlx::query(
                "UPDATE outbox SET status = 'sent', sent_at = $3, payload = $4, last_error = NULL, \
                   lease_until_ms = NULL, updated_at = $3 WHERE id = $1 AND leased_by = $2 AND status = 'pending'",
            )
            .bind(id)
            .bind(claim)
            .bind(utc(now))
            .bind(payload),
            EmailOutcome::Retry { next_attempt_at, error } => sqlx::query(
                "UPDATE outbox SET next_attempt_at_ms = $4, last_error = $5, lease_until_ms = NULL, leased_by = NULL, \
                   updated_at = $3 WHERE id = $1 AND leased_by = $2 AND status = 'pending'",
            )
            .bind(id)
            .bind(claim)
            .bind(utc(now))
            .bind(unix_ms(next_attempt_at))
            .bind(error),
            EmailOutcome::Failed { error, payload } => sqlx::query(
                "UPDATE outbox SET status = 'failed', last_error = $4, payload = $5, lease_until_ms = NULL, \
                   updated_at = $3 WHERE id = $1 AND leased_by = $2 AND status = 'pending'",
            )
            .bind(id)
            .bind(claim)
            .bind(utc(now))
            .bind(error)
            .bind(payload),
        };
        let done = query.execute(&self.write).await?;
        Ok(done.rows_affected() == 1)
    }

    pub(crate) async fn outbox_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let counts = sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status")
            .fetch_all(&self.read)
            .await?;
        Ok(counts)
    }

    /// One registration's emails, or (without a reference) those failed or being retried.
    pub(crate) async fn email_records(
        &self,
        reference: Option<&Reference>,
        limit: u32,
    ) -> Result<Vec<EmailRecord>, StoreError> {
        let filter = match reference {
            Some(_) => "r.reference = $1",
            None => "(o.status = 'failed' OR (o.status = 'pending' AND o.attempts > 0)) AND $1 IS NULL",
        };
        let rows: Vec<EmailRow> = sqlx::query_as(&format!(
            "SELECT o.id, r.reference, o.kind, o.status, o.attempts, o.last_error, o.next_attempt_at_ms, o.sent_at, o.created_at \
             FROM outbox o JOIN registrations r ON r.id = o.registration_id WHERE {filter} ORDER BY o.id LIMIT $2"
        ))
        .bind(reference.map(Reference::as_str))
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(EmailRecord {
                    id: row.id,
                    reference: row.reference.parse().map_err(|e| corrupt("reference", e))?,
                    next_attempt_at: (row.status == "pending").then(|| from_unix_ms(row.next_attempt_at_ms)).flatten(),
                    kind: row.kind,
                    status: row.status,
                    attempts: u32::try_from(row.attempts).map_err(|e| corrupt("attempts", e))?,
                    last_error: row.last_error,
                    sent_at: row.sent_at,
                    created_at: row.created_at,
                })
            })
            .collect()
    }
}
