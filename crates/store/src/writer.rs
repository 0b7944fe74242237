//! The SQLite writer: one task owns registration writes and commits them in groups.
//!
//! SQLite has one write lock and `synchronous=FULL` costs an fsync per commit, so one
//! commit per registration caps an opening rush at what the disk can sync. Requests hand
//! their registration to this task and wait; it takes everything queued (up to a batch),
//! records each in arrival order inside one `BEGIN IMMEDIATE` transaction, commits once,
//! then answers each request. If one fails in a way that may have written part of it,
//! the batch is rolled back and recorded again with each registration in its own
//! savepoint, so the failing one fails alone.
//! Places are granted in that same order, so arrival order is queue order. A request that
//! gives up (its client left) does not stop its write: the runner's retry with the same
//! form finds it recorded.

use pim_domain::{Application, Channel, Quota, Registrant, Rule};
use sqlx::SqlitePool;
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

use crate::sqlite::{Admissions, record_one};
use crate::{NewRegistration, Recorded, StoreError};

/// The most registrations in one transaction: enough to absorb a rush, few enough that
/// the first in a batch does not wait long for the last.
const MAX_BATCH: usize = 256;

/// Registrations waiting for the writer; beyond this, callers wait to hand theirs over.
const QUEUE: usize = 8_192;

/// A registration as the writer needs it: owned, to cross to its task.
#[derive(Debug, Clone)]
pub(crate) struct PendingRegistration {
    pub edition: String,
    pub status_token_hash: String,
    pub application: Application,
    pub registrant: Registrant,
    pub channel: Channel,
    pub rule: Rule,
    pub explanation: String,
    pub margin_seconds: Option<u32>,
    pub received_at: OffsetDateTime,
    pub quota: Option<Quota>,
    pub confirmation: PendingEmail,
    pub waitlisted: PendingEmail,
}

#[derive(Debug, Clone)]
pub(crate) struct PendingEmail {
    pub kind: String,
    pub payload: String,
}

impl From<&NewRegistration<'_>> for PendingRegistration {
    fn from(new: &NewRegistration<'_>) -> Self {
        let email =
            |email: crate::NewEmail<'_>| PendingEmail { kind: email.kind.into(), payload: email.payload.into() };
        PendingRegistration {
            edition: new.edition.to_owned(),
            status_token_hash: new.status_token.hash(),
            application: new.application.clone(),
            registrant: new.registrant.clone(),
            channel: new.channel,
            rule: new.rule,
            explanation: new.explanation.to_owned(),
            margin_seconds: new.margin_seconds,
            received_at: new.received_at,
            quota: new.quota.cloned(),
            confirmation: email(new.confirmation),
            waitlisted: email(new.waitlisted),
        }
    }
}

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
    /// Starts the writer task on the current runtime, writing through `pool`.
    pub(crate) fn start(pool: SqlitePool) -> Writer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(write_in_groups(pool, queue));
        Writer { jobs }
    }

    pub(crate) async fn record(&self, registration: PendingRegistration) -> Result<Recorded, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { registration, reply }).await.map_err(|_| StoreError::WriterStopped)?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }
}

async fn write_in_groups(pool: SqlitePool, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let outcomes = record_batch(&pool, &batch).await;
        for (job, outcome) in batch.drain(..).zip(outcomes) {
            // A caller that gave up no longer listens; its entry stands.
            let _ = job.reply.send(outcome);
        }
    }
}

/// One transaction for the batch, one commit; again with savepoints if one of them failed.
async fn record_batch(pool: &SqlitePool, batch: &[Job]) -> Vec<Result<Recorded, StoreError>> {
    let outcomes = match record_together(pool, batch, false).await {
        Err(error) => {
            tracing::warn!(%error, size = batch.len(), "a registration failed its batch: recording them one by one");
            record_together(pool, batch, true).await
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
            (0..batch.len()).map(|_| Err(StoreError::BatchNotCommitted(error.to_string()))).collect()
        }
    }
}

/// Records the batch in one transaction. Without savepoints, a failure other than a
/// refusal (which comes before any write) abandons the whole transaction; with them, it
/// undoes that registration alone.
async fn record_together(
    pool: &SqlitePool,
    batch: &[Job],
    savepoints: bool,
) -> Result<Vec<Result<Recorded, StoreError>>, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut admissions = Admissions::default();
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch {
        if savepoints {
            sqlx::query("SAVEPOINT registration").execute(&mut *tx).await?;
        }
        let outcome = record_one(&mut tx, &job.registration, &mut admissions).await;
        match &outcome {
            Err(StoreError::DuplicatePassport | StoreError::SubmissionReused) => {}
            Err(error) if !savepoints => return Err(StoreError::BatchNotCommitted(error.to_string())),
            // Places are counted only once a registration is wholly written: nothing to undo there.
            Err(_) => {
                sqlx::query("ROLLBACK TO registration").execute(&mut *tx).await?;
            }
            Ok(_) => {}
        }
        if savepoints {
            sqlx::query("RELEASE registration").execute(&mut *tx).await?;
        }
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(outcomes)
}
