//! The server's edge: accepting connections so that no client, however slow or however
//! many its connections, can hold the server. Each connection has a deadline to send
//! its request head; connections are capped in all and per client address, with a 503
//! beyond the cap; and stopping waits for requests in flight only up to a deadline.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::client::TrustedProxies;

/// What one connection and the whole server may take.
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// A connection must send each request's head (line and headers) within this time of
    /// being opened or of its previous answer, or it is closed.
    pub header_timeout: Duration,
    /// A request, its body read and its answer made, must be done within this time, or
    /// it is answered 408.
    pub request_timeout: Duration,
    /// Connections open at once; beyond them a new one gets a 503.
    pub max_connections: usize,
    /// Connections open at once from one client address (not counting trusted proxies,
    /// which carry many clients); `None`: no limit.
    pub connections_per_address: Option<usize>,
    /// After the stop signal, how long requests in flight may take before the server
    /// stops anyway.
    pub shutdown_deadline: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(15),
            max_connections: 4096,
            connections_per_address: Some(128),
            shutdown_deadline: Duration::from_secs(10),
        }
    }
}

/// The answer to a connection beyond a cap, written before anything is read: the server
/// is busy, try again shortly. It carries the headers every answer carries.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: text/plain; charset=utf-8\r\n\
retry-after: 5\r\n\
connection: close\r\n\
cache-control: no-store\r\n\
x-content-type-options: nosniff\r\n\
x-frame-options: DENY\r\n\
referrer-policy: no-referrer\r\n\
content-security-policy: default-src 'none'; frame-ancestors 'none'\r\n\
content-length: 56\r\n\
\r\n\
The server is busy. Please try again in a few seconds.\r\n";

/// How long a refused connection may take to receive the 503.
const BUSY_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// Serves `router` on `listener` until `shutdown` completes; then new connections are
/// refused, idle ones closed, and requests in flight get `limits.shutdown_deadline` to
/// finish.
pub(crate) async fn serve_connections(
    listener: TcpListener,
    router: Router,
    limits: ServerLimits,
    trusted_proxies: TrustedProxies,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = PerAddress::new(limits.connections_per_address, trusted_proxies);
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was
                    // accepted: wait a moment rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(total) = connections.clone().try_acquire_owned() else {
            tracing::warn!(limit = limits.max_connections, "connection refused: the server is at its connection limit");
            tokio::spawn(refuse(stream));
            continue;
        };
        let Some(own) = per_address.admit(peer.ip()) else {
            tracing::warn!(client = %peer.ip(), "connection refused: this address has too many connections open");
            tokio::spawn(refuse(stream));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // An error here is the client's doing (reset, head too slow or malformed):
            // the connection is closed, which is all there is to do.
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed");
            }
            drop((total, own));
        });
    }
    drop(listener);
    tracing::info!(deadline_seconds = limits.shutdown_deadline.as_secs(), "finishing requests in flight");
    if tokio::time::timeout(limits.shutdown_deadline, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still in flight at the shutdown deadline are cut off");
    }
    Ok(())
}

/// Tells a connection beyond a cap to come back later, and closes it.
async fn refuse(mut stream: TcpStream) {
    let _ = tokio::time::timeout(BUSY_WRITE_TIMEOUT, async {
        stream.write_all(BUSY).await?;
        stream.shutdown().await
    })
    .await;
}

/// Connections open per client address.
#[derive(Clone)]
struct PerAddress {
    limit: Option<usize>,
    trusted_proxies: TrustedProxies,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One admitted connection; its address's count goes down when it is dropped.
struct AddressPermit {
    counts: PerAddress,
    address: IpAddr,
}

impl PerAddress {
    fn new(limit: Option<usize>, trusted_proxies: TrustedProxies) -> PerAddress {
        PerAddress { limit, trusted_proxies, open: Arc::default() }
    }

    /// `None` when `address` already has as many connections open as it may.
    fn admit(&self, address: IpAddr) -> Option<Option<AddressPermit>> {
        let Some(limit) = self.limit else { return Some(None) };
        if self.trusted_proxies.trusts(address) {
            return Some(None);
        }
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(address).or_default();
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(Some(AddressPermit { counts: self.clone(), address }))
    }
}

impl Drop for AddressPermit {
    fn drop(&mut self) {
        let mut open = self.counts.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busy_answer_declares_its_length() {
        let text = std::str::from_utf8(BUSY).unwrap();
        let (_, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(text.contains(&format!("content-length: {}\r\n", body.len())));
    }

    #[test]
    fn an_address_gets_its_connections_back_when_they_close() {
        let limits = PerAddress::new(Some(2), TrustedProxies::default());
        let one: IpAddr = "192.0.2.1".parse().unwrap();
        let first = limits.admit(one).unwrap();
        let second = limits.admit(one).unwrap();
        assert!(limits.admit(one).is_none(), "a third connection is refused");
        assert!(limits.admit("192.0.2.2".parse().unwrap()).is_some(), "another address is not");
        drop(first);
        assert!(limits.admit(one).is_some(), "a closed connection frees its place");
        drop(second);
    }

    #[test]
    fn a_trusted_proxy_carries_many_clients_and_is_not_limited() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let limits = PerAddress::new(Some(1), "10.0.0.0/8".parse().unwrap());
        let held: Vec<_> = (0..5).map(|_| limits.admit(proxy).expect("a proxy is not limited")).collect();
        assert_eq!(held.len(), 5);
    }
}
