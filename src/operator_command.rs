//! `pim operator`: the organisations' operators, from the command line.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pim_domain::{MIN_PASSWORD_LENGTH, Organisation};
use pim_store::{PasswordChosenBy, Store, StoreError};

use crate::common::{DatabaseArg, open_store, runtime, write_owner_only};
use crate::{UsageError, write_stdout};

#[derive(Subcommand, Debug)]
pub enum OperatorCommand {
    /// Add an operator; prints a generated password unless one comes on stdin
    Add(AddArgs),
    /// List the operators
    List(ListArgs),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    #[arg(long)]
    email: String,
    /// ministry, state_agency, licensed_operator or secretariat
    #[arg(long)]
    organisation: Organisation,
    /// Read the password from the first line of stdin instead of generating one
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    database: DatabaseArg,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    database: DatabaseArg,
}

/// A new password: 20 characters without look-alikes (about 98 bits).
pub fn generate_password() -> String {
    let mut random = [0u8; 20];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    pim_domain::readable_secret(&random)
}

/// Hashes off the async threads: Argon2 takes tens of milliseconds on purpose.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await.context("hash the password")
}

/// Creates the first operator when there is none, so a newcomer can sign in at once. The
/// password never goes into the log, which is not a safe: it is printed on the terminal
/// when there is one, otherwise written to `password_file`, readable only by its owner.
/// Either way it is shown this once, never stored in clear, and must be replaced at first
/// sign-in.
pub async fn ensure_first_operator(
    store: &Store,
    email: &str,
    login_url: &str,
    password_file: &std::path::Path,
) -> anyhow::Result<()> {
    if store.operator_count().await? > 0 {
        return Ok(());
    }
    let email = email.trim().to_lowercase();
    let password = generate_password();
    let hash = hash_password(password.clone()).await?;
    let now = time::OffsetDateTime::now_utc();
    match store.add_operator(&email, Organisation::Secretariat, &hash, PasswordChosenBy::SomeoneElse, now).await {
        // Another instance starting at the same moment made it, and showed its password.
        Err(StoreError::DuplicateOperator) => return Ok(()),
        added => added?,
    };
    let words = format!(
        "The first operator is {email} (secretariat). Sign in at {login_url} with the password {password}\n\
         It is shown only this once; you will choose your own at first sign-in.\n"
    );
    if std::io::stderr().is_terminal() {
        eprint!("{words}");
        tracing::warn!("created the first operator, {email}: its password is shown on the terminal, this once");
    } else {
        write_owner_only(password_file, &words)
            .with_context(|| format!("write the first operator's password to {}", password_file.display()))?;
        tracing::warn!(
            "created the first operator, {email} (secretariat): its password is in {} (readable only by you); \
             sign in at {login_url}, choose your own password, then delete the file",
            password_file.display()
        );
    }
    Ok(())
}

pub fn run(command: &OperatorCommand) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        match command {
            OperatorCommand::Add(args) => add(args).await,
            OperatorCommand::List(args) => list(args).await,
        }
    })
}

async fn add(args: &AddArgs) -> anyhow::Result<()> {
    if !args.email.contains('@') {
        bail!(UsageError(format!("\"{}\" is not an email address", args.email)));
    }
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("read the password from stdin")?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (generate_password(), true)
    };
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        bail!(UsageError(format!("a password has at least {MIN_PASSWORD_LENGTH} characters")));
    }
    let store = open_store(&args.database).await?;
    let hash = hash_password(password.clone()).await?;
    // A generated password has been on a screen: its operator replaces it at first sign-in.
    let chosen_by = if generated { PasswordChosenBy::SomeoneElse } else { PasswordChosenBy::Operator };
    let now = time::OffsetDateTime::now_utc();
    let added = store.add_operator(&args.email, args.organisation, &hash, chosen_by, now).await;
    store.close().await;
    match added {
        Err(StoreError::DuplicateOperator) => bail!(UsageError(format!("an operator {} already exists", args.email))),
        other => other?,
    };
    let mut message = format!("Added {} ({}).\n", args.email.trim().to_lowercase(), args.organisation.label());
    if generated {
        message +=
            &format!("Password: {password}\nIt is shown only this once; they choose their own at first sign-in.\n");
    }
    write_stdout(|out| out.write_all(message.as_bytes()))
}

async fn list(args: &ListArgs) -> anyhow::Result<()> {
    let store = open_store(&args.database).await?;
    let operators = store.operators().await?;
    store.close().await;
    let mut text = String::new();
    for operator in operators {
        let state = if operator.disabled { "disabled" } else { "active" };
        text += &format!("{:<40} {:<18} {state}\n", operator.email, operator.organisation.as_str());
    }
    write_stdout(|out| out.write_all(text.as_bytes()))
}
