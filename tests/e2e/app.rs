//! A running application for a test: its own database (SQLite, or PostgreSQL with
//! `PIM_TEST_BACKEND=postgres`), an ephemeral port, a clock the test sets, and an HTTP
//! client with a cookie jar, like a browser's.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use pim_domain::Policy;
use pim_store::Store;
use pim_test_database::TestDatabase;
use pim_web::{AppState, Settings};
use scraper::{Html, Selector};
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::sync::oneshot;

/// A moment when every channel takes applications.
pub const OPEN_DAY: OffsetDateTime = datetime!(2026-11-21 12:00 +09:00);

pub struct TestApp {
    pub address: String,
    pub db: TestDatabase,
    pub client: reqwest::Client,
    clock: Arc<Mutex<OffsetDateTime>>,
    _shutdown: oneshot::Sender<()>,
}

/// A new database of this test's own, on the run's backend.
pub async fn fresh_database(label: &str) -> TestDatabase {
    TestDatabase::create(env!("CARGO_TARGET_TMPDIR").as_ref(), &format!("e2e-{label}")).await
}

/// A directory path no other test uses (not created).
pub fn fresh_dir(label: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("e2e-{label}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    path
}

pub async fn spawn_app() -> TestApp {
    spawn_app_at(OPEN_DAY).await
}

pub async fn spawn_app_at(now: OffsetDateTime) -> TestApp {
    spawn_app_with(Policy::embedded_default(), now).await
}

/// The app under another policy: the embedded one with `from` replaced by `to`.
pub fn policy_with(from: &str, to: &str) -> Policy {
    Policy::from_toml(&policy_source_with(from, to)).expect("a valid policy")
}

/// The embedded policy's TOML with `from` replaced by `to`.
pub fn policy_source_with(from: &str, to: &str) -> String {
    let source = Policy::embedded_default().source().to_owned();
    assert!(source.contains(from), "the policy contains {from:?}");
    source.replacen(from, to, 1)
}

pub async fn spawn_app_with(policy: Policy, now: OffsetDateTime) -> TestApp {
    spawn_app_limited(policy, now, Limits::default()).await
}

/// What the app under test allows clients.
pub struct Limits {
    pub registration_rate_limit: pim_web::RateLimit,
    pub trusted_proxies: pim_web::TrustedProxies,
    pub server: pim_web::ServerLimits,
}

impl Default for Limits {
    /// Tests send many registrations and connections from one address; the limits have
    /// tests of their own.
    fn default() -> Self {
        Limits {
            registration_rate_limit: pim_web::RateLimit::Off,
            trusted_proxies: pim_web::TrustedProxies::default(),
            server: pim_web::ServerLimits { connections_per_address: None, ..pim_web::ServerLimits::default() },
        }
    }
}

/// The app with limits of the test's choosing.
pub async fn spawn_app_limited(policy: Policy, now: OffsetDateTime, limits: Limits) -> TestApp {
    let Limits { registration_rate_limit, trusted_proxies, server } = limits;
    let db = fresh_database("web").await;
    let store = Store::open(db.url(), crate::helpers::data_keys()).await.expect("open store");
    store.migrate().await.expect("migrate");
    let clock = Arc::new(Mutex::new(now));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(Settings {
        policy,
        store,
        clock: {
            let clock = clock.clone();
            Arc::new(move || *clock.lock().unwrap())
        },
        secure_cookies: false,
        secret: "test secret".into(),
        base_url: address.clone(),
        registration_rate_limit,
        trusted_proxies,
    });
    let (shutdown, stopped) = oneshot::channel::<()>();
    tokio::spawn(pim_web::serve(listener, state, server, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp { address, db, client, clock, _shutdown: shutdown }
}

/// A complete, valid amateur registration from Germany.
pub fn valid_fields() -> Vec<(&'static str, String)> {
    [
        ("given_name", "Anna"),
        ("family_name", "Schmidt"),
        ("email", "anna@example.org"),
        ("date_of_birth", "1988-03-09"),
        ("sex", "female"),
        ("nationality", "DE"),
        ("passport_number", "C01X00T47"),
        ("passport_expiry", "2031-01-01"),
        ("distance", "half"),
        ("category", "amateur"),
        ("emergency_contact_name", "Jan Schmidt"),
        ("emergency_contact_phone", "+49 30 1234567"),
        ("consent", "yes"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

/// `fields` with `changes` applied; an empty value removes the field.
pub fn with(fields: &[(&'static str, String)], changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<_> = fields.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).cloned().collect();
    fields.extend(changes.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (*k, (*v).to_owned())));
    fields
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("selector")).collect()
}

pub fn text_of(html: &Html, css: &str) -> String {
    select(html, css).iter().map(|e| e.text().collect::<String>()).collect::<Vec<_>>().join(" ").trim().to_owned()
}

pub fn attr_of(html: &Html, css: &str, name: &str) -> String {
    select(html, css).first().and_then(|e| e.value().attr(name)).unwrap_or_default().to_owned()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn set_now(&self, now: OffsetDateTime) {
        *self.clock.lock().unwrap() = now;
    }

    pub fn now(&self) -> OffsetDateTime {
        *self.clock.lock().unwrap()
    }

    pub fn advance(&self, by: std::time::Duration) {
        *self.clock.lock().unwrap() += by;
    }

    /// The app's clock, for a dispatcher that shares it.
    pub fn clock(&self) -> pim_domain::Clock {
        let clock = self.clock.clone();
        Arc::new(move || *clock.lock().unwrap())
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> (u16, Html) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, Html::parse_document(&response.text().await.unwrap()))
    }

    /// Opens the form as a browser does: the cookie lands in the jar; returns the hidden
    /// anti-forgery token and submission id.
    pub async fn open_form(&self) -> (String, String) {
        let (status, html) = self.get_html("/register").await;
        assert_eq!(status, 200);
        (attr_of(&html, "input[name=csrf_token]", "value"), attr_of(&html, "input[name=submission_id]", "value"))
    }

    /// Posts the form with the given hidden values.
    pub async fn post_form(
        &self,
        fields: &[(&'static str, String)],
        csrf: &str,
        submission: &str,
    ) -> reqwest::Response {
        let mut body = fields.to_vec();
        body.push(("csrf_token", csrf.to_owned()));
        body.push(("submission_id", submission.to_owned()));
        self.client.post(self.url("/register")).form(&body).send().await.expect("POST")
    }

    /// Opens a fresh form and sends `fields` with it.
    pub async fn register(&self, fields: &[(&'static str, String)]) -> reqwest::Response {
        let (csrf, submission) = self.open_form().await;
        self.post_form(fields, &csrf, &submission).await
    }

    /// Follows a 303 to the page it names.
    pub async fn follow(&self, response: reqwest::Response) -> (u16, Html) {
        assert_eq!(response.status().as_u16(), 303, "expected a redirect");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        self.get_html(&location).await
    }

    /// Reads the database through a second, independent connection.
    pub async fn query_rows(&self, sql: &str) -> Vec<AnyRow> {
        self.db.rows(sql).await
    }

    /// Another handle on the app's database, as a second process would have.
    pub async fn open_store(&self) -> Store {
        Store::open(self.db.url(), crate::helpers::data_keys()).await.expect("open the app's database")
    }

    /// An entry as the store opens it, its sealed fields in clear: what an operator of any
    /// channel would be shown.
    pub async fn stored_entry(&self, reference: &str) -> pim_store::EntryDetail {
        let reference = reference.parse().expect("a reference");
        self.open_store().await.entry(&reference, None).await.expect("read the entry").expect("the entry is stored")
    }

    pub async fn count_registrations(&self) -> usize {
        self.query_rows("SELECT id FROM registrations").await.len()
    }
}
