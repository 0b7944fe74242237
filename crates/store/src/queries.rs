//! The store's SQL, written once for both backends: `sqlite.rs` and `postgres.rs` each
//! compile this module with their own `Db` and the few places where the dialects differ
//! (`begin_write`, `lock_places`, `RECEIVED_ON`, `SKIP_CLAIMED`, `CHECK_BATCH_AT_ONCE`).
//!
//! Whole numbers are bound and read as `i64` (PostgreSQL has no unsigned types), times as
//! `OffsetDateTime` in UTC, dates as `Date`.

use std::time::Duration;

use pim_domain::{
    Channel, Distance, EmailKind, HistoryAction, Organisation, Places, Quota, QuotaScope, Reference, Status,
    StatusToken,
};
use sqlx::Pool;
use time::{Date, OffsetDateTime};

use super::{CHECK_BATCH_AT_ONCE, Db, RECEIVED_ON, SKIP_CLAIMED, begin_write, lock_places};
use crate::pending::PendingRegistration;
use crate::review::{
    AuditLine, EntryCursor, EntryDetail, EntryFilter, EntryLine, EntryOrder, Promoted, PromotionByHand, QuotaChanged,
    QuotaLine, ReviewChange,
};
use crate::{
    ClaimedEmail, EmailConfirmation, EmailOutcome, EmailRecord, Operator, PasswordChosenBy, Recorded,
    RegistrationSummary, StoreError, from_unix_ms, random_reference, unix_ms, utc,
};

/// The stored flag for a password someone else chose.
fn change_required(chosen_by: PasswordChosenBy) -> i64 {
    i64::from(chosen_by == PasswordChosenBy::SomeoneElse)
}

/// Statuses that hold the passport: every status but the two that end an entry.
const HOLDS_PASSPORT: &str = "status NOT IN ('withdrawn', 'declined')";

/// The database's connections: `write` for changes, `read` for pages (on PostgreSQL, one
/// pool for both).
#[derive(Clone)]
pub(crate) struct Database {
    pub(crate) write: Pool<Db>,
    pub(crate) read: Pool<Db>,
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
    "r.nationality, r.distance, r.category, r.created_at, r.updated_at, ",
    email_confirmation_columns!(),
    waitlist_position!()
);

/// Statuses that hold one of the channel's places.
const HOLDS_PLACE: &str = "status IN ('submitted', 'information_requested', 'accepted', 'invited')";

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
struct ClaimedRow {
    outbox_id: i64,
    kind: String,
    payload: String,
    attempts: i64,
    email: String,
    #[sqlx(flatten)]
    summary: SummaryRow,
}

#[derive(sqlx::FromRow)]
struct OperatorRow {
    id: i64,
    email: String,
    organisation: String,
    password_hash: String,
    disabled_at: Option<OffsetDateTime>,
    password_change_required: i64,
}

impl TryFrom<OperatorRow> for Operator {
    type Error = StoreError;

    fn try_from(row: OperatorRow) -> Result<Self, Self::Error> {
        Ok(Operator {
            id: row.id,
            email: row.email,
            organisation: row.organisation.parse().map_err(|e| corrupt("organisation", e))?,
            password_hash: row.password_hash,
            disabled: row.disabled_at.is_some(),
            password_change_required: row.password_change_required != 0,
        })
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
    nationality: String,
    distance: String,
    category: String,
    passport_number: String,
    created_at: OffsetDateTime,
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
            "r.id, r.reference, r.channel, r.status, r.given_name, r.family_name, r.email, ",
            "r.nationality, r.distance, r.category, r.passport_number, r.created_at, r.elite_margin_seconds, ",
            email_confirmation_columns!(),
            waitlist_position!()
        )
    };
}

const ENTRY_LINE_COLUMNS: &str = entry_line_columns!();

impl TryFrom<EntryLineRow> for EntryLine {
    type Error = StoreError;

    fn try_from(row: EntryLineRow) -> Result<Self, Self::Error> {
        Ok(EntryLine {
            id: row.id,
            reference: row.reference.parse().map_err(|e| corrupt("reference", e))?,
            channel: row.channel.parse().map_err(|e| corrupt("channel", e))?,
            status: row.status.parse().map_err(|e| corrupt("status", e))?,
            given_name: row.given_name,
            family_name: row.family_name,
            email: row.email,
            nationality: row.nationality.parse().map_err(|e| corrupt("nationality", e))?,
            distance: row.distance.parse().map_err(|e| corrupt("distance", e))?,
            category: row.category.parse().map_err(|e| corrupt("category", e))?,
            passport_number: row.passport_number.parse().map_err(|e| corrupt("passport", e))?,
            received_at: row.created_at,
            waitlist_position: row.waitlist_position.map(|p| non_negative("position", p)).transpose()?,
            elite_margin_seconds: row.elite_margin_seconds.map(|m| non_negative("margin", m)).transpose()?,
            email_confirmation: row.email_confirmation.into(),
            cursor: EntryCursor { key: row.sort_key, id: row.id },
        })
    }
}

