//! `pim serve` and `pim migrate`: the web application and its database.

use anyhow::Context;
use clap::Args;
use pim_store::Store;
use pim_web::{AppState, Settings};

use crate::PolicyArg;
use crate::common::{DatabaseArg, Secret, open_store, runtime, shutdown_signal};
use crate::mail_command::MailArgs;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port)
    #[arg(long, env = "PIM_BIND", default_value = "127.0.0.1:3000")]
    bind: String,
    #[command(flatten)]
    database: DatabaseArg,
    #[command(flatten)]
    policy: PolicyArg,
    /// Public address of the site, for links given out [default: http://BIND]; https:// also
    /// marks cookies Secure
    #[arg(long, env = "PIM_BASE_URL")]
    base_url: Option<String>,
    /// Secret that signs form tokens; give every instance the same one [default: random at
    /// each start, so forms open across a restart must be sent twice]
    #[arg(long, env = "PIM_SECRET", hide_env_values = true)]
    secret: Option<Secret>,
    #[command(flatten)]
    mail: MailArgs,
    /// Registrations one client address may send: 10/min (a burst of 10, then one every 6
    /// s), 5/s, 100/hour, or off (for load tests)
    #[arg(long, env = "PIM_REGISTRATION_RATE_LIMIT", default_value = "10/min")]
    registration_rate_limit: pim_web::RateLimit,
    /// Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For
    /// names the client; without them, the connection's address is the client's
    #[arg(long, env = "PIM_TRUSTED_PROXIES", default_value = "")]
    trusted_proxies: pim_web::TrustedProxies,
    #[command(flatten)]
    limits: LimitArgs,
    /// The first operator (secretariat), created at the first start with no operator; its
    /// password is shown once (on the terminal, or in --first-operator-password-file) and
    /// must be replaced at first sign-in
    #[arg(long, env = "PIM_FIRST_OPERATOR", default_value = "admin@localhost", value_parser = operator_email)]
    first_operator: String,
    /// Where the first operator's password is written, readable only by its owner, when
    /// pim serve runs without a terminal; never into the log
    #[arg(long, env = "PIM_FIRST_OPERATOR_PASSWORD_FILE", default_value = "pim-first-operator.txt")]
    first_operator_password_file: std::path::PathBuf,
    /// Do not run the email dispatcher in this process (run `pim mail dispatch` instead)
    #[arg(long, env = "PIM_NO_DISPATCHER")]
    no_dispatcher: bool,
}

/// What slow or many connections may take; the defaults suit one server on the internet.
#[derive(Args, Debug)]
pub struct LimitArgs {
    /// Seconds a connection has to send each request's head, then it is closed
    #[arg(long, env = "PIM_HEADER_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout_seconds: u64,
    /// Seconds a request has for its body to arrive and its answer to be made, then 408
    #[arg(long, env = "PIM_REQUEST_TIMEOUT_SECONDS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout_seconds: u64,
    /// Connections open at once; a new one beyond them gets a 503 (keep it well under the
    /// process's open-file limit, `ulimit -n`)
    #[arg(long, env = "PIM_MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
    /// Connections open at once from one client address, or off (trusted proxies are
    /// never limited)
    #[arg(long, env = "PIM_CONNECTIONS_PER_ADDRESS", default_value = "128", value_parser = per_address_limit)]
    connections_per_address: PerAddressLimit,
    /// Seconds requests in flight get to finish after SIGTERM or Ctrl-C
    #[arg(long, env = "PIM_SHUTDOWN_SECONDS", default_value_t = 10)]
    shutdown_seconds: u64,
}

fn operator_email(text: &str) -> Result<String, String> {
    let text = text.trim();
    match text.split_once('@') {
        Some((name, domain)) if !name.is_empty() && !domain.is_empty() && !text.contains(char::is_whitespace) => {
            Ok(text.to_lowercase())
        }
        _ => Err(format!("{text:?} is not an email address")),
    }
}

/// A number of connections, or none (`off`).
#[derive(Debug, Clone, Copy)]
struct PerAddressLimit(Option<usize>);

fn per_address_limit(text: &str) -> Result<PerAddressLimit, String> {
    if text.trim().eq_ignore_ascii_case("off") {
        return Ok(PerAddressLimit(None));
    }
    match text.trim().parse::<usize>() {
        Ok(count) if count > 0 => Ok(PerAddressLimit(Some(count))),
        _ => Err(format!("{text:?} is neither a number of connections (1 or more) nor off")),
    }
}

