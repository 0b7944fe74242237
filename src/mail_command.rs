//! Email settings, and `pim mail dispatch` for deployments that run the dispatcher apart.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand};
use lettre::message::Mailbox;
use pim_domain::{Clock, Policy};
use pim_notifications::{DispatchSettings, Dispatcher, Mailer, Sender, SmtpSettings};
use pim_store::Store;

use crate::PolicyArg;
use crate::common::{DatabaseArg, SecretUrl, open_store, runtime, shutdown_signal};

#[derive(Args, Debug, Clone)]
pub struct MailArgs {
    /// SMTP server: smtp://host:port, smtp://user:pass@host:587?tls=required, smtps://…;
    /// without one, emails are written as .eml files into --mail-dir
    #[arg(long, env = "PIM_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<SecretUrl>,
    /// Folder for .eml files when no SMTP server is set
    #[arg(long, env = "PIM_MAIL_DIR", default_value = "mail")]
    mail_dir: PathBuf,
    /// The From of every email
    #[arg(long, env = "PIM_MAIL_FROM", default_value = "PIM Registration <registration@localhost>")]
    mail_from: Mailbox,
    /// Where runners' replies go [default: the From address]
    #[arg(long, env = "PIM_MAIL_REPLY_TO")]
    mail_reply_to: Option<Mailbox>,
    /// Attempts before an email is given up as failed (it stays visible to operators)
    #[arg(long, env = "PIM_MAIL_MAX_ATTEMPTS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    mail_max_attempts: u32,
    /// The most one SMTP conversation may take (connect, greeting, each command, DATA);
    /// a slower one is a failed attempt, retried later
    #[arg(long, env = "PIM_SMTP_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    smtp_timeout_seconds: u64,
    /// SMTP connections used at once and kept for the next emails: emails sent at a time
    #[arg(long, env = "PIM_SMTP_CONNECTIONS", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    smtp_connections: u32,
    /// The wait before an email that failed is tried again; it doubles after each failure,
    /// up to an hour
    #[arg(long, env = "PIM_MAIL_FIRST_RETRY_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    mail_first_retry_seconds: u64,
    /// How long a dispatcher holds the emails it took: after a dispatcher dies (a crash, a
    /// `kill -9`), its emails wait this long before another sends them [default: 300, or
    /// twice the longest a batch of emails may take at --smtp-timeout-seconds]
    #[arg(long, env = "PIM_MAIL_LEASE_SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    mail_lease_seconds: Option<u64>,
}

impl MailArgs {
    /// The folder emails are written to, when they go to files rather than SMTP.
    pub fn eml_folder(&self) -> Option<PathBuf> {
        self.smtp_url.is_none().then(|| self.mail_dir.clone())
    }

    /// The dispatcher of these settings; its emails link to the site at `site_url`.
    pub fn dispatcher(
        &self,
        store: Store,
        policy: Arc<Policy>,
        clock: Clock,
        site_url: &str,
    ) -> anyhow::Result<Dispatcher> {
        let smtp = SmtpSettings {
            timeout: std::time::Duration::from_secs(self.smtp_timeout_seconds),
            connections: self.smtp_connections,
        };
        let mailer = match &self.smtp_url {
            Some(url) => Mailer::smtp(url.expose(), smtp)?,
            None => Mailer::files(&self.mail_dir)?,
        };
        let sender = Sender {
            from: self.mail_from.clone(),
            reply_to: self.mail_reply_to.clone(),
            site_url: site_url.trim_end_matches('/').to_owned(),
        };
        let defaults = DispatchSettings::default();
        // A lease shorter than a batch's sending would let a second dispatcher send the
        // same emails while the first is still at it.
        let longest_batch = smtp.timeout * defaults.batch_size.div_ceil(smtp.connections);
        let settings = DispatchSettings {
            max_attempts: self.mail_max_attempts,
            in_parallel: smtp.connections as usize,
            first_retry: std::time::Duration::from_secs(self.mail_first_retry_seconds),
            lease: self
                .mail_lease_seconds
                .map_or(defaults.lease.max(longest_batch * 2), std::time::Duration::from_secs),
            ..defaults
        };
        anyhow::ensure!(
            settings.lease > longest_batch,
            "--mail-lease-seconds must be more than {} s: a batch of {} emails sent {} at a time, each \
             conversation up to --smtp-timeout-seconds ({} s), may take that long",
            longest_batch.as_secs(),
            settings.batch_size,
            smtp.connections,
            smtp.timeout.as_secs()
        );
        Ok(Dispatcher::new(store, mailer, policy, sender, settings, clock))
    }
}

