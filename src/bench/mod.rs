//! `pim bench`: how fast this build is, measured from outside. It starts this same binary
//! as `pim serve` on a fresh SQLite database (`synchronous=FULL`), drives it over loopback
//! from this process with a compiled HTTP/1.1 client, and prints one table, also written
//! as JSON for comparison between runs. Beside it runs a bare axum handler (`pim
//! bench-ceiling`), the ceiling the request stack is measured against. Benchmarks are not
//! tests: the targets are read from the table; only the rush's invariants fail the run.

mod admin;
mod load;
mod scenarios;
mod server;
mod smtp_sink;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde::Serialize;

use server::Server;

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// The scenarios to run (comma-separated); `/healthz` and the bare handler always run,
    /// for the ratios
    #[arg(long, value_delimiter = ',', default_value = "api,form,rush,mail,admin")]
    scenario: Vec<Scenario>,
    /// Small sizes and short runs: checks the invariants in seconds (CI), measures little
    #[arg(long)]
    quick: bool,
    /// Seconds each load level runs [default: 3, or 0.3 with --quick]
    #[arg(long, value_name = "SECONDS")]
    seconds: Option<f64>,
    /// Where the results are written as JSON
    #[arg(long, value_name = "FILE", default_value = "pim-bench.json")]
    json: PathBuf,
    /// Entries the admin scenario's database holds [default: 1,000,000, or 3,000 with --quick]
    #[arg(long, value_name = "N")]
    entries: Option<u64>,
    /// Where the servers' databases and logs go [default: a new folder in the system's temporary folder]
    #[arg(long, value_name = "DIR")]
    work_dir: Option<PathBuf>,
    /// A PostgreSQL server (a `postgres://` URL; its user may create databases): `api`,
    /// `form`, `rush` and `mail` run there too, on a new database each, with one instance (or
    /// dispatcher) and with two, and `admin` with one [default: `DATABASE_URL`, if it names one]
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,
}

impl BenchArgs {
    /// The PostgreSQL server to measure on, if any: `--postgres`, or else `DATABASE_URL`
    /// where it names a PostgreSQL server (it may name the SQLite file `pim serve` uses).
    fn postgres_server(&self) -> anyhow::Result<Option<String>> {
        let is_postgres = |url: &str| url.starts_with("postgres://") || url.starts_with("postgresql://");
        match &self.postgres {
            Some(url) if is_postgres(url) => Ok(Some(url.clone())),
            Some(url) => anyhow::bail!("--postgres {url}: expected a postgres:// URL"),
            None => Ok(std::env::var("DATABASE_URL").ok().filter(|url| is_postgres(url))),
        }
    }
}

/// How many instances of `pim serve` share the database in the PostgreSQL scenarios.
const POSTGRES_INSTANCES: [usize; 2] = [1, 2];

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Scenario {
    Api,
    Form,
    Rush,
    Mail,
    Admin,
}

/// `pim bench-ceiling`: the bare handler's own process.
#[derive(Args, Debug)]
pub struct CeilingArgs {
    #[arg(long)]
    bind: SocketAddr,
}

/// One line of the table.
#[derive(Serialize, Clone, Debug)]
pub struct Row {
    pub scenario: String,
    pub concurrency: Option<usize>,
    pub requests: u64,
    pub seconds: f64,
    /// Answered as expected, per second.
    pub rate: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub errors: u64,
    pub peak_rss_mib: f64,
    /// The servers' CPU time per request answered, in microseconds: steadier than the
    /// rates on a machine shared with others (0 where not measured).
    pub server_cpu_us: f64,
    pub vs_healthz: Option<f64>,
    pub vs_bare: Option<f64>,
}

/// An invariant checked after a scenario.
#[derive(Serialize, Clone, Debug)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    pub detail: String,
}

#[derive(Serialize)]
struct Report {
    started_at: String,
    quick: bool,
    cores: usize,
    rows: Vec<Row>,
    /// The best rate of each scenario with p99 at most 25 ms, and the best at all.
    best: Vec<Best>,
    checks: Vec<Check>,
}

#[derive(Serialize)]
struct Best {
    scenario: String,
    within_25_ms: Option<Row>,
    at_all: Option<Row>,
}

/// Places enough for every runner a scenario sends (but the rush's).
const EVERY_RUNNER: u32 = u32::MAX / 2;

/// The p99 a level must keep to count as the best "within 25 ms".
const P99_TARGET_MS: f64 = 25.0;

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(measure(args))?;
    print_table(&report);
    std::fs::write(&args.json, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("write {}", args.json.display()))?;
    println!("\nwritten to {}", args.json.display());
    let failed: Vec<&Check> = report.checks.iter().filter(|check| !check.passed).collect();
    if !failed.is_empty() {
        anyhow::bail!(
            "{} invariant(s) failed: {}",
            failed.len(),
            failed.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("; ")
        );
    }
    Ok(())
}

