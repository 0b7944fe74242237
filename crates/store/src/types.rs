//! Every type the store's callers pass in or get back, in one place: what is written
//! (a new registration, a review change, a quota change, a resend), what is read (a
//! registration's summary, an entry's line, detail and trail, the dashboard's counts), and
//! the store's error.

use pim_domain::{
    Application, Channel, Distance, EmailKind, EmailPayload, Nationality, Organisation, PassportNumber, Reference,
    Registrant, RegistrationSummary, Rule, Status, StatusToken,
};
use time::{Date, OffsetDateTime};

/// A registration ready to be stored: parsed, routed and inside its window.
#[derive(Debug, Clone)]
pub struct NewRegistration<'a> {
    pub edition: &'a str,
    /// The secret of the runner's status link; the same token twice is the same
    /// submission (a double click), recorded once.
    pub status_token: &'a StatusToken,
    pub application: &'a Application,
    pub registrant: &'a Registrant,
    /// The language the runner registered in (a BCP 47 tag).
    pub language: &'a str,
    pub channel: Channel,
    pub rule: Rule,
    pub explanation: &'a str,
    pub margin_seconds: Option<u32>,
    /// For elite entries, their place in the invitation order (`EliteCandidate::rank`).
    pub elite_rank: Option<i64>,
    pub received_at: OffsetDateTime,
    /// The channel's places in the policy (the secretariat's run-time changes apply on
    /// top); when they are full the entry joins the waiting list. `None`: no limit (elite
    /// entries are limited at invitation instead).
    pub quota: Option<&'a pim_domain::Quota>,
    /// The secret of the link in the confirmation email that confirms the address...
    pub email_confirmation: &'a StatusToken,
    /// ...by this moment, or the entry lapses.
    pub confirm_email_by: OffsetDateTime,
    /// The confirmation email, queued in the same transaction...
    pub confirmation: NewEmail<'a>,
    /// ...or this one instead, when the entry joins the waiting list.
    pub waitlisted: NewEmail<'a>,
}

/// The invitation rank of an elite entry from its race, sex, margin and qualifying date:
/// the policy's rule (`EliteCandidate::rank`), which the store cannot know.
pub type EliteRank<'a> = dyn Fn(Distance, pim_domain::Sex, u32, Option<Date>) -> i64 + Sync + 'a;

/// An email to queue for a registration's runner.
#[derive(Debug, Clone, Copy)]
pub struct NewEmail<'a> {
    pub kind: EmailKind,
    /// What the message is rendered from, besides the registration itself.
    pub payload: &'a EmailPayload,
}

/// An email a dispatcher has claimed: it holds the lease until it records the outcome.
#[derive(Debug, Clone)]
pub struct ClaimedEmail {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
    pub recipient: String,
    pub registration: RegistrationSummary,
}

/// What `record_registration` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub reference: Reference,
    /// True when this submission had already been recorded (a repeated request): nothing
    /// new was written.
    pub replayed: bool,
    /// `submitted` with a place, or `waitlisted`.
    pub status: Status,
    pub waitlist_position: Option<u32>,
}

/// The audit action of an entry withdrawn because its email address was not confirmed in
/// time (the summary's query names it too).
pub const LAPSED_ACTION: &str = pim_domain::HistoryAction::EmailNotConfirmed.as_str();

/// One email's history, for operators: "I never got the email".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailRecord {
    pub id: i64,
    pub reference: Reference,
    pub kind: String,
    /// pending, sent or failed
    pub status: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    /// When a pending email is next tried.
    pub next_attempt_at: Option<OffsetDateTime>,
    pub sent_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

/// An organisation's operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub id: i64,
    pub email: String,
    pub organisation: Organisation,
    pub password_hash: String,
    pub disabled: bool,
    /// The password was chosen by someone else (generated and shown): the operator must
    /// set one of their own before anything else.
    pub password_change_required: bool,
}