impl LimitArgs {
    fn limits(&self) -> pim_web::ServerLimits {
        let seconds = std::time::Duration::from_secs;
        pim_web::ServerLimits {
            header_timeout: seconds(self.header_timeout_seconds),
            request_timeout: seconds(self.request_timeout_seconds),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            connections_per_address: self.connections_per_address.0,
            shutdown_deadline: seconds(self.shutdown_seconds),
        }
    }

    fn shutdown_deadline(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.shutdown_seconds)
    }
}

#[derive(Args, Debug)]
pub struct MigrateArgs {
    #[command(flatten)]
    database: DatabaseArg,
}

pub fn migrate(args: &MigrateArgs) -> anyhow::Result<()> {
    crate::telemetry::init();
    runtime()?.block_on(async {
        let store = open_store(&args.database).await?;
        store.close().await;
        tracing::info!(database = %args.database.shown(), "migrations applied");
        Ok(())
    })
}

pub fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    crate::telemetry::init();
    let policy = std::sync::Arc::new(args.policy.load()?);
    runtime()?.block_on(async {
        let store = open_store(&args.database).await?;
        // Elite entries stored before ranks existed get theirs from this policy's standards.
        store
            .fill_elite_ranks(&|distance, sex, margin, qualified| {
                pim_domain::elite_rank(&policy, distance, sex, margin, qualified)
            })
            .await?;
        let listener =
            tokio::net::TcpListener::bind(&args.bind).await.with_context(|| format!("listen on {}", args.bind))?;
        let address = listener.local_addr().context("read the listening address")?;
        let base_url = args.base_url.clone().unwrap_or_else(|| format!("http://{address}"));
        let dispatcher = if args.no_dispatcher {
            None
        } else {
            Some(args.mail.dispatcher(store.clone(), policy.clone(), pim_domain::system_clock(), &base_url)?)
        };
        let secret = match args.secret.as_ref().map(Secret::expose).filter(|secret| !secret.is_empty()) {
            Some(secret) => secret.to_owned(),
            None => {
                if store.backend_name() == "postgres" {
                    tracing::warn!(
                        "PIM_SECRET is not set: this instance signs forms with a secret of its own, so other \
                         instances on this database will refuse its forms; give every instance the same PIM_SECRET"
                    );
                }
                random_secret()
            }
        };
        let state = AppState::new(Settings {
            policy: (*policy).clone(),
            store: store.clone(),
            clock: pim_domain::system_clock(),
            secure_cookies: base_url.starts_with("https://"),
            secret,
            base_url: base_url.clone(),
            registration_rate_limit: args.registration_rate_limit,
            trusted_proxies: args.trusted_proxies.clone(),
        });
        let login_url = format!("{base_url}/admin/login");
        crate::operator_command::ensure_first_operator(
            &store,
            &args.first_operator,
            &login_url,
            &args.first_operator_password_file,
        )
        .await?;
        tokio::spawn(crate::background::supervise("session clean-up", {
            let store = store.clone();
            move || delete_expired_sessions(store.clone())
        }));
        tokio::spawn(crate::background::supervise("lapse of unconfirmed entries", {
            let (store, policy) = (store.clone(), policy.clone());
            move || lapse_unconfirmed_entries(store.clone(), policy.clone())
        }));
        tokio::spawn(crate::background::supervise("retention", {
            let (store, policy, eml_folder) = (store.clone(), policy.clone(), args.mail.eml_folder());
            move || erase_on_schedule(store.clone(), policy.clone(), eml_folder.clone())
        }));
        tracing::info!(
            database = %args.database.shown(),
            policy = %args.policy.describe(),
            "PIM Registration is listening on http://{address}: open {base_url}/register"
        );

        // One signal stops both the server (after the requests in flight) and the
        // dispatcher (after the round in progress).
        let (stop, stopped) = tokio::sync::watch::channel(());
        let stop = std::sync::Arc::new(stop);
        let until_stopped = |mut stopped: tokio::sync::watch::Receiver<()>| async move {
            let _ = stopped.changed().await;
        };
        tokio::spawn({
            let stop = stop.clone();
            async move {
                shutdown_signal().await;
                let _ = stop.send(());
            }
        });
        let limits = args.limits.limits();
        let server = {
            let stop = stop.clone();
            let stopped = until_stopped(stopped.clone());
            async move {
                let served = pim_web::serve(listener, state, limits, stopped).await;
                match &served {
                    Ok(()) => tracing::info!("web server stopped"),
                    Err(error) => tracing::error!(%error, "web server failed"),
                }
                let _ = stop.send(());
                served
            }
        };
        // Apart from the server: a panic in the dispatcher restarts it, and stops nothing else.
        // After the stop signal it gets the same deadline as requests in flight; emails it
        // had claimed and not sent are sent again when their lease runs out.
        let deadline = args.limits.shutdown_deadline();
        let dispatching = async move {
            let Some(dispatcher) = dispatcher else { return };
            let stop_signal = until_stopped(stopped.clone());
            let run = crate::background::supervise("email dispatcher", move || {
                dispatcher.clone().run(until_stopped(stopped.clone()))
            });
            tokio::pin!(run);
            tokio::select! {
                () = &mut run => return,
                () = stop_signal => {}
            }
            if tokio::time::timeout(deadline, run).await.is_err() {
                tracing::warn!("the email dispatcher did not stop by the shutdown deadline: stopping without it");
            }
        };
        let (served, ()) = tokio::join!(server, dispatching);
        store.close().await;
        tracing::info!("stopped");
        served.context("serve HTTP")
    })
}