pub fn ceiling(args: &CeilingArgs) -> anyhow::Result<()> {
    server::serve_ceiling(args.bind)
}

async fn measure(args: &BenchArgs) -> anyhow::Result<Report> {
    let started_at = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339)?;
    let seconds = args.seconds.unwrap_or(if args.quick { 0.3 } else { 3.0 });
    let duration = Duration::from_secs_f64(seconds);
    let levels: &[usize] = if args.quick { &[8, 32] } else { &[8, 32, 128, 512] };
    let rush_size = if args.quick {
        scenarios::RushSize { connections: 200, submissions: 2_000, places: 50 }
    } else {
        scenarios::RushSize { connections: 2_000, submissions: 20_000, places: 500 }
    };
    let root = match &args.work_dir {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("pim-bench-{}", std::process::id())),
    };
    let fresh = |name: &str| -> anyhow::Result<PathBuf> {
        let dir = root.join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
        Ok(dir)
    };
    let mut rows = Vec::new();
    let mut checks = Vec::new();
    // The scenarios measured at each level, whose best rates the report gives.
    let emails = if args.quick { 300 } else { 10_000 };
    // The admin's entries, and how often each page is asked for.
    let entries = args.entries.unwrap_or(if args.quick { 3_000 } else { 1_000_000 });
    let times = if args.quick { 3 } else { 20 };
    let mut at_levels: Vec<String> = ["pim /healthz", "bare axum /healthz", "api", "form"].map(String::from).into();

    let dir = fresh("healthz")?;
    let bare = Server::ceiling(&dir)?;
    let bare_rows = scenarios::healthz_rows("bare axum /healthz", &bare, levels, duration).await;
    drop(bare);
    let policy = write_policy(&dir, EVERY_RUNNER)?;
    let pim = Server::pim(&dir, &policy)?;
    let healthz_rows = scenarios::healthz_rows("pim /healthz", &pim, levels, duration).await;
    drop(pim);
    let best_rate = |rows: &[Row]| rows.iter().map(|row| row.rate).fold(0.0, f64::max);
    let (bare_rate, healthz_rate) = (best_rate(&bare_rows), best_rate(&healthz_rows));
    rows.extend(bare_rows);
    rows.extend(healthz_rows);

    for scenario in &args.scenario {
        let dir = fresh(&format!("{scenario:?}").to_lowercase())?;
        match scenario {
            Scenario::Api => {
                let policy = write_policy(&dir, EVERY_RUNNER)?;
                let server = Server::pim(&dir, &policy)?;
                rows.extend(scenarios::api_rows("api", &[server], levels, duration).await);
            }
            Scenario::Form => {
                let policy = write_policy(&dir, EVERY_RUNNER)?;
                let server = Server::pim(&dir, &policy)?;
                rows.extend(scenarios::form_rows("form", &[server], levels, duration).await);
            }
            Scenario::Rush => {
                let policy = write_policy(&dir, rush_size.places)?;
                let servers = [Server::pim(&dir, &policy)?];
                let database = format!("{}?mode=ro", server::sqlite_url(&dir));
                let (row, rush_checks) = scenarios::rush("rush", &servers, &database, rush_size).await?;
                rows.push(row);
                checks.extend(rush_checks);
            }
            Scenario::Mail => {
                let policy = write_policy(&dir, EVERY_RUNNER)?;
                let (row, mail_checks) = scenarios::mail("mail", &dir, &policy, None, 1, emails).await?;
                rows.push(row);
                checks.extend(mail_checks);
            }
            Scenario::Admin => {
                let policy = write_policy(&dir, EVERY_RUNNER)?;
                let (admin_rows, admin_checks) =
                    admin::admin("admin", &dir, &policy, None, entries, times, duration * 10).await?;
                rows.extend(admin_rows);
                checks.extend(admin_checks);
            }
        }
    }
    if let Some(postgres) = args.postgres_server()? {
        for scenario in &args.scenario {
            for instances in POSTGRES_INSTANCES {
                // The operators' pages are read: one instance tells their speed.
                if *scenario == Scenario::Admin && instances > 1 {
                    continue;
                }
                // The mail's instances are its dispatchers, side by side on one outbox.
                let what = if *scenario == Scenario::Mail { "dispatcher" } else { "instance" };
                let name = format!(
                    "{} pg, {instances} {what}{}",
                    format!("{scenario:?}").to_lowercase(),
                    if instances == 1 { "" } else { "s" }
                );
                let dir = fresh(&name.replace([' ', ','], ""))?;
                let database = pim_test_database::TestDatabase::try_postgres(&postgres, "bench")
                    .await
                    .with_context(|| format!("create a database for the bench on {postgres}"))?;
                let places = if *scenario == Scenario::Rush { rush_size.places } else { EVERY_RUNNER };
                let policy = write_policy(&dir, places)?;
                if *scenario == Scenario::Admin {
                    let (admin_rows, admin_checks) =
                        admin::admin("admin pg", &dir, &policy, Some(database.url()), entries, times, duration * 10)
                            .await?;
                    rows.extend(admin_rows);
                    checks.extend(admin_checks);
                    continue;
                }
                if *scenario == Scenario::Mail {
                    let (row, mail_checks) =
                        scenarios::mail(&name, &dir, &policy, Some(database.url()), instances, emails).await?;
                    rows.push(row);
                    checks.extend(mail_checks);
                    continue;
                }
                // One after the other: the first creates the schema.
                let servers = (0..instances)
                    .map(|i| Server::pim_on(&dir, &policy, database.url(), &format!("serve-{}", i + 1)))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                if *scenario == Scenario::Api {
                    at_levels.push(name.clone());
                    rows.extend(scenarios::api_rows(&name, &servers, levels, duration).await);
                } else if *scenario == Scenario::Form {
                    at_levels.push(name.clone());
                    rows.extend(scenarios::form_rows(&name, &servers, levels, duration).await);
                } else {
                    let (row, rush_checks) = scenarios::rush(&name, &servers, database.url(), rush_size).await?;
                    rows.push(row);
                    checks.extend(rush_checks);
                }
                // The servers stop before their database is dropped.
                drop(servers);
                drop(database);
            }
        }
    }
    for row in &mut rows {
        row.vs_healthz = (healthz_rate > 0.0).then(|| row.rate / healthz_rate);
        row.vs_bare = (bare_rate > 0.0).then(|| row.rate / bare_rate);
    }
    let best = at_levels
        .iter()
        .filter(|name| rows.iter().any(|row| row.scenario == **name))
        .map(|name| {
            let of: Vec<&Row> = rows.iter().filter(|row| row.scenario == *name).collect();
            let top = |rows: Vec<&Row>| rows.into_iter().max_by(|a, b| a.rate.total_cmp(&b.rate)).cloned();
            Best {
                scenario: (*name).to_owned(),
                within_25_ms: top(of.iter().copied().filter(|row| row.p99_ms <= P99_TARGET_MS).collect()),
                at_all: top(of),
            }
        })
        .collect();
    if args.work_dir.is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
    Ok(Report {
        started_at,
        quick: args.quick,
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        rows,
        best,
        checks,
    })
}