/// Whose choice a new password is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChosenBy {
    /// The operator's own: nothing more to do.
    Operator,
    /// Generated and shown to someone: the operator must replace it at sign-in.
    SomeoneElse,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("an operator with this email already exists")]
    DuplicateOperator,
    /// The entry changed since the page was shown (another operator acted, or the runner).
    #[error("the entry changed since you opened it")]
    Changed,
    #[error("not found")]
    NotFound,
    /// A transfer's new race has no free place in the channel.
    #[error("the {} has no free place", .0.label())]
    RaceFull(Distance),
    /// The country's elite invitations for the runner's sex are all given: to these entries.
    #[error("this country's elite invitations for this sex are all given ({} of {limit})", .invited.len())]
    InvitationsUsed { invited: Vec<Reference>, limit: u32 },
    /// Invitations open only once every elite competitor is known.
    #[error("invitations open on {opens_on}")]
    InvitationsNotYetOpen { opens_on: time::Date },
    /// Another entry of the country and sex is ahead by qualifying time.
    #[error("{ahead} is ahead by qualifying time")]
    FasterEntryWaiting { ahead: Reference },
    /// Another active entry of this edition holds the passport.
    #[error("an active entry for this edition already uses this passport")]
    DuplicatePassport,
    /// The status token was recorded before with a different passport: a form reused
    /// for another runner.
    #[error("this submission was already recorded for another passport")]
    SubmissionReused,
    /// An API request's `Idempotency-Key` was used before with another body.
    #[error("this idempotency key was used with another request")]
    IdempotencyKeyReused,
    #[error("the database URL is not usable: {0}")]
    BadUrl(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    /// The data key given is not the one the database's data was sealed with, or lacks a
    /// key some of it needs. Nothing was changed.
    #[error("{0}")]
    DataKey(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The transaction of a group of registrations failed to commit: none of them is stored.
    #[error("the registration was not stored: {0}")]
    BatchNotCommitted(String),
    /// The group's transaction committed, but the database did not confirm it durable (its
    /// connection failed or timed out first): it may or may not be stored. Sending the same
    /// form again finds it if it is.
    #[error("the registration was not confirmed stored: {0}")]
    NotConfirmed(String),
    /// The database's disk is full: nothing was written, and writes work again once there
    /// is room.
    #[error("the database's storage is full")]
    StorageFull,
    /// The registration writer's thread could not be started.
    #[error("the registration writer cannot start: {0}")]
    WriterNotStarted(std::io::Error),
    /// The store is closing: the registration was not taken.
    #[error("the store is closing")]
    WriterStopped,
    #[error("the sessions table: {0}")]
    Sessions(String),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// Each channel's waiting list as an export found it when it began: its entries' places
/// in the queue, in order (8 bytes an entry). An export's positions are read from it
/// instead of counted batch after batch, which would read the queue once per batch.
#[derive(Debug, Default)]
pub struct QueueSnapshot {
    /// By edition and channel.
    queues: Vec<((String, String), Vec<i64>)>,
}

impl QueueSnapshot {
    pub(crate) fn queue(&self, edition: &str, channel: &str) -> Option<&[i64]> {
        self.queues.iter().find(|((e, c), _)| e == edition && c == channel).map(|(_, queue)| queue.as_slice())
    }

    /// Keeps a channel's queue, its places in order.
    pub(crate) fn keep(&mut self, edition: &str, channel: &str, queue: Vec<i64>) {
        self.queues.push(((edition.to_owned(), channel.to_owned()), queue));
    }

    /// The position of the place `order` in `queue`: the entries up to it, itself
    /// included. An entry that joined the queue since is behind those that were there.
    pub(crate) fn position_in(queue: &[i64], order: i64) -> i64 {
        let up_to = queue.partition_point(|&o| o <= order);
        let joined_since = queue.binary_search(&order).is_err();
        i64::try_from(up_to).unwrap_or(i64::MAX) + i64::from(joined_since)
    }
}

impl StoreError {
    /// Whether the database refused for want of disk space: SQLite's `SQLITE_FULL` (13) or
    /// PostgreSQL's `disk_full` (53100).
    pub fn is_storage_full(&self) -> bool {
        match self {
            StoreError::StorageFull => true,
            StoreError::Database(sqlx::Error::Database(error)) => {
                matches!(error.code().as_deref(), Some("13" | "53100"))
            }
            _ => false,
        }
    }

    /// A batch of registrations was not committed because of this error: said as such,
    /// except a full disk, which is said as itself.
    pub(crate) fn into_not_committed(self) -> StoreError {
        if self.is_storage_full() { StoreError::StorageFull } else { StoreError::BatchNotCommitted(self.to_string()) }
    }
}

/// A batch of `pim keys rotate`: the last id it read (`None`: nothing was left to read)
/// and how many it re-sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resealed {
    pub last_id: Option<i64>,
    pub resealed: u64,
}

/// What one batch of an erasure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErasedBatch {
    /// Entries erased (or whose documents were deleted).
    pub entries: u64,
    /// Documents deleted.
    pub documents: u64,
    /// Whether the batch was full: there may be more to erase.
    pub more: bool,
}

