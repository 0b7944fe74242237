//! The `admin` scenario: the operators' pages on a database of many entries. The entries
//! are a few hundred real registrations (through the API, over three channels) copied in
//! SQL to the size asked for, each copy with its own reference, name, email, secrets and
//! status; then the secretariat signs in and each page is timed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use hyper::StatusCode;
use hyper::header::LOCATION;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::json;
use sqlx::Row as _;

use super::load::{Connection, Measured, hidden_value};
use super::server::Server;
use super::{Check, Row};

/// The real registrations the copies are made of: (nationality, category) of each third.
const TEMPLATES_PER_CHANNEL: u64 = 100;
const OPERATOR: &str = "bench@localhost";
const PASSWORD: &str = "the bench operator's password";

fn template_body(n: u64) -> Bytes {
    let mut body = json!({
        "given_name": format!("Runner{n}"), "family_name": "Bench", "email": format!("r{n}@example.org"),
        "date_of_birth": "1988-03-09", "sex": "male", "nationality": "DE",
        "passport_number": format!("A{n:09}"), "passport_expiry": "2035-01-01",
        "distance": "half", "category": "amateur",
        "emergency_contact_name": "Jan Bench", "emergency_contact_phone": "+49 30 1234567", "consent": true
    });
    match n % 3 {
        0 => {}
        1 => body["nationality"] = json!("CN"),
        _ => {
            for (field, value) in [
                ("nationality", "KE"),
                ("category", "elite"),
                ("distance", "full"),
                ("qualifying_time", "2:09:30"),
                ("qualifying_date", "2026-10-04"),
                ("qualifying_race", "Berlin Marathon 2026"),
                ("qualifying_evidence_url", "https://results.example.org/berlin"),
            ] {
                body[field] = json!(value);
            }
        }
    }
    Bytes::from(body.to_string())
}

/// A reference of the reference alphabet for copy number `n` (an SQL expression).
fn reference_sql(n: &str) -> String {
    let alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    let digit =
        |place: u32| format!("substr('{alphabet}', CAST((({n}) / {}) % 30 + 1 AS INTEGER), 1)", 30_u64.pow(place));
    let first: Vec<String> = (4..8).rev().map(digit).collect();
    let second: Vec<String> = (0..4).rev().map(digit).collect();
    format!("'PIM-' || {} || '-' || {}", first.join(" || "), second.join(" || "))
}

/// Copies the templates until the database (SQLite or PostgreSQL) holds `entries`.
async fn copy_entries(database: &str, templates: u64, entries: u64) -> anyhow::Result<()> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database).await?;
    let postgres = !database.starts_with("sqlite:");
    let columns_sql = if postgres {
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = current_schema() \
         AND table_name = 'registrations' ORDER BY ordinal_position"
    } else {
        "SELECT name FROM pragma_table_info('registrations')"
    };
    let columns: Vec<String> = sqlx::query(columns_sql).fetch_all(&pool).await?.iter().map(|row| row.get(0)).collect();
    // Random hex of 16 bytes, in each dialect.
    let random_hex = if postgres { "md5(random()::text)" } else { "lower(hex(randomblob(16)))" };
    let at_sign = if postgres { "strpos(t.email, '@')" } else { "instr(t.email, '@')" };
    // The copy's number, from the copy round k and the template's id.
    let n = format!("(k * {templates} + t.id)");
    let expression = |column: &str| -> String {
        match column {
            "reference" => reference_sql(&n),
            "status_token_hash" | "email_confirmation_hash" => format!("{random_hex} || {random_hex}"),
            "passport_key" => random_hex.to_owned(),
            "given_name" => format!("'Runner' || {n}"),
            "email" => format!("'r' || {n} || '@example.org'"),
            "search_key" => format!(
                "replace(replace(t.search_key, lower(t.given_name), 'runner' || {n}), \
                 substr(t.email, 1, {at_sign}), 'r' || {n} || '@')"
            ),
            // Most hold a place; a fifth wait, in order; the rest were decided.
            "status" => format!(
                "CASE {n} % 10 WHEN 6 THEN 'accepted' WHEN 7 THEN 'declined' WHEN 8 THEN 'waitlisted' \
                 WHEN 9 THEN 'waitlisted' ELSE 'submitted' END"
            ),
            "waitlist_order" => format!("CASE WHEN {n} % 10 IN (8, 9) THEN {n} END"),
            other => format!("t.{other}"),
        }
    };
    let copied: Vec<&String> = columns.iter().filter(|column| *column != "id").collect();
    let names: Vec<&str> = copied.iter().map(|column| column.as_str()).collect();
    let values: Vec<String> = copied.iter().map(|column| expression(column)).collect();
    let rounds = entries.div_ceil(templates).saturating_sub(1);
    // In rounds of 100 copies of each template: a transaction each, not one huge one.
    let mut k = 1;
    while k <= rounds {
        let last = (k + 99).min(rounds);
        let select = format!(
            "WITH RECURSIVE rounds(k) AS (SELECT CAST({k} AS BIGINT) UNION ALL SELECT k + 1 FROM rounds WHERE k < {last}) \
             SELECT {} FROM rounds, registrations t WHERE t.id <= {templates}",
            values.join(", ")
        );
        let names = names.join(", ");
        let sql = if postgres {
            format!("INSERT INTO registrations ({names}) {select} ON CONFLICT DO NOTHING")
        } else {
            format!("INSERT OR IGNORE INTO registrations ({names}) {select}")
        };
        sqlx::query(&sql).execute(&pool).await.context("copy the entries")?;
        k = last + 1;
    }
    sqlx::query("ANALYZE").execute(&pool).await?;
    pool.close().await;
    Ok(())
}