/// Every quarter of an hour, the operators' sessions that have expired are deleted, and
/// wrong passwords and API idempotency keys that no longer count are forgotten.
async fn delete_expired_sessions(store: Store) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(15 * 60));
    loop {
        every.tick().await;
        if let Err(error) = store.delete_expired_sessions().await {
            tracing::warn!(%error, "cannot delete expired sessions");
        }
        let before = time::OffsetDateTime::now_utc() - pim_web::FORGET_FAILURES_AFTER;
        if let Err(error) = store.forget_sign_in_failures(before).await {
            tracing::warn!(%error, "cannot forget old wrong passwords");
        }
        let before = time::OffsetDateTime::now_utc() - pim_web::IDEMPOTENCY_KEY_LIFETIME;
        if let Err(error) = store.forget_idempotency_keys(before).await {
            tracing::warn!(%error, "cannot forget old idempotency keys");
        }
    }
}

/// Every minute, entries whose email address was not confirmed in time lapse, and their
/// places go to the first entries waiting.
async fn lapse_unconfirmed_entries(store: Store, policy: std::sync::Arc<pim_domain::Policy>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        every.tick().await;
        // In rounds, so a backlog does not hold the write connection for long.
        loop {
            match store.lapse_unconfirmed(&policy, time::OffsetDateTime::now_utc(), 100).await {
                Ok(lapsed) if lapsed.is_empty() => break,
                Ok(lapsed) => {
                    tracing::info!(count = lapsed.len(), "entries lapsed: email address not confirmed in time")
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot lapse unconfirmed entries");
                    break;
                }
            }
        }
    }
}

/// The policy's retention, applied at start and then every hour: once race day plus its
/// days have passed, the next check erases what is due, in the database and in the
/// folder of `.eml` files (a check with nothing due reads nothing). Failures are logged
/// and tried again at the next check.
async fn erase_on_schedule(
    store: Store,
    policy: std::sync::Arc<pim_domain::Policy>,
    eml_folder: Option<std::path::PathBuf>,
) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    loop {
        every.tick().await;
        let now = time::OffsetDateTime::now_utc();
        let mut progress = |rule: pim_domain::RetentionRule, batch: pim_store::ErasedBatch| {
            tracing::info!(
                rule = rule.as_str(),
                entries = batch.entries,
                documents = batch.documents,
                "retention erased"
            );
        };
        match crate::retention_command::erase_due(
            &store,
            &policy,
            policy.local_date(now),
            now,
            crate::retention_command::ENTRIES_PER_BATCH,
            &mut progress,
        )
        .await
        {
            Ok(report) if report == pim_store::RetentionReport::default() => {}
            Ok(report) => {
                tracing::info!(documents = report.documents.1, entries = report.personal_data, "retention run done")
            }
            Err(error) => tracing::warn!(%error, "retention run failed; trying again in an hour"),
        }
        let Some(folder) = &eml_folder else { continue };
        match crate::retention_command::erase_eml_files(&policy, policy.local_date(now), folder) {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "retention deleted .eml files"),
            Err(error) => tracing::warn!(%error, "retention cannot delete .eml files; trying again in an hour"),
        }
    }
}

fn random_secret() -> String {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    random.iter().map(|byte| format!("{byte:02x}")).collect()
}