/// When and why an entry's personal data was erased: all that is left to show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    pub at: OffsetDateTime,
    /// The retention rule (`personal_data: 90 days after race day 2027-04-11`), or
    /// [`RUNNERS_REQUEST`].
    pub under: String,
}

/// What an erasure records when the runner asked for it.
pub const RUNNERS_REQUEST: &str = "the runner's request";

impl Erasure {
    pub fn at_runners_request(&self) -> bool {
        self.under == RUNNERS_REQUEST
    }
}

/// What a retention run is to erase: the edition's data due under its retention on `today`.
#[derive(Debug, Clone, Copy)]
pub struct RetentionPlan<'a> {
    pub edition: &'a str,
    pub race_day: time::Date,
    pub retention: pim_domain::Retention,
    pub today: time::Date,
    /// The moment the audit records.
    pub at: OffsetDateTime,
    /// Entries erased per transaction.
    pub entries_per_batch: u32,
}

/// What a retention run erased, by rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionReport {
    /// Entries whose documents were deleted, and how many documents.
    pub documents: (u64, u64),
    /// Entries whose personal data was erased.
    pub personal_data: u64,
    /// Operators' audit lines whose search was erased.
    pub searches: u64,
}

/// The secretariat's overview of all entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardCounts {
    pub by_channel_and_status: Vec<(Channel, Status, i64)>,
    pub by_distance: Vec<(Distance, i64)>,
    pub by_nationality: Vec<(Nationality, i64)>,
}

/// A change to one limit of a channel's places.
#[derive(Debug, Clone)]
pub struct QuotaChange<'a> {
    pub edition: &'a str,
    pub channel: Channel,
    pub scope: pim_domain::QuotaScope,
    /// The new number; `None` returns to the policy's.
    pub places: Option<u32>,
    /// The channel's places in the policy.
    pub policy: &'a pim_domain::Quota,
    pub actor: &'a str,
    pub at: OffsetDateTime,
}

/// A runner asks for the status link again.
#[derive(Clone, Copy)]
pub struct StatusLinkRequest<'a> {
    pub edition: &'a str,
    /// The address the entries were registered with, in any case.
    pub email: &'a str,
    /// Only this entry, if the runner gave its reference.
    pub reference: Option<&'a Reference>,
    /// A new status link for each entry found: its secret, and the email that carries it.
    pub new_link: &'a (dyn Fn() -> (StatusToken, EmailPayload) + Sync),
    /// The most links one address is sent since `since`: an inbox cannot be flooded.
    pub per_email_limit: u32,
    pub since: OffsetDateTime,
    pub at: OffsetDateTime,
}

/// An email to send again.
#[derive(Clone, Copy)]
pub struct Resend<'a> {
    pub reference: &'a Reference,
    /// The operator's scope: `None` only for the secretariat.
    pub channel: Option<Channel>,
    pub email_id: i64,
    /// A new status link, replacing the one only the runner had.
    pub new_status_token: &'a StatusToken,
    /// A new email confirmation link, replacing the old one if the address is still to be
    /// confirmed.
    pub new_email_confirmation: &'a StatusToken,
    /// The payload of the copy, from the original's.
    pub payload: &'a (dyn Fn(EmailPayload) -> EmailPayload + Sync),
    pub actor: &'a str,
    pub at: OffsetDateTime,
}

/// Which entries a list shows. `channel` is the operator's scope: `None` only for the
/// secretariat. Every query takes it, so "their own channel only" holds in SQL.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub channel: Option<Channel>,
    pub status: Option<Status>,
    pub distance: Option<Distance>,
    pub nationality: Option<Nationality>,
    /// Received on or after this day (UTC), and on or before `received_to`.
    pub received_from: Option<Date>,
    pub received_to: Option<Date>,
    /// A reference, or part of a name or an email address.
    pub search: Option<String>,
    pub order: EntryOrder,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EntryOrder {
    /// Newest first.
    #[default]
    Newest,
    /// The waiting list, next in line first (waiting entries only).
    Queue,
    /// Elite entries in the order invitations must go (`EliteCandidate::rank`): the widest
    /// margin as a share of the race's standard, the earlier qualifying date; then first come.
    Margin,
}

impl EntryOrder {
    pub const ALL: [EntryOrder; 3] = [EntryOrder::Newest, EntryOrder::Queue, EntryOrder::Margin];

