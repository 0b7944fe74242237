//! Registrations: the writer's SQL (one registration inside a batch) and the lookups by secret.

use pim_domain::{Channel, HistoryAction, Places, Quota, Reference, Status, StatusToken};
use time::OffsetDateTime;

use super::super::{CHECK_BATCH_AT_ONCE, Db, begin_write};
use crate::pending::PendingRegistration;
use crate::{EliteRank, Recorded, RegistrationSummary, StoreError, random_reference, utc};

use super::*;

/// The audit lines and emails of a batch's registrations, kept until the batch's rows are
/// in and then written in one statement for each table: fewer round trips per entry.
#[derive(Default)]
pub(crate) struct FollowingRows {
    pub(super) audit: Vec<AuditEntry>,
    pub(super) emails: Vec<QueuedEmail>,
}

impl FollowingRows {
    /// Writes the rows kept so far, and forgets them whether or not that worked.
    pub(crate) async fn write(&mut self, tx: &mut sqlx::Transaction<'_, Db>) -> Result<(), StoreError> {
        let (audit, emails) = (std::mem::take(&mut self.audit), std::mem::take(&mut self.emails));
        write_audit(tx, &audit).await?;
        write_emails(tx, &emails).await
    }
}

/// What a batch of registrations knows as it goes: the places of each channel it touches
/// (read once, then counted as the batch admits its entries, so each entry costs no reads),
/// and the entries that already hold its forms or passports. Read once per batch, then
/// kept up to date as the batch's registrations are wholly written.
#[derive(Debug, Default)]
pub(crate) struct Admissions {
    pub(super) places: Vec<((String, Channel), Places)>,
    pub(super) entries: Vec<KnownEntry>,
}

/// An entry with one of the batch's forms or passports.
#[derive(Debug)]
pub(super) struct KnownEntry {
    pub(super) token_hash: String,
    pub(super) edition: String,
    /// The passport's key in the unique index.
    pub(super) passport_key: String,
    pub(super) reference: Reference,
    pub(super) status: Status,
}

impl KnownEntry {
    fn same_form(&self, new: &PendingRegistration) -> bool {
        self.token_hash == new.status_token_hash
    }

    /// An active entry of the edition with the registration's passport.
    fn holds_passport_of(&self, new: &PendingRegistration) -> bool {
        !self.status.is_final() && self.edition == new.edition && self.passport_key == new.passport_key
    }
}