#[derive(sqlx::FromRow)]
struct EntryDetailRow {
    #[sqlx(flatten)]
    line: EntryLineRow,
    rule: String,
    explanation: String,
    date_of_birth: Date,
    sex: String,
    passport_expiry: Date,
    qualifying_time_seconds: Option<i64>,
    qualifying_date: Option<Date>,
    qualifying_race: Option<String>,
    qualifying_evidence_url: Option<String>,
    emergency_contact_name: String,
    emergency_contact_phone: String,
    updated_at: OffsetDateTime,
    version: i64,
}

const ENTRY_DETAIL_COLUMNS: &str = concat!(
    entry_line_columns!(),
    ", r.rule, r.explanation, r.date_of_birth, r.sex, r.passport_expiry, r.qualifying_time_seconds, ",
    "r.qualifying_date, r.qualifying_race, r.qualifying_evidence_url, r.emergency_contact_name, ",
    "r.emergency_contact_phone, r.updated_at, r.version"
);

impl TryFrom<EntryDetailRow> for EntryDetail {
    type Error = StoreError;

    fn try_from(row: EntryDetailRow) -> Result<Self, Self::Error> {
        let seconds = |value: Option<i64>, what| value.map(|v| non_negative(what, v)).transpose();
        Ok(EntryDetail {
            line: EntryLine::try_from(row.line)?,
            rule: row.rule.parse().map_err(|e| corrupt("rule", e))?,
            explanation: row.explanation,
            date_of_birth: row.date_of_birth,
            sex: row.sex.parse().map_err(|e| corrupt("sex", e))?,
            passport_expiry: row.passport_expiry,
            qualifying_time_seconds: seconds(row.qualifying_time_seconds, "qualifying time")?,
            qualifying_date: row.qualifying_date,
            qualifying_race: row.qualifying_race,
            qualifying_evidence_url: row.qualifying_evidence_url,
            emergency_contact_name: row.emergency_contact_name,
            emergency_contact_phone: row.emergency_contact_phone,
            updated_at: row.updated_at,
            version: row.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    actor: String,
    action: String,
    from_status: Option<String>,
    to_status: String,
    note: Option<String>,
    created_at: OffsetDateTime,
}

/// One line of an entry's audit trail: who did what, from which status to which.
struct Audit<'a> {
    actor: &'a str,
    action: HistoryAction,
    from: Option<&'a str>,
    to: &'a str,
    note: Option<&'a str>,
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
    at: OffsetDateTime,
}

impl AuditEntry {
    fn new(registration_id: i64, audit: Audit<'_>, at: OffsetDateTime) -> AuditEntry {
        let Audit { actor, action, from, to, note } = audit;
        AuditEntry {
            registration_id,
            actor: actor.to_owned(),
            action,
            from: from.map(str::to_owned),
            to: to.to_owned(),
            note: note.map(str::to_owned),
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
        "INSERT INTO audit_log (registration_id, actor, action, from_status, to_status, note, created_at, updated_at) ",
    );
    query.push_values(entries, |mut row, entry| {
        row.push_bind(entry.registration_id)
            .push_bind(entry.actor.as_str())
            .push_bind(entry.action.as_str())
            .push_bind(entry.from.as_deref())
            .push_bind(entry.to.as_str())
            .push_bind(entry.note.as_deref())
            .push_bind(entry.at)
            .push_bind(entry.at);
    });
    // One statement per batch size: not worth keeping prepared.
    query.build().persistent(false).execute(&mut **tx).await?;
    Ok(())
}

/// Writes one line of the operators' audit, on its own or inside a change's transaction.
async fn insert_operator_audit<'c>(
    executor: impl sqlx::Executor<'c, Database = Db>,
    actor: &str,
    action: &str,
    detail: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO operator_audit (actor, action, detail, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(actor)
    .bind(action)
    .bind(detail)
    .bind(at)
    .execute(executor)
    .await?;
    Ok(())
}

/// Queues an email for an entry's runner, due at once, inside the transaction of the change.
async fn queue_email(
    tx: &mut sqlx::Transaction<'_, Db>,
    registration_id: i64,
    kind: EmailKind,
    payload: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    write_emails(tx, &[QueuedEmail { registration_id, kind, payload: payload.to_owned(), at }]).await
}

/// An email for an entry's runner, due at once.
struct QueuedEmail {
    registration_id: i64,
    kind: EmailKind,
    payload: String,
    at: OffsetDateTime,
}

/// Queues emails, in one statement however many.
async fn write_emails(tx: &mut sqlx::Transaction<'_, Db>, emails: &[QueuedEmail]) -> Result<(), StoreError> {
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

/// The audit lines and emails of a batch's registrations, kept until the batch's rows are
/// in and then written in one statement for each table: fewer round trips per entry.
#[derive(Default)]
pub(crate) struct FollowingRows {
    audit: Vec<AuditEntry>,
    emails: Vec<QueuedEmail>,
}

impl FollowingRows {
    /// Writes the rows kept so far, and forgets them whether or not that worked.
    pub(crate) async fn write(&mut self, tx: &mut sqlx::Transaction<'_, Db>) -> Result<(), StoreError> {
        let (audit, emails) = (std::mem::take(&mut self.audit), std::mem::take(&mut self.emails));
        write_audit(tx, &audit).await?;
        write_emails(tx, &emails).await
    }
}

/// Entries matching `filter`, in its order, after the keyset cursor, with `columns`.
fn keyset_query<'a>(
    columns: &str,
    filter: &'a EntryFilter,
    after: Option<EntryCursor>,
    limit: u32,
) -> sqlx::QueryBuilder<'a, Db> {
    // Each order: its key and whether it runs down (newest, widest margin), then whether
    // equal keys run down by id (newest) or up (first come).
    let (key, key_down, id_down) = match filter.order {
        EntryOrder::Newest => ("r.id", true, true),
        EntryOrder::Queue => ("r.waitlist_order", false, false),
        EntryOrder::Margin => ("COALESCE(r.elite_margin_seconds, -1)", true, false),
    };
    // Past the cursor, and the direction to list, for a column that runs down or up.
    let way = |down: bool| if down { ("<", "DESC") } else { (">", "ASC") };
    let mut query = sqlx::QueryBuilder::new(format!("SELECT {columns}, {key} AS sort_key FROM registrations r"));
    push_filter(&mut query, filter);
    if filter.order == EntryOrder::Queue {
        query.push(" AND r.status = 'waitlisted'");
    }
    if let Some(cursor) = after {
        query.push(format!(" AND ({key} {} ", way(key_down).0)).push_bind(cursor.key);
        query.push(format!(" OR ({key} = ")).push_bind(cursor.key);
        query.push(format!(" AND r.id {} ", way(id_down).0)).push_bind(cursor.id).push("))");
    }
    query.push(format!(" ORDER BY {key} {}, r.id {} LIMIT ", way(key_down).1, way(id_down).1));
    query.push_bind(i64::from(limit));
    query
}

/// The channel's places in force: the policy's, with the secretariat's changes.
async fn quota_in_force(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
    policy: &Quota,
) -> Result<Quota, StoreError> {
    let changes: Vec<(String, i64)> =
        sqlx::query_as("SELECT scope, places FROM quota_changes WHERE edition = $1 AND channel = $2")
            .bind(edition)
            .bind(channel.as_str())
            .fetch_all(&mut **tx)
            .await?;
    changes.into_iter().try_fold(policy.clone(), |quota, (scope, places)| {
        let scope: QuotaScope = scope.parse().map_err(|e| corrupt("quota scope", e))?;
        Ok(quota.with_limit(scope, non_negative("quota", places)?))
    })
}

/// The places held in a channel, by race: counted, for the domain's engine.
async fn held_by_race(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
) -> Result<Vec<(Distance, u64)>, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT distance, COUNT(*) FROM registrations WHERE edition = $1 AND channel = $2 AND {HOLDS_PLACE} \
         GROUP BY distance"
    ))
    .bind(edition)
    .bind(channel.as_str())
    .fetch_all(&mut **tx)
    .await?;
    by_race(rows)
}

