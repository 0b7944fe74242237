//! `cargo bench --bench registration_rush`: an opening rush against real `pim serve`
//! processes (release build): N runners submit through the JSON API at the same moment
//! for 200 places. On SQLite (a file, `synchronous=FULL`, one instance) and, when
//! `PIM_TEST_POSTGRES_URL` names a PostgreSQL server, on a throw-away database there with
//! one and with two instances (runners spread over them, as by a load balancer). Prints
//! throughput, latency percentiles, each server's peak memory, and checks that exactly
//! the places there are were handed out. Asserts nothing about time.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pim_domain::Policy;
use pim_test_database::{TestDatabase, postgres_server};

/// The data key every instance of a run shares.
static DATA_KEY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| pim_store::DataKeys::generate().to_text());
use serde_json::{Value, json};
use sqlx::Row;
use tokio::sync::Barrier;

const PLACES: u32 = 200;
const RUSHES: [usize; 2] = [2_000, 10_000];

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(directory: &Path, database: &str, name: &str) -> Server {
    let source = Policy::embedded_default().source().replacen(
        "licensed_operator = { total = 500 }",
        &format!("licensed_operator = {{ total = {PLACES} }}"),
        1,
    );
    let policy = directory.join("policy.toml");
    std::fs::write(&policy, source).unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_pim"))
        .current_dir(directory)
        .args(["serve", "--no-dispatcher", "--registration-rate-limit", "off", "--connections-per-address", "off"])
        // A rush of 10,000 opens as many connections at once.
        .args(["--max-connections", "15000"])
        .env("PIM_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database)
        .env("PIM_SECRET", "one secret for every instance")
        .env("PIM_DATA_KEY", DATA_KEY.as_str())
        .env("PIM_POLICY", &policy)
        .env("PIM_MAIL_DIR", directory.join("mail"))
        .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(directory.join(format!("{name}.log"))).unwrap())
        .spawn()
        .expect("start pim serve");
    // Held from here, so the server is stopped (and waited for) whatever happens.
    let server = Server { child, address: format!("http://127.0.0.1:{port}") };
    for _ in 0..300 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("pim serve did not start");
}

/// The server's peak resident memory, from the kernel's own count.
fn peak_memory_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn body(n: usize) -> Value {
    json!({
        "given_name": format!("Runner{n}"), "family_name": "Rush", "email": format!("r{n}@example.org"),
        "date_of_birth": "1988-03-09", "sex": "female", "nationality": "DE",
        "passport_number": format!("R{n:07}"), "passport_expiry": "2031-01-01",
        "distance": "half", "category": "amateur",
        "emergency_contact_name": "Jan Rush", "emergency_contact_phone": "+49 30 1234567", "consent": true
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// N runners at once against `instances` servers on `db`; runner n goes to instance n mod k.
async fn rush(db: &TestDatabase, instances: usize, runners: usize) {
    let label = format!("rush-{}-{instances}x-{runners}", if db.is_postgres() { "postgres" } else { "sqlite" });
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(&label);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    let servers: Vec<Server> =
        (0..instances).map(|i| start_server(&directory, db.url(), &format!("server-{i}"))).collect();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(120)).build().unwrap();
    let start = Arc::new(Barrier::new(runners));
    let began = Instant::now();
    let tasks: Vec<_> = (0..runners)
        .map(|n| {
            let url = format!("{}/api/v1/registrations", servers[n % instances].address);
            let (client, start) = (client.clone(), start.clone());
            tokio::spawn(async move {
                let body = body(n);
                start.wait().await;
                let sent = Instant::now();
                let status = client.post(url).json(&body).send().await.map(|r| r.status().as_u16());
                (status, sent.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(runners);
    let mut failures = 0;
    for task in tasks {
        let (status, latency) = task.await.unwrap();
        if status.ok() != Some(201) {
            failures += 1;
        }
        latencies.push(latency);
    }
    let elapsed = began.elapsed();
    latencies.sort();
    let memory: Vec<String> = servers.iter().map(|s| format!("{:.0}", peak_memory_mib(s.child.id()))).collect();

    let counts: Vec<(String, i64)> = db
        .rows("SELECT status, COUNT(*) AS n FROM registrations GROUP BY status ORDER BY status")
        .await
        .iter()
        .map(|row| (row.get("status"), row.get("n")))
        .collect();
    println!(
        "{label}: {runners} runners at once in {:.2} s, {:.0} registrations/s; latency p50 {:.0} ms, p99 {:.0} ms, \
         max {:.0} ms; {failures} failed; peak memory per server {} MiB; stored {counts:?}",
        elapsed.as_secs_f64(),
        runners as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().unwrap().as_secs_f64() * 1000.0,
        memory.join(" + "),
    );
    let submitted = counts.iter().find(|(s, _)| s == "submitted").map_or(0, |(_, n)| *n);
    assert_eq!(submitted, i64::from(PLACES), "exactly the places there are");
}

#[tokio::main]
async fn main() {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    for runners in RUSHES {
        rush(&TestDatabase::sqlite(&scratch, "rush"), 1, runners).await;
    }
    let Some(server) = postgres_server() else {
        println!("PostgreSQL: skipped (set PIM_TEST_POSTGRES_URL to a server to measure it)");
        return;
    };
    for instances in [1, 2] {
        for runners in RUSHES {
            rush(&TestDatabase::postgres(&server, "rush").await, instances, runners).await;
        }
    }
}
