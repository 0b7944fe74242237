//! Registrations: the writer's SQL (a batch's registrations, or one of them alone) and the
//! lookups by secret.

use pim_domain::{Channel, HistoryAction, Places, Quota, Reference, Status, StatusToken};
use time::OffsetDateTime;

use super::super::{Db, begin_write};
use crate::pending::{PendingEmail, PendingRegistration};
use crate::{EliteRank, Recorded, RegistrationSummary, StoreError, random_reference, utc};

use super::*;

/// The most entries one `INSERT` writes: each statement is a hand-off to the database
/// (to sqlx's worker thread on SQLite, a round trip on PostgreSQL), so a batch's rows go
/// in a few statements instead of one each.
const ROWS_PER_INSERT: usize = 64;

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

    /// The audit line and email of an entry just written.
    fn follow(&mut self, entry: &NewEntry<'_>, registration_id: i64) {
        let at = utc(entry.registration.received_at);
        let note = format!("routed by {}", entry.registration.rule.as_str());
        self.audit.push(AuditEntry::new(
            registration_id,
            Audit {
                actor: "runner",
                action: HistoryAction::Submitted,
                from: None,
                to: entry.recorded.status.as_str(),
                note: Some(&note),
                internal_note: None,
            },
            at,
        ));
        let email = entry.email;
        self.emails.push(QueuedEmail { registration_id, kind: email.kind, payload: email.payload.clone(), at });
    }
}

/// What a batch of registrations knows as it goes: the places of each channel it touches
/// (read once, then counted as the batch admits its entries, so each entry costs no reads),
/// and the entries that already hold its forms or passports. Read once per batch, then
/// kept up to date as the batch's registrations are admitted.
#[derive(Debug, Default)]
pub(crate) struct Admissions {
    pub(super) places: Vec<((String, Channel), ChannelPlaces)>,
    pub(super) entries: Vec<KnownEntry>,
}

/// A channel's places as the batch counts them, and the end of its waiting list.
#[derive(Debug)]
pub(super) struct ChannelPlaces {
    places: Places,
    /// The `waitlist_order` of the last entry waiting (0 if none): the next waits behind it.
    last_in_queue: i64,
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
    /// Starts a batch: reads in one query every entry with one of its forms or holding one
    /// of its passports.
    pub(crate) async fn for_batch<'a>(
        tx: &mut sqlx::Transaction<'_, Db>,
        batch: impl IntoIterator<Item = &'a PendingRegistration>,
    ) -> Result<Admissions, StoreError> {
        let mut admissions = Admissions::default();
        admissions.read_entries(tx, batch).await?;
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
        // Lists that an index answers item by item: the forms by their unique token, and
        // each edition's passports by the one-entry-per-passport index (whose condition is
        // repeated, so that the partial index serves the lookup).
        const COLUMNS: &str = "SELECT reference, passport_key, status, status_token_hash, edition FROM registrations";
        let mut query = sqlx::QueryBuilder::new(format!("{COLUMNS} WHERE status_token_hash IN ("));
        let mut tokens = query.separated(", ");
        for new in &registrations {
            tokens.push_bind(new.status_token_hash.as_str());
        }
        query.push(")");
        let mut editions: Vec<&str> = registrations.iter().map(|new| new.edition.as_str()).collect();
        editions.sort_unstable();
        editions.dedup();
        for edition in editions {
            query.push(format!(" UNION ALL {COLUMNS} WHERE edition = ")).push_bind(edition);
            query.push(format!(" AND {HOLDS_PASSPORT} AND passport_key IN ("));
            let mut passports = query.separated(", ");
            for new in registrations.iter().filter(|new| new.edition == edition) {
                passports.push_bind(new.passport_key.as_str());
            }
            query.push(")");
        }
        // A one-registration read is the same statement every time: worth keeping prepared.
        let rows: Vec<(String, String, String, String, String)> =
            query.build_query_as().persistent(registrations.len() == 1).fetch_all(&mut **tx).await?;
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
    ) -> Result<&ChannelPlaces, StoreError> {
        if self.channel(edition, channel).is_none() {
            let (places, last_in_queue) = batch_places(tx, edition, channel, policy).await?;
            self.places.push(((edition.to_owned(), channel), ChannelPlaces { places, last_in_queue }));
        }
        Ok(self.channel(edition, channel).expect("just read"))
    }

    /// Counts a registration the batch has admitted: its place or its turn in the waiting
    /// list, its form and its passport.
    pub(crate) fn count(&mut self, new: &PendingRegistration, recorded: &Recorded) {
        if recorded.replayed {
            return;
        }
        if let Some(channel) = self.channel(&new.edition, new.channel) {
            count_in(&mut channel.places, recorded.status, new.application.distance);
            if recorded.status == Status::Waitlisted {
                channel.last_in_queue += 1;
            }
        }
        self.entries.push(KnownEntry {
            token_hash: new.status_token_hash.clone(),
            edition: new.edition.clone(),
            passport_key: new.passport_key.clone(),
            reference: recorded.reference.clone(),
            status: recorded.status,
        });
    }

    fn channel(&mut self, edition: &str, channel: Channel) -> Option<&mut ChannelPlaces> {
        self.places.iter_mut().find(|((e, c), _)| e == edition && *c == channel).map(|(_, places)| places)
    }
}