/// Counts by race as the database gives them.
fn by_race(rows: Vec<(String, i64)>) -> Result<Vec<(Distance, u64)>, StoreError> {
    rows.into_iter()
        .map(|(distance, n)| {
            let n = u64::try_from(n).map_err(|_| corrupt("count", format!("{n} is negative")))?;
            Ok((distance.parse().map_err(|e| corrupt("distance", e))?, n))
        })
        .collect()
}

/// The channel's waiting entries, next in line first: id and race.
async fn waiting_entries(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
) -> Result<Vec<(i64, Distance)>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, distance FROM registrations WHERE edition = $1 AND channel = $2 AND status = 'waitlisted' \
         ORDER BY waitlist_order, id",
    )
    .bind(edition)
    .bind(channel.as_str())
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter().map(|(id, distance)| Ok((id, distance.parse().map_err(|e| corrupt("distance", e))?))).collect()
}

/// How many entries of the channel wait, by race: counted, not read, since a rush makes
/// the list long.
async fn waiting_by_race(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
) -> Result<Vec<(Distance, u64)>, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT distance, COUNT(*) FROM registrations WHERE edition = $1 AND channel = $2 AND status = 'waitlisted' \
         GROUP BY distance",
    )
    .bind(edition)
    .bind(channel.as_str())
    .fetch_all(&mut **tx)
    .await?;
    by_race(rows)
}

