//! The outbox dispatcher: claims due emails, sends them, records what happened.
//!
//! Safe to run in several processes at once: a claim leases emails atomically, only the
//! claim holding the lease records the outcome, and a lease that runs out (its dispatcher
//! died) makes the email due again. Delivery is at least once: a dispatcher that dies
//! after sending and before recording leaves an email that will be sent again.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, StreamExt};
use pim_domain::{Clock, Policy};
use pim_store::{ClaimedEmail, Store, StoreError};

use pim_domain::EmailKind;

use pim_domain::EmailPayload;

use crate::{Mailer, Sender, compose};

#[derive(Debug, Clone)]
pub struct DispatchSettings {
    /// Emails claimed at a time.
    pub batch_size: u32,
    /// How long a claim holds its emails: longer than sending a batch can take.
    pub lease: Duration,
    /// Attempts before an email is given up as failed.
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles after each one, up to `longest_retry`.
    pub first_retry: Duration,
    pub longest_retry: Duration,
    /// How often to look for due emails when there were none.
    pub poll_interval: Duration,
    /// Emails sent at the same time (each on a connection of its own): one stalled
    /// server conversation holds up one of them, not the others.
    pub in_parallel: usize,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        DispatchSettings {
            batch_size: 10,
            lease: Duration::from_secs(5 * 60),
            max_attempts: 8,
            first_retry: Duration::from_secs(30),
            longest_retry: Duration::from_secs(60 * 60),
            poll_interval: Duration::from_secs(1),
            in_parallel: 4,
        }
    }
}

/// What one round of dispatching did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dispatched {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Dispatched {
    pub fn total(&self) -> usize {
        self.sent + self.retrying + self.failed
    }
}

#[derive(Clone)]
pub struct Dispatcher {
    store: Store,
    mailer: Mailer,
    policy: Arc<Policy>,
    sender: Sender,
    settings: DispatchSettings,
    clock: Clock,
}

