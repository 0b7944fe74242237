//! What `pim bench` measures: `/healthz` beside the bare handler, JSON registrations and
//! the whole form path at rising concurrency, and the opening rush with its invariants
//! checked in the database afterwards.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::StatusCode;
use hyper::header::LOCATION;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use pim_domain::Policy;
use serde_json::{Value, json};
use sqlx::Row as _;

use super::load::{Connection, Measured, closed_loop, hidden_value};
use super::server::Server;
use super::{Check, Row};

/// The edition policy with its windows open around today and `places` in the licensed
/// operator's channel (where every bench runner goes).
pub fn policy(places: u32) -> String {
    let today = time::OffsetDateTime::now_utc().date();
    let day = |days: i64| today + time::Duration::days(days);
    let replacements = [
        ("race_day = 2027-04-11".to_owned(), format!("race_day = {}", day(130))),
        ("opens_at = 2026-11-01T00:00:00+09:00".to_owned(), format!("opens_at = {}T00:00:00+09:00", day(-30))),
        (
            "closes = { elite_invitation = 2027-01-10, state_agency = 2027-03-15, licensed_operator = 2027-03-14 }"
                .to_owned(),
            format!(
                "closes = {{ elite_invitation = {}, state_agency = {}, licensed_operator = {} }}",
                day(30),
                day(100),
                day(99)
            ),
        ),
        ("licensed_operator = { total = 500 }".to_owned(), format!("licensed_operator = {{ total = {places} }}")),
    ];
    let mut source = Policy::embedded_default().source().to_owned();
    for (from, to) in replacements {
        assert!(source.contains(&from), "the embedded policy has {from}");
        source = source.replacen(&from, &to, 1);
    }
    source
}

/// Runner `n`'s answers, as the JSON API takes them.
fn api_body(n: u64) -> Bytes {
    let body = json!({
        "given_name": format!("Runner{n}"), "family_name": "Bench", "email": format!("r{n}@example.org"),
        "date_of_birth": "1988-03-09", "sex": "female", "nationality": "DE",
        "passport_number": format!("B{n:09}"), "passport_expiry": "2035-01-01",
        "distance": "half", "category": "amateur",
        "emergency_contact_name": "Jan Bench", "emergency_contact_phone": "+49 30 1234567", "consent": true
    });
    Bytes::from(body.to_string())
}

/// Runner `n`'s answers as the form sends them, with the page's hidden fields.
fn form_body(n: u64, page: &str) -> Bytes {
    let hidden = |name: &str| hidden_value(page, name);
    let fields = [
        ("csrf_token", hidden("csrf_token")),
        ("submission_id", hidden("submission_id")),
        ("language", hidden("language")),
        ("given_name", format!("Runner{n}")),
        ("family_name", "Bench".into()),
        ("email", format!("f{n}@example.org")),
        ("date_of_birth", "1988-03-09".into()),
        ("sex", "female".into()),
        ("nationality", "DE".into()),
        ("passport_number", format!("F{n:09}")),
        ("passport_expiry", "2035-01-01".into()),
        ("distance", "half".into()),
        ("category", "amateur".into()),
        ("emergency_contact_name", "Jan Bench".into()),
        ("emergency_contact_phone", "+49 30 1234567".into()),
        ("consent", "on".into()),
    ];
    let encoded: Vec<String> =
        fields.iter().map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC))).collect();
    Bytes::from(encoded.join("&"))
}

/// One row of the table from a run on `servers` (one service's instances).
pub(super) fn row(scenario: &str, concurrency: Option<usize>, mut measured: Measured, servers: &[Server]) -> Row {
    Row {
        scenario: scenario.to_owned(),
        concurrency,
        requests: measured.latencies.len() as u64 + measured.errors,
        seconds: measured.elapsed.as_secs_f64(),
        rate: measured.rate(),
        p50_ms: measured.quantile_ms(0.5),
        p95_ms: measured.quantile_ms(0.95),
        p99_ms: measured.quantile_ms(0.99),
        p999_ms: measured.quantile_ms(0.999),
        errors: measured.errors,
        // The target is per server: the largest of the instances.
        peak_rss_mib: servers.iter().map(Server::peak_rss_mib).fold(0.0, f64::max),
        server_cpu_us: measured.server_cpu_seconds * 1e6 / (measured.latencies.len().max(1) as f64),
        vs_healthz: None,
        vs_bare: None,
    }
}