/// What the writer decided for a registration, before anything of it is written.
pub(crate) enum Admission<'a> {
    /// This form was recorded before (a repeated request): nothing to write.
    Replayed(Recorded),
    /// A new entry, holding a place or at the end of the waiting list.
    New(NewEntry<'a>),
}

/// An entry to write: the registration, and what the writer decided for it.
pub(crate) struct NewEntry<'a> {
    pub(crate) registration: &'a PendingRegistration,
    /// Its outcome, with a reference drawn at random that the insert confirms is free.
    pub(crate) recorded: Recorded,
    email: &'a PendingEmail,
    waitlist_order: Option<i64>,
}

/// Decides a registration inside the writer's transaction, from what `admissions` knows:
/// a repeated form, a refusal (another active entry with the passport), or a new entry
/// with a place if one is free for the race and nobody waiting could take it, otherwise
/// at the end of the waiting list. The writer holds the channel's places (`lock_places`)
/// from before the first decision to the commit, so no other registration or review can
/// slip in between a count and the insert; it counts each entry in `admissions` once
/// admitted (a batch) or once written (a registration alone).
pub(crate) async fn admit<'a>(
    tx: &mut sqlx::Transaction<'_, Db>,
    new: &'a PendingRegistration,
    admissions: &mut Admissions,
) -> Result<Admission<'a>, StoreError> {
    if let Some(earlier) = admissions.entries.iter().find(|known| known.same_form(new)) {
        if earlier.passport_key != new.passport_key {
            return Err(StoreError::SubmissionReused);
        }
        return Ok(Admission::Replayed(Recorded {
            reference: earlier.reference.clone(),
            replayed: true,
            status: earlier.status,
            waitlist_position: None,
        }));
    }
    if admissions.entries.iter().any(|known| known.holds_passport_of(new)) {
        return Err(StoreError::DuplicatePassport);
    }
    let channel = match &new.quota {
        None => None,
        Some(policy) => Some(admissions.places(tx, &new.edition, new.channel, policy).await?),
    };
    let (status, email, waitlist_position, waitlist_order) = match channel {
        Some(channel) if !channel.places.admits(new.application.distance) => {
            let position = u32::try_from(channel.places.waiting_total() + 1).unwrap_or(u32::MAX);
            (Status::Waitlisted, &new.waitlisted, Some(position), Some(channel.last_in_queue + 1))
        }
        _ => (Status::Submitted, &new.confirmation, None, None),
    };
    let recorded = Recorded { reference: random_reference(), replayed: false, status, waitlist_position };
    Ok(Admission::New(NewEntry { registration: new, recorded, email, waitlist_order }))
}

