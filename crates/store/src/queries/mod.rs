//! The store's SQL, written once for both backends: `sqlite.rs` and `postgres.rs` each
//! compile this module with their own `Db` and the few places where the dialects differ
//! (`begin_write`, `lock_places`, `RECEIVED_ON`, `SKIP_CLAIMED`).
//!
//! Whole numbers are bound and read as `i64` (PostgreSQL has no unsigned types), times as
//! `OffsetDateTime` in UTC, dates as `Date`.
//!
//! By concern: `registrations` (the writer's SQL and the lookups by secret), `places`
//! (counts for the domain's engine, promotions), `review` (status changes, invitations,
//! the audit trail), `entries` (the operators' lists, one entry, the dashboard), `outbox`
//! (emails), `operators` (accounts and sign-in), `idempotency` (API retries). This file keeps what they share: the
//! row types and columns of a registration, the audit writer, the status lists.

use pim_domain::{HistoryAction, RaceTime};
use sqlx::Pool;
use time::OffsetDateTime;

use super::Db;
use crate::sealing::{DataKeys, Sealed};
use crate::{EmailConfirmation, RegistrationSummary, StoreError};
use crate::{EntryCursor, EntryLine};

/// Statuses that hold the passport: every status but the two that end an entry.
const HOLDS_PASSPORT: &str = "status NOT IN ('withdrawn', 'declined')";

/// The database's connections: `write` for changes, `read` for pages (on PostgreSQL, one
/// pool for both), and the data keys.
#[derive(Clone)]
pub(crate) struct Database {
    pub(crate) write: Pool<Db>,
    pub(crate) read: Pool<Db>,
    /// What personal data is sealed and found with.
    pub(crate) keys: std::sync::Arc<DataKeys>,
}

/// Where an entry's email confirmation stands, from `registrations r`: its deadline, when
/// it was confirmed, and whether the entry lapsed for want of it (the action is
/// `LAPSED_ACTION`, which a test holds to this).
macro_rules! email_confirmation_columns {
    () => {
        concat!(
            "r.confirm_email_by, r.email_confirmed_at, CAST(CASE WHEN r.status = 'withdrawn' AND EXISTS ",
            "(SELECT 1 FROM audit_log a WHERE a.registration_id = r.id AND a.action = 'email_not_confirmed') ",
            "THEN 1 ELSE 0 END AS BIGINT) AS lapsed, "
        )
    };
}

/// A waiting entry's position, from `registrations r`: its rank in its channel's waiting
/// list. Computed when read, so it moves up as others leave.
macro_rules! waitlist_position {
    () => {
        "CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM registrations w WHERE w.edition = r.edition \
           AND w.channel = r.channel AND w.status = 'waitlisted' AND w.waitlist_order <= r.waitlist_order) END \
           AS waitlist_position"
    };
}

/// The columns the runner's pages need, from `registrations r`.
const SUMMARY_COLUMNS: &str = concat!(
    "r.reference, r.status, r.channel, r.rule, r.explanation, r.given_name, r.family_name, ",
    "r.nationality, r.distance, r.category, r.created_at, r.updated_at, r.language, ",
    "r.sex, r.qualifying_time_seconds, r.elite_margin_seconds, ",
    email_confirmation_columns!(),
    waitlist_position!()
);

/// Statuses that hold one of the channel's places.
const HOLDS_PLACE: &str =
    "status IN ('submitted', 'information_requested', 'information_provided', 'accepted', 'invited')";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    reference: String,
    status: String,
    channel: String,
    rule: String,
    explanation: String,
    given_name: String,
    family_name: String,
    nationality: String,
    distance: String,
    category: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    language: String,
    sex: String,
    qualifying_time_seconds: Option<i64>,
    elite_margin_seconds: Option<i64>,
    #[sqlx(flatten)]
    email_confirmation: EmailConfirmationRow,
    waitlist_position: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct EmailConfirmationRow {
    confirm_email_by: Option<OffsetDateTime>,
    email_confirmed_at: Option<OffsetDateTime>,
    lapsed: i64,
}

impl From<EmailConfirmationRow> for EmailConfirmation {
    fn from(row: EmailConfirmationRow) -> Self {
        match (row.email_confirmed_at, row.confirm_email_by) {
            (Some(at), _) => EmailConfirmation::Confirmed { at },
            (None, Some(by)) if row.lapsed != 0 => EmailConfirmation::Lapsed { by },
            (None, Some(by)) => EmailConfirmation::Pending { by },
            (None, None) => EmailConfirmation::NotAsked,
        }
    }
}

