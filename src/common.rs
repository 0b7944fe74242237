//! What several commands share: the database argument, the async runtime, opening the
//! store, the stop signal, and secrets that never show in logs or `Debug`.

use std::fmt;
use std::str::FromStr;

use anyhow::Context;
use clap::Args;
use pim_store::Store;

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
}

impl DatabaseArg {
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

pub async fn open_store(database: &DatabaseArg) -> anyhow::Result<Store> {
    let store =
        Store::open(database.url.expose()).await.with_context(|| format!("open the database {}", database.shown()))?;
    store.migrate().await.context("apply database migrations")?;
    Ok(store)
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