/// The CPU time `servers` have used so far, together, in seconds.
fn cpu_seconds(servers: &[Server]) -> f64 {
    servers.iter().map(Server::cpu_seconds).sum()
}

/// `step` on `servers` at each level of concurrency, a row each; the runners of each level
/// are numbered apart, so that their passports differ.
async fn rows_at_levels<F, Fut>(
    name: &str,
    servers: &[Server],
    levels: &[usize],
    duration: Duration,
    step: F,
) -> Vec<Row>
where
    F: Fn(Connection, u64) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = (Connection, bool)> + Send,
{
    let addresses: Vec<_> = servers.iter().map(|server| server.address).collect();
    let mut rows = Vec::new();
    for (level, &concurrency) in levels.iter().enumerate() {
        let offset = level as u64 * 100_000_000;
        let step = step.clone();
        let cpu_before = cpu_seconds(servers);
        let mut measured =
            closed_loop(&addresses, concurrency, duration, move |connection, n| step(connection, offset + n)).await;
        measured.server_cpu_seconds = cpu_seconds(servers) - cpu_before;
        rows.push(row(name, Some(concurrency), measured, servers));
    }
    rows
}

/// `/healthz` of `server` at each level.
pub async fn healthz_rows(name: &str, server: &Server, levels: &[usize], duration: Duration) -> Vec<Row> {
    rows_at_levels(name, std::slice::from_ref(server), levels, duration, |mut connection: Connection, _| async move {
        let ok = matches!(connection.get("/healthz").await, Ok(answer) if answer.status == StatusCode::OK);
        (connection, ok)
    })
    .await
}

/// JSON registrations at each level, named `name`.
pub async fn api_rows(name: &str, servers: &[Server], levels: &[usize], duration: Duration) -> Vec<Row> {
    rows_at_levels(name, servers, levels, duration, |mut connection: Connection, n| async move {
        let answer = connection.post("/api/v1/registrations", "application/json", api_body(n)).await;
        let ok = matches!(answer, Ok(answer) if answer.status == StatusCode::CREATED);
        (connection, ok)
    })
    .await
}

/// The form path at each level: the form, its answers sent, the confirmation the
/// redirect leads to.
pub async fn form_rows(name: &str, servers: &[Server], levels: &[usize], duration: Duration) -> Vec<Row> {
    rows_at_levels(name, servers, levels, duration, |mut connection: Connection, n| async move {
        let ok = register_through_the_form(&mut connection, n).await.unwrap_or(false);
        (connection, ok)
    })
    .await
}

async fn register_through_the_form(connection: &mut Connection, n: u64) -> anyhow::Result<bool> {
    let form = connection.get("/register").await?;
    if form.status != StatusCode::OK {
        return Ok(false);
    }
    let body = form_body(n, std::str::from_utf8(&form.body)?);
    let sent = connection.post("/register", "application/x-www-form-urlencoded", body).await?;
    let Some(location) = sent.headers.get(LOCATION).and_then(|value| value.to_str().ok()) else { return Ok(false) };
    if sent.status != StatusCode::SEE_OTHER {
        return Ok(false);
    }
    Ok(connection.get(location).await?.status == StatusCode::OK)
}

/// What one rush submission was answered.
struct Reply {
    reference: String,
    status: String,
    waitlist_position: Option<u64>,
}

/// An opening rush: `submissions` from `connections` connections released at once, for
/// `places` places.
#[derive(Clone, Copy)]
pub struct RushSize {
    pub connections: usize,
    pub submissions: usize,
    pub places: u32,
}

