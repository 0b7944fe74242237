//! Slow or many connections cannot hold the server: each must send its request head in
//! time, connections are capped in all and per address with a clear 503, a stalled body
//! gets a 408, and stopping waits for requests in flight only up to a deadline.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use pim_domain::Policy;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::app::{Limits, OPEN_DAY, TestApp, fresh_database, spawn_app_limited};

/// A `pim serve` of the test's own, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    _db: pim_test_database::TestDatabase,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    async fn start(args: &[&str]) -> Server {
        let db = fresh_database("slow-clients").await;
        let args = [&["--no-dispatcher", "--connections-per-address", "off"], args].concat();
        let crate::helpers::PimServe { child, url, log, .. } = crate::helpers::start_pim_serve(db.url(), &args);
        std::thread::spawn(move || std::io::copy(&mut { log }, &mut std::io::sink()));
        Server { child, url, _db: db }
    }

    fn socket_address(&self) -> SocketAddr {
        self.url.trim_start_matches("http://").parse().expect("a socket address")
    }
}

fn socket_address(app: &TestApp) -> SocketAddr {
    app.address.trim_start_matches("http://").parse().expect("a socket address")
}

/// A connection that has sent the start of a request head and then nothing more.
fn half_open(address: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: pim\r\n").expect("write the start of a head");
    stream
}

/// Whether the server has closed `stream` (end of file or reset) within `wait`.
fn is_closed(stream: &mut TcpStream, wait: Duration) -> bool {
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut buffer = [0u8; 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return false,
            Err(_) => return true,
        }
    }
}

async fn healthz(url: &str) -> reqwest::StatusCode {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(3)).build().unwrap();
    client.get(format!("{url}/healthz")).send().await.expect("/healthz answers").status()
}

/// Sends `request` on a new connection and reads the answer until the server closes.
async fn exchange(address: SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    answer_to(&mut stream, request).await
}

async fn answer_to(stream: &mut tokio::net::TcpStream, request: &[u8]) -> String {
    stream.write_all(request).await.expect("send");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server answers and closes within 10 s");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn half_open_connections_are_closed_after_the_header_timeout_while_the_server_answers_others() {
    let server = Server::start(&["--header-timeout-seconds", "5"]).await;
    let opened = Instant::now();
    let mut connections: Vec<TcpStream> = (0..500).map(|_| half_open(server.socket_address())).collect();

    assert_eq!(healthz(&server.url).await, reqwest::StatusCode::OK, "with 500 half-open connections");
    assert!(opened.elapsed() < Duration::from_secs(5), "checked while they are all still open");

    let still_open = connections
        .iter_mut()
        .map(|stream| is_closed(stream, Duration::from_secs(10)))
        .filter(|closed| !closed)
        .count();
    assert_eq!(still_open, 0, "every half-open connection is closed after the header timeout");
    assert_eq!(healthz(&server.url).await, reqwest::StatusCode::OK);
}