/// `pim operator add` for the secretariat, with the bench's password.
fn add_operator(dir: &Path, database: &str) -> anyhow::Result<()> {
    let mut command = Command::new(std::env::current_exe()?);
    super::server::pass_data_key(&mut command, dir);
    let mut child = command
        .current_dir(dir)
        .args(["operator", "add", "--email", OPERATOR, "--organisation", "secretariat", "--password-stdin"])
        .args(["--database", database])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    std::io::Write::write_all(&mut child.stdin.take().context("stdin")?, format!("{PASSWORD}\n").as_bytes())?;
    anyhow::ensure!(child.wait()?.success(), "pim operator add failed");
    Ok(())
}

/// Signs the secretariat in on `connection` (its cookies keep the session).
async fn sign_in(connection: &mut Connection) -> anyhow::Result<()> {
    let form = connection.get("/admin/login").await?;
    let csrf = hidden_value(std::str::from_utf8(&form.body)?, "csrf_token");
    let body = [("csrf_token", csrf.as_str()), ("email", OPERATOR), ("password", PASSWORD)]
        .iter()
        .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&");
    let answer = connection.post("/admin/login", "application/x-www-form-urlencoded", Bytes::from(body)).await?;
    anyhow::ensure!(answer.status == StatusCode::SEE_OTHER, "sign-in answered {}", answer.status);
    anyhow::ensure!(answer.headers.get(LOCATION).is_some(), "sign-in led nowhere");
    Ok(())
}

/// `path` asked `times` times, one after another: the page's row.
async fn timed(connection: &mut Connection, name: &str, path: &str, times: usize, server: &Server) -> Row {
    let mut measured = Measured::default();
    let began = Instant::now();
    for _ in 0..times {
        let sent = Instant::now();
        match connection.get(path).await {
            Ok(answer) if answer.status == StatusCode::OK => measured.latencies.push(sent.elapsed()),
            _ => measured.errors += 1,
        }
    }
    measured.elapsed = began.elapsed();
    super::scenarios::row(name, Some(1), measured, std::slice::from_ref(server))
}