/// The rush on `servers` (one service's instances on `database`), its connections shared
/// out among them: its row, named `name`, and the invariants checked in the database
/// afterwards.
pub async fn rush(
    name: &str,
    servers: &[Server],
    database: &str,
    RushSize { connections, submissions, places }: RushSize,
) -> anyhow::Result<(Row, Vec<Check>)> {
    let per_connection = submissions / connections;
    let start = Arc::new(tokio::sync::Barrier::new(connections + 1));
    let workers: Vec<_> = (0..connections)
        .map(|c| {
            let (start, address) = (start.clone(), servers[c % servers.len()].address);
            tokio::spawn(async move {
                let mut connection = Connection::open(address).await;
                start.wait().await;
                let mut measured = Measured::default();
                let mut replies = Vec::new();
                for i in 0..per_connection {
                    let n = 900_000_000 + (c * per_connection + i) as u64;
                    let sent = Instant::now();
                    let answer = match &mut connection {
                        Ok(connection) => {
                            connection.post("/api/v1/registrations", "application/json", api_body(n)).await
                        }
                        Err(_) => Err(anyhow::anyhow!("no connection")),
                    };
                    let reply = answer.ok().filter(|answer| answer.status == StatusCode::CREATED).and_then(|answer| {
                        let value: Value = serde_json::from_slice(&answer.body).ok()?;
                        Some(Reply {
                            reference: value["reference"].as_str()?.to_owned(),
                            status: value["status"].as_str()?.to_owned(),
                            waitlist_position: value["waitlist_position"].as_u64(),
                        })
                    });
                    match reply {
                        Some(reply) => {
                            measured.latencies.push(sent.elapsed());
                            replies.push(reply);
                        }
                        None => measured.errors += 1,
                    }
                }
                (measured, replies)
            })
        })
        .collect();
    start.wait().await;
    let released = Instant::now();
    let cpu_before = cpu_seconds(servers);
    let mut measured = Measured::default();
    let mut replies = Vec::new();
    for worker in workers {
        let (one, theirs) = worker.await?;
        measured.add(one);
        replies.extend(theirs);
    }
    measured.elapsed = released.elapsed();
    measured.server_cpu_seconds = cpu_seconds(servers) - cpu_before;
    let row = row(name, Some(connections), measured, servers);
    let checks = rush_checks(name, database, &row, &replies, submissions, places).await?;
    Ok((row, checks))
}

async fn rush_checks(
    name: &str,
    database: &str,
    row: &Row,
    replies: &[Reply],
    submissions: usize,
    places: u32,
) -> anyhow::Result<Vec<Check>> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database).await?;
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { anyhow::Ok(sqlx::query(sql).fetch_one(&pool).await?.get::<i64, _>(0)) }
    };
    let held = count(
        "SELECT COUNT(*) FROM registrations WHERE status IN \
         ('submitted', 'information_requested', 'information_provided', 'accepted', 'invited')",
    )
    .await?;
    let stored: BTreeSet<String> = sqlx::query("SELECT reference FROM registrations")
        .fetch_all(&pool)
        .await?
        .iter()
        .map(|row| row.get::<String, _>(0))
        .collect();
    let without_one_email = count(
        "SELECT COUNT(*) FROM registrations r WHERE (SELECT COUNT(*) FROM outbox o WHERE o.registration_id = r.id) <> 1",
    )
    .await?;
    pool.close().await;
    let holding = replies.iter().filter(|reply| reply.status == "submitted").count();
    let mut positions: Vec<u64> = replies.iter().filter_map(|reply| reply.waitlist_position).collect();
    positions.sort_unstable();
    let waiting = positions.len() as u64;
    let check = |what: &str, passed: bool, detail: String| Check { name: format!("{name}: {what}"), passed, detail };
    Ok(vec![
        check("every submission answered, none failed", row.errors == 0, format!("{} failed", row.errors)),
        check(
            "exactly the places there are held",
            held == i64::from(places) && holding == places as usize,
            format!("{held} held in the database, {holding} answered as holding one, of {places}"),
        ),
        check(
            "waiting positions 1..N without gaps",
            positions.iter().copied().eq(1..=waiting),
            format!("{waiting} waiting, positions {:?}..{:?}", positions.first(), positions.last()),
        ),
        check(
            "every acknowledged reference stored",
            replies.iter().all(|reply| stored.contains(&reply.reference)) && stored.len() == replies.len(),
            format!("{} acknowledged of {submissions}, {} stored", replies.len(), stored.len()),
        ),
        check(
            "one email queued per entry",
            without_one_email == 0,
            format!("{without_one_email} entries without exactly one"),
        ),
    ])
}

