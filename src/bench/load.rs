//! The load generator: HTTP/1.1 connections kept alive (one request at a time on each, as
//! a browser tab or an API client sends them), driven from this process, and what they
//! measured.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use hyper::{HeaderMap, Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// How long a request may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// An answer: its status, headers and body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// One client connection to the server, with the cookies it was given.
pub struct Connection {
    address: SocketAddr,
    sender: SendRequest<Full<Bytes>>,
    cookies: Vec<String>,
}

impl Connection {
    pub async fn open(address: SocketAddr) -> anyhow::Result<Connection> {
        let sender = Self::handshake(address).await?;
        Ok(Connection { address, sender, cookies: Vec::new() })
    }

    async fn handshake(address: SocketAddr) -> anyhow::Result<SendRequest<Full<Bytes>>> {
        let stream = TcpStream::connect(address).await.with_context(|| format!("connect to {address}"))?;
        stream.set_nodelay(true)?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(sender)
    }

    pub async fn get(&mut self, path: &str) -> anyhow::Result<Answer> {
        self.send(Method::GET, path, None, Bytes::new()).await
    }

    pub async fn post(&mut self, path: &str, content_type: &'static str, body: Bytes) -> anyhow::Result<Answer> {
        self.send(Method::POST, path, Some(content_type), body).await
    }

    /// Sends a request (reconnecting first if the server closed the connection) and reads
    /// the whole answer; keeps the cookies it sets.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&'static str>,
        body: Bytes,
    ) -> anyhow::Result<Answer> {
        if self.sender.ready().await.is_err() {
            self.sender = Self::handshake(self.address).await?;
        }
        let mut request = Request::builder().method(method).uri(path).header(HOST, "127.0.0.1");
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if !self.cookies.is_empty() {
            request = request.header(COOKIE, self.cookies.join("; "));
        }
        let request = request.body(Full::new(body))?;
        let answer = tokio::time::timeout(REQUEST_TIMEOUT, async {
            let response = self.sender.send_request(request).await?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await?.to_bytes();
            anyhow::Ok(Answer { status: parts.status, headers: parts.headers, body })
        })
        .await
        .context("no answer in time")??;
        for cookie in answer.headers.get_all(SET_COOKIE).iter().filter_map(|value| value.to_str().ok()) {
            let pair = cookie.split(';').next().unwrap_or_default().trim();
            let name = pair.split('=').next().unwrap_or_default();
            self.cookies.retain(|kept| kept.split('=').next() != Some(name));
            self.cookies.push(pair.to_owned());
        }
        Ok(answer)
    }
}

/// What a streamed answer held when it ended or was cut off.
pub struct Streamed {
    pub status: StatusCode,
    pub lines: u64,
    /// The whole body arrived before the deadline.
    pub complete: bool,
}

impl Connection {
    /// GET `path` and read its body as it comes, counting its lines, until its end or
    /// `deadline`. The connection is spent: a body cut off cannot be followed by another
    /// request.
    pub async fn get_streamed(mut self, path: &str, deadline: Instant) -> anyhow::Result<Streamed> {
        self.sender.ready().await?;
        let mut request = Request::builder().method(Method::GET).uri(path).header(HOST, "127.0.0.1");
        if !self.cookies.is_empty() {
            request = request.header(COOKIE, self.cookies.join("; "));
        }
        let response = self.sender.send_request(request.body(Full::new(Bytes::new()))?).await?;
        let status = response.status();
        let mut body = response.into_body();
        let mut lines = 0;
        loop {
            let Ok(frame) = tokio::time::timeout_at(deadline.into(), body.frame()).await else {
                return Ok(Streamed { status, lines, complete: false });
            };
            let Some(frame) = frame else { return Ok(Streamed { status, lines, complete: true }) };
            if let Ok(data) = frame?.into_data() {
                lines += data.iter().filter(|byte| **byte == b'\n').count() as u64;
            }
        }
    }
}

/// What a run measured: each answered request's time, and how many failed.
#[derive(Default)]
pub struct Measured {
    pub latencies: Vec<Duration>,
    pub errors: u64,
    pub elapsed: Duration,
    /// The CPU time the servers used meanwhile, in seconds (0 where not measured).
    pub server_cpu_seconds: f64,
}

impl Measured {
    pub fn add(&mut self, other: Measured) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
    }

    /// Requests answered as expected per second.
    pub fn rate(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `p` quantile (0 to 1) of the latencies, in milliseconds.
    pub fn quantile_ms(&mut self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        self.latencies.sort_unstable();
        let index = ((self.latencies.len() - 1) as f64 * p).round() as usize;
        self.latencies[index].as_secs_f64() * 1000.0
    }
}

/// Runs `step` on `concurrency` connections in a loop until `duration` has passed, each
/// call timed; `step` says whether the answer was the expected one. The connections are
/// shared out in turn among `addresses` (the instances of one service).
pub async fn closed_loop<F, Fut>(addresses: &[SocketAddr], concurrency: usize, duration: Duration, step: F) -> Measured
where
    F: Fn(Connection, u64) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = (Connection, bool)> + Send,
{
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let began = Instant::now();
    let deadline = began + duration;
    let workers: Vec<_> = (0..concurrency)
        .map(|worker| {
            let (step, counter) = (step.clone(), counter.clone());
            let address = addresses[worker % addresses.len()];
            tokio::spawn(async move {
                let mut measured = Measured::default();
                let Ok(mut connection) = Connection::open(address).await else {
                    measured.errors += 1;
                    return measured;
                };
                while Instant::now() < deadline {
                    let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let sent = Instant::now();
                    let (back, ok) = step(connection, n).await;
                    connection = back;
                    if ok {
                        measured.latencies.push(sent.elapsed());
                    } else {
                        measured.errors += 1;
                    }
                }
                measured
            })
        })
        .collect();
    let mut total = Measured::default();
    for worker in workers {
        if let Ok(measured) = worker.await {
            total.add(measured);
        }
    }
    total.elapsed = began.elapsed();
    total
}

/// The value of the hidden field `name` in an HTML page; empty when it has none.
pub fn hidden_value(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    page.split_once(&marker).and_then(|(_, rest)| rest.split_once('"')).map_or("", |(value, _)| value).to_owned()
}
