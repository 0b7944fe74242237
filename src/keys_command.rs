//! `pim keys`: the data key that seals passports, emergency contacts and documents.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use pim_store::DataKeys;

use crate::common::{DatabaseArg, open_store_with_keys, runtime};
use crate::data_key::{self, KeySource};
use crate::{UsageError, write_stdout};

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Make a new data key (for PostgreSQL, or to choose where it lives): printed, or
    /// written to an owner-only file
    New(NewArgs),
    /// Add a newer encryption key to the data key; servers started with it seal new data
    /// with it (then run `pim keys rotate`)
    Add(DatabaseArg),
    /// Re-seal everything sealed with an older key under the newest, in batches; safe while
    /// servers run, and resumable
    Rotate(DatabaseArg),
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// Write the key to this new file (readable only by you) instead of printing it
    #[arg(long)]
    file: Option<PathBuf>,
}

pub fn run(command: &KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::New(args) => new(args),
        KeysCommand::Add(database) => runtime()?.block_on(add(database)),
        KeysCommand::Rotate(database) => runtime()?.block_on(rotate(database)),
    }
}

fn new(args: &NewArgs) -> anyhow::Result<()> {
    let keys = DataKeys::generate();
    match &args.file {
        None => write_stdout(|out| writeln!(out, "{}", keys.to_text())),
        Some(path) if path.exists() => {
            Err(UsageError(format!("{} exists: a data key is never replaced by a new one", path.display())).into())
        }
        Some(path) => {
            data_key::write_key_file(path, &keys).with_context(|| format!("write {}", path.display()))?;
            eprintln!(
                "wrote a new data key to {} (readable only by you): back it up apart from the database",
                path.display()
            );
            Ok(())
        }
    }
}

async fn add(database: &DatabaseArg) -> anyhow::Result<()> {
    // The key must be the database's before it grows: the store checks it when opened.
    let (keys, source) = database.data_keys().await?;
    open_store_with_keys(database, keys.clone()).await?.close().await;
    let grown = keys.with_new_version();
    let versions: Vec<String> = grown.versions().map(|version| version.to_string()).collect();
    let next = "restart every server with it (from then on they seal with the new key), then run `pim keys rotate`";
    match source {
        KeySource::File(path) => {
            data_key::write_key_file(&path, &grown).with_context(|| format!("write {}", path.display()))?;
            eprintln!("the data key in {} now holds keys {}: {next}", path.display(), versions.join(", "));
            Ok(())
        }
        KeySource::Variable => {
            eprintln!("set {} to the key below (keys {}), {next}", data_key::DATA_KEY_VARIABLE, versions.join(", "));
            write_stdout(|out| writeln!(out, "{}", grown.to_text()))
        }
        KeySource::Ephemeral => Err(UsageError("an in-memory database has no key to add to".to_owned()).into()),
    }
}

async fn rotate(database: &DatabaseArg) -> anyhow::Result<()> {
    let (keys, source) = database.data_keys().await?;
    let newest = keys.newest_version();
    let store = open_store_with_keys(database, keys).await?;
    let mut resealed = (0, 0);
    let mut after_id = 0;
    while let Some(last_id) = {
        let batch = store.reseal_registrations(after_id).await?;
        resealed.0 += batch.resealed;
        batch.last_id
    } {
        after_id = last_id;
    }
    after_id = 0;
    while let Some(last_id) = {
        let batch = store.reseal_documents(after_id).await?;
        resealed.1 += batch.resealed;
        batch.last_id
    } {
        after_id = last_id;
    }
    let (entries_left, documents_left) = store.count_not_under_newest_key().await?;
    store.close().await;
    println!(
        "re-sealed {} entries and {} documents under key {newest} of {}",
        resealed.0,
        resealed.1,
        source.describe()
    );
    if entries_left + documents_left > 0 {
        anyhow::bail!(
            "{entries_left} entries and {documents_left} documents are still under an older key: a server still \
             seals with one (restart it with the key holding key {newest}), then run `pim keys rotate` again"
        );
    }
    println!(
        "everything is sealed with key {newest}; older keys can leave the data key once no backup that needs them \
         is kept"
    );
    Ok(())
}
