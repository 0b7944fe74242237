//! What several commands share: the database argument, the async runtime, opening the
//! store, the stop signal, and secrets that never show in logs or `Debug`.

use std::fmt;
use std::str::FromStr;

use anyhow::Context;
use clap::Args;

use crate::UsageError;
use pim_store::{DataKeys, Store};

#[derive(Args, Debug)]
pub struct DatabaseArg {
    /// Database URL: sqlite://FILE (the default, created if missing) or
    /// postgres://USER:PASSWORD@HOST:5432/DB
    #[arg(
        long = "database",
        value_name = "URL",
        env = "DATABASE_URL",
        default_value = "sqlite://pim.db",
        hide_env_values = true
    )]
    url: SecretUrl,
    /// The data key's file (it seals passports, emergency contacts and documents); or the
    /// key itself in PIM_DATA_KEY [default for SQLite: beside the database, FILE.key, made
    /// at the first start]
    #[arg(long = "data-key-file", value_name = "FILE", env = "PIM_DATA_KEY_FILE")]
    data_key_file: Option<std::path::PathBuf>,
}

impl DatabaseArg {
    /// The data keys of this database, and where they come from.
    pub async fn data_keys(&self) -> anyhow::Result<(DataKeys, crate::data_key::KeySource)> {
        crate::data_key::resolve(self.url.expose(), self.data_key_file.as_deref()).await
    }

    /// The URL with its password masked, for logs and messages.
    pub fn shown(&self) -> String {
        format!("{:?}", self.url)
    }
}

/// A URL that may carry a password: `Debug` shows it with the password masked.
#[derive(Clone)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for SecretUrl {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(SecretUrl(text.to_owned()))
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&without_password(&self.0))
    }
}

/// A secret (the forms' signing key): `Debug` never shows it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Secret(text.to_owned()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// `scheme://user:password@host/...` as `scheme://user:***@host/...`; anything else as it is.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.rsplit_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("start the async runtime")
}

/// Opens and migrates the database, with its data keys.
pub async fn open_store(database: &DatabaseArg) -> anyhow::Result<Store> {
    let (keys, _) = database.data_keys().await?;
    open_store_with_keys(database, keys).await
}

pub async fn open_store_with_keys(database: &DatabaseArg, keys: DataKeys) -> anyhow::Result<Store> {
    let store = Store::open(database.url.expose(), keys)
        .await
        .with_context(|| format!("open the database {}", database.shown()))?;
    match store.migrate().await {
        Ok(()) => Ok(store),
        Err(error @ pim_store::StoreError::DataKey(_)) => Err(UsageError(error.to_string()).into()),
        Err(error) => Err(error).context("apply database migrations"),
    }
}

/// Writes `text` to a file that only its owner may read.
pub fn write_owner_only(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // An older file of the same name keeps its mode: make it the owner's alone.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Completes on Ctrl-C or SIGTERM; requests in flight then finish.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("interrupted: finishing requests in flight"),
        () = terminate => tracing::info!("terminated: finishing requests in flight"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_password_is_never_shown() {
        assert_eq!(without_password("postgres://pim:s3cret@db:5432/pim"), "postgres://pim:***@db:5432/pim");
        assert_eq!(without_password("postgres://pim:p@ss@db/pim"), "postgres://pim:***@db/pim");
        assert_eq!(without_password("postgres://pim@db/pim"), "postgres://pim@db/pim");
        assert_eq!(without_password("sqlite://pim.db"), "sqlite://pim.db");
    }

    #[test]
    fn debug_output_of_urls_and_secrets_hides_their_passwords() {
        let url: SecretUrl = "smtp://mailer:hunter22@mail.example:587".parse().unwrap();
        assert_eq!(format!("{url:?}"), "smtp://mailer:***@mail.example:587");
        let secret: Secret = "the forms' key".parse().unwrap();
        assert!(!format!("{secret:?}").contains("key"));
    }
}
