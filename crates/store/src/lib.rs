//! Persistence of registrations. All SQL lives here, behind functions named for what they
//! do; callers pass and get domain types and never see sqlx.
//!
//! Two backends, chosen by the database URL: SQLite (`sqlite://`, the embedded default,
//! for one machine) and PostgreSQL (`postgres://`, for several instances behind a load
//! balancer). Their SQL is written once (`queries/`); each backend brings its own way to
//! take turns over a channel's places and to claim emails.

use pim_domain::{
    Channel, EmailConfirmation, EmailPayload, Organisation, Reference, RegistrationSummary, Status, StatusToken,
};
use time::OffsetDateTime;

mod pending;
mod postgres;
mod sealing;
mod search;
mod sessions;
mod sqlite;
mod types;

use search::NameSearch;

pub use sealing::{DataKeyError, DataKeys};
pub use sessions::SessionStore;
pub use types::*;

/// The registration database.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PostgresStore),
}

/// Runs `$call` on the backend's shared queries (`$db`), whichever the backend is.
macro_rules! on_database {
    ($store:expr, $db:ident => $call:expr) => {
        match &$store.backend {
            Backend::Sqlite(backend) => {
                let $db = &backend.db;
                $call.await
            }
            Backend::Postgres(backend) => {
                let $db = &backend.db;
                $call.await
            }
        }
    };
}

