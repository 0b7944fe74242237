//! The writer: one task per process owns registration writes and commits them in groups.
//! Compiled once per backend, like `queries/`.
//!
//! A commit costs a disk sync (SQLite with `synchronous=FULL`, PostgreSQL with its WAL
//! flush), and registrations of one channel take turns over its places, so one commit per
//! registration caps an opening rush at what the disk can sync. Requests hand their
//! registration to this task and wait; it takes everything queued (up to a batch), decides
//! each in arrival order inside one transaction, writes the new entries in a few multi-row
//! statements (each statement is a hand-off to the database, which cost more than the
//! writing), commits once, then answers each request once the commit is on disk.
//! If one fails in a way that may have written part of it, the batch is rolled back and
//! recorded again with each registration in its own savepoint, so the failing one fails
//! alone. Places are granted in that same order, so arrival order is queue order. A request
//! that gives up (its client left) does not stop its write: the runner's retry with the
//! same form finds it recorded.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use sqlx::Pool;
use tokio::sync::{mpsc, oneshot};

use super::queries::{Admission, Admissions, FollowingRows, admit, record_one, write_new_entries};
use super::{Db, begin_batch, lock_places, wait_until_durable};
use crate::pending::PendingRegistration;
use crate::{Recorded, StoreError};

/// The most registrations in one transaction: enough to absorb a rush, few enough that
/// the first in a batch does not wait long for the last.
const MAX_BATCH: usize = 256;

/// Registrations waiting for the writer; beyond this, callers wait to hand theirs over.
const QUEUE: usize = 8_192;

/// Batches committed and waiting for their flush to be confirmed; beyond this, the writer
/// waits before it begins another.
const UNCONFIRMED_BATCHES: usize = 4;

/// When a batch's commit is on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Durability {
    /// When its COMMIT returns (SQLite with `synchronous=FULL`; PostgreSQL as it commits
    /// by default).
    AtCommit,
    /// Only once `wait_until_durable` returns after the COMMIT (PostgreSQL, committing
    /// without waiting for the flush): the place lock is not held through the flush, and
    /// the next batch is written while this one's flush is awaited.
    #[allow(dead_code, reason = "the SQLite backend's copy of this module never waits after its commits")]
    AfterCommit,
}

/// A request's outcome, and where to tell it.
type Answer = (oneshot::Sender<Result<Recorded, StoreError>>, Result<Recorded, StoreError>);

/// The unique index that keeps one active entry per passport: met when another instance
/// records the same passport in another channel at the same moment.
const ONE_ENTRY_PER_PASSPORT: &str = "registrations_one_active_entry_per_passport";
/// The unique status token: met when another instance records the same form meanwhile.
const ONE_ENTRY_PER_FORM: &str = "registrations_status_token_hash_key";

struct Job {
    registration: PendingRegistration,
    reply: oneshot::Sender<Result<Recorded, StoreError>>,
}

/// The handle requests use; the task ends when every handle is dropped.
#[derive(Clone)]
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer on a thread and runtime of its own, writing through `pool`. On the
    /// server's runtime, each of its statements' answers (woken from outside that runtime)
    /// waited behind the requests that the previous batch's answers had woken: the writer
    /// and the request handling took turns instead of running side by side.
    pub(crate) fn start(pool: Pool<Db>, durability: Durability) -> Result<Writer, StoreError> {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(StoreError::WriterNotStarted)?;
        std::thread::Builder::new()
            .name("pim-writer".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let (committed, to_confirm) = mpsc::channel(UNCONFIRMED_BATCHES);
                    let confirming = tokio::spawn(confirm_in_groups(pool.clone(), durability, to_confirm));
                    write_in_groups(pool, durability, queue, committed).await;
                    // Every batch written is answered before the thread ends.
                    let _ = confirming.await;
                })
            })
            .map_err(StoreError::WriterNotStarted)?;
        Ok(Writer { jobs })
    }

    /// Hands the registration to the task and waits for the outcome: `Ok` means committed.
    pub(crate) async fn record(&self, registration: PendingRegistration) -> Result<Recorded, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { registration, reply }).await.map_err(|_| StoreError::WriterStopped)?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }
}

