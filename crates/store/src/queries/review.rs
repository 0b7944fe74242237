//! Review: status changes by operators and runners, invitations, promotions by hand, the audit trail.

use pim_domain::{HistoryAction, Reference, Status};
use time::{Date, OffsetDateTime};

use super::super::{Db, begin_write};
use crate::{AuditLine, Promoted, PromotionByHand, ReviewChange};
use crate::{StoreError, utc};

use super::*;

/// Refuses an invitation that the domain's rule does not allow now: before the elite window
/// has closed, or while an entry of the same country and sex under review is ahead by
/// qualifying time.
pub(super) async fn check_invitation_order(
    tx: &mut sqlx::Transaction<'_, Db>,
    reference: &Reference,
    policy: &pim_domain::Policy,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    type CompetitorRow = (String, String, String, Option<i64>, Option<Date>, OffsetDateTime);
    let rows: Vec<CompetitorRow> = sqlx::query_as(
        "SELECT c.reference, c.distance, c.sex, c.elite_margin_seconds, c.qualifying_date, c.created_at \
         FROM registrations r JOIN registrations c ON c.edition = r.edition AND c.channel = r.channel \
           AND c.nationality = r.nationality AND c.sex = r.sex \
           AND c.status IN ('submitted', 'information_requested', 'information_provided') \
         WHERE r.reference = $1",
    )
    .bind(reference.as_str())
    .fetch_all(&mut **tx)
    .await?;
    let competitors = rows
        .into_iter()
        .map(|(reference, distance, sex, margin, qualifying_date, received_at)| {
            Ok(pim_domain::EliteCandidate {
                id: reference.parse::<Reference>().map_err(|e| corrupt("reference", e))?,
                distance: distance.parse().map_err(|e| corrupt("distance", e))?,
                sex: sex.parse().map_err(|e| corrupt("sex", e))?,
                margin_seconds: margin.map(|m| non_negative("margin", m)).transpose()?.unwrap_or(0),
                qualifying_date,
                received_at,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    // The candidate is under review (an invitation starts there), so it is among them.
    let Some(candidate) = competitors.iter().find(|c| &c.id == reference) else { return Ok(()) };
    match pim_domain::may_invite(policy, now, candidate, &competitors) {
        Ok(()) => Ok(()),
        Err(pim_domain::InvitationRefused::NotYet { opens_on }) => Err(StoreError::InvitationsNotYetOpen { opens_on }),
        Err(pim_domain::InvitationRefused::FasterWaiting { ahead }) => Err(StoreError::FasterEntryWaiting { ahead }),
    }
}

/// Refuses an invitation beyond the runner's country's slots for their sex.
pub(super) async fn check_invitation_slot(
    tx: &mut sqlx::Transaction<'_, Db>,
    reference: &Reference,
    limit: u32,
) -> Result<(), StoreError> {
    let invited: Vec<(String,)> = sqlx::query_as(
        "SELECT i.reference FROM registrations r JOIN registrations i ON i.edition = r.edition \
           AND i.channel = r.channel AND i.nationality = r.nationality AND i.sex = r.sex AND i.status = 'invited' \
         WHERE r.reference = $1 AND i.id <> r.id ORDER BY i.id",
    )
    .bind(reference.as_str())
    .fetch_all(&mut **tx)
    .await?;
    if invited.len() < limit as usize {
        return Ok(());
    }
    let invited = invited
        .into_iter()
        .map(|(reference,)| reference.parse().map_err(|e| corrupt("reference", e)))
        .collect::<Result<_, StoreError>>()?;
    Err(StoreError::InvitationsUsed { invited, limit })
}

/// Writes a review change, its audit line, its email and the promotion of the first entry
/// waiting when it releases a place, in `tx`. The entry's id.
pub(super) async fn apply_review_in(
    tx: &mut sqlx::Transaction<'_, Db>,
    change: &ReviewChange<'_>,
) -> Result<i64, StoreError> {
    let at = utc(change.at);
    lock_places_of(tx, change.reference, change.channel).await?;
    if let (Status::Invited, Some(policy)) = (change.to, change.invitation_rules) {
        check_invitation_order(tx, change.reference, policy, change.at).await?;
        check_invitation_slot(tx, change.reference, policy.elite_invitations_per_country_and_sex()).await?;
    }
    let updated: Option<(i64, String)> = sqlx::query_as(
        "UPDATE registrations SET status = $1, version = version + 1, updated_at = $2 \
         WHERE reference = $3 AND channel = $4 AND version = $5 AND status = $6 AND erased_at IS NULL \
         RETURNING id, edition",
    )
    .bind(change.to.as_str())
    .bind(at)
    .bind(change.reference.as_str())
    .bind(change.channel.as_str())
    .bind(change.version)
    .bind(change.from.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let Some((id, edition)) = updated else {
        return Err(StoreError::Changed);
    };
    insert_audit(
        tx,
        id,
        Audit {
            actor: change.actor,
            action: change.action,
            from: Some(change.from.as_str()),
            to: change.to.as_str(),
            note: change.note,
            internal_note: change.internal_note,
        },
        at,
    )
    .await?;
    if let Some(token) = change.added_status_link {
        add_status_link(tx, id, token, at).await?;
    }
    if let Some(email) = change.email {
        queue_email(tx, id, email.kind, email.payload, at).await?;
    }
    if let Some(quota) = change.quota.filter(|_| change.from.holds_place() && !change.to.holds_place()) {
        promote_waiting(tx, &edition, change.channel, quota, at).await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
pub(super) struct AuditRow {
    pub(super) id: i64,
    pub(super) actor: String,
    pub(super) action: String,
    pub(super) from_status: Option<String>,
    pub(super) to_status: String,
    pub(super) note: Option<String>,
    pub(super) internal_note: Option<String>,
    pub(super) created_at: OffsetDateTime,
}

impl Database {
    #[tracing::instrument(skip_all, fields(action = change.action.as_str()))]
    pub(crate) async fn apply_review(&self, change: &ReviewChange<'_>) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.write).await?;
        apply_review_in(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub(crate) async fn promote_by_hand(&self, promotion: &PromotionByHand<'_>) -> Result<Promoted, StoreError> {
        let at = utc(promotion.at);
        let mut tx = begin_write(&self.write).await?;
        lock_places_of(&mut tx, promotion.reference, promotion.channel).await?;
        // Before the first in line: one less than the lowest order of those waiting.
        let moved: Option<(i64, String)> = sqlx::query_as(
            "UPDATE registrations SET version = version + 1, updated_at = $1, \
               waitlist_order = (SELECT MIN(w.waitlist_order) - 1 FROM registrations w \
                 WHERE w.edition = registrations.edition AND w.channel = registrations.channel \
                   AND w.status = 'waitlisted') \
             WHERE reference = $2 AND channel = $3 AND version = $4 AND status = 'waitlisted' RETURNING id, edition",
        )
        .bind(at)
        .bind(promotion.reference.as_str())
        .bind(promotion.channel.as_str())
        .bind(promotion.version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, edition)) = moved else { return Err(StoreError::Changed) };
        insert_audit(
            &mut tx,
            id,
            Audit {
                actor: promotion.actor,
                action: HistoryAction::PromotedByHand,
                from: Some("waitlisted"),
                to: "waitlisted",
                note: Some(promotion.note.unwrap_or("moved to the front of the waiting list")),
                internal_note: None,
            },
            at,
        )
        .await?;
        let promoted = promote_waiting(&mut tx, &edition, promotion.channel, promotion.quota, at).await?;
        tx.commit().await?;
        Ok(if promoted.iter().any(|(promoted, _)| *promoted == id) { Promoted::Place } else { Promoted::FirstInLine })
    }

    /// Records in the entry's history that `actor` was shown its whole passport number.
    pub(crate) async fn record_passport_view(
        &self,
        reference: &Reference,
        actor: &str,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let entry: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM registrations WHERE reference = $1")
            .bind(reference.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        let Some((id, status)) = entry else { return Err(StoreError::NotFound) };
        let audit = Audit {
            actor,
            action: HistoryAction::PassportViewed,
            from: Some(&status),
            to: &status,
            note: None,
            internal_note: None,
        };
        insert_audit(&mut tx, id, audit, utc(at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that `operator` has seen the entry's history up to now; the last line they
    /// had seen before, if they had opened it.
    pub(crate) async fn mark_seen(&self, reference: &Reference, operator: &str) -> Result<Option<i64>, StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let seen: Option<(i64, Option<i64>, i64)> = sqlx::query_as(
            "SELECT r.id, s.last_audit_id, (SELECT COALESCE(MAX(a.id), 0) FROM audit_log a WHERE a.registration_id = r.id) \
             FROM registrations r LEFT JOIN entries_seen s ON s.registration_id = r.id AND s.operator_email = $2 \
             WHERE r.reference = $1",
        )
        .bind(reference.as_str())
        .bind(operator)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, before, latest)) = seen else { return Ok(None) };
        if before != Some(latest) {
            sqlx::query(
                "INSERT INTO entries_seen (operator_email, registration_id, last_audit_id) VALUES ($1, $2, $3) \
                 ON CONFLICT (operator_email, registration_id) DO UPDATE SET last_audit_id = excluded.last_audit_id",
            )
            .bind(operator)
            .bind(id)
            .bind(latest)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(before)
    }

    pub(crate) async fn audit_trail(&self, reference: &Reference) -> Result<Vec<AuditLine>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT a.id, a.actor, a.action, a.from_status, a.to_status, a.note, a.internal_note, a.created_at \
             FROM audit_log a JOIN registrations r ON r.id = a.registration_id WHERE r.reference = $1 ORDER BY a.id",
        )
        .bind(reference.as_str())
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| AuditLine {
                id: row.id,
                actor: row.actor,
                action: row.action,
                from_status: row.from_status,
                to_status: row.to_status,
                note: row.note,
                internal_note: row.internal_note,
                at: row.created_at,
            })
            .collect())
    }
}