impl Admissions {
    /// Starts a batch: where the backend checks a batch at once, reads in one query every
    /// entry with one of its forms or holding one of its passports.
    pub(crate) async fn for_batch<'a>(
        tx: &mut sqlx::Transaction<'_, Db>,
        batch: impl IntoIterator<Item = &'a PendingRegistration>,
    ) -> Result<Admissions, StoreError> {
        let mut admissions = Admissions::default();
        if CHECK_BATCH_AT_ONCE {
            admissions.read_entries(tx, batch).await?;
        }
        Ok(admissions)
    }

    /// Reads again what the database holds of these registrations' forms and passports:
    /// another instance may have written some since the batch began.
    pub(crate) async fn read_entries<'a>(
        &mut self,
        tx: &mut sqlx::Transaction<'_, Db>,
        registrations: impl IntoIterator<Item = &'a PendingRegistration>,
    ) -> Result<(), StoreError> {
        let registrations: Vec<_> = registrations.into_iter().collect();
        if registrations.is_empty() {
            return Ok(());
        }
        let one = registrations.len() == 1;
        // Only indexed alternatives (no `1 = 0` to start from): SQLite then looks each up
        // in its index instead of scanning the table.
        let mut query = sqlx::QueryBuilder::new(
            "SELECT reference, passport_key, status, status_token_hash, edition FROM registrations WHERE ",
        );
        let mut alternatives = query.separated(" OR ");
        for new in registrations {
            alternatives.push("status_token_hash = ").push_bind_unseparated(new.status_token_hash.as_str());
            alternatives
                .push("(edition = ")
                .push_bind_unseparated(new.edition.as_str())
                .push_unseparated(" AND passport_key = ")
                .push_bind_unseparated(new.passport_key.as_str())
                .push_unseparated(format!(" AND {HOLDS_PASSPORT})"));
        }
        // A one-registration read is the same statement every time: worth keeping prepared.
        let rows: Vec<(String, String, String, String, String)> =
            query.build_query_as().persistent(one).fetch_all(&mut **tx).await?;
        for (reference, passport_key, status, token_hash, edition) in rows {
            let reference: Reference = reference.parse().map_err(|e| corrupt("reference", e))?;
            if self.entries.iter().any(|known| known.reference == reference) {
                continue;
            }
            let status = status.parse().map_err(|e| corrupt("status", e))?;
            self.entries.push(KnownEntry { token_hash, edition, passport_key, reference, status });
        }
        Ok(())
    }

    async fn places(
        &mut self,
        tx: &mut sqlx::Transaction<'_, Db>,
        edition: &str,
        channel: Channel,
        policy: &Quota,
    ) -> Result<&Places, StoreError> {
        if self.channel(edition, channel).is_none() {
            let places = Places::new(
                quota_in_force(tx, edition, channel, policy).await?,
                held_by_race(tx, edition, channel).await?,
                waiting_by_race(tx, edition, channel).await?,
            );
            self.places.push(((edition.to_owned(), channel), places));
        }
        Ok(self.channel(edition, channel).expect("just read"))
    }

    /// Counts a registration the batch has wholly written (its row, audit line and email):
    /// its place, its form and its passport.
    pub(crate) fn count(&mut self, new: &PendingRegistration, recorded: &Recorded) {
        if recorded.replayed {
            return;
        }
        if let Some(places) = self.channel(&new.edition, new.channel) {
            count_in(places, recorded.status, new.application.distance);
        }
        self.entries.push(KnownEntry {
            token_hash: new.status_token_hash.clone(),
            edition: new.edition.clone(),
            passport_key: new.passport_key.clone(),
            reference: recorded.reference.clone(),
            status: recorded.status,
        });
    }

    fn channel(&mut self, edition: &str, channel: Channel) -> Option<&mut Places> {
        self.places.iter_mut().find(|((e, c), _)| e == edition && *c == channel).map(|(_, places)| places)
    }
}

