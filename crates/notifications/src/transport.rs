//! Where messages go: an SMTP server, or `.eml` files in a folder when none is configured.

use std::path::PathBuf;
use std::time::Duration;

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// The configured transport.
#[derive(Clone)]
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, server: String },
    Files { transport: AsyncFileTransport<Tokio1Executor>, dir: PathBuf },
}

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("the SMTP URL is not usable: {0}")]
    Url(String),
    #[error("the mail folder {0} cannot be created: {1}")]
    Folder(PathBuf, std::io::Error),
}

/// A message that did not go out, with what the server or the file system said.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub message: String,
    /// The server refused it for good (a 5xx reply), rather than for now.
    pub permanent: bool,
}

/// How long one SMTP conversation may take; the dispatcher's lease is longer.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

impl Mailer {
    /// `smtp://host:port` (plain), `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465` (TLS), as lettre reads them.
    pub fn smtp(url: &str) -> Result<Mailer, MailerError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailerError::Url(e.to_string()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        // Never log credentials: keep the host part only.
        let server = url
            .rsplit('@')
            .next()
            .unwrap_or(url)
            .split('?')
            .next()
            .unwrap_or_default()
            .trim_start_matches("smtp://")
            .trim_start_matches("smtps://")
            .to_owned();
        Ok(Mailer::Smtp { transport, server })
    }

    /// Writes each message as `<id>.eml` into `dir`, created if missing.
    pub fn files(dir: impl Into<PathBuf>) -> Result<Mailer, MailerError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|e| MailerError::Folder(dir.clone(), e))?;
        Ok(Mailer::Files { transport: AsyncFileTransport::new(&dir), dir })
    }

    /// Where messages go, for the log.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp { server, .. } => format!("SMTP server {server}"),
            Mailer::Files { dir, .. } => format!(".eml files in {}", dir.display()),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Mailer::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError { permanent: e.is_permanent(), message: e.to_string() }),
            Mailer::Files { transport, dir } => {
                let id = transport
                    .send(message)
                    .await
                    .map_err(|e| SendError { permanent: false, message: e.to_string() })?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "email written");
                Ok(())
            }
        }
    }
}