    pub fn as_str(&self) -> &'static str {
        match self {
            EntryOrder::Newest => "newest",
            EntryOrder::Queue => "queue",
            EntryOrder::Margin => "margin",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            EntryOrder::Newest => "Newest first",
            EntryOrder::Queue => "Waiting list, next first",
            EntryOrder::Margin => "Margin under the standard",
        }
    }
}

impl std::str::FromStr for EntryOrder {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EntryOrder::ALL.into_iter().find(|o| o.as_str() == text).ok_or_else(|| format!("unknown order {text:?}"))
    }
}

/// Where a page of a list starts: after the line with this sort key and id. Keysets, not
/// offsets, so entries arriving meanwhile neither repeat nor skip lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryCursor {
    pub key: i64,
    pub id: i64,
}

impl std::fmt::Display for EntryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.key, self.id)
    }
}

impl std::str::FromStr for EntryCursor {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (key, id) = text.split_once('.').ok_or("a cursor is key.id")?;
        Ok(EntryCursor { key: key.parse().map_err(|_| "bad key")?, id: id.parse().map_err(|_| "bad id")? })
    }
}

/// One line of an operators' list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine {
    /// The keyset cursor: lists run newest first by it.
    pub id: i64,
    pub reference: Reference,
    pub channel: Channel,
    pub status: Status,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    /// The runner's language (a BCP 47 tag): operators write notes to them in it.
    pub language: String,
    pub nationality: Nationality,
    pub distance: Distance,
    pub category: pim_domain::Category,
    pub passport_number: PassportNumber,
    pub received_at: OffsetDateTime,
    /// For a waiting entry, its place in its channel's queue, 1 being next.
    pub waitlist_position: Option<u32>,
    /// For an elite entry, how far under the standard its qualifying time is.
    pub elite_margin_seconds: Option<u32>,
    pub email_confirmation: crate::EmailConfirmation,
    /// Where the next page starts, in the list's order.
    pub cursor: EntryCursor,
}

/// Everything about one entry, for its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDetail {
    pub line: EntryLine,
    pub rule: pim_domain::Rule,
    pub explanation: String,
    pub date_of_birth: Date,
    pub sex: pim_domain::Sex,
    pub passport_expiry: Date,
    pub qualifying_time_seconds: Option<u32>,
    pub qualifying_date: Option<Date>,
    pub qualifying_race: Option<String>,
    pub qualifying_evidence_url: Option<String>,
    pub emergency_contact_name: String,
    pub emergency_contact_phone: String,
    pub updated_at: OffsetDateTime,
    /// Changes with every review: the form carries it back.
    pub version: i64,
}

/// One line of an entry's audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    /// Grows with each line: a later line has a larger id.
    pub id: i64,
    pub actor: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    /// What the runner was told, for a review action (emailed, on the status page).
    pub note: Option<String>,
    /// What the operator noted for operators only.
    pub internal_note: Option<String>,
    pub at: OffsetDateTime,
}

/// A review change to write: the entry moves from `from` to `to`, if it is still at
/// `version`.
#[derive(Debug, Clone)]
pub struct ReviewChange<'a> {
    pub reference: &'a Reference,
    pub channel: Channel,
    pub version: i64,
    pub from: Status,
    pub to: Status,
    /// Who: an operator's email, or "runner".
    pub actor: &'a str,
    pub action: pim_domain::HistoryAction,
    pub note: Option<&'a str>,
    /// For operators only: never emailed, never on the status page.
    pub internal_note: Option<&'a str>,
    pub email: Option<NewEmail<'a>>,
    /// The channel's places in the policy: a place this change releases goes to the first
    /// entry waiting.
    pub quota: Option<&'a pim_domain::Quota>,
    /// For an invitation, the policy whose rules it must meet: invited strictly by
    /// qualifying time once the elite window has closed, and no more per country and sex
    /// than the policy allows.
    pub invitation_rules: Option<&'a pim_domain::Policy>,
    /// Another link to the status page, besides the runner's own (which keeps working):
    /// for an email that asks the runner to act there, since the outbox forgets each link
    /// once its email is sent.
    pub added_status_link: Option<&'a StatusToken>,
    pub at: OffsetDateTime,
}