/// `count` registrations through the API from 64 connections, runner `n` answering
/// `body(n)`: the outbox then holds one email for each.
pub(super) async fn seed(server: &Server, count: u64, body: fn(u64) -> Bytes) -> anyhow::Result<()> {
    let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let workers: Vec<_> = (0..64)
        .map(|_| {
            let (next, address) = (next.clone(), server.address);
            tokio::spawn(async move {
                let mut connection = Connection::open(address).await?;
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if n >= count {
                        return anyhow::Ok(());
                    }
                    let answer = connection.post("/api/v1/registrations", "application/json", body(n)).await?;
                    anyhow::ensure!(answer.status == StatusCode::CREATED, "seeding: {}", answer.status);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await??;
    }
    Ok(())
}

/// `emails` queued (one per registration) in `database` (the bench's SQLite file if
/// `None`), then drained by `dispatchers` runs of `pim mail dispatch --once` side by side
/// to a loopback SMTP sink: its row (`name`), and whether each arrived exactly once.
pub async fn mail(
    name: &str,
    dir: &Path,
    policy: &Path,
    database: Option<&str>,
    dispatchers: usize,
    emails: u64,
) -> anyhow::Result<(Row, Vec<Check>)> {
    let database = database.map_or_else(|| super::server::sqlite_url(dir), str::to_owned);
    let server = Server::pim_on(dir, policy, &database, "serve")?;
    seed(&server, emails, api_body).await?;
    drop(server);
    let sink = super::smtp_sink::SmtpSink::start().await?;
    let began = Instant::now();
    let mut running = (0..dispatchers)
        .map(|i| {
            let mut dispatch = std::process::Command::new(std::env::current_exe()?);
            dispatch
                .current_dir(dir)
                .args(["mail", "dispatch", "--once", "--database", &database])
                .args(["--smtp-url", &format!("smtp://{}", sink.address)])
                .env("PIM_POLICY", policy)
                .env("RUST_LOG", "warn")
                .stdout(std::process::Stdio::null())
                .stderr(std::fs::File::create(dir.join(format!("dispatch-{}.log", i + 1)))?);
            super::server::pass_data_key(&mut dispatch, dir);
            Ok(dispatch.spawn()?)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut peak_rss_mib: f64 = 0.0;
    let mut statuses = Vec::new();
    while statuses.len() < running.len() {
        statuses.clear();
        for dispatch in &mut running {
            match dispatch.try_wait()? {
                Some(status) => statuses.push(status),
                None => peak_rss_mib = peak_rss_mib.max(super::server::memory_mib(dispatch.id(), "VmHWM:")),
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = statuses.iter().find(|status| !status.success()).copied().unwrap_or(statuses[0]);
    let elapsed = began.elapsed();
    let (received, distinct) = sink.counts();
    let row = Row {
        scenario: name.to_owned(),
        concurrency: None,
        requests: received,
        seconds: elapsed.as_secs_f64(),
        rate: received as f64 / elapsed.as_secs_f64(),
        p50_ms: 0.0,
        p95_ms: 0.0,
        p99_ms: 0.0,
        p999_ms: 0.0,
        errors: emails.saturating_sub(distinct),
        peak_rss_mib,
        server_cpu_us: 0.0,
        vs_healthz: None,
        vs_bare: None,
    };
    let check = Check {
        name: format!("{name}: every queued email delivered, each once"),
        passed: status.success() && distinct == emails && received == emails,
        detail: format!("{received} received, {distinct} distinct, of {emails} queued ({status})"),
    };
    Ok((row, vec![check]))
}
