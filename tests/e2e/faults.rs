//! Opening day goes wrong: `pim serve` killed at random moments under load, the mail
//! server stopped during a rush, the database's disk full, PostgreSQL restarted. Each
//! time, what was acknowledged is stored, the places add up, no email is lost, and the
//! service comes back by itself.
//!
//! `PIM_KILL_CYCLES` sets how many times the servers are killed (20 by default, as CI
//! runs it; 100 for the long run).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pim_test_database::TestDatabase;
use serde_json::{Value, json};
use sqlx::Row;

use crate::app::{valid_fields, with};
use crate::helpers::{Instance, temp_file};
use crate::instances::postgres_database;
use crate::proxy::Relay;
use crate::rush::{PLACES, rush_policy_toml};
use crate::smtp::SmtpServer;

/// Registrations sent at once by the load.
const WORKERS: usize = 8;

/// Short mail timings, so that a test sees an email retried and a dead dispatcher's
/// emails taken over within seconds, not the production minutes.
const QUICK_MAIL: [&str; 6] =
    ["--mail-first-retry-seconds", "1", "--mail-lease-seconds", "10", "--smtp-timeout-seconds", "2"];

fn kill_cycles() -> usize {
    std::env::var("PIM_KILL_CYCLES").ok().and_then(|n| n.parse().ok()).unwrap_or(20)
}

fn policy_file(label: &str) -> std::path::PathBuf {
    temp_file(&format!("faults-{label}-{}.toml", std::process::id()), &rush_policy_toml())
}

/// Runner `n`'s registration, as the JSON API takes it.
fn registration(n: usize) -> Value {
    let fields = with(
        &valid_fields(),
        &[
            ("passport_number", &format!("F{n:08}")),
            ("given_name", &format!("Runner{n}")),
            ("email", &format!("f{n}@example.org")),
        ],
    );
    let mut body: serde_json::Map<String, Value> = fields.into_iter().map(|(k, v)| (k.to_owned(), json!(v))).collect();
    body.insert("consent".into(), json!(true));
    Value::Object(body)
}

/// What the load was told: the references acknowledged, and how many answers of each kind.
#[derive(Default)]
struct Told {
    acknowledged: Vec<String>,
    /// "201", "503 storage_full", "no answer", …
    answers: BTreeMap<String, usize>,
}