/// The domain's engine counts an entry stored with `status`.
fn count_in(places: &mut Places, status: Status, distance: Distance) {
    if status == Status::Waitlisted {
        places.wait(distance);
    } else if status.holds_place() {
        places.take(distance);
    }
}

/// What a batch of registrations knows as it goes: the places of each channel it touches
/// (read once, then counted as the batch admits its entries, so each entry costs no reads),
/// and the entries that already hold its forms or passports. Read once per batch, then
/// kept up to date as the batch's registrations are wholly written.
#[derive(Debug, Default)]
pub(crate) struct Admissions {
    places: Vec<((String, Channel), Places)>,
    entries: Vec<KnownEntry>,
}

/// An entry with one of the batch's forms or passports.
#[derive(Debug)]
struct KnownEntry {
    token_hash: String,
    edition: String,
    passport: String,
    reference: Reference,
    status: Status,
}

impl KnownEntry {
    fn same_form(&self, new: &PendingRegistration) -> bool {
        self.token_hash == new.status_token_hash
    }

    /// An active entry of the edition with the registration's passport.
    fn holds_passport_of(&self, new: &PendingRegistration) -> bool {
        !self.status.is_final()
            && self.edition == new.edition
            && self.passport == new.registrant.passport_number.as_str()
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
            "SELECT reference, passport_number, status, status_token_hash, edition FROM registrations WHERE ",
        );
        let mut alternatives = query.separated(" OR ");
        for new in registrations {
            alternatives.push("status_token_hash = ").push_bind_unseparated(new.status_token_hash.as_str());
            alternatives
                .push("(edition = ")
                .push_bind_unseparated(new.edition.as_str())
                .push_unseparated(" AND passport_number = ")
                .push_bind_unseparated(new.registrant.passport_number.as_str())
                .push_unseparated(format!(" AND {HOLDS_PASSPORT})"));
        }
        // A one-registration read is the same statement every time: worth keeping prepared.
        let rows: Vec<(String, String, String, String, String)> =
            query.build_query_as().persistent(one).fetch_all(&mut **tx).await?;
        for (reference, passport, status, token_hash, edition) in rows {
            let reference: Reference = reference.parse().map_err(|e| corrupt("reference", e))?;
            if self.entries.iter().any(|known| known.reference == reference) {
                continue;
            }
            let status = status.parse().map_err(|e| corrupt("status", e))?;
            self.entries.push(KnownEntry { token_hash, edition, passport, reference, status });
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
            passport: new.registrant.passport_number.as_str().to_owned(),
            reference: recorded.reference.clone(),
            status: recorded.status,
        });
    }

    fn channel(&mut self, edition: &str, channel: Channel) -> Option<&mut Places> {
        self.places.iter_mut().find(|((e, c), _)| e == edition && *c == channel).map(|(_, places)| places)
    }
}

/// Gives the channel's free places to the entries waiting, next in line first, skipping
/// those whose race is full; each is audited and emailed. Runs inside the transaction
/// that freed the places. Returns the entries promoted (id and reference), in order.
async fn promote_waiting(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
    policy: &Quota,
    at: OffsetDateTime,
) -> Result<Vec<(i64, Reference)>, StoreError> {
    let quota = quota_in_force(tx, edition, channel, policy).await?;
    let mut places = Places::new(quota, held_by_race(tx, edition, channel).await?, []);
    // The domain chooses; this only writes what it chose.
    let chosen = places.promote(waiting_entries(tx, edition, channel).await?);
    let mut promoted = Vec::new();
    for id in chosen {
        let reference: String = sqlx::query_scalar(
            "UPDATE registrations SET status = 'submitted', waitlist_order = NULL, version = version + 1, \
             updated_at = $1 WHERE id = $2 RETURNING reference",
        )
        .bind(at)
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        insert_audit(
            tx,
            id,
            Audit {
                actor: "system",
                action: HistoryAction::Promoted,
                from: Some("waitlisted"),
                to: "submitted",
                note: Some("a place became free"),
            },
            at,
        )
        .await?;
        queue_email(tx, id, EmailKind::Promoted, "{}", at).await?;
        tracing::info!(registration_id = id, "promoted from the waiting list");
        promoted.push((id, reference.parse().map_err(|e| corrupt("reference", e))?));
    }
    Ok(promoted)
}

