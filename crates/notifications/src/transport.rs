//! Where messages go: an SMTP server, or `.eml` files in a folder when none is configured.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::plain_smtp::PlainSmtp;

/// The configured transport.
#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: SmtpTransport,
        server: String,
        /// The most one whole SMTP conversation may take.
        timeout: Duration,
    },
    Files {
        dir: PathBuf,
    },
}

/// Plain SMTP on connections of our own (with `TCP_NODELAY`), or lettre's transport for TLS.
#[derive(Clone)]
pub enum SmtpTransport {
    Plain(Arc<PlainSmtp>),
    Lettre(AsyncSmtpTransport<Tokio1Executor>),
}

/// How the dispatcher talks to an SMTP server.
#[derive(Debug, Clone, Copy)]
pub struct SmtpSettings {
    /// The most one message may take, from connecting to the server's reply to DATA:
    /// a server that accepts and then stays silent costs this, not the dispatcher.
    pub timeout: Duration,
    /// Connections kept open and reused between emails; the dispatcher sends this many
    /// emails at a time.
    pub connections: u32,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings { timeout: Duration::from_secs(30), connections: 4 }
    }
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

impl Mailer {
    /// `smtp://host:port` (plain), `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host:465` (TLS), as lettre reads them.
    pub fn smtp(url: &str, settings: SmtpSettings) -> Result<Mailer, MailerError> {
        let connections = settings.connections.max(1);
        let transport = match PlainSmtp::for_url(url, settings.timeout, connections as usize) {
            Some(plain) => SmtpTransport::Plain(Arc::new(plain)),
            None => SmtpTransport::Lettre(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailerError::Url(e.to_string()))?
                    // lettre bounds the connect with this; `send` bounds the rest.
                    .timeout(Some(settings.timeout))
                    .pool_config(PoolConfig::new().max_size(connections))
                    .build(),
            ),
        };
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
        Ok(Mailer::Smtp { transport, server, timeout: settings.timeout })
    }

    /// Writes each message as `<id>.eml` into `dir`, created if missing, readable by its
    /// owner only: the messages carry private status links.
    pub fn files(dir: impl Into<PathBuf>) -> Result<Mailer, MailerError> {
        let dir = dir.into();
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir).map_err(|e| MailerError::Folder(dir.clone(), e))?;
        Ok(Mailer::Files { dir })
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
            Mailer::Smtp { transport, timeout, .. } => {
                let sending = async {
                    match transport {
                        SmtpTransport::Plain(plain) => plain.send(&message).await,
                        SmtpTransport::Lettre(lettre) => lettre
                            .send(message)
                            .await
                            .map(|_| ())
                            .map_err(|e| SendError { permanent: e.is_permanent(), message: e.to_string() }),
                    }
                };
                match tokio::time::timeout(*timeout, sending).await {
                    Ok(sent) => sent,
                    // The conversation is dropped with its connection; the next email opens another.
                    Err(_) => Err(SendError {
                        permanent: false,
                        message: format!("the SMTP server did not answer within {} s", timeout.as_secs()),
                    }),
                }
            }
            Mailer::Files { dir } => {
                let dir = dir.clone();
                let bytes = message.formatted();
                let written = tokio::task::spawn_blocking(move || write_eml(&dir, &bytes))
                    .await
                    .map_err(|e| SendError { permanent: false, message: e.to_string() })?;
                let path = written.map_err(|e| SendError { permanent: false, message: e.to_string() })?;
                tracing::info!(file = %path.display(), "email written");
                Ok(())
            }
        }
    }
}

/// Writes `<random id>.eml` whole or not at all: into a hidden temporary file first,
/// synced, then renamed, so a crash never leaves an empty or half-written email.
fn write_eml(dir: &std::path::Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|e| std::io::Error::other(e.to_string()))?;
    let id: String = random.iter().map(|byte| format!("{byte:02x}")).collect();
    let temporary = dir.join(format!(".{id}.eml.tmp"));
    let path = dir.join(format!("{id}.eml"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, &path)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eml_file_is_written_whole_and_readable_by_its_owner_only() {
        let dir = std::env::temp_dir().join(format!("pim-eml-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let Mailer::Files { dir } = Mailer::files(&dir).unwrap() else { unreachable!() };
        let path = write_eml(&dir, b"Subject: hello\r\n\r\nbody").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"Subject: hello\r\n\r\nbody");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
