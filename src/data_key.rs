//! Where the data key comes from: `PIM_DATA_KEY` (the key text itself), the file named by
//! `PIM_DATA_KEY_FILE` (or `--data-key-file`), or, on the embedded default, a key file
//! beside the SQLite file, made at the first start. A database that holds sealed data is
//! never given a new key: a missing key file is an error, not a fresh start.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use pim_store::{DataKeys, Store};

use crate::UsageError;

/// The variable holding the key text itself (a file is better: the environment of a
/// process is readable by more than its owner on some systems).
pub const DATA_KEY_VARIABLE: &str = "PIM_DATA_KEY";

/// What the first line of a key file says.
const KEY_FILE_HEADER: &str = "# PIM data key: it opens the passports, emergency contacts and documents in the \
     database.\n# Keep it secret, and back it up apart from the database: neither is any use without the other.\n";

/// Where the keys in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Variable,
    File(PathBuf),
    /// An in-memory database: keys that live as long as it.
    Ephemeral,
}

impl KeySource {
    pub fn describe(&self) -> String {
        match self {
            KeySource::Variable => DATA_KEY_VARIABLE.to_owned(),
            KeySource::File(path) => path.display().to_string(),
            KeySource::Ephemeral => "a key for this in-memory database only".to_owned(),
        }
    }
}

/// The data keys for the database at `url`: from the variable, the file named, or (an
/// SQLite file) the file beside it, made if the database holds no sealed data yet.
pub async fn resolve(url: &str, named_file: Option<&Path>) -> anyhow::Result<(DataKeys, KeySource)> {
    if let Some(text) = std::env::var(DATA_KEY_VARIABLE).ok().filter(|text| !text.trim().is_empty()) {
        let keys = DataKeys::parse(&text).map_err(|e| UsageError(format!("{DATA_KEY_VARIABLE}: {e}")))?;
        return Ok((keys, KeySource::Variable));
    }
    if let Some(path) = named_file {
        return Ok((read_key_file(path)?, KeySource::File(path.to_owned())));
    }
    let Some(database_file) = sqlite_file(url) else {
        if is_in_memory(url) {
            return Ok((DataKeys::generate(), KeySource::Ephemeral));
        }
        return Err(UsageError(format!(
            "the database needs its data key: set PIM_DATA_KEY_FILE to a key file (`pim keys new --file FILE` \
             makes one; give every instance the same) or {DATA_KEY_VARIABLE} to the key itself"
        ))
        .into());
    };
    let path = key_file_beside(&database_file);
    if path.exists() {
        return Ok((read_key_file(&path)?, KeySource::File(path)));
    }
    if database_file.exists() && Store::knows_data_keys(url).await.context("read the database's data keys")? {
        bail!(
            "the database {} holds data sealed with a data key, and its key file {} is missing: restore the key \
             file from your backup (or name it with PIM_DATA_KEY_FILE); a new key would not open the data, so \
             none is made",
            database_file.display(),
            path.display()
        );
    }
    let keys = DataKeys::generate();
    write_key_file(&path, &keys).with_context(|| format!("write the new data key file {}", path.display()))?;
    tracing::warn!(
        key_file = %path.display(),
        "made a data key for this database, readable only by you: back it up apart from the database, which \
         cannot be read without it"
    );
    Ok((keys, KeySource::File(path)))
}

pub fn read_key_file(path: &Path) -> anyhow::Result<DataKeys> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read the data key file {}: {e}", path.display())))?;
    DataKeys::parse(&text).map_err(|e| UsageError(format!("{}: {e}", path.display())).into())
}

/// Writes `keys` to `path`, readable only by its owner, whole or not at all: through a
/// temporary file beside it, synced, then renamed over it.
pub fn write_key_file(path: &Path, keys: &DataKeys) -> anyhow::Result<()> {
    let temporary = with_suffix(path, ".new");
    crate::common::write_owner_only(&temporary, &format!("{KEY_FILE_HEADER}{}\n", keys.to_text()))?;
    std::fs::rename(&temporary, path)?;
    Ok(())
}

/// The key file that goes with an SQLite database file: its name with `.key` added.
fn key_file_beside(database: &Path) -> PathBuf {
    with_suffix(database, ".key")
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The file of an SQLite URL (`sqlite://FILE`, `sqlite:FILE`, or a plain path, options
/// after `?` left out); `None` for PostgreSQL and in-memory databases.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    if pim_store::is_postgres_url(url) || is_in_memory(url) {
        return None;
    }
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

fn is_in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_of_an_sqlite_database_is_beside_it() {
        let beside = |url| sqlite_file(url).map(|file| key_file_beside(&file));
        assert_eq!(beside("sqlite://pim.db"), Some(PathBuf::from("pim.db.key")));
        assert_eq!(beside("sqlite:///var/lib/pim/pim.db?mode=rwc"), Some(PathBuf::from("/var/lib/pim/pim.db.key")));
        assert_eq!(beside("data/pim.db"), Some(PathBuf::from("data/pim.db.key")));
        assert_eq!(beside("sqlite::memory:"), None);
        assert_eq!(beside("postgres://pim@db/pim"), None);
    }
}