#[tokio::test]
async fn sigterm_ends_the_process_within_the_shutdown_deadline_despite_slow_clients() {
    let mut server = Server::start(&[
        "--shutdown-seconds",
        "2",
        "--header-timeout-seconds",
        "120",
        "--request-timeout-seconds",
        "120",
    ])
    .await;
    let _half_open: Vec<TcpStream> = (0..50).map(|_| half_open(server.socket_address())).collect();
    // A request in flight that will never finish: its body never comes.
    let mut in_flight = TcpStream::connect(server.socket_address()).unwrap();
    in_flight
        .write_all(
            b"POST /api/v1/registrations HTTP/1.1\r\nHost: pim\r\nContent-Type: application/json\r\n\
              Content-Length: 5000\r\n\r\n{\"given_name\":",
        )
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let signalled = Instant::now();
    let killed = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(signalled.elapsed() < Duration::from_secs(8), "pim serve still runs 8 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "pim serve exits cleanly: {status}");
    assert!(signalled.elapsed() >= Duration::from_millis(1500), "the request in flight had its deadline");
}

#[tokio::test]
async fn a_connection_beyond_the_cap_is_told_the_server_is_busy_and_when_to_return() {
    let limits = Limits {
        server: pim_web::ServerLimits { max_connections: 3, ..Limits::default().server },
        ..Limits::default()
    };
    let app = spawn_app_limited(Policy::embedded_default(), OPEN_DAY, limits).await;
    let address = socket_address(&app);
    let mut held: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(address).unwrap()).collect();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let answer = exchange(address, b"GET /healthz HTTP/1.1\r\nHost: pim\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.to_lowercase().contains("retry-after: 5"), "{answer}");
    assert!(answer.contains("The server is busy. Please try again in a few seconds."), "{answer}");

    held.pop();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let answer = exchange(address, b"GET /healthz HTTP/1.1\r\nHost: pim\r\nConnection: close\r\n\r\n").await;
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "a closed connection frees its place: {answer}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn one_address_may_hold_only_its_share_of_connections() {
    let limits = Limits {
        server: pim_web::ServerLimits { connections_per_address: Some(2), ..Limits::default().server },
        ..Limits::default()
    };
    let app = spawn_app_limited(Policy::embedded_default(), OPEN_DAY, limits).await;
    let address = socket_address(&app);
    let _held: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(address).unwrap()).collect();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let answer = exchange(address, b"GET /healthz HTTP/1.1\r\nHost: pim\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 503"), "a third connection from 127.0.0.1: {answer}");

    let other = tokio::net::TcpSocket::new_v4().unwrap();
    other.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let mut other = other.connect(address).await.expect("connect from 127.0.0.2");
    let answer = answer_to(&mut other, b"GET /healthz HTTP/1.1\r\nHost: pim\r\nConnection: close\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "another address is not held back: {answer}");
}

const SECURITY_HEADERS: [&str; 5] = [
    "content-security-policy:",
    "x-frame-options: deny",
    "x-content-type-options: nosniff",
    "referrer-policy:",
    "cache-control: no-store",
];

fn assert_security_headers(answer: &str) {
    let head = answer.split("\r\n\r\n").next().unwrap().to_lowercase();
    for header in SECURITY_HEADERS {
        assert!(head.contains(header), "{header} in\n{head}");
    }
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408_with_the_headers_every_answer_carries() {
    let limits = Limits {
        server: pim_web::ServerLimits { request_timeout: Duration::from_secs(1), ..Limits::default().server },
        ..Limits::default()
    };
    let app = spawn_app_limited(Policy::embedded_default(), OPEN_DAY, limits).await;
    let sent = Instant::now();
    let answer = exchange(
        socket_address(&app),
        b"POST /api/v1/registrations HTTP/1.1\r\nHost: pim\r\nContent-Type: application/json\r\n\
          Content-Length: 1000\r\nConnection: close\r\n\r\n{\"given_name\":",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(sent.elapsed() < Duration::from_secs(5));
    assert_security_headers(&answer);
    assert_eq!(app.count_registrations().await, 0);
}

#[tokio::test]
async fn answers_made_by_the_outer_layers_carry_the_security_headers() {
    let app = spawn_app_limited(Policy::embedded_default(), OPEN_DAY, Limits::default()).await;
    let address = socket_address(&app);

    let too_large = exchange(
        address,
        b"POST /api/v1/registrations HTTP/1.1\r\nHost: pim\r\nContent-Type: application/json\r\n\
          Content-Length: 1000000\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(too_large.starts_with("HTTP/1.1 413"), "{too_large}");
    assert_security_headers(&too_large);

    let cross_site = exchange(
        address,
        b"POST /register HTTP/1.1\r\nHost: pim\r\nSec-Fetch-Site: cross-site\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(cross_site.starts_with("HTTP/1.1 403"), "{cross_site}");
    assert_security_headers(&cross_site);

    let busy = {
        let limits = Limits {
            server: pim_web::ServerLimits { max_connections: 1, ..Limits::default().server },
            ..Limits::default()
        };
        let full = spawn_app_limited(Policy::embedded_default(), OPEN_DAY, limits).await;
        let _held = TcpStream::connect(socket_address(&full)).unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        exchange(socket_address(&full), b"GET /healthz HTTP/1.1\r\nHost: pim\r\n\r\n").await
    };
    assert!(busy.starts_with("HTTP/1.1 503"), "{busy}");
    assert_security_headers(&busy);
}