/// Writes a batch's new entries, a few statements for all, and keeps their audit lines
/// and emails in `following`. A reference drawn for one of them that another entry has
/// fails the batch: recorded again one by one, each draws until its reference is free.
pub(crate) async fn write_new_entries(
    tx: &mut sqlx::Transaction<'_, Db>,
    entries: &[NewEntry<'_>],
    following: &mut FollowingRows,
) -> Result<(), StoreError> {
    for rows in entries.chunks(ROWS_PER_INSERT) {
        let written = insert_entries(tx, rows).await?;
        if written.len() != rows.len() {
            return Err(StoreError::BatchNotCommitted("a reference drawn for the batch is taken".into()));
        }
        for entry in rows {
            let id = written
                .iter()
                .find(|(_, reference)| *reference == entry.recorded.reference.as_str())
                .map(|(id, _)| *id)
                .ok_or_else(|| corrupt("reference", "an inserted entry came back under another reference"))?;
            following.follow(entry, id);
        }
    }
    Ok(())
}

/// Records one registration alone (the writer's savepoint for it is open): decides it,
/// writes its row under a reference no entry has, and keeps its audit line and email in
/// `following`, for the writer to write before it counts the entry in `admissions`.
pub(crate) async fn record_one(
    tx: &mut sqlx::Transaction<'_, Db>,
    new: &PendingRegistration,
    admissions: &mut Admissions,
    following: &mut FollowingRows,
) -> Result<Recorded, StoreError> {
    let mut entry = match admit(tx, new, admissions).await? {
        Admission::Replayed(recorded) => return Ok(recorded),
        Admission::New(entry) => entry,
    };
    loop {
        if let [(id, _)] = insert_entries(tx, std::slice::from_ref(&entry)).await?[..] {
            following.follow(&entry, id);
            tracing::debug!(registration_id = id, "registration written");
            return Ok(entry.recorded);
        }
        entry.recorded.reference = random_reference();
    }
}

/// Inserts the entries in one statement; those whose reference another entry has are left
/// out (`ON CONFLICT ... DO NOTHING`). Returns the id and reference of each written.
async fn insert_entries(
    tx: &mut sqlx::Transaction<'_, Db>,
    entries: &[NewEntry<'_>],
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut query = sqlx::QueryBuilder::new(
        "INSERT INTO registrations (reference, status_token_hash, edition, status, channel, rule, explanation, \
           elite_margin_seconds, given_name, family_name, email, date_of_birth, sex, nationality, passport_number, \
           passport_expiry, distance, category, qualifying_time_seconds, qualifying_date, qualifying_race, \
           qualifying_evidence_url, emergency_contact_name, emergency_contact_phone, consented_at, created_at, updated_at, \
           email_confirmation_hash, confirm_email_by, search_key, elite_rank, passport_key, data_key_version, \
           language, waitlist_order) ",
    );
    query.push_values(entries, |mut row, entry| {
        let new = entry.registration;
        let (application, registrant) = (&new.application, &new.registrant);
        let at = utc(new.received_at);
        row.push_bind(entry.recorded.reference.as_str())
            .push_bind(new.status_token_hash.as_str())
            .push_bind(new.edition.as_str())
            .push_bind(entry.recorded.status.as_str())
            .push_bind(new.channel.as_str())
            .push_bind(new.rule.as_str())
            .push_bind(new.explanation.as_str())
            .push_bind(new.margin_seconds.map(i64::from))
            .push_bind(registrant.given_name.as_str())
            .push_bind(registrant.family_name.as_str())
            .push_bind(registrant.email.as_str())
            .push_bind(application.date_of_birth)
            .push_bind(application.sex.as_str())
            .push_bind(application.nationality.code())
            .push_bind(new.sealed.passport_number.as_str())
            .push_bind(registrant.passport_expiry)
            .push_bind(application.distance.as_str())
            .push_bind(application.category.as_str())
            .push_bind(application.qualifying_time.map(|time| i64::from(time.seconds())))
            .push_bind(application.qualifying_date)
            .push_bind(registrant.qualifying_race.as_deref())
            .push_bind(registrant.qualifying_evidence_url.as_deref())
            .push_bind(new.sealed.emergency_contact_name.as_str())
            .push_bind(new.sealed.emergency_contact_phone.as_str())
            .push_bind(at)
            .push_bind(at)
            .push_bind(at)
            .push_bind(new.email_confirmation_hash.as_str())
            .push_bind(utc(new.confirm_email_by))
            .push_bind(crate::search::search_key(&registrant.given_name, &registrant.family_name, &registrant.email))
            .push_bind(new.elite_rank)
            .push_bind(new.passport_key.as_str())
            .push_bind(i64::from(new.sealed.data_key_version))
            .push_bind(new.language.as_str())
            .push_bind(entry.waitlist_order);
    });
    query.push(" ON CONFLICT (reference) DO NOTHING RETURNING id, reference");
    // A full chunk and a single row are the statements met again and again.
    let keep_prepared = entries.len() == ROWS_PER_INSERT || entries.len() == 1;
    Ok(query.build_query_as().persistent(keep_prepared).fetch_all(&mut **tx).await?)
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