#[derive(Subcommand, Debug)]
pub enum MailCommand {
    /// Send the emails waiting in the outbox; runs until stopped, or once with --once
    Dispatch(Box<DispatchArgs>),
    /// What the outbox holds: counts, emails failed or being retried, or one entry's emails
    Status(StatusArgs),
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Show every email of this registration (PIM-XXXX-XXXX)
    #[arg(long)]
    reference: Option<pim_domain::Reference>,
    #[command(flatten)]
    database: DatabaseArg,
}

#[derive(Args, Debug)]
pub struct DispatchArgs {
    /// Try every due email once, then exit
    #[arg(long)]
    once: bool,
    /// Public address of the site, for the links in emails (as `pim serve --base-url`)
    #[arg(long, env = "PIM_BASE_URL", default_value = "http://127.0.0.1:3000")]
    base_url: String,
    #[command(flatten)]
    database: DatabaseArg,
    #[command(flatten)]
    policy: PolicyArg,
    #[command(flatten)]
    mail: MailArgs,
}

pub fn run(command: &MailCommand) -> anyhow::Result<()> {
    match command {
        MailCommand::Dispatch(args) => dispatch(args),
        MailCommand::Status(args) => status(args),
    }
}

fn status(args: &StatusArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let store = open_store(&args.database).await?;
        let mut out = String::new();
        let records = match &args.reference {
            Some(reference) => store.emails_for_reference(reference).await?,
            None => {
                let counts = store.outbox_counts().await?;
                let counts: Vec<_> = counts.iter().map(|(status, n)| format!("{n} {status}")).collect();
                out += &format!("Outbox: {}\n", if counts.is_empty() { "empty".to_owned() } else { counts.join(", ") });
                store.emails_needing_attention(200).await?
            }
        };
        if args.reference.is_some() && records.is_empty() {
            out += "No email for this reference.\n";
        }
        for email in records {
            let when = match (email.sent_at, email.next_attempt_at) {
                (Some(sent), _) => format!("sent {}", utc(sent)),
                (None, Some(next)) => format!("next attempt {}", utc(next)),
                (None, None) => String::new(),
            };
            out += &format!(
                "{} {:<22} {:<8} attempts {} {when}{}\n",
                email.reference,
                email.kind,
                email.status,
                email.attempts,
                email.last_error.map(|e| format!("\n    last error: {e}")).unwrap_or_default()
            );
        }
        store.close().await;
        crate::write_stdout(|w| w.write_all(out.as_bytes()))
    })
}

/// "2026-11-21 22:09:23 UTC".
fn utc(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02}:{:02} UTC", at.date(), at.hour(), at.minute(), at.second())
}

fn dispatch(args: &DispatchArgs) -> anyhow::Result<()> {
    crate::telemetry::init();
    let policy = Arc::new(args.policy.load()?);
    runtime()?.block_on(async {
        let store = open_store(&args.database).await?;
        let dispatcher = args.mail.dispatcher(store.clone(), policy, pim_domain::system_clock(), &args.base_url)?;
        if args.once {
            let done = dispatcher.dispatch_all_due().await.context("dispatch emails")?;
            tracing::info!(sent = done.sent, retrying = done.retrying, failed = done.failed, "outbox dispatched once");
        } else {
            dispatcher.run(shutdown_signal()).await;
        }
        store.close().await;
        Ok(())
    })
}