#[derive(sqlx::FromRow)]
struct EntryLineRow {
    id: i64,
    reference: String,
    channel: String,
    status: String,
    given_name: String,
    family_name: String,
    email: String,
    language: String,
    nationality: String,
    distance: String,
    category: String,
    passport_number: String,
    created_at: OffsetDateTime,
    edition: String,
    /// Its place in its channel's queue, while it waits.
    waitlist_order: Option<i64>,
    /// Counted apart (see `entries::count_positions`), not by the query.
    #[sqlx(default)]
    waitlist_position: Option<i64>,
    elite_margin_seconds: Option<i64>,
    #[sqlx(flatten)]
    email_confirmation: EmailConfirmationRow,
    /// Only in lists: the key of their order.
    #[sqlx(default)]
    sort_key: i64,
}

macro_rules! entry_line_columns {
    () => {
        concat!(
            "r.id, r.reference, r.channel, r.status, r.given_name, r.family_name, r.email, r.language, ",
            "r.nationality, r.distance, r.category, r.passport_number, r.created_at, r.elite_margin_seconds, ",
            email_confirmation_columns!(),
            "r.edition, CASE WHEN r.status = 'waitlisted' THEN r.waitlist_order END AS waitlist_order"
        )
    };
}

const ENTRY_LINE_COLUMNS: &str = entry_line_columns!();

impl EntryLineRow {
    /// The line, its passport number opened with `keys`.
    fn open(self, keys: &DataKeys) -> Result<EntryLine, StoreError> {
        let row = self;
        let passport_number = keys.open_text(Sealed::PassportNumber, &row.passport_number)?;
        Ok(EntryLine {
            id: row.id,
            reference: row.reference.parse().map_err(|e| corrupt("reference", e))?,
            channel: row.channel.parse().map_err(|e| corrupt("channel", e))?,
            status: row.status.parse().map_err(|e| corrupt("status", e))?,
            given_name: row.given_name,
            family_name: row.family_name,
            email: row.email,
            language: row.language,
            nationality: row.nationality.parse().map_err(|e| corrupt("nationality", e))?,
            distance: row.distance.parse().map_err(|e| corrupt("distance", e))?,
            category: row.category.parse().map_err(|e| corrupt("category", e))?,
            passport_number: passport_number.parse().map_err(|e| corrupt("passport", e))?,
            received_at: row.created_at,
            waitlist_position: row.waitlist_position.map(|p| non_negative("position", p)).transpose()?,
            elite_margin_seconds: row.elite_margin_seconds.map(|m| non_negative("margin", m)).transpose()?,
            email_confirmation: row.email_confirmation.into(),
            cursor: EntryCursor { key: row.sort_key, id: row.id },
        })
    }
}

/// One line of an entry's audit trail: who did what, from which status to which.
struct Audit<'a> {
    actor: &'a str,
    action: HistoryAction,
    from: Option<&'a str>,
    to: &'a str,
    /// What the runner reads (emailed, on the status page).
    note: Option<&'a str>,
    /// What only operators read.
    internal_note: Option<&'a str>,
}

/// Writes one line of an entry's audit trail, inside the transaction of the change.
async fn insert_audit(
    tx: &mut sqlx::Transaction<'_, Db>,
    registration_id: i64,
    audit: Audit<'_>,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    write_audit(tx, &[AuditEntry::new(registration_id, audit, at)]).await
}

/// An audit line to write.
struct AuditEntry {
    registration_id: i64,
    actor: String,
    action: HistoryAction,
    from: Option<String>,
    to: String,
    note: Option<String>,
    internal_note: Option<String>,
    at: OffsetDateTime,
}

impl AuditEntry {
    fn new(registration_id: i64, audit: Audit<'_>, at: OffsetDateTime) -> AuditEntry {
        let Audit { actor, action, from, to, note, internal_note } = audit;
        AuditEntry {
            registration_id,
            actor: actor.to_owned(),
            action,
            from: from.map(str::to_owned),
            to: to.to_owned(),
            note: note.map(str::to_owned),
            internal_note: internal_note.map(str::to_owned),
            at,
        }
    }
}