/// Runners registering through the API without pause, `WORKERS` at a time, at whichever
/// instances are up; each registration has a passport of its own.
struct Load {
    targets: Arc<Mutex<Vec<String>>>,
    told: Arc<Mutex<Told>>,
    stop: Arc<AtomicBool>,
    workers: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    fn start(targets: Vec<String>) -> Load {
        let targets = Arc::new(Mutex::new(targets));
        let (told, stop, next): (Arc<Mutex<Told>>, _, _) =
            (Arc::default(), Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
        let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
        let workers = (0..WORKERS)
            .map(|_| {
                let (targets, told, stop, next, client) =
                    (targets.clone(), Arc::clone(&told), stop.clone(), next.clone(), client.clone());
                tokio::spawn(async move {
                    while !stop.load(Ordering::SeqCst) {
                        let n = next.fetch_add(1, Ordering::SeqCst);
                        let target = {
                            let targets = targets.lock().unwrap();
                            (!targets.is_empty()).then(|| targets[n % targets.len()].clone())
                        };
                        let Some(target) = target else {
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        };
                        let sent =
                            client.post(format!("{target}/api/v1/registrations")).json(&registration(n)).send().await;
                        let answer = match sent {
                            Ok(response) if response.status() == 201 => {
                                let reply: Value = response.json().await.unwrap_or_default();
                                match reply["reference"].as_str() {
                                    Some(reference) => {
                                        told.lock().unwrap().acknowledged.push(reference.to_owned());
                                        "201".to_owned()
                                    }
                                    None => "201 without a reference".to_owned(),
                                }
                            }
                            Ok(response) => {
                                let status = response.status().as_u16();
                                let reply: Value = response.json().await.unwrap_or_default();
                                format!("{status} {}", reply["outcome"].as_str().unwrap_or("(not JSON)"))
                            }
                            Err(_) => "no answer".to_owned(),
                        };
                        let failed = answer != "201";
                        *told.lock().unwrap().answers.entry(answer).or_default() += 1;
                        if failed {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                    }
                })
            })
            .collect();
        Load { targets, told, stop, workers }
    }

    fn aim_at(&self, targets: Vec<String>) {
        *self.targets.lock().unwrap() = targets;
    }

    fn answered(&self, answer: &str) -> usize {
        self.told.lock().unwrap().answers.get(answer).copied().unwrap_or(0)
    }

    /// Waits until `answer` has been given `n` times more than now.
    async fn until_answered(&self, answer: &str, n: usize, within: Duration) {
        let (goal, deadline) = (self.answered(answer) + n, Instant::now() + within);
        while self.answered(answer) < goal {
            assert!(Instant::now() < deadline, "not {n} more answers {answer} within {within:?}: {:?}", self.answers());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn answers(&self) -> BTreeMap<String, usize> {
        self.told.lock().unwrap().answers.clone()
    }

    async fn stop(self) -> Told {
        self.stop.store(true, Ordering::SeqCst);
        for worker in self.workers {
            worker.await.unwrap();
        }
        Arc::try_unwrap(self.told).ok().expect("the workers are done").into_inner().unwrap()
    }
}

/// Only these answers may come from a server being killed, restarted or short of a
/// database: an acknowledgement, a clear refusal to try again, or no answer from a
/// process that is gone. Never an error that blames the request.
fn assert_only_clean_answers(told: &Told, allowed: &[&str]) {
    for (answer, n) in &told.answers {
        assert!(answer == "201" || allowed.contains(&answer.as_str()), "{n} answers {answer:?}: {:?}", told.answers);
    }
}

/// A small random generator: each run kills at other moments, and says which seed it used.
struct Moments(u64);

impl Moments {
    fn new() -> Moments {
        let seed: u64 = std::env::var("PIM_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos().into()
        });
        println!("kill moments from seed {seed} (PIM_KILL_SEED={seed} repeats them)");
        Moments(seed | 1)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        // xorshift64
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn delay(&mut self) -> Duration {
        Duration::from_millis(100 + self.below(700))
    }
}

/// What the database holds after the faults: every acknowledged entry; exactly the places
/// there are held, by the first entries, and everyone else waiting in one queue; one email
/// per entry. Returns the stored references.
async fn check_entries(db: &TestDatabase, told: &Told) -> Vec<String> {
    let rows = db.rows("SELECT reference, status, waitlist_order FROM registrations ORDER BY id").await;
    let stored: HashMap<String, String> = rows.iter().map(|row| (row.get("reference"), row.get("status"))).collect();
    let lost: Vec<_> = told.acknowledged.iter().filter(|reference| !stored.contains_key(*reference)).collect();
    assert!(lost.is_empty(), "{} acknowledged entries are not stored, e.g. {:?}", lost.len(), lost.first());
    assert!(told.acknowledged.len() > PLACES, "the load went past the places: {:?}", told.answers);

    let held = stored.values().filter(|status| *status == "submitted").count();
    let waiting = stored.values().filter(|status| *status == "waitlisted").count();
    assert_eq!(held, PLACES.min(stored.len()), "exactly the places there are are held");
    assert_eq!(held + waiting, stored.len(), "every other entry waits");
    let mut queue: Vec<i64> = rows.iter().filter_map(|row| row.get::<Option<i64>, _>("waitlist_order")).collect();
    assert_eq!(queue.len(), waiting, "each waiting entry has its place in the queue");
    queue.sort_unstable();
    queue.dedup();
    assert_eq!(queue.len(), waiting, "no two entries share a place in the queue");

    let without_one_email = db
        .number(
            "SELECT COUNT(*) FROM registrations r WHERE (SELECT COUNT(*) FROM outbox o WHERE o.registration_id = r.id) <> 1",
        )
        .await;
    assert_eq!(without_one_email, 0, "each entry has its one email in the outbox");
    rows.iter().map(|row| row.get("reference")).collect()
}

/// Waits until the outbox has sent everything, then checks that each of `references` got
/// its email, more than once only after a fault, and always with the same Message-ID.
/// Returns how many were sent twice.
async fn check_emails(db: &TestDatabase, smtp: &SmtpServer, references: &[String], at_most: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(120);
    while db.number("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").await > 0 {
        assert!(Instant::now() < deadline, "emails still unsent after 2 minutes");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut ids_by_reference: HashMap<String, Vec<String>> = HashMap::new();
    for message in smtp.received() {
        let message = mail_parser::MessageParser::default().parse(&message).expect("a parsable email");
        let id = message.message_id().expect("each email has a Message-ID").to_owned();
        // pim.OUTBOX-ID.REFERENCE@DOMAIN
        let reference = id.split('.').nth(2).and_then(|rest| rest.split('@').next()).expect("a reference").to_owned();
        ids_by_reference.entry(reference).or_default().push(id);
    }
    let mut twice = 0;
    for reference in references {
        let ids = ids_by_reference.get(reference).unwrap_or_else(|| panic!("{reference} got no email"));
        assert!(ids.len() <= at_most, "{reference} got {} emails", ids.len());
        assert!(ids.iter().all(|id| *id == ids[0]), "a repeated email has the same Message-ID: {ids:?}");
        twice += usize::from(ids.len() > 1);
    }
    assert_eq!(ids_by_reference.len(), references.len(), "no email for an entry that is not stored");
    twice
}

/// Kills `pim serve` (SIGKILL) again and again under load on `db`, over `instances`
/// processes, and restarts it each time; then checks entries and emails.
async fn kill_again_and_again(db: &TestDatabase, instances: usize) {
    let smtp = SmtpServer::start(0);
    let policy = policy_file("kill");
    let start = || Instance::start_with(db.url(), &policy, &smtp.url(), &QUICK_MAIL);
    let mut running: Vec<Instance> = (0..instances).map(|_| start()).collect();
    let load = Load::start(running.iter().map(|i| i.address.clone()).collect());
    let mut moments = Moments::new();
    let cycles = kill_cycles();
    let started = Instant::now();
    for _ in 0..cycles {
        tokio::time::sleep(moments.delay()).await;
        // One instance at random, now and then all of them.
        let all = instances > 1 && moments.below(4) == 0;
        let victims: Vec<usize> =
            if all { (0..instances).collect() } else { vec![moments.below(instances as u64) as usize] };
        for &k in victims.iter().rev() {
            let victim = running.remove(k);
            load.aim_at(running.iter().map(|i| i.address.clone()).collect());
            tokio::task::block_in_place(|| victim.kill());
        }
        for _ in &victims {
            running.push(tokio::task::block_in_place(start));
        }
        load.aim_at(running.iter().map(|i| i.address.clone()).collect());
    }
    // Some registrations after the last restart, then stop.
    load.until_answered("201", 20, Duration::from_secs(60)).await;
    let told = load.stop().await;
    println!(
        "{cycles} kills over {instances} instance(s) in {:.1} s: {} acknowledged, answers {:?}",
        started.elapsed().as_secs_f64(),
        told.acknowledged.len(),
        told.answers
    );
    assert_only_clean_answers(&told, &["no answer", "503 error"]);
    let references = check_entries(db, &told).await;
    // An email whose sending was cut by a kill is sent again: more than twice would take
    // two kills during the same email's few milliseconds.
    let twice = check_emails(db, &smtp, &references, cycles).await;
    println!("{} entries, {twice} emails sent twice", references.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pim_serve_killed_at_random_moments_on_sqlite_loses_nothing_it_acknowledged() {
    let db = TestDatabase::sqlite(env!("CARGO_TARGET_TMPDIR").as_ref(), "faults-kill");
    kill_again_and_again(&db, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_killed_at_random_moments_on_postgres_lose_nothing_they_acknowledged() {
    let Some(db) = postgres_database("faults-kill").await else { return };
    kill_again_and_again(&db, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mail_server_stopped_during_a_rush_and_started_again_gets_every_email_at_most_twice() {
    let db = crate::app::fresh_database("faults-smtp").await;
    let smtp = SmtpServer::start(0);
    let relay = Relay::start(&format!("127.0.0.1:{}", smtp.port)).await;
    let relayed = format!("smtp://127.0.0.1:{}", relay.port);
    let server =
        tokio::task::block_in_place(|| Instance::start_with(db.url(), &policy_file("smtp"), &relayed, &QUICK_MAIL));
    let load = Load::start(vec![server.address.clone()]);

    // The rush is on and its emails are going out when the mail server stops...
    let deadline = Instant::now() + Duration::from_secs(60);
    while smtp.received().len() < 30 {
        assert!(Instant::now() < deadline, "no emails sent within a minute");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    relay.down();
    // ...the registrations go on without it...
    load.until_answered("201", 300, Duration::from_secs(120)).await;
    relay.up().await;
    load.until_answered("201", 100, Duration::from_secs(120)).await;
    let told = load.stop().await;

    // ...and refuse nobody.
    assert_only_clean_answers(&told, &[]);
    let references = check_entries(&db, &told).await;
    let twice = check_emails(&db, &smtp, &references, 2).await;
    let retried = server.logged("email will be tried again");
    println!(
        "{} entries; {retried} failed attempts while the mail server was down; {twice} emails sent twice",
        references.len()
    );
    assert!(retried > 0, "the emails due while the mail server was down were tried again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load_fails_requests_cleanly_and_pim_recovers_by_itself() {
    let Some(db) = postgres_database("faults-pg-restart").await else { return };
    let mut url = reqwest::Url::parse(db.url()).unwrap();
    let relay = Relay::start(&format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432))).await;
    url.set_port(Some(relay.port)).unwrap();
    let smtp = SmtpServer::start(0);
    let server = tokio::task::block_in_place(|| {
        Instance::start_with(url.as_str(), &policy_file("pg"), &smtp.url(), &QUICK_MAIL)
    });
    let load = Load::start(vec![server.address.clone()]);
    load.until_answered("201", 150, Duration::from_secs(60)).await;

    // PostgreSQL stops: every connection closes, new ones are refused.
    relay.down();
    let health = |address: String| async move {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        client.get(format!("{address}/healthz")).send().await.map(|r| r.status().as_u16()).ok()
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let asked = Instant::now();
    assert_eq!(health(server.address.clone()).await, Some(503), "the health check says the database is away");
    assert!(asked.elapsed() < Duration::from_secs(10), "and says it without waiting long: {:?}", asked.elapsed());
    tokio::time::sleep(Duration::from_secs(3)).await;

    // It starts again; pim, not restarted, takes registrations again by itself.
    relay.up().await;
    load.until_answered("201", 100, Duration::from_secs(60)).await;
    let told = load.stop().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while health(server.address.clone()).await != Some(200) {
        assert!(Instant::now() < deadline, "the health check still fails 10 s after the database came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("answers while PostgreSQL restarted: {:?}", told.answers);
    // A request that met the outage waited for the database or was told to try again:
    // pim itself never went away.
    assert_only_clean_answers(&told, &["503 error"]);
    let references = check_entries(&db, &told).await;
    check_emails(&db, &smtp, &references, 2).await;
}

/// A small disk of the test's own (tmpfs), unmounted when dropped; `None` where the
/// machine does not let this process mount one (the README says how to run this by hand).
struct SmallDisk {
    path: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> Option<SmallDisk> {
        let path = crate::app::fresh_dir("small-disk");
        std::fs::create_dir_all(&path).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        mounted.then_some(SmallDisk { path })
    }

    fn filler(&self) -> std::path::PathBuf {
        self.path.join("filler")
    }

    /// Fills what is left of the disk.
    fn fill(&self) {
        use std::io::Write;
        let mut filler = std::fs::File::create(self.filler()).unwrap();
        for chunk in [1 << 20, 4096, 1] {
            while filler.write_all(&vec![0; chunk]).and_then(|()| filler.sync_all()).is_ok() {}
        }
    }

    fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_registrations_with_a_clear_503_half_writes_nothing_and_service_resumes_with_space() {
    let Some(disk) = SmallDisk::mount(32) else {
        println!("skipped: this process may not mount a tmpfs; see the README's manual disk-full test");
        return;
    };
    let db = TestDatabase::sqlite(&disk.path, "full");
    let smtp = SmtpServer::start(0);
    let server =
        tokio::task::block_in_place(|| Instance::start_with(db.url(), &policy_file("full"), &smtp.url(), &QUICK_MAIL));
    let load = Load::start(vec![server.address.clone()]);
    load.until_answered("201", 50, Duration::from_secs(60)).await;

    disk.fill();
    load.until_answered("503 storage_full", 20, Duration::from_secs(120)).await;
    // The runner's page says what happened, in the runner's language.
    let client = reqwest::Client::new();
    let reply: Value = client
        .post(format!("{}/api/v1/registrations", server.address))
        .json(&registration(10_000_000))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["outcome"], "storage_full", "{reply}");
    assert!(reply["error"].as_str().unwrap().contains("run out of storage space"), "{reply}");

    disk.free();
    load.until_answered("201", 200, Duration::from_secs(60)).await;
    let told = load.stop().await;
    println!("answers around the full disk: {:?}", told.answers);
    assert_only_clean_answers(&told, &["503 storage_full"]);
    assert_eq!(db.rows("PRAGMA integrity_check").await[0].get::<String, _>(0), "ok");
    let references = check_entries(&db, &told).await;
    assert_eq!(references.len(), told.acknowledged.len(), "nothing refused was stored");
    // An email sent while the disk was full could not be marked sent: it goes again, once.
    check_emails(&db, &smtp, &references, 2).await;
}