/// Whether `url` names a PostgreSQL database (`postgres://` or `postgresql://`); anything
/// else is SQLite.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl Store {
    /// Opens the database at `url`: `postgres://` (or `postgresql://`) for PostgreSQL;
    /// otherwise SQLite (`sqlite://pim.db`, or a plain file path), creating the file if
    /// needed. Personal data is sealed and found with `keys`. Call [`Store::migrate`]
    /// before use.
    pub async fn open(url: &str, keys: DataKeys) -> Result<Store, StoreError> {
        let keys = std::sync::Arc::new(keys);
        let backend = if is_postgres_url(url) {
            Backend::Postgres(postgres::PostgresStore::open(url, keys).await?)
        } else {
            Backend::Sqlite(sqlite::SqliteStore::open(url, keys).await?)
        };
        Ok(Store { backend })
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Applies the migrations that have not run yet, and checks the data key: refused
    /// ([`StoreError::DataKey`]) if it is not the one the data was sealed with.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(backend) => backend.migrate().await,
            Backend::Postgres(backend) => backend.migrate().await,
        }?;
        on_database!(self, db => db.check_data_keys())?;
        // Entries from before sealing or the search key: sealed and keyed here, once.
        on_database!(self, db => db.seal_data_in_clear())?;
        on_database!(self, db => db.fill_search_keys())
    }

    /// Whether the database already holds data keys' check values: a database that does
    /// must never be given a new key. Reads nothing else, and works before any migration.
    pub async fn knows_data_keys(url: &str) -> Result<bool, StoreError> {
        let store = Store::open(url, DataKeys::generate()).await?;
        let known = on_database!(store, db => db.knows_data_keys());
        store.close().await;
        known
    }

    /// The runner asks for the entry to be erased: records the request and queues the
    /// email whose link (`token`) confirms it. False when the entry is already erased.
    pub async fn request_erasure(
        &self,
        reference: &Reference,
        token: &StatusToken,
        payload: &EmailPayload,
        at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        on_database!(self, db => db.request_erasure(reference, token, payload, at))
    }

    /// The entry whose erasure link carries `token`, asked for after `requested_after`.
    pub async fn find_by_erasure_request(
        &self,
        token: &StatusToken,
        requested_after: OffsetDateTime,
    ) -> Result<Option<RegistrationSummary>, StoreError> {
        on_database!(self, db => db.find_by_erasure_request(token, requested_after))
    }

    /// Erases, at its runner's confirmed request, the entry whose erasure link carries
    /// `token`: its personal data, documents, links and notes, as retention would. Release
    /// its place first (a withdrawal). False when there is no such request.
    pub async fn erase_at_runners_request(
        &self,
        token: &StatusToken,
        requested_after: OffsetDateTime,
        race_day: time::Date,
        at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        on_database!(self, db => db.erase_at_runners_request(token, requested_after, race_day, at))
    }

    /// When and why the entry was erased, if it was and `channel` (if given) is its own.
    pub async fn erasure(
        &self,
        reference: &Reference,
        channel: Option<Channel>,
    ) -> Result<Option<Erasure>, StoreError> {
        on_database!(self, db => db.erasure(reference, channel))
    }

    /// Erases what the policy's retention makes due (`pim retention run`, the daily task):
    /// batches that each commit alone, so a run stopped anywhere is finished by the next,
    /// and a run with nothing due changes nothing.
    pub async fn run_retention(
        &self,
        plan: &RetentionPlan<'_>,
        progress: &mut (dyn FnMut(pim_domain::RetentionRule, ErasedBatch) + Send),
    ) -> Result<RetentionReport, StoreError> {
        on_database!(self, db => db.run_retention(plan, progress))
    }

    /// Re-seals under the newest key the next batch of registrations after `after_id`
    /// sealed under an older one (`pim keys rotate`): safe while servers run.
    pub async fn reseal_registrations(&self, after_id: i64) -> Result<Resealed, StoreError> {
        on_database!(self, db => db.reseal_registrations(after_id))
    }

    /// The same for documents.
    pub async fn reseal_documents(&self, after_id: i64) -> Result<Resealed, StoreError> {
        on_database!(self, db => db.reseal_documents(after_id, false))
    }

    /// Registrations and documents sealed under another key than the newest.
    pub async fn count_not_under_newest_key(&self) -> Result<(u64, u64), StoreError> {
        on_database!(self, db => db.count_not_under_newest_key())
    }

    /// Writes the invitation rank of elite entries stored before it existed.
    pub async fn fill_elite_ranks(&self, rank: &EliteRank<'_>) -> Result<(), StoreError> {
        on_database!(self, db => db.fill_elite_ranks(rank))
    }

    /// Stores a registration and its audit entry in one transaction. `Ok` means committed.
    pub async fn record_registration(&self, new: &NewRegistration<'_>) -> Result<Recorded, StoreError> {
        match &self.backend {
            Backend::Sqlite(backend) => backend.record_registration(new).await,
            Backend::Postgres(backend) => backend.record_registration(new).await,
        }
    }

    /// The registration whose status link carries `token`.
    pub async fn find_by_status_token(&self, token: &StatusToken) -> Result<Option<RegistrationSummary>, StoreError> {
        on_database!(self, db => db.find_by_status_token(token))
    }

    /// The registration whose email confirmation link carries `token`.
    pub async fn find_by_email_confirmation(
        &self,
        token: &StatusToken,
    ) -> Result<Option<RegistrationSummary>, StoreError> {
        on_database!(self, db => db.find_by_email_confirmation(token))
    }

    /// Confirms the email address of the entry whose confirmation link carries `token`
    /// (audited), unless it is confirmed already or the entry has lapsed or ended. The
    /// entry as it now is, if the link is one.
    pub async fn confirm_email(
        &self,
        token: &StatusToken,
        now: OffsetDateTime,
    ) -> Result<Option<RegistrationSummary>, StoreError> {
        on_database!(self, db => db.confirm_email(token, now))
    }

    /// Withdraws, through the review rules and the places' engine, at most `limit` entries
    /// whose address was not confirmed by their deadline and that no operator has acted on
    /// yet; each place released goes to the first entry waiting. Returns those lapsed.
    pub async fn lapse_unconfirmed(
        &self,
        policy: &pim_domain::Policy,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Reference>, StoreError> {
        let due = on_database!(self, db => db.due_to_lapse(now, limit))?;
        let mut lapsed = Vec::new();
        for (reference, channel, status, version) in due {
            let Ok(to) = pim_domain::review(channel, status, pim_domain::Action::Withdraw) else { continue };
            let change = ReviewChange {
                reference: &reference,
                channel,
                version,
                from: status,
                to,
                actor: "system",
                action: pim_domain::HistoryAction::EmailNotConfirmed,
                note: Some("the email address was not confirmed in time"),
                internal_note: None,
                email: None,
                quota: policy.quota(channel),
                invitation_rules: None,
                added_status_link: None,
                at: now,
            };
            match self.apply_review(&change).await {
                Ok(()) => lapsed.push(reference),
                // The runner or an operator acted meanwhile: the entry is theirs now.
                Err(StoreError::Changed) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(lapsed)
    }

    pub async fn find_by_reference(&self, reference: &Reference) -> Result<Option<RegistrationSummary>, StoreError> {
        on_database!(self, db => db.find_by_reference(reference))
    }

    /// Leases up to `limit` emails that are due at `now` to the claim `claim` until
    /// `now + lease`. An email whose lease ran out (its dispatcher died) is due again.
    pub async fn claim_due_emails(
        &self,
        claim: &str,
        now: OffsetDateTime,
        lease: std::time::Duration,
        limit: u32,
    ) -> Result<Vec<ClaimedEmail>, StoreError> {
        on_database!(self, db => db.claim_due_emails(claim, now, lease, limit))
    }

    /// Records a sent email, if `claim` still holds it; `payload` replaces the stored one
    /// (without the secrets it no longer needs). `false`: the lease had been lost.
    pub async fn mark_email_sent(
        &self,
        id: i64,
        claim: &str,
        now: OffsetDateTime,
        payload: &EmailPayload,
    ) -> Result<bool, StoreError> {
        let payload = &payload_json(payload);
        on_database!(self, db => db.finish_email(id, claim, now, EmailOutcome::Sent { payload }))
    }

    /// Records a failed attempt to be tried again at `next_attempt_at`.
    pub async fn mark_email_retry(
        &self,
        id: i64,
        claim: &str,
        now: OffsetDateTime,
        next_attempt_at: OffsetDateTime,
        error: &str,
    ) -> Result<bool, StoreError> {
        on_database!(self, db => db.finish_email(id, claim, now, EmailOutcome::Retry { next_attempt_at, error }))
    }

    /// Records that an email will not be sent: it stays visible to operators as failed.
    pub async fn mark_email_failed(
        &self,
        id: i64,
        claim: &str,
        now: OffsetDateTime,
        error: &str,
        payload: &EmailPayload,
    ) -> Result<bool, StoreError> {
        let payload = &payload_json(payload);
        on_database!(self, db => db.finish_email(id, claim, now, EmailOutcome::Failed { error, payload }))
    }

    /// How many emails are pending, sent and failed.
    pub async fn outbox_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        on_database!(self, db => db.outbox_counts())
    }

    /// Emails that failed or are being retried, oldest first.
    pub async fn emails_needing_attention(&self, limit: u32) -> Result<Vec<EmailRecord>, StoreError> {
        on_database!(self, db => db.email_records(None, limit))
    }

    /// Every email of one registration, oldest first.
    pub async fn emails_for_reference(&self, reference: &Reference) -> Result<Vec<EmailRecord>, StoreError> {
        on_database!(self, db => db.email_records(Some(reference), u32::MAX))
    }

    /// Entries matching `filter`, in its order, `limit` of them after `after`.
    pub async fn list_entries(
        &self,
        filter: &EntryFilter,
        after: Option<EntryCursor>,
        limit: u32,
    ) -> Result<Vec<EntryLine>, StoreError> {
        on_database!(self, db => db.list_entries(filter, after, limit))
    }

    /// Like [`Store::list_entries`], with every field: for exports, page by page. The
    /// waiting positions are read from `queues`, the waiting lists as the export's first
    /// page found them (start with `QueueSnapshot::default()` and pass it to each page).
    pub async fn list_entry_details(
        &self,
        filter: &EntryFilter,
        after: Option<EntryCursor>,
        limit: u32,
        queues: &mut QueueSnapshot,
    ) -> Result<Vec<EntryDetail>, StoreError> {
        on_database!(self, db => db.list_entry_details(filter, after, limit, queues))
    }

    /// Records something an operator did beyond one entry (an export, operator management).
    pub async fn audit_operator_action(
        &self,
        actor: &str,
        action: &str,
        detail: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        on_database!(self, db => db.audit_operator_action(actor, action, detail, now))
    }

    /// How many entries of the scope are in each status.
    pub async fn count_by_status(&self, channel: Option<Channel>) -> Result<Vec<(Status, i64)>, StoreError> {
        on_database!(self, db => db.count_by_status(channel))
    }

    /// One entry, if it is in the scope `channel` (`None`: any channel).
    pub async fn entry(
        &self,
        reference: &Reference,
        channel: Option<Channel>,
    ) -> Result<Option<EntryDetail>, StoreError> {
        on_database!(self, db => db.entry(reference, channel))
    }

    pub async fn audit_trail(&self, reference: &Reference) -> Result<Vec<AuditLine>, StoreError> {
        on_database!(self, db => db.audit_trail(reference))
    }

    /// Writes a review change, its audit entry and its email in one transaction.
    /// `Changed` when the entry is no longer at the version and status it was read at.
    pub async fn apply_review(&self, change: &ReviewChange<'_>) -> Result<(), StoreError> {
        on_database!(self, db => db.apply_review(change))
    }

    /// Records in the entry's history that `actor` was shown its whole passport number:
    /// who saw it, and when, is known.
    pub async fn record_passport_view(
        &self,
        reference: &Reference,
        actor: &str,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        on_database!(self, db => db.record_passport_view(reference, actor, at))
    }

    /// Records that `operator` saw the entry's whole history now; returns the id of the
    /// last history line they had seen before (`None` the first time).
    pub async fn mark_seen(&self, reference: &Reference, operator: &str) -> Result<Option<i64>, StoreError> {
        on_database!(self, db => db.mark_seen(reference, operator))
    }

    /// The runner's corrections and transfer, audited with before and after and emailed;
    /// a transfer moves the entry's place to the new race (`RaceFull` when it has none) and
    /// gives the one it leaves to the first entry waiting for it. `Changed` when the entry
    /// is no longer at the version read, `DuplicatePassport` when another open entry has
    /// the new passport number.
    pub async fn correct_entry(&self, correction: &Correction<'_>) -> Result<(), StoreError> {
        on_database!(self, db => db.correct_entry(correction))
    }

    /// The runner's answer to a request for information (a review change) and the files
    /// sent with it, in one transaction.
    pub async fn answer(&self, change: &ReviewChange<'_>, files: &[NewDocument<'_>]) -> Result<(), StoreError> {
        on_database!(self, db => db.answer(change, files))
    }

    /// Stores documents the runner uploaded from the checklist, each replacing the earlier
    /// one of its kind, audited. `NotFound` once the entry has ended.
    pub async fn upload_documents(&self, upload: &DocumentUpload<'_>) -> Result<(), StoreError> {
        on_database!(self, db => db.upload_documents(upload))
    }

    /// The entry's documents, oldest first, without their bytes.
    pub async fn documents(&self, reference: &Reference) -> Result<Vec<DocumentLine>, StoreError> {
        on_database!(self, db => db.documents(reference))
    }

    /// A document's bytes for an operator whose scope holds the entry; the view is in the
    /// entry's audit trail. `None` when there is no such document in the scope.
    pub async fn open_document(&self, view: &DocumentView<'_>) -> Result<Option<DocumentFile>, StoreError> {
        on_database!(self, db => db.open_document(view))
    }

    /// Accepts a document, or asks for it again with the reason (and its email), audited.
    pub async fn review_document(&self, review: &DocumentReview<'_>) -> Result<(), StoreError> {
        on_database!(self, db => db.review_document(review))
    }

    /// Moves a waiting entry to the front of its channel's waiting list, audited: it takes a
    /// place at once if one is free, else the next one released. `Changed` when the entry
    /// is no longer waiting at `version`.
    pub async fn promote_by_hand(&self, promotion: &PromotionByHand<'_>) -> Result<Promoted, StoreError> {
        on_database!(self, db => db.promote_by_hand(promotion))
    }

    /// The secretariat changes one limit of a channel's places (`None`: back to the
    /// policy's number), audited. A raised limit promotes those waiting into the new
    /// places at once; a lowered one takes no place from anyone and stops promotion until
    /// the places held are under it.
    pub async fn set_quota(&self, change: &QuotaChange<'_>) -> Result<QuotaChanged, StoreError> {
        on_database!(self, db => db.set_quota(change))
    }

    /// Each limit of the channel's places: the policy's number, the one in force, and the
    /// places held and entries waiting under it.
    pub async fn quota_lines(
        &self,
        edition: &str,
        channel: Channel,
        policy: &pim_domain::Quota,
    ) -> Result<Vec<QuotaLine>, StoreError> {
        on_database!(self, db => db.quota_lines(edition, channel, policy))
    }

    /// Adds an operator; the email is kept lower case.
    pub async fn add_operator(
        &self,
        email: &str,
        organisation: Organisation,
        password_hash: &str,
        chosen_by: PasswordChosenBy,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let email = email.trim().to_lowercase();
        on_database!(self, db => db.add_operator(&email, organisation, password_hash, chosen_by, now))
    }

    pub async fn operator_by_email(&self, email: &str) -> Result<Option<Operator>, StoreError> {
        on_database!(self, db => db.operator_where("email = $1", &email.trim().to_lowercase()))
    }

    pub async fn operator(&self, id: i64) -> Result<Option<Operator>, StoreError> {
        on_database!(self, db => db.operator_where("CAST(id AS TEXT) = $1", &id.to_string()))
    }

    pub async fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        on_database!(self, db => db.operators())
    }

    pub async fn operator_count(&self) -> Result<i64, StoreError> {
        Ok(on_database!(self, db => db.operators())?.len() as i64)
    }

    /// When `address` may next try a password for `email`, if that is later than `now`.
    pub async fn sign_in_wait(
        &self,
        email: &str,
        address: &str,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        on_database!(self, db => db.sign_in_wait(&email.trim().to_lowercase(), address, now))
    }

    /// Counts a wrong password for `email` from `address` (failures older than
    /// `forget_after` are forgotten first) and makes the pair wait `wait_after(failures)`.
    /// Returns the failures in a row.
    pub async fn record_sign_in_failure(
        &self,
        email: &str,
        address: &str,
        now: OffsetDateTime,
        forget_after: std::time::Duration,
        wait_after: fn(u32) -> std::time::Duration,
    ) -> Result<u32, StoreError> {
        let email = email.trim().to_lowercase();
        on_database!(self, db => db.record_sign_in_failure(&email, address, now, forget_after, wait_after))
    }

    /// A good password from `address`: its count for `email` starts again.
    pub async fn clear_sign_in_failures(&self, email: &str, address: &str) -> Result<(), StoreError> {
        on_database!(self, db => db.clear_sign_in_failures(&email.trim().to_lowercase(), address))
    }

    /// Forgets the wrong passwords of pairs that have not failed since `before`.
    pub async fn forget_sign_in_failures(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        on_database!(self, db => db.forget_sign_in_failures(before))
    }

    /// When an API client's idempotency key (as a digest) was first seen with this body's
    /// digest, recording it now if it is new or was first seen before `forgotten_before`;
    /// `IdempotencyKeyReused` if it came with another body.
    pub async fn claim_idempotency_key(
        &self,
        key_digest: &str,
        body_digest: &str,
        now: OffsetDateTime,
        forgotten_before: OffsetDateTime,
    ) -> Result<OffsetDateTime, StoreError> {
        on_database!(self, db => db.claim_idempotency_key(key_digest, body_digest, now, forgotten_before))
    }

    /// Emails a new status link for each matching entry (see `StatusLinkRequest`); returns
    /// how many were queued, which the runner is never told.
    pub async fn send_status_links(&self, request: &StatusLinkRequest<'_>) -> Result<u32, StoreError> {
        on_database!(self, db => db.send_status_links(request))
    }

    /// Forgets one idempotency key (as its digest), whose request stored nothing.
    pub async fn forget_idempotency_key(&self, key_digest: &str) -> Result<(), StoreError> {
        on_database!(self, db => db.forget_idempotency_key(key_digest))
    }

    /// Forgets the idempotency keys first seen before `before`.
    pub async fn forget_idempotency_keys(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        on_database!(self, db => db.forget_idempotency_keys(before))
    }

    pub async fn set_operator_disabled(&self, id: i64, disabled: bool, now: OffsetDateTime) -> Result<(), StoreError> {
        on_database!(self, db => db.set_operator_disabled(id, disabled, now))
    }

    pub async fn set_operator_password(
        &self,
        id: i64,
        password_hash: &str,
        chosen_by: PasswordChosenBy,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        on_database!(self, db => db.set_operator_password(id, password_hash, chosen_by, now))
    }

    /// Where operators' sessions are kept: this database, so every instance sees them.
    pub fn session_store(&self) -> SessionStore {
        match &self.backend {
            Backend::Sqlite(backend) => SessionStore::Sqlite(backend.session_store()),
            Backend::Postgres(backend) => SessionStore::Postgres(backend.session_store()),
        }
    }

    /// Deletes operators' sessions that have expired: they are refused anyway, this keeps
    /// the table small. Safe from every instance at once.
    pub async fn delete_expired_sessions(&self) -> Result<(), StoreError> {
        use tower_sessions_core::ExpiredDeletion;
        self.session_store().delete_expired().await.map_err(|e| StoreError::Sessions(e.to_string()))
    }

    /// Queues `email_id` of the entry again, audited; with `new_status_token`, the entry's
    /// status link changes to it (the old link stops working) and the copy carries `payload`.
    pub async fn resend_email(&self, resend: &Resend<'_>) -> Result<(), StoreError> {
        on_database!(self, db => db.resend_email(resend))
    }

    /// Entries counted by channel and status, by distance, and by nationality (most first).
    pub async fn dashboard_counts(&self) -> Result<DashboardCounts, StoreError> {
        on_database!(self, db => db.dashboard_counts())
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_database!(self, db => db.ping())
    }

    /// Waits for queries in flight and closes the connections.
    pub async fn close(&self) {
        on_database!(self, db => db.close())
    }
}

/// How a claimed email's attempt ended.
enum EmailOutcome<'a> {
    Sent { payload: &'a str },
    Retry { next_attempt_at: OffsetDateTime, error: &'a str },
    Failed { error: &'a str, payload: &'a str },
}

/// An email's payload as the outbox keeps it.
fn payload_json(payload: &EmailPayload) -> String {
    serde_json::to_string(payload).expect("a payload always serialises")
}

/// Unix milliseconds: outbox times are compared as numbers.
fn unix_ms(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

/// Every time is stored in UTC, so stored text sorts and compares by date.
fn utc(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(time::UtcOffset::UTC)
}

fn from_unix_ms(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// 8 random bytes from the operating system, for a new reference.
fn random_reference() -> Reference {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    Reference::from_random(random)
}