/// The admin's pages on `entries` entries in `database` (the bench's SQLite file if
/// `None`): a row each, named after `name`, and the export's.
pub async fn admin(
    name: &str,
    dir: &Path,
    policy: &Path,
    database: Option<&str>,
    entries: u64,
    times: usize,
    export_for: Duration,
) -> anyhow::Result<(Vec<Row>, Vec<Check>)> {
    let templates = 3 * TEMPLATES_PER_CHANNEL;
    let database = database.map_or_else(|| super::server::sqlite_url(dir), str::to_owned);
    let server = Server::pim_on(dir, policy, &database, "serve")?;
    super::scenarios::seed(&server, templates, template_body).await?;
    drop(server);
    let seeding = Instant::now();
    copy_entries(&database, templates, entries).await?;
    let seeded_in = seeding.elapsed();
    add_operator(dir, &database)?;
    let server = Server::pim_on(dir, policy, &database, "serve")?;
    let mut connection = Connection::open(server.address).await?;
    sign_in(&mut connection).await?;

    let first = connection.get("/admin/entries").await?;
    let first = String::from_utf8_lossy(&first.body).into_owned();
    let next = first
        .split_once("class=\"next-page\" href=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(href, _)| href.replace("&amp;", "&"))
        .unwrap_or_else(|| "/admin/entries".to_owned());
    let sought = entries / 2;
    let read = sqlx::AnyPool::connect(&database).await?;
    let reference: String =
        sqlx::query("SELECT reference FROM registrations WHERE id = (SELECT MAX(id) / 2 FROM registrations)")
            .fetch_one(&read)
            .await?
            .get(0);
    let pages = [
        ("@: entries, first page", "/admin/entries".to_owned()),
        ("@: next keyset page", next),
        ("@: a filter", "/admin/entries?channel=state_agency&status=waitlisted".to_owned()),
        ("@: search by name", format!("/admin/entries?q=runner{sought}")),
        ("@: search matching every entry", "/admin/entries?q=example.org".to_owned()),
        ("@: the waiting list, all channels", "/admin/entries?status=waitlisted".to_owned()),
        ("@: an entry page", format!("/admin/entries/{reference}")),
        ("@: dashboard", "/admin/dashboard".to_owned()),
    ];
    let mut rows = Vec::new();
    for (page, path) in &pages {
        rows.push(timed(&mut connection, &page.replace('@', name), path, times, &server).await);
    }
    rows.push(export(name, connection, &server, export_for).await?);
    let counted: i64 = sqlx::query("SELECT COUNT(*) FROM registrations").fetch_one(&read).await?.get(0);
    read.close().await;
    let check = Check {
        name: format!("{name}: the database holds the entries asked for"),
        passed: u64::try_from(counted).unwrap_or(0) >= entries,
        detail: format!("{counted} entries, copied in {:.1} s", seeded_in.as_secs_f64()),
    };
    Ok((rows, vec![check]))
}

/// The CSV export of the licensed operator's channel (a third of the entries), read for at
/// most `export_for`: its rows per second, and the server's memory growth while it ran.
async fn export(name: &str, connection: Connection, server: &Server, export_for: Duration) -> anyhow::Result<Row> {
    let before = server.rss_mib();
    // The server's memory, sampled while the export runs (in KiB).
    let (pid, most) = (server.pid(), Arc::new(AtomicU64::new(0)));
    let sampling = tokio::spawn({
        let most = most.clone();
        async move {
            loop {
                let now = (super::server::memory_mib(pid, "VmRSS:") * 1024.0) as u64;
                most.fetch_max(now, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    });
    let began = Instant::now();
    let streamed = connection.get_streamed("/admin/entries.csv?channel=licensed_operator", began + export_for).await;
    let elapsed = began.elapsed();
    sampling.abort();
    let most = server.rss_mib().max(most.load(Ordering::Relaxed) as f64 / 1024.0);
    let streamed = streamed?;
    let name = if streamed.complete {
        format!("{name}: CSV export, whole")
    } else {
        format!("{name}: CSV export, cut at {} s", export_for.as_secs())
    };
    let rows = streamed.lines.saturating_sub(1);
    Ok(Row {
        scenario: name,
        concurrency: Some(1),
        requests: rows,
        seconds: elapsed.as_secs_f64(),
        rate: rows as f64 / elapsed.as_secs_f64(),
        p50_ms: 0.0,
        p95_ms: 0.0,
        p99_ms: 0.0,
        p999_ms: 0.0,
        errors: u64::from(streamed.status != StatusCode::OK),
        // The growth, not the peak: what the export itself held.
        peak_rss_mib: (most - before).max(0.0),
        server_cpu_us: 0.0,
        vs_healthz: None,
        vs_bare: None,
    })
}