/// Takes the places of the channel of the entry `reference`, if it exists (see
/// `lock_places`): before a review or promotion reads or changes them.
async fn lock_places_of(
    tx: &mut sqlx::Transaction<'_, Db>,
    reference: &Reference,
    channel: Channel,
) -> Result<(), StoreError> {
    let edition: Option<String> = sqlx::query_scalar("SELECT edition FROM registrations WHERE reference = $1")
        .bind(reference.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(edition) = edition {
        lock_places(tx, &edition, channel).await?;
    }
    Ok(())
}

/// Refuses an invitation that the domain's rule does not allow now: before the elite window
/// has closed, or while an entry of the same country and sex under review is ahead by
/// qualifying time.
async fn check_invitation_order(
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
           AND c.status IN ('submitted', 'information_requested') \
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
async fn check_invitation_slot(
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

/// Adds the filter's conditions to a query that selects from `registrations r`.
fn push_filter(query: &mut sqlx::QueryBuilder<'_, Db>, filter: &EntryFilter) {
    query.push(" WHERE 1 = 1");
    if let Some(channel) = filter.channel {
        query.push(" AND r.channel = ").push_bind(channel.as_str());
    }
    if let Some(status) = filter.status {
        query.push(" AND r.status = ").push_bind(status.as_str());
    }
    if let Some(distance) = filter.distance {
        query.push(" AND r.distance = ").push_bind(distance.as_str());
    }
    if let Some(nationality) = filter.nationality {
        query.push(" AND r.nationality = ").push_bind(nationality.code().to_owned());
    }
    if let Some(from) = filter.received_from {
        query.push(format!(" AND {RECEIVED_ON} >= ")).push_bind(from.to_string());
    }
    if let Some(to) = filter.received_to {
        query.push(format!(" AND {RECEIVED_ON} <= ")).push_bind(to.to_string());
    }
    if let Some(search) = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let reference = search.parse::<Reference>().map(|r| r.as_str().to_owned()).unwrap_or_default();
        let folded = crate::search::fold(search);
        let pattern = format!("%{}%", folded.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        query
            .push(" AND (r.reference = ")
            .push_bind(reference)
            .push(" OR r.search_key LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

const OPERATOR_COLUMNS: &str = "id, email, organisation, password_hash, disabled_at, password_change_required";

#[derive(sqlx::FromRow)]
struct EmailRow {
    id: i64,
    reference: String,
    kind: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at_ms: i64,
    sent_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
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
        })
    }
}

impl Database {
    pub(crate) async fn list_entries(
        &self,
        filter: &EntryFilter,
        after: Option<EntryCursor>,
        limit: u32,
    ) -> Result<Vec<EntryLine>, StoreError> {
        let mut query = keyset_query(ENTRY_LINE_COLUMNS, filter, after, limit);
        let rows: Vec<EntryLineRow> = query.build_query_as().persistent(false).fetch_all(&self.read).await?;
        rows.into_iter().map(EntryLine::try_from).collect()
    }

    pub(crate) async fn count_by_status(&self, channel: Option<Channel>) -> Result<Vec<(Status, i64)>, StoreError> {
        let mut query = sqlx::QueryBuilder::new("SELECT r.status, COUNT(*) FROM registrations r");
        push_filter(&mut query, &EntryFilter { channel, ..EntryFilter::default() });
        query.push(" GROUP BY r.status");
        let rows: Vec<(String, i64)> = query.build_query_as().fetch_all(&self.read).await?;
        rows.into_iter().map(|(status, count)| Ok((status.parse().map_err(|e| corrupt("status", e))?, count))).collect()
    }

    pub(crate) async fn entry(
        &self,
        reference: &Reference,
        channel: Option<Channel>,
    ) -> Result<Option<EntryDetail>, StoreError> {
        let filter = EntryFilter { channel, ..EntryFilter::default() };
        let mut query = sqlx::QueryBuilder::new(format!("SELECT {ENTRY_DETAIL_COLUMNS} FROM registrations r"));
        push_filter(&mut query, &filter);
        query.push(" AND r.reference = ").push_bind(reference.as_str());
        let row: Option<EntryDetailRow> = query.build_query_as().persistent(false).fetch_optional(&self.read).await?;
        row.map(EntryDetail::try_from).transpose()
    }

    pub(crate) async fn list_entry_details(
        &self,
        filter: &EntryFilter,
        after: Option<EntryCursor>,
        limit: u32,
    ) -> Result<Vec<EntryDetail>, StoreError> {
        let mut query = keyset_query(ENTRY_DETAIL_COLUMNS, filter, after, limit);
        let rows: Vec<EntryDetailRow> = query.build_query_as().persistent(false).fetch_all(&self.read).await?;
        rows.into_iter().map(EntryDetail::try_from).collect()
    }

    pub(crate) async fn audit_operator_action(
        &self,
        actor: &str,
        action: &str,
        detail: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        insert_operator_audit(&self.write, actor, action, detail, utc(now)).await
    }

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
        let email_kind = kind.parse::<EmailKind>().map_err(|e| corrupt("email kind", e))?;
        queue_email(&mut tx, registration_id, email_kind, &(resend.payload)(&payload), at).await?;
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
            },
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn dashboard_counts(&self) -> Result<crate::DashboardCounts, StoreError> {
        let by_channel_and_status: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT channel, status, COUNT(*) FROM registrations GROUP BY channel, status ORDER BY channel, status",
        )
        .fetch_all(&self.read)
        .await?;
        let by_distance: Vec<(String, i64)> =
            sqlx::query_as("SELECT distance, COUNT(*) FROM registrations GROUP BY distance")
                .fetch_all(&self.read)
                .await?;
        let by_nationality: Vec<(String, i64)> = sqlx::query_as(
            "SELECT nationality, COUNT(*) AS n FROM registrations GROUP BY nationality ORDER BY n DESC, nationality",
        )
        .fetch_all(&self.read)
        .await?;
        Ok(crate::DashboardCounts {
            by_channel_and_status: by_channel_and_status
                .into_iter()
                .map(|(channel, status, n)| {
                    Ok((
                        channel.parse().map_err(|e| corrupt("channel", e))?,
                        status.parse().map_err(|e| corrupt("status", e))?,
                        n,
                    ))
                })
                .collect::<Result<_, StoreError>>()?,
            by_distance: by_distance
                .into_iter()
                .map(|(distance, n)| Ok((distance.parse().map_err(|e| corrupt("distance", e))?, n)))
                .collect::<Result<_, StoreError>>()?,
            by_nationality: by_nationality
                .into_iter()
                .map(|(nationality, n)| Ok((nationality.parse().map_err(|e| corrupt("nationality", e))?, n)))
                .collect::<Result<_, StoreError>>()?,
        })
    }

    pub(crate) async fn audit_trail(&self, reference: &Reference) -> Result<Vec<AuditLine>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT a.actor, a.action, a.from_status, a.to_status, a.note, a.created_at \
             FROM audit_log a JOIN registrations r ON r.id = a.registration_id WHERE r.reference = $1 ORDER BY a.id",
        )
        .bind(reference.as_str())
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| AuditLine {
                actor: row.actor,
                action: row.action,
                from_status: row.from_status,
                to_status: row.to_status,
                note: row.note,
                at: row.created_at,
            })
            .collect())
    }

    #[tracing::instrument(skip_all, fields(action = change.action.as_str()))]
    pub(crate) async fn apply_review(&self, change: &ReviewChange<'_>) -> Result<(), StoreError> {
        let at = utc(change.at);
        let mut tx = begin_write(&self.write).await?;
        lock_places_of(&mut tx, change.reference, change.channel).await?;
        if let (Status::Invited, Some(policy)) = (change.to, change.invitation_rules) {
            check_invitation_order(&mut tx, change.reference, policy, change.at).await?;
            check_invitation_slot(&mut tx, change.reference, policy.elite_invitations_per_country_and_sex()).await?;
        }
        let updated: Option<(i64, String)> = sqlx::query_as(
            "UPDATE registrations SET status = $1, version = version + 1, updated_at = $2 \
             WHERE reference = $3 AND channel = $4 AND version = $5 AND status = $6 RETURNING id, edition",
        )
        .bind(change.to.as_str())
        .bind(at)
        .bind(change.reference.as_str())
        .bind(change.channel.as_str())
        .bind(change.version)
        .bind(change.from.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, edition)) = updated else {
            return Err(StoreError::Changed);
        };
        insert_audit(
            &mut tx,
            id,
            Audit {
                actor: change.actor,
                action: change.action,
                from: Some(change.from.as_str()),
                to: change.to.as_str(),
                note: change.note,
            },
            at,
        )
        .await?;
        if let Some(email) = change.email {
            queue_email(&mut tx, id, email.kind, email.payload, at).await?;
        }
        if let Some(quota) = change.quota.filter(|_| change.from.holds_place() && !change.to.holds_place()) {
            promote_waiting(&mut tx, &edition, change.channel, quota, at).await?;
        }
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
            },
            at,
        )
        .await?;
        let promoted = promote_waiting(&mut tx, &edition, promotion.channel, promotion.quota, at).await?;
        tx.commit().await?;
        Ok(if promoted.iter().any(|(promoted, _)| *promoted == id) { Promoted::Place } else { Promoted::FirstInLine })
    }

    #[tracing::instrument(skip_all, fields(channel = change.channel.as_str(), scope = change.scope.as_str()))]
    pub(crate) async fn set_quota(&self, change: &crate::QuotaChange<'_>) -> Result<QuotaChanged, StoreError> {
        let at = utc(change.at);
        let channel = change.channel;
        let mut tx = begin_write(&self.write).await?;
        lock_places(&mut tx, change.edition, channel).await?;
        let before = quota_in_force(&mut tx, change.edition, channel, change.policy).await?.limit(change.scope);
        match change.places {
            Some(places) => sqlx::query(
                "INSERT INTO quota_changes (edition, channel, scope, places, changed_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (edition, channel, scope) \
                 DO UPDATE SET places = excluded.places, changed_by = excluded.changed_by, updated_at = excluded.updated_at",
            )
            .bind(change.edition)
            .bind(channel.as_str())
            .bind(change.scope.as_str())
            .bind(i64::from(places))
            .bind(change.actor)
            .bind(at),
            None => sqlx::query("DELETE FROM quota_changes WHERE edition = $1 AND channel = $2 AND scope = $3")
                .bind(change.edition)
                .bind(channel.as_str())
                .bind(change.scope.as_str()),
        }
        .execute(&mut *tx)
        .await?;
        let after = quota_in_force(&mut tx, change.edition, channel, change.policy).await?.limit(change.scope);
        let promoted: Vec<Reference> = promote_waiting(&mut tx, change.edition, channel, change.policy, at)
            .await?
            .into_iter()
            .map(|(_, reference)| reference)
            .collect();
        let shown = |places: Option<u32>| places.map_or("no limit".to_owned(), |n| n.to_string());
        let detail = format!(
            "{} {}: {} -> {}{}; {} promoted",
            channel.as_str(),
            change.scope.as_str(),
            shown(before),
            shown(after),
            if change.places.is_none() { " (the policy's)" } else { "" },
            promoted.len()
        );
        insert_operator_audit(&mut *tx, change.actor, "quota_changed", &detail, at).await?;
        tx.commit().await?;
        tracing::info!(%detail, "quota changed");
        Ok(QuotaChanged { before, after, promoted })
    }

    pub(crate) async fn quota_lines(
        &self,
        edition: &str,
        channel: Channel,
        policy: &Quota,
    ) -> Result<Vec<QuotaLine>, StoreError> {
        // Read in one transaction so the numbers agree with each other.
        let mut tx = self.read.begin().await?;
        let quota = quota_in_force(&mut tx, edition, channel, policy).await?;
        let places = Places::new(
            quota,
            held_by_race(&mut tx, edition, channel).await?,
            waiting_by_race(&mut tx, edition, channel).await?,
        );
        let changes: Vec<(String, String, OffsetDateTime)> = sqlx::query_as(
            "SELECT scope, changed_by, updated_at FROM quota_changes WHERE edition = $1 AND channel = $2",
        )
        .bind(edition)
        .bind(channel.as_str())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(QuotaScope::ALL
            .into_iter()
            .map(|scope| {
                let (held, waiting) = match scope {
                    QuotaScope::Total => (places.held_total(), places.waiting_total()),
                    QuotaScope::Race(distance) => (places.held_in(distance), places.waiting_in(distance)),
                };
                QuotaLine {
                    channel,
                    scope,
                    policy_places: policy.limit(scope),
                    places: places.quota().limit(scope),
                    changed: changes
                        .iter()
                        .find(|(changed, _, _)| changed == scope.as_str())
                        .map(|(_, by, at)| (by.clone(), *at)),
                    held: i64::try_from(held).unwrap_or(i64::MAX),
                    waiting: i64::try_from(waiting).unwrap_or(i64::MAX),
                }
            })
            .collect())
    }

    pub(crate) async fn add_operator(
        &self,
        email: &str,
        organisation: Organisation,
        password_hash: &str,
        chosen_by: PasswordChosenBy,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let inserted = sqlx::query_scalar(
            "INSERT INTO operators (email, organisation, password_hash, password_change_required, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(email)
        .bind(organisation.as_str())
        .bind(password_hash)
        .bind(change_required(chosen_by))
        .bind(utc(now))
        .fetch_one(&self.write)
        .await;
        match inserted {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::DuplicateOperator),
            other => Ok(other?),
        }
    }

    pub(crate) async fn operator_where(&self, condition: &str, value: &str) -> Result<Option<Operator>, StoreError> {
        let row: Option<OperatorRow> =
            sqlx::query_as(&format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE {condition}"))
                .bind(value)
                .fetch_optional(&self.read)
                .await?;
        row.map(Operator::try_from).transpose()
    }

    pub(crate) async fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        let rows: Vec<OperatorRow> =
            sqlx::query_as(&format!("SELECT {OPERATOR_COLUMNS} FROM operators ORDER BY organisation, email"))
                .fetch_all(&self.read)
                .await?;
        rows.into_iter().map(Operator::try_from).collect()
    }

    pub(crate) async fn sign_in_wait(
        &self,
        email: &str,
        address: &str,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        let until: Option<i64> = sqlx::query_scalar(
            "SELECT next_attempt_at_ms FROM sign_in_failures WHERE email = $1 AND address = $2 AND next_attempt_at_ms > $3",
        )
        .bind(email)
        .bind(address)
        .bind(unix_ms(now))
        .fetch_optional(&self.read)
        .await?;
        Ok(until.and_then(from_unix_ms))
    }

    pub(crate) async fn record_sign_in_failure(
        &self,
        email: &str,
        address: &str,
        now: OffsetDateTime,
        forget_after: Duration,
        wait_after: fn(u32) -> Duration,
    ) -> Result<u32, StoreError> {
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_failures (email, address, failures, next_attempt_at_ms, last_failure_at_ms) \
             VALUES ($1, $2, 1, $3, $3) \
             ON CONFLICT (email, address) DO UPDATE SET \
               failures = CASE WHEN sign_in_failures.last_failure_at_ms < $4 THEN 1 ELSE sign_in_failures.failures + 1 END, \
               last_failure_at_ms = $3 \
             RETURNING failures",
        )
        .bind(email)
        .bind(address)
        .bind(unix_ms(now))
        .bind(unix_ms(now - forget_after))
        .fetch_one(&self.write)
        .await?;
        let failures = u32::try_from(failures).unwrap_or(u32::MAX);
        sqlx::query("UPDATE sign_in_failures SET next_attempt_at_ms = $3 WHERE email = $1 AND address = $2")
            .bind(email)
            .bind(address)
            .bind(unix_ms(now + wait_after(failures)))
            .execute(&self.write)
            .await?;
        Ok(failures)
    }

    pub(crate) async fn clear_sign_in_failures(&self, email: &str, address: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 AND address = $2")
            .bind(email)
            .bind(address)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub(crate) async fn forget_sign_in_failures(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        let done =
            sqlx::query("DELETE FROM sign_in_failures WHERE last_failure_at_ms < $1 AND next_attempt_at_ms < $1")
                .bind(unix_ms(before))
                .execute(&self.write)
                .await?;
        Ok(done.rows_affected())
    }

    pub(crate) async fn set_operator_disabled(
        &self,
        id: i64,
        disabled: bool,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE operators SET disabled_at = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(disabled.then_some(utc(now)))
            .bind(utc(now))
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub(crate) async fn set_operator_password(
        &self,
        id: i64,
        password_hash: &str,
        chosen_by: PasswordChosenBy,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE operators SET password_hash = $2, password_change_required = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(password_hash)
        .bind(change_required(chosen_by))
        .bind(utc(now))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Writes the search key of the entries that have none (those stored before it existed),
    /// a batch at a time.
    pub(crate) async fn fill_search_keys(&self) -> Result<(), StoreError> {
        loop {
            let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT id, given_name, family_name, email FROM registrations WHERE search_key = '' LIMIT 500",
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
            sqlx::query_as(&format!("SELECT {SUMMARY_COLUMNS} FROM registrations r WHERE r.status_token_hash = $1"))
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

    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub(crate) async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
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
        if earlier.passport != registrant.passport_number.as_str() {
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
               email_confirmation_hash, confirm_email_by, search_key, waitlist_order) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
               $23, $24, $25, $25, $25, $26, $27, $28, \
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
        .bind(registrant.passport_number.as_str())
        .bind(registrant.passport_expiry)
        .bind(application.distance.as_str())
        .bind(application.category.as_str())
        .bind(application.qualifying_time.map(|time| i64::from(time.seconds())))
        .bind(application.qualifying_date)
        .bind(&registrant.qualifying_race)
        .bind(&registrant.qualifying_evidence_url)
        .bind(&registrant.emergency_contact_name)
        .bind(&registrant.emergency_contact_phone)
        .bind(at)
        .bind(&new.email_confirmation_hash)
        .bind(utc(new.confirm_email_by))
        .bind(crate::search::search_key(&registrant.given_name, &registrant.family_name, &registrant.email))
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(id) = inserted {
            break (reference, id);
        }
    };

    let note = format!("routed by {}", new.rule.as_str());
    following.audit.push(AuditEntry::new(
        id,
        Audit { actor: "runner", action: HistoryAction::Submitted, from: None, to: status.as_str(), note: Some(&note) },
        at,
    ));
    following.emails.push(QueuedEmail { registration_id: id, kind: email.kind, payload: email.payload.clone(), at });
    tracing::debug!(registration_id = id, "registration written");
    Ok(Recorded { reference, replayed: false, status, waitlist_position })
}

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
