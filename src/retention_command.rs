//! `pim retention run`: erases the personal data the policy's retention makes due.

use clap::{Args, Subcommand};
use pim_domain::{Policy, RetentionRule, parse_date};
use pim_store::{RetentionPlan, RetentionReport, Store};
use time::{Date, OffsetDateTime};

use crate::common::{DatabaseArg, open_store, runtime};
use crate::{PolicyArg, UsageError};

#[derive(Subcommand, Debug)]
pub enum RetentionCommand {
    /// Erase what is due: documents, then personal data, of the policy's edition, in
    /// batches that each commit; safe to stop, and the next run goes on where it stopped
    Run(RunArgs),
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    database: DatabaseArg,
    #[command(flatten)]
    policy: PolicyArg,
    /// Erase what is due on this day (YYYY-MM-DD) instead of today, race time
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// The folder of the emails written as .eml files (when no SMTP server is set): those
    /// written before the personal data's erasure day are deleted too
    #[arg(long, env = "PIM_MAIL_DIR", default_value = "mail")]
    mail_dir: std::path::PathBuf,
    /// Entries erased per transaction
    #[arg(long, value_name = "N", default_value_t = ENTRIES_PER_BATCH, hide = true)]
    batch_size: u32,
}

/// Entries erased per transaction: short enough not to hold up registrations for long.
pub const ENTRIES_PER_BATCH: u32 = 200;

pub fn run(command: &RetentionCommand) -> anyhow::Result<()> {
    match command {
        RetentionCommand::Run(args) => runtime()?.block_on(run_now(args)),
    }
}

async fn run_now(args: &RunArgs) -> anyhow::Result<()> {
    let policy = args.policy.load()?;
    let now = OffsetDateTime::now_utc();
    let today = match &args.as_of {
        None => policy.local_date(now),
        Some(text) => parse_date(text).map_err(|e| UsageError(format!("--as-of: {e}")))?,
    };
    let store = open_store(&args.database).await?;
    let report = erase_due(&store, &policy, today, now, args.batch_size, &mut |rule, batch| {
        eprintln!("{}: erased {}", rule.as_str(), counted(batch.entries, "entry", "entries"));
    })
    .await;
    store.close().await;
    let report = report?;
    println!("{}", describe(&policy, today, &report));
    let emails = erase_eml_files(&policy, today, &args.mail_dir)?;
    if emails > 0 {
        println!(
            "deleted {} written before {}",
            counted(emails, ".eml file", ".eml files"),
            personal_data_day(&policy)
        );
    }
    Ok(())
}

/// `1 entry`, `2 entries`.
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The day the policy's retention erases personal data.
fn personal_data_day(policy: &Policy) -> Date {
    policy.retention().erases_from(RetentionRule::PersonalData, policy.race_day())
}

/// Once personal data is due, deletes the `.eml` files in `folder` (the file mailer's
/// copies of sent emails: names, addresses, links) written before that day. A missing
/// folder has none.
pub fn erase_eml_files(policy: &Policy, today: Date, folder: &std::path::Path) -> std::io::Result<u64> {
    let day = personal_data_day(policy);
    if today < day || !folder.is_dir() {
        return Ok(0);
    }
    let before = std::time::SystemTime::from(day.midnight().assume_utc());
    let mut deleted = 0;
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let is_eml = entry.path().extension().is_some_and(|extension| extension == "eml");
        if is_eml && entry.metadata()?.modified()? < before {
            std::fs::remove_file(entry.path())?;
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Erases what the policy's retention makes due on `today` (also the task of `pim serve`).
pub async fn erase_due(
    store: &Store,
    policy: &Policy,
    today: Date,
    now: OffsetDateTime,
    entries_per_batch: u32,
    progress: &mut (dyn FnMut(RetentionRule, pim_store::ErasedBatch) + Send),
) -> Result<RetentionReport, pim_store::StoreError> {
    let plan = RetentionPlan {
        edition: policy.edition(),
        race_day: policy.race_day(),
        retention: policy.retention(),
        today,
        at: now,
        entries_per_batch,
    };
    store.run_retention(&plan, progress).await
}

/// What a run did, or when its rules will erase.
pub fn describe(policy: &Policy, today: Date, report: &RetentionReport) -> String {
    let retention = policy.retention();
    let race_day = policy.race_day();
    let rule = |rule: RetentionRule, done: String| {
        if retention.is_due(rule, race_day, today) {
            format!("{}: {done}", retention.describe(rule, race_day))
        } else {
            format!(
                "{}: nothing due before {}",
                retention.describe(rule, race_day),
                retention.erases_from(rule, race_day)
            )
        }
    };
    let (entries, documents) = report.documents;
    [
        format!("edition {} as of {today}", policy.edition()),
        rule(
            RetentionRule::Documents,
            format!(
                "erased {} of {}",
                counted(documents, "document", "documents"),
                counted(entries, "entry", "entries")
            ),
        ),
        rule(
            RetentionRule::PersonalData,
            format!(
                "erased the personal data of {} ({})",
                counted(report.personal_data, "entry", "entries"),
                counted(report.searches, "operator's search", "operators' searches")
            ),
        ),
    ]
    .join("\n")
}