async fn write_in_groups(
    pool: Pool<Db>,
    durability: Durability,
    mut queue: mpsc::Receiver<Job>,
    committed: mpsc::Sender<Vec<Answer>>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // A defect met by one batch fails that batch (its transaction is rolled back when
        // dropped), not every registration after it.
        let outcomes = match AssertUnwindSafe(record_batch(&pool, durability, &batch)).catch_unwind().await {
            Ok(outcomes) => outcomes,
            Err(_) => {
                tracing::error!(size = batch.len(), "the writer failed unexpectedly on a batch: none of it is stored");
                let failed = || Err(StoreError::BatchNotCommitted("the writer failed unexpectedly".into()));
                (0..batch.len()).map(|_| failed()).collect()
            }
        };
        let answers = batch.drain(..).map(|job| job.reply).zip(outcomes).collect();
        if committed.send(answers).await.is_err() {
            tracing::error!("the writer's confirmations stopped: registrations are no longer taken");
            return;
        }
    }
}

/// Answers each committed batch once it is durable: after one wait for the flush, for as
/// many batches as have committed meanwhile (the flush of the last covers them all).
async fn confirm_in_groups(pool: Pool<Db>, durability: Durability, mut committed: mpsc::Receiver<Vec<Answer>>) {
    let mut batches = Vec::with_capacity(UNCONFIRMED_BATCHES);
    while committed.recv_many(&mut batches, UNCONFIRMED_BATCHES).await > 0 {
        let stored = |answer: &Answer| answer.1.is_ok();
        let durable = match durability {
            Durability::AfterCommit if batches.iter().flatten().any(stored) => wait_until_durable(&pool).await,
            _ => Ok(()),
        };
        if let Err(error) = &durable {
            tracing::error!(%error, "committed registrations were not confirmed durable: their requests are told so");
        }
        for (reply, outcome) in batches.drain(..).flatten() {
            let outcome = match (&durable, outcome) {
                (Err(error), Ok(_)) => Err(StoreError::NotConfirmed(error.clone())),
                (_, outcome) => outcome,
            };
            // A caller that gave up no longer listens; its entry stands.
            let _ = reply.send(outcome);
        }
    }
}

/// One transaction for the batch, one commit; again with savepoints if one of them failed.
async fn record_batch(pool: &Pool<Db>, durability: Durability, batch: &[Job]) -> Vec<Result<Recorded, StoreError>> {
    let outcomes = match record_together(pool, durability, batch, false).await {
        Err(error) => {
            tracing::warn!(%error, size = batch.len(), "a registration failed its batch: recording them one by one");
            record_together(pool, durability, batch, true).await
        }
        done => done,
    };
    match outcomes {
        Ok(outcomes) => {
            let recorded = outcomes.iter().filter(|o| matches!(o, Ok(r) if !r.replayed)).count();
            tracing::info!(batch = batch.len(), recorded, "registrations committed");
            outcomes
        }
        // Nothing of the batch is stored: nobody may be told otherwise.
        Err(error) => {
            tracing::error!(%error, size = batch.len(), "a batch of registrations was not committed");
            let full = error.is_storage_full();
            (0..batch.len())
                .map(|_| {
                    Err(if full { StoreError::StorageFull } else { StoreError::BatchNotCommitted(error.to_string()) })
                })
                .collect()
        }
    }
}