/// The bench's policy, with `places` for its runners, written into `dir`.
fn write_policy(dir: &std::path::Path, places: u32) -> anyhow::Result<PathBuf> {
    let policy = dir.join("policy.toml");
    std::fs::write(&policy, scenarios::policy(places))?;
    Ok(policy)
}

fn print_table(report: &Report) {
    println!(
        "{:<28} {:>5} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>6} {:>8} {:>8} {:>8} {:>6}",
        "scenario",
        "conc",
        "requests",
        "rate/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p99.9 ms",
        "errors",
        "RSS MiB",
        "CPU us",
        "/healthz",
        "/bare"
    );
    let ratio = |value: Option<f64>| value.map_or("-".to_owned(), |v| format!("{v:.2}"));
    for row in &report.rows {
        println!(
            "{:<28} {:>5} {:>8} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>6} {:>8.1} {:>8} {:>8} {:>6}",
            row.scenario,
            row.concurrency.map_or("-".to_owned(), |c| c.to_string()),
            row.requests,
            row.rate,
            row.p50_ms,
            row.p95_ms,
            row.p99_ms,
            row.p999_ms,
            row.errors,
            row.peak_rss_mib,
            if row.server_cpu_us > 0.0 { format!("{:.0}", row.server_cpu_us) } else { "-".to_owned() },
            ratio(row.vs_healthz),
            ratio(row.vs_bare),
        );
    }
    println!();
    for best in &report.best {
        let said = |row: &Option<Row>| {
            row.as_ref().map_or("none".to_owned(), |row| {
                format!("{:.0}/s at {} (p99 {:.1} ms)", row.rate, row.concurrency.unwrap_or(0), row.p99_ms)
            })
        };
        println!(
            "{}: best with p99 <= {P99_TARGET_MS} ms {}; best at all {}",
            best.scenario,
            said(&best.within_25_ms),
            said(&best.at_all)
        );
    }
    for check in &report.checks {
        println!("[{}] {}: {}", if check.passed { "ok" } else { "FAILED" }, check.name, check.detail);
    }
}
