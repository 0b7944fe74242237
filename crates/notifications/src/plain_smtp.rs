//! Plain SMTP (`smtp://[user:pass@]host[:port]`, no TLS: a relay on the same host or
//! network) on connections opened here, with `TCP_NODELAY`. lettre writes a message and
//! its final dot in two flushed writes; on a socket with Nagle's algorithm the dot waits
//! for the server's delayed ACK, about 40 ms an email. lettre's own pool opens its sockets
//! with no way to set the option, so this pool opens them and hands each to lettre's
//! connection, which speaks SMTP on it. TLS URLs stay with lettre's transport.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::Message;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;

/// How long an idle connection is kept, as lettre's pool does.
const IDLE_LIMIT: Duration = Duration::from_secs(60);
/// An idle connection older than this is asked NOOP before use: the server may have closed
/// it meanwhile, and a message must not be half-sent on a dead connection.
const CHECK_AFTER: Duration = Duration::from_secs(1);

/// A pool of plain SMTP connections to one server.
pub struct PlainSmtp {
    host: String,
    port: u16,
    credentials: Option<Credentials>,
    hello: ClientId,
    connect_timeout: Duration,
    max_idle: usize,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
}

use crate::transport::SendError;

/// What lettre said, as the dispatcher reads it.
fn said(error: lettre::transport::smtp::Error) -> SendError {
    SendError { permanent: error.is_permanent(), message: error.to_string() }
}

/// A failure of the connection itself: worth another attempt later.
fn transient(message: String) -> SendError {
    SendError { permanent: false, message }
}

impl PlainSmtp {
    /// The pool for `url` if it is a plain SMTP URL this pool serves; `None` for any other
    /// (TLS, a HELO name in the path, an IPv6 address), which lettre's transport serves.
    pub fn for_url(url: &str, connect_timeout: Duration, max_idle: usize) -> Option<PlainSmtp> {
        let rest = url.strip_prefix("smtp://")?;
        if rest.contains(['?', '/', '[']) {
            return None;
        }
        let (credentials, address) = match rest.rsplit_once('@') {
            Some((user_info, address)) => {
                let (user, password) = user_info.split_once(':')?;
                let decode =
                    |text: &str| percent_encoding::percent_decode_str(text).decode_utf8().ok().map(String::from);
                (Some(Credentials::new(decode(user)?, decode(password)?)), address)
            }
            None => (None, rest),
        };
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().ok()?),
            None => (address, 25),
        };
        if host.is_empty() {
            return None;
        }
        Some(PlainSmtp {
            host: host.to_owned(),
            port,
            credentials,
            hello: ClientId::default(),
            connect_timeout,
            max_idle: max_idle.max(1),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// Sends `message` on an idle connection or a new one; the connection goes back to the
    /// pool unless it broke.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        let mut connection = self.connection().await?;
        match connection.send(message.envelope(), &message.formatted()).await {
            Ok(_) => {
                if !connection.has_broken() {
                    self.put_back(connection);
                }
                Ok(())
            }
            Err(error) => {
                connection.abort().await;
                Err(said(error))
            }
        }
    }

    async fn connection(&self) -> Result<AsyncSmtpConnection, SendError> {
        while let Some((mut connection, since)) = self.take_idle() {
            let idle = since.elapsed();
            if idle > IDLE_LIMIT || connection.has_broken() {
                continue;
            }
            if idle < CHECK_AFTER || connection.test_connected().await {
                return Ok(connection);
            }
        }
        self.connect().await
    }

    fn take_idle(&self) -> Option<(AsyncSmtpConnection, Instant)> {
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).pop()
    }

    fn put_back(&self, connection: AsyncSmtpConnection) {
        let mut idle = self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < self.max_idle {
            idle.push((connection, Instant::now()));
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let connecting = TcpStream::connect((self.host.as_str(), self.port));
        let stream = tokio::time::timeout(self.connect_timeout, connecting)
            .await
            .map_err(|_| transient("the SMTP server did not accept the connection in time".to_owned()))?
            .map_err(|error| transient(format!("cannot connect to the SMTP server: {error}")))?;
        stream.set_nodelay(true).map_err(|error| transient(error.to_string()))?;
        let mut connection =
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello).await.map_err(said)?;
        if let Some(credentials) = &self.credentials {
            connection.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await.map_err(said)?;
        }
        Ok(connection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(url: &str) -> Option<(String, u16, bool)> {
        PlainSmtp::for_url(url, Duration::from_secs(1), 4).map(|p| (p.host, p.port, p.credentials.is_some()))
    }

    #[test]
    fn plain_smtp_urls_get_connections_of_their_own_and_tls_ones_stay_with_lettre() {
        assert_eq!(pool("smtp://127.0.0.1:2525"), Some(("127.0.0.1".into(), 2525, false)));
        assert_eq!(pool("smtp://relay.example"), Some(("relay.example".into(), 25, false)));
        assert_eq!(pool("smtp://user:p%40ss@relay.example:587"), Some(("relay.example".into(), 587, true)));
        for tls in ["smtp://relay.example:587?tls=required", "smtps://relay.example", "smtp://relay.example/helo.name"]
        {
            assert_eq!(pool(tls), None, "{tls}");
        }
        assert_eq!(pool("smtp://relay.example:notaport"), None, "lettre says what is wrong with it");
    }
}