/// Writes audit lines, in one statement however many.
async fn write_audit(tx: &mut sqlx::Transaction<'_, Db>, entries: &[AuditEntry]) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut query = sqlx::QueryBuilder::new(
        "INSERT INTO audit_log (registration_id, actor, action, from_status, to_status, note, internal_note, created_at, \
         updated_at) ",
    );
    query.push_values(entries, |mut row, entry| {
        row.push_bind(entry.registration_id)
            .push_bind(entry.actor.as_str())
            .push_bind(entry.action.as_str())
            .push_bind(entry.from.as_deref())
            .push_bind(entry.to.as_str())
            .push_bind(entry.note.as_deref())
            .push_bind(entry.internal_note.as_deref())
            .push_bind(entry.at)
            .push_bind(entry.at);
    });
    // One statement per batch size: not worth keeping prepared.
    query.build().persistent(false).execute(&mut **tx).await?;
    Ok(())
}

/// Another link to the entry's status page, besides the runner's own: for an email that
/// asks the runner to act there.
async fn add_status_link(
    tx: &mut sqlx::Transaction<'_, Db>,
    registration_id: i64,
    token: &pim_domain::StatusToken,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO status_links (registration_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(registration_id)
        .bind(token.hash())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every extra link to the entry's status page: the runner's new link replaces them.
async fn forget_status_links(tx: &mut sqlx::Transaction<'_, Db>, registration_id: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM status_links WHERE registration_id = $1").bind(registration_id).execute(&mut **tx).await?;
    Ok(())
}

fn corrupt(what: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {error}"))
}

fn non_negative(what: &str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|e| corrupt(what, e))
}

impl TryFrom<SummaryRow> for RegistrationSummary {
    type Error = StoreError;

    fn try_from(row: SummaryRow) -> Result<Self, Self::Error> {
        Ok(RegistrationSummary {
            reference: row.reference.parse().map_err(|e| corrupt("reference", e))?,
            status: row.status.parse().map_err(|e| corrupt("status", e))?,
            channel: row.channel.parse().map_err(|e| corrupt("channel", e))?,
            rule: row.rule.parse().map_err(|e| corrupt("rule", e))?,
            explanation: row.explanation,
            given_name: row.given_name,
            family_name: row.family_name,
            nationality: row.nationality.parse().map_err(|e| corrupt("nationality", e))?,
            distance: row.distance.parse().map_err(|e| corrupt("distance", e))?,
            category: row.category.parse().map_err(|e| corrupt("category", e))?,
            received_at: row.created_at,
            updated_at: row.updated_at,
            waitlist_position: row.waitlist_position.map(|p| non_negative("position", p)).transpose()?,
            email_confirmation: row.email_confirmation.into(),
            language: row.language,
            sex: row.sex.parse().map_err(|e| corrupt("sex", e))?,
            qualifying_time: row
                .qualifying_time_seconds
                .map(|seconds| {
                    let seconds = non_negative("qualifying time", seconds)?;
                    RaceTime::from_seconds(seconds).ok_or_else(|| corrupt("qualifying time", seconds))
                })
                .transpose()?,
            elite_margin_seconds: row.elite_margin_seconds.map(|m| non_negative("elite margin", m)).transpose()?,
        })
    }
}

impl Database {
    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub(crate) async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

mod corrections;
mod documents;
mod entries;
mod erasure;
mod idempotency;
mod operators;
mod outbox;
mod places;
mod registrations;
mod review;
mod sealing;

use operators::*;
use outbox::*;
use places::*;
pub(crate) use registrations::{Admission, Admissions, FollowingRows, admit, record_one, write_new_entries};

#[cfg(test)]
mod tests {
    use pim_domain::Status;

    #[test]
    fn the_status_lists_in_sql_agree_with_the_domains_statuses() {
        for status in Status::ALL {
            let quoted = format!("'{}'", status.as_str());
            assert_eq!(super::HOLDS_PLACE.contains(&quoted), status.holds_place(), "{status:?} and HOLDS_PLACE");
            // HOLDS_PASSPORT names the statuses that do not hold it: the final ones.
            assert_eq!(super::HOLDS_PASSPORT.contains(&quoted), status.is_final(), "{status:?} and HOLDS_PASSPORT");
        }
    }

    #[test]
    fn the_summary_recognises_a_lapse_by_the_action_the_lapse_records() {
        let lapsed = format!("a.action = '{}'", crate::LAPSED_ACTION);
        assert!(super::SUMMARY_COLUMNS.contains(&lapsed) && super::ENTRY_LINE_COLUMNS.contains(&lapsed));
    }
}