fn random_hex(bytes: usize) -> String {
    let mut random = vec![0u8; bytes];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    random.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A number in [0.8, 1.2): spreads retries so a recovered server is not hit all at once.
fn jitter() -> f64 {
    let mut random = [0u8; 4];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    0.8 + 0.4 * f64::from(u32::from_le_bytes(random)) / f64::from(u32::MAX)
}

/// The last error, short enough for a database column and an operator's screen.
fn short(error: &str) -> String {
    error.chars().take(500).collect()
}

impl Dispatcher {
    pub fn new(
        store: Store,
        mailer: Mailer,
        policy: Arc<Policy>,
        sender: Sender,
        settings: DispatchSettings,
        clock: Clock,
    ) -> Self {
        Dispatcher { store, mailer, policy, sender, settings, clock }
    }

    pub fn mailer(&self) -> &Mailer {
        &self.mailer
    }

    /// The wait before the next attempt after `attempts` failed ones.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let doubling = 2u32.saturating_pow(attempts.saturating_sub(1).min(20));
        let wait = self.settings.first_retry.saturating_mul(doubling).min(self.settings.longest_retry);
        wait.mul_f64(jitter())
    }

    /// Claims one batch of due emails and sends them, several at a time; returns what
    /// happened. An email whose outcome cannot be recorded stays leased and is tried again
    /// after the lease; the others of the batch go on.
    pub async fn dispatch_due(&self) -> Result<Dispatched, StoreError> {
        let claim = random_hex(12);
        let claimed =
            self.store.claim_due_emails(&claim, (self.clock)(), self.settings.lease, self.settings.batch_size).await?;
        let mut deliveries = futures_util::stream::iter(claimed)
            .map(|email| self.deliver_guarded(&claim, email))
            .buffer_unordered(self.settings.in_parallel.max(1));
        let mut done = Dispatched::default();
        let mut unrecorded = None;
        while let Some(delivery) = deliveries.next().await {
            match delivery {
                Ok(Delivery::Sent) => done.sent += 1,
                Ok(Delivery::Retrying) => done.retrying += 1,
                Ok(Delivery::Failed) => done.failed += 1,
                Err(error) => unrecorded = Some(error),
            }
        }
        match unrecorded {
            Some(error) if done.total() == 0 => Err(error),
            Some(error) => {
                tracing::error!(%error, "an email's outcome could not be recorded; it is tried again after its lease");
                Ok(done)
            }
            None => Ok(done),
        }
    }

    /// Delivers one email; a defect that panics while doing so is recorded as a failed
    /// attempt of that email (retried with backoff, like any other), never the end of
    /// the dispatcher.
    async fn deliver_guarded(&self, claim: &str, email: ClaimedEmail) -> Result<Delivery, StoreError> {
        let (id, attempts) = (email.id, email.attempts);
        match AssertUnwindSafe(self.deliver(claim, email)).catch_unwind().await {
            Ok(delivery) => delivery,
            Err(panic) => {
                let error = format!("the dispatcher failed unexpectedly: {}", panic_message(&panic));
                tracing::error!(outbox_id = id, attempt = attempts, %error, "email not sent");
                self.record_failure(id, claim, attempts, &error, &EmailPayload::default()).await
            }
        }
    }

    /// Dispatches until every due email has been tried once: for `pim mail dispatch --once`
    /// and tests.
    pub async fn dispatch_all_due(&self) -> Result<Dispatched, StoreError> {
        let mut total = Dispatched::default();
        loop {
            let round = self.dispatch_due().await?;
            if round.total() == 0 {
                return Ok(total);
            }
            total.sent += round.sent;
            total.retrying += round.retrying;
            total.failed += round.failed;
        }
    }

    #[tracing::instrument(skip_all, fields(outbox_id = email.id, attempt = email.attempts, kind = %email.kind))]
    async fn deliver(&self, claim: &str, email: ClaimedEmail) -> Result<Delivery, StoreError> {
        let payload: Result<EmailPayload, _> = serde_json::from_str(&email.payload);
        let message = match (email.kind.parse::<EmailKind>(), payload) {
            // Composing reads only values of this email: nothing shared is left half-changed.
            (Ok(kind), Ok(payload)) => std::panic::catch_unwind(AssertUnwindSafe(|| {
                compose(&self.policy, &self.sender, email.id, kind, &email.recipient, &email.registration, &payload)
            }))
            .unwrap_or_else(|panic| Err(crate::ComposeError::Panicked(panic_message(&panic))))
            .map(|m| (m, payload)),
            (Err(error), _) => Err(crate::ComposeError::Payload(error)),
            (_, Err(error)) => Err(crate::ComposeError::Payload(error.to_string())),
        };
        let (message, payload) = match message {
            Ok(ready) => ready,
            Err(error) => {
                // Nothing a retry can change: the email cannot be built.
                tracing::error!(%error, "email cannot be composed");
                self.store
                    .mark_email_failed(
                        email.id,
                        claim,
                        (self.clock)(),
                        &short(&error.to_string()),
                        &EmailPayload::default(),
                    )
                    .await?;
                return Ok(Delivery::Failed);
            }
        };
        let kept = payload.without_secrets();
        match self.mailer.send(message).await {
            Ok(()) => {
                if !self.store.mark_email_sent(email.id, claim, (self.clock)(), &kept).await? {
                    tracing::warn!("email sent after its lease ran out: it may be sent twice");
                }
                tracing::info!("email sent");
                Ok(Delivery::Sent)
            }
            Err(error) => {
                // Servers often quote the address they refuse: the log is no place for it.
                let said = error.message.replace(&email.recipient, "<the runner's address>");
                tracing::warn!(error = %said, permanent = error.permanent, "email not sent");
                self.record_failure(email.id, claim, email.attempts, &said, &kept).await
            }
        }
    }

    /// A failed attempt: retried after the backoff, or given up after the last attempt.
    async fn record_failure(
        &self,
        id: i64,
        claim: &str,
        attempts: u32,
        error: &str,
        kept_payload: &EmailPayload,
    ) -> Result<Delivery, StoreError> {
        let now = (self.clock)();
        if attempts >= self.settings.max_attempts {
            tracing::error!("email given up after its last attempt");
            self.store.mark_email_failed(id, claim, now, &short(error), kept_payload).await?;
            return Ok(Delivery::Failed);
        }
        let wait = self.backoff(attempts);
        tracing::info!(retry_in_s = wait.as_secs(), "email will be tried again");
        self.store.mark_email_retry(id, claim, now, now + wait, &short(error)).await?;
        Ok(Delivery::Retrying)
    }

    /// Dispatches until `shutdown` completes; sleeps between rounds that found nothing.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tracing::info!(to = %self.mailer.describe(), "email dispatcher started");
        tokio::pin!(shutdown);
        loop {
            let idle = match self.dispatch_due().await {
                Ok(done) => done.total() == 0,
                Err(error) => {
                    tracing::error!(%error, "email dispatcher cannot reach the database");
                    true
                }
            };
            // A round in progress is finished, never cut: its emails are already claimed.
            let pause = if idle { self.settings.poll_interval } else { Duration::ZERO };
            tokio::select! {
                biased;
                () = &mut shutdown => break,
                () = tokio::time::sleep(pause) => {}
            }
        }
        tracing::info!("email dispatcher stopped");
    }
}

/// What a panic said, for the log and the email's last error.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

enum Delivery {
    Sent,
    Retrying,
    Failed,
}