/// Records one registration inside the writer's transaction: the checks, the place or the
/// waiting list, and the row; its audit line and email go to `following`, for the writer
/// to write before it commits, and the writer counts its place in `admissions` once all
/// of it is written. The writer holds the channel's places (`lock_places`) from
/// before the first check to the commit, so no other registration or review can slip in
/// between a count and the insert.
pub(crate) async fn record_one(
    tx: &mut sqlx::Transaction<'_, Db>,
    new: &PendingRegistration,
    admissions: &mut Admissions,
    following: &mut FollowingRows,
) -> Result<Recorded, StoreError> {
    let application = &new.application;
    let registrant = &new.registrant;
    let token_hash = &new.status_token_hash;
    // This form recorded before (a repeated request), or another active entry with the
    // passport: read with the batch or now, and kept up to date as the batch goes.
    if !CHECK_BATCH_AT_ONCE {
        admissions.read_entries(tx, [new]).await?;
    }
    if let Some(earlier) = admissions.entries.iter().find(|known| known.same_form(new)) {
        if earlier.passport_key != new.passport_key {
            return Err(StoreError::SubmissionReused);
        }
        return Ok(Recorded {
            reference: earlier.reference.clone(),
            replayed: true,
            status: earlier.status,
            waitlist_position: None,
        });
    }
    if admissions.entries.iter().any(|known| known.holds_passport_of(new)) {
        return Err(StoreError::DuplicatePassport);
    }

    // A place if one is free for the race and nobody waiting could take it; otherwise
    // the end of the waiting list.
    let places = match &new.quota {
        None => None,
        Some(policy) => Some(admissions.places(tx, &new.edition, new.channel, policy).await?),
    };
    let admitted = places.as_ref().is_none_or(|places| places.admits(application.distance));
    let (status, email, waitlist_position) = match places.as_ref() {
        Some(places) if !admitted => {
            let position = u32::try_from(places.waiting_total() + 1).unwrap_or(u32::MAX);
            (Status::Waitlisted, &new.waitlisted, Some(position))
        }
        _ => (Status::Submitted, &new.confirmation, None),
    };
    let at = utc(new.received_at);
    // A new reference is taken only if no entry has it (ON CONFLICT gives no row then).
    let (reference, id) = loop {
        let reference = random_reference();
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO registrations (reference, status_token_hash, edition, status, channel, rule, explanation, \
               elite_margin_seconds, given_name, family_name, email, date_of_birth, sex, nationality, passport_number, \
               passport_expiry, distance, category, qualifying_time_seconds, qualifying_date, qualifying_race, \
               qualifying_evidence_url, emergency_contact_name, emergency_contact_phone, consented_at, created_at, updated_at, \
               email_confirmation_hash, confirm_email_by, search_key, elite_rank, passport_key, data_key_version, \
               language, waitlist_order) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
               $23, $24, $25, $25, $25, $26, $27, $28, $29, $30, $31, $32, \
               CASE WHEN $4 = 'waitlisted' THEN (SELECT COALESCE(MAX(waitlist_order), 0) + 1 FROM registrations \
                 WHERE edition = $3 AND channel = $5 AND status = 'waitlisted') END) \
             ON CONFLICT (reference) DO NOTHING RETURNING id",
        )
        .bind(reference.as_str())
        .bind(token_hash)
        .bind(&new.edition)
        .bind(status.as_str())
        .bind(new.channel.as_str())
        .bind(new.rule.as_str())
        .bind(&new.explanation)
        .bind(new.margin_seconds.map(i64::from))
        .bind(&registrant.given_name)
        .bind(&registrant.family_name)
        .bind(&registrant.email)
        .bind(application.date_of_birth)
        .bind(application.sex.as_str())
        .bind(application.nationality.code())
        .bind(&new.sealed.passport_number)
        .bind(registrant.passport_expiry)
        .bind(application.distance.as_str())
        .bind(application.category.as_str())
        .bind(application.qualifying_time.map(|time| i64::from(time.seconds())))
        .bind(application.qualifying_date)
        .bind(&registrant.qualifying_race)
        .bind(&registrant.qualifying_evidence_url)
        .bind(&new.sealed.emergency_contact_name)
        .bind(&new.sealed.emergency_contact_phone)
        .bind(at)
        .bind(&new.email_confirmation_hash)
        .bind(utc(new.confirm_email_by))
        .bind(crate::search::search_key(&registrant.given_name, &registrant.family_name, &registrant.email))
        .bind(new.elite_rank)
        .bind(&new.passport_key)
        .bind(i64::from(new.sealed.data_key_version))
        .bind(&new.language)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(id) = inserted {
            break (reference, id);
        }
    };

    let note = format!("routed by {}", new.rule.as_str());
    following.audit.push(AuditEntry::new(
        id,
        Audit {
            actor: "runner",
            action: HistoryAction::Submitted,
            from: None,
            to: status.as_str(),
            note: Some(&note),
            internal_note: None,
        },
        at,
    ));
    following.emails.push(QueuedEmail { registration_id: id, kind: email.kind, payload: email.payload.clone(), at });
    tracing::debug!(registration_id = id, "registration written");
    Ok(Recorded { reference, replayed: false, status, waitlist_position })
}

