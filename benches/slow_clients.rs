//! Slow clients against `pim serve`: how `/healthz` answers while thousands of half-open
//! connections are held, how soon the header timeout closes them, and how long SIGTERM
//! takes with a request in flight that never finishes. Prints numbers; asserts nothing
//! about time.
//!
//! `cargo bench --bench slow_clients`

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HALF_OPEN: usize = 2_000;
const HEADER_TIMEOUT_SECONDS: u64 = 10;
const SHUTDOWN_SECONDS: u64 = 3;

/// One `GET /healthz` on a new connection: its status line and how long it took.
fn healthz(port: u16) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: pim\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    (answer.lines().next().unwrap_or("no answer").to_owned(), started.elapsed())
}

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100]),
        ms(times[times.len() - 1])
    )
}

fn main() {
    let directory = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-slow-clients");
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pim"))
        .current_dir(&directory)
        .args(["serve", "--no-dispatcher", "--connections-per-address", "off"])
        .args(["--header-timeout-seconds", &HEADER_TIMEOUT_SECONDS.to_string()])
        .args(["--shutdown-seconds", &SHUTDOWN_SECONDS.to_string()])
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(format!("sqlite://{}", directory.join("pim.db").display()))
        .arg("--mail-dir")
        .arg(directory.join("mail"))
        .env_remove("PIM_POLICY")
        .env("RUST_LOG", "warn")
        .stderr(Stdio::null())
        .spawn()
        .expect("start pim serve");
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }

    let alone: Vec<Duration> = (0..200).map(|_| healthz(port).1).collect();
    println!("/healthz alone: {}", summary(alone));

    let opened_at = Instant::now();
    let mut held: Vec<TcpStream> = (0..HALF_OPEN)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: pim\r\n").unwrap();
            stream
        })
        .collect();
    println!("{HALF_OPEN} half-open connections opened in {:.2} s", opened_at.elapsed().as_secs_f64());
    let answers: Vec<(String, Duration)> = (0..200).map(|_| healthz(port)).collect();
    let ok = answers.iter().filter(|(status, _)| status.starts_with("HTTP/1.1 200")).count();
    println!(
        "/healthz with them held: {ok} of 200 answered 200, {}",
        summary(answers.into_iter().map(|(_, t)| t).collect())
    );

    let mut last_closed = Duration::ZERO;
    for stream in &mut held {
        stream.set_read_timeout(Some(Duration::from_secs(HEADER_TIMEOUT_SECONDS * 3))).unwrap();
        let mut buffer = [0u8; 512];
        while matches!(stream.read(&mut buffer), Ok(n) if n > 0) {}
        last_closed = opened_at.elapsed();
    }
    println!(
        "all {HALF_OPEN} closed by the server {:.1} s after the first was opened (header timeout {HEADER_TIMEOUT_SECONDS} s)",
        last_closed.as_secs_f64()
    );

    let mut in_flight = TcpStream::connect(("127.0.0.1", port)).unwrap();
    in_flight
        .write_all(b"POST /api/v1/registrations HTTP/1.1\r\nHost: pim\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    println!(
        "SIGTERM with a request in flight whose body never comes: exited ({status}) in {:.2} s (deadline {SHUTDOWN_SECONDS} s)",
        signalled.elapsed().as_secs_f64()
    );
}
