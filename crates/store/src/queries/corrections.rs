//! The runner's corrections of their entry and transfers to another race.

use pim_domain::{Distance, HistoryAction, Places};

use super::super::{Db, begin_write};
use super::*;
use crate::{Correction, StoreError, utc};

impl Database {
    #[tracing::instrument(skip_all, fields(transfer = correction.transfer.is_some()))]
    pub(crate) async fn correct_entry(&self, correction: &Correction<'_>) -> Result<(), StoreError> {
        let at = utc(correction.at);
        let mut tx = begin_write(&self.write).await?;
        lock_places_of(&mut tx, correction.reference, correction.channel).await?;
        let entry: Option<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, edition, status, distance, version FROM registrations WHERE reference = $1 AND channel = $2 \
             AND erased_at IS NULL",
        )
        .bind(correction.reference.as_str())
        .bind(correction.channel.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, edition, status, distance, version)) = entry else { return Err(StoreError::NotFound) };
        if version != correction.version {
            return Err(StoreError::Changed);
        }
        let holds_place = status.parse::<pim_domain::Status>().map_err(|e| corrupt("status", e))?.holds_place();
        let from: Distance = distance.parse().map_err(|e| corrupt("distance", e))?;
        let registrant = correction.registrant;
        let passport_key = self.keys.passport_key(&registrant.passport_number);
        let sealed = crate::pending::SealedFields::of(registrant, &self.keys);
        // Another open entry of the edition with the new passport: the same rule as at entry.
        let taken: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM registrations WHERE edition = $1 AND passport_key = $2 AND id <> $3 AND {HOLDS_PASSPORT}"
        ))
        .bind(&edition)
        .bind(&passport_key)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::DuplicatePassport);
        }
        let moving = correction.transfer.filter(|transfer| transfer.to != from);
        if let (Some(transfer), Some(policy), true) = (moving, correction.quota, holds_place) {
            // The place moves with the entry: the channel's total stays, so only the new
            // race's own limit can refuse it.
            let quota = quota_in_force(&mut tx, &edition, correction.channel, policy).await?;
            let places = Places::new(quota, held_by_race(&mut tx, &edition, correction.channel).await?, []);
            let room = places
                .quota()
                .for_distance(transfer.to)
                .is_none_or(|limit| places.held_in(transfer.to) < u64::from(limit));
            if !room {
                return Err(StoreError::RaceFull(transfer.to));
            }
        }
        let mut update = sqlx::QueryBuilder::<Db>::new("UPDATE registrations SET given_name = ");
        update
            .push_bind(&registrant.given_name)
            .push(", family_name = ")
            .push_bind(&registrant.family_name)
            .push(", email = ")
            .push_bind(&registrant.email)
            .push(", search_key = ")
            .push_bind(crate::search::search_key(&registrant.given_name, &registrant.family_name, &registrant.email))
            .push(", passport_number = ")
            .push_bind(sealed.passport_number)
            .push(", passport_key = ")
            .push_bind(passport_key)
            .push(", passport_expiry = ")
            .push_bind(registrant.passport_expiry)
            .push(", emergency_contact_name = ")
            .push_bind(sealed.emergency_contact_name)
            .push(", emergency_contact_phone = ")
            .push_bind(sealed.emergency_contact_phone)
            .push(", data_key_version = ")
            .push_bind(i64::from(sealed.data_key_version));
        if let Some(transfer) = moving {
            update
                .push(", distance = ")
                .push_bind(transfer.to.as_str())
                .push(", rule = ")
                .push_bind(transfer.rule.as_str())
                .push(", explanation = ")
                .push_bind(&transfer.explanation)
                .push(", qualifying_time_seconds = ")
                .push_bind(transfer.qualifying_time_seconds.map(i64::from))
                .push(", qualifying_date = ")
                .push_bind(transfer.qualifying_date)
                .push(", qualifying_race = ")
                .push_bind(registrant.qualifying_race.as_deref())
                .push(", qualifying_evidence_url = ")
                .push_bind(registrant.qualifying_evidence_url.as_deref())
                .push(", elite_margin_seconds = ")
                .push_bind(transfer.margin_seconds.map(i64::from))
                .push(", elite_rank = ")
                .push_bind(transfer.elite_rank);
        }
        update.push(", version = version + 1, updated_at = ").push_bind(at).push(" WHERE id = ").push_bind(id);
        update.build().execute(&mut *tx).await.map_err(|error| match error {
            // Only the one-entry-per-passport index can refuse this change.
            sqlx::Error::Database(e) if e.is_unique_violation() => StoreError::DuplicatePassport,
            other => other.into(),
        })?;
        let action = if moving.is_some() { HistoryAction::Transferred } else { HistoryAction::DetailsCorrected };
        let audit = Audit {
            actor: "runner",
            action,
            from: Some(&status),
            to: &status,
            note: Some(correction.changes),
            internal_note: None,
        };
        insert_audit(&mut tx, id, audit, at).await?;
        queue_email(&mut tx, id, correction.email.kind, correction.email.payload, at).await?;
        if let (Some(_), Some(quota), true) = (moving, correction.quota, holds_place) {
            promote_waiting(&mut tx, &edition, correction.channel, quota, at).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