/// Records the batch in one transaction. Without savepoints, a failure other than a
/// refusal (which comes before any write) abandons the whole transaction; with them, it
/// undoes that registration alone.
async fn record_together(
    pool: &Pool<Db>,
    durability: Durability,
    batch: &[Job],
    savepoints: bool,
) -> Result<Vec<Result<Recorded, StoreError>>, StoreError> {
    let mut tx = begin_batch(pool, durability).await?;
    // The forms and passports already entered, read before the places are locked, so that
    // another instance's batch is not kept waiting by this read. An entry that another
    // instance commits in between meets a unique index on insert: the batch is then
    // recorded again one by one, each finding it.
    let mut admissions = Admissions::for_batch(&mut tx, batch.iter().map(|job| &job.registration)).await?;
    // Every channel the batch touches, locked in one order: two instances' batches then
    // never wait for each other in a circle.
    let mut channels: Vec<_> = batch.iter().map(|job| (&job.registration.edition, job.registration.channel)).collect();
    channels.sort_by_key(|&(edition, channel)| (edition.as_str(), channel.as_str()));
    channels.dedup();
    for (edition, channel) in channels {
        lock_places(&mut tx, edition, channel).await?;
    }
    let mut following = FollowingRows::default();
    let mut outcomes = Vec::with_capacity(batch.len());
    if savepoints {
        for job in batch {
            outcomes.push(record_alone(&mut tx, &job.registration, &mut admissions, &mut following).await?);
        }
    } else {
        // Each decided in arrival order and counted at once (should a write fail, the
        // batch is all recorded again: counting before writing is safe), then written together.
        let mut entries = Vec::with_capacity(batch.len());
        for job in batch {
            outcomes.push(match admit(&mut tx, &job.registration, &mut admissions).await {
                Ok(Admission::Replayed(recorded)) => Ok(recorded),
                Ok(Admission::New(entry)) => {
                    admissions.count(entry.registration, &entry.recorded);
                    let recorded = entry.recorded.clone();
                    entries.push(entry);
                    Ok(recorded)
                }
                Err(error) if !is_refusal(&error) => return Err(error.into_not_committed()),
                Err(refused) => Err(refused),
            });
        }
        write_new_entries(&mut tx, &entries, &mut following).await.map_err(StoreError::into_not_committed)?;
    }
    // The batch's audit lines and emails, together.
    following.write(&mut tx).await.map_err(StoreError::into_not_committed)?;
    tx.commit().await?;
    Ok(outcomes)
}

/// Records one registration, its audit line and its email in a savepoint of their own,
/// undone if any fails. Another instance's registration of the same passport is a
/// duplicate; of the same form, it is found by looking again.
async fn record_alone(
    tx: &mut sqlx::Transaction<'_, Db>,
    registration: &PendingRegistration,
    admissions: &mut Admissions,
    following: &mut FollowingRows,
) -> Result<Result<Recorded, StoreError>, StoreError> {
    let mut looked_again = false;
    loop {
        sqlx::query("SAVEPOINT registration").execute(&mut **tx).await?;
        let mut outcome = record_one(tx, registration, admissions, following).await;
        if outcome.is_ok()
            && let Err(error) = following.write(tx).await
        {
            outcome = Err(error);
        }
        match &outcome {
            // Places are counted only once a registration is wholly written: nothing to undo there.
            Ok(recorded) => admissions.count(registration, recorded),
            Err(error) if !is_refusal(error) => {
                sqlx::query("ROLLBACK TO registration").execute(&mut **tx).await?;
            }
            Err(_) => {}
        }
        sqlx::query("RELEASE registration").execute(&mut **tx).await?;
        return Ok(match outcome {
            Err(error) => match violated_index(&error) {
                Some(ONE_ENTRY_PER_PASSPORT) => Err(StoreError::DuplicatePassport),
                Some(ONE_ENTRY_PER_FORM) if !looked_again => {
                    looked_again = true;
                    admissions.read_entries(tx, [registration]).await?;
                    continue;
                }
                _ => Err(error),
            },
            done => done,
        });
    }
}

/// A registration refused by the checks that come before any write.
fn is_refusal(error: &StoreError) -> bool {
    matches!(error, StoreError::DuplicatePassport | StoreError::SubmissionReused)
}

/// The unique index a failed statement violated.
fn violated_index(error: &StoreError) -> Option<&str> {
    match error {
        StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation() => e.constraint(),
        _ => None,
    }
}
