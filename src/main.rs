//! `pim`: the PIM Registration program. This file is wiring: it reads the command line
//! and hands each command to its module.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use pim_domain::Policy;

mod background;
mod bench;
mod common;
mod data_key;
mod keys_command;
mod mail_command;
mod operator_command;
mod policy_command;
mod retention_command;
mod route_command;
mod serve_command;
mod telemetry;

#[derive(Parser)]
#[command(name = "pim", version, about = "PIM Registration: foreign entries to the Pyongyang International Marathon")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application: the registration form, status pages and JSON API
    Serve(Box<serve_command::ServeArgs>),
    /// Apply the database migrations and exit
    Migrate(serve_command::MigrateArgs),
    /// Email: the outbox dispatcher
    #[command(subcommand)]
    Mail(mail_command::MailCommand),
    /// The organisations' operators
    #[command(subcommand)]
    Operator(operator_command::OperatorCommand),
    /// Decide which organisation handles an applicant, and why (prints JSON)
    Route(route_command::RouteArgs),
    /// The edition policy: who goes where, standards, ages, fees
    #[command(subcommand)]
    Policy(policy_command::PolicyCommand),
    /// The data key that seals passports, emergency contacts and documents
    #[command(subcommand)]
    Keys(keys_command::KeysCommand),
    /// Personal data kept only as long as the policy's retention says
    #[command(subcommand)]
    Retention(retention_command::RetentionCommand),
    /// Measure this build: `pim serve` on a fresh database, driven over loopback (prints a
    /// table, writes JSON)
    Bench(bench::BenchArgs),
    /// The bare axum handler `pim bench` compares with (started by it)
    #[command(hide = true)]
    BenchCeiling(bench::CeilingArgs),
}

/// The policy file option shared by every command that applies the rules.
#[derive(Args, Debug, Clone)]
pub struct PolicyArg {
    /// Edition policy file (TOML); the embedded 2027 policy when not given
    #[arg(long = "policy", value_name = "FILE", env = "PIM_POLICY")]
    path: Option<PathBuf>,
}

impl PolicyArg {
    /// Loads the policy in force. A file that cannot be used is a usage error.
    pub fn load(&self) -> Result<Policy, UsageError> {
        let Some(path) = &self.path else { return Ok(Policy::embedded_default()) };
        let source = std::fs::read_to_string(path)
            .map_err(|e| UsageError(format!("cannot read policy file {}: {e}", path.display())))?;
        Policy::from_toml(&source).map_err(|e| UsageError(format!("policy file {} is not valid:\n{e}", path.display())))
    }

    /// Where the policy in force comes from, for people reading output.
    pub fn describe(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => "embedded default".to_owned(),
        }
    }
}

/// Bad input on the command line or in a file it names: exit status 2, like clap's own.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve_command::serve(&args),
        Command::Migrate(args) => serve_command::migrate(&args),
        Command::Mail(command) => mail_command::run(&command),
        Command::Operator(command) => operator_command::run(&command),
        Command::Route(args) => route_command::run(&args),
        Command::Policy(command) => policy_command::run(&command),
        Command::Keys(command) => keys_command::run(&command),
        Command::Retention(command) => retention_command::run(&command),
        Command::Bench(args) => bench::run(&args),
        Command::BenchCeiling(args) => bench::ceiling(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is::<UsageError>() => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes to stdout; a closed pipe (`pim route --batch | head`) ends quietly.
pub fn write_stdout(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| std::io::Write::flush(&mut out)) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("write to standard output"),
    }
}