impl Database {
    /// Writes the search key of the entries that have none (those stored before it existed),
    /// a batch at a time.
    pub(crate) async fn fill_search_keys(&self) -> Result<(), StoreError> {
        loop {
            let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT id, given_name, family_name, email FROM registrations WHERE search_key = '' AND erased_at IS NULL \
                 LIMIT 500",
            )
            .fetch_all(&self.write)
            .await?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut tx = begin_write(&self.write).await?;
            for (id, given_name, family_name, email) in rows {
                sqlx::query("UPDATE registrations SET search_key = $1 WHERE id = $2")
                    .bind(crate::search::search_key(&given_name, &family_name, &email))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
    }

    /// Writes the invitation rank of the elite entries that have none (those stored before
    /// it existed), a batch at a time, from `rank`.
    pub(crate) async fn fill_elite_ranks(&self, rank: &EliteRank<'_>) -> Result<(), StoreError> {
        loop {
            let rows: Vec<(i64, String, String, i64, Option<time::Date>)> = sqlx::query_as(
                "SELECT id, distance, sex, elite_margin_seconds, qualifying_date FROM registrations \
                 WHERE elite_margin_seconds IS NOT NULL AND elite_rank IS NULL LIMIT 500",
            )
            .fetch_all(&self.write)
            .await?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut tx = begin_write(&self.write).await?;
            for (id, distance, sex, margin, qualifying_date) in rows {
                let distance = distance.parse().map_err(|e| corrupt("distance", e))?;
                let sex = sex.parse().map_err(|e| corrupt("sex", e))?;
                let margin = non_negative("margin", margin)?;
                sqlx::query("UPDATE registrations SET elite_rank = $1 WHERE id = $2")
                    .bind(rank(distance, sex, margin, qualifying_date))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
    }

    pub(crate) async fn find_by_email_confirmation(
        &self,
        token: &StatusToken,
    ) -> Result<Option<RegistrationSummary>, StoreError> {
        let row: Option<SummaryRow> = sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM registrations r WHERE r.email_confirmation_hash = $1"
        ))
        .bind(token.hash())
        .fetch_optional(&self.write)
        .await?;
        row.map(RegistrationSummary::try_from).transpose()
    }

    /// Confirms the address of the entry whose link carries `token`, if it is still to be
    /// confirmed and the entry has not lapsed or ended; returns the entry as it now is.
    pub(crate) async fn confirm_email(
        &self,
        token: &StatusToken,
        now: OffsetDateTime,
    ) -> Result<Option<RegistrationSummary>, StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let confirmed: Option<(i64, String)> = sqlx::query_as(&format!(
            "UPDATE registrations SET email_confirmed_at = $2, updated_at = $2 \
             WHERE email_confirmation_hash = $1 AND email_confirmed_at IS NULL AND {HOLDS_PASSPORT} RETURNING id, status"
        ))
        .bind(token.hash())
        .bind(utc(now))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id, status)) = confirmed {
            let audit = Audit {
                actor: "runner",
                action: HistoryAction::EmailConfirmed,
                from: Some(&status),
                to: &status,
                note: None,
                internal_note: None,
            };
            insert_audit(&mut tx, id, audit, utc(now)).await?;
        }
        tx.commit().await?;
        self.find_by_email_confirmation(token).await
    }

    /// Entries whose address was not confirmed by their deadline and that no operator has
    /// acted on yet (submitted or waiting), soonest deadline first, at most `limit`.
    pub(crate) async fn due_to_lapse(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<(Reference, Channel, Status, i64)>, StoreError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT reference, channel, status, version FROM registrations \
             WHERE email_confirmed_at IS NULL AND status IN ('submitted', 'waitlisted') AND confirm_email_by < $1 \
             ORDER BY confirm_email_by LIMIT $2",
        )
        .bind(utc(now))
        .bind(i64::from(limit))
        .fetch_all(&self.write)
        .await?;
        rows.into_iter()
            .map(|(reference, channel, status, version)| {
                Ok((
                    reference.parse().map_err(|e| corrupt("reference", e))?,
                    channel.parse().map_err(|e| corrupt("channel", e))?,
                    status.parse().map_err(|e| corrupt("status", e))?,
                    version,
                ))
            })
            .collect()
    }

    pub(crate) async fn find_by_status_token(
        &self,
        token: &StatusToken,
    ) -> Result<Option<RegistrationSummary>, StoreError> {
        let row: Option<SummaryRow> =
            // The runner's own link, or one that an email asking them to act carried.
            sqlx::query_as(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM registrations r WHERE r.id IN \
                   (SELECT id FROM registrations WHERE status_token_hash = $1 \
                    UNION ALL SELECT registration_id FROM status_links WHERE token_hash = $1)"
            ))
                .bind(token.hash())
                .fetch_optional(&self.read)
                .await?;
        row.map(RegistrationSummary::try_from).transpose()
    }

    pub(crate) async fn find_by_reference(
        &self,
        reference: &Reference,
    ) -> Result<Option<RegistrationSummary>, StoreError> {
        let row: Option<SummaryRow> =
            sqlx::query_as(&format!("SELECT {SUMMARY_COLUMNS} FROM registrations r WHERE r.reference = $1"))
                .bind(reference.as_str())
                .fetch_optional(&self.read)
                .await?;
        row.map(RegistrationSummary::try_from).transpose()
    }
}