/// The runner's corrections of their entry, and a transfer to another race, in one
/// change: written if the entry is still at `version`, audited with before and after,
/// emailed.
#[derive(Debug, Clone)]
pub struct Correction<'a> {
    pub reference: &'a Reference,
    pub channel: Channel,
    pub version: i64,
    /// The entry's person as it is to be: names, email, passport, emergency contact.
    pub registrant: &'a Registrant,
    pub transfer: Option<&'a Transfer>,
    /// What changed, before and after, as the runner and the operators read it; the
    /// passport number masked.
    pub changes: &'a str,
    pub email: NewEmail<'a>,
    /// The channel's places: a transfer needs a free place in the new race, and the one it
    /// leaves goes to the first entry waiting for it.
    pub quota: Option<&'a pim_domain::Quota>,
    pub at: OffsetDateTime,
}

/// An entry moving to another race, re-routed by the rules for it.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub to: Distance,
    pub rule: Rule,
    pub explanation: String,
    /// Elite entries: the qualifying time at the new race, its margin and rank.
    pub qualifying_time_seconds: Option<u32>,
    pub qualifying_date: Option<Date>,
    pub margin_seconds: Option<u32>,
    pub elite_rank: Option<i64>,
}

/// A file a runner uploads, checked: its type from its bytes, photos without metadata.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    pub kind: pim_domain::DocumentKind,
    pub file_type: pim_domain::FileType,
    /// The name the runner's device gave it, for operators to recognise it; never used as
    /// a path or in a header.
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// Documents the runner of the entry `reference` uploaded from the checklist; each replaces
/// the earlier one of its kind.
#[derive(Debug, Clone)]
pub struct DocumentUpload<'a> {
    pub reference: &'a Reference,
    pub documents: &'a [NewDocument<'a>],
    pub at: OffsetDateTime,
}

/// One document of an entry, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLine {
    pub id: i64,
    pub kind: pim_domain::DocumentKind,
    pub file_type: pim_domain::FileType,
    pub file_name: String,
    pub size_bytes: u64,
    pub status: pim_domain::DocumentStatus,
    /// Why the organisation asked for it again.
    pub reason: Option<String>,
    pub reviewed_by: Option<String>,
    pub uploaded_at: OffsetDateTime,
}

/// A document's bytes, for the operator who opens it.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    pub line: DocumentLine,
    pub bytes: Vec<u8>,
}

/// An operator opening a document: recorded in the entry's audit trail.
#[derive(Debug, Clone)]
pub struct DocumentView<'a> {
    pub reference: &'a Reference,
    /// The operator's scope: `None` for the secretariat, which reads every channel.
    pub channel: Option<Channel>,
    pub document_id: i64,
    pub actor: &'a str,
    pub at: OffsetDateTime,
}

/// An operator accepting a document, or asking for it again with a reason (emailed).
#[derive(Debug, Clone)]
pub struct DocumentReview<'a> {
    pub reference: &'a Reference,
    pub channel: Channel,
    pub document_id: i64,
    pub to: pim_domain::DocumentStatus,
    pub reason: Option<&'a str>,
    pub actor: &'a str,
    pub email: Option<NewEmail<'a>>,
    /// Another link to the status page, for the email that asks the runner to act there.
    pub added_status_link: Option<&'a StatusToken>,
    pub at: OffsetDateTime,
}

/// An operator moving a waiting entry to the front of its channel's waiting list.
#[derive(Debug, Clone)]
pub struct PromotionByHand<'a> {
    pub reference: &'a Reference,
    pub channel: Channel,
    pub version: i64,
    pub actor: &'a str,
    pub note: Option<&'a str>,
    /// The channel's places in the policy.
    pub quota: &'a pim_domain::Quota,
    pub at: OffsetDateTime,
}

/// What a promotion by hand did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promoted {
    /// A place was free: the entry took it.
    Place,
    /// No place was free: the entry is first in line and takes the next one released.
    FirstInLine,
}

/// One limit of a channel's places, as the secretariat sees and changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaLine {
    pub channel: Channel,
    pub scope: pim_domain::QuotaScope,
    /// The policy's number; `None` for a race the policy does not limit.
    pub policy_places: Option<u32>,
    /// The number in force: the policy's, or the secretariat's change.
    pub places: Option<u32>,
    /// Who changed it, and when, if it was changed.
    pub changed: Option<(String, OffsetDateTime)>,
    pub held: i64,
    pub waiting: i64,
}

/// What a quota change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaChanged {
    pub before: Option<u32>,
    pub after: Option<u32>,
    /// Entries that took a place the change made free, in order.
    pub promoted: Vec<Reference>,
}
