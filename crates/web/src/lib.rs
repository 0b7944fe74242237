//! The HTTP front: the public registration form, the runners' confirmation and status
//! pages, the JSON API, and the middleware every request goes through.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRef, MatchedPath, State};
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum_csrf::{CsrfConfig, SameSite};
use pim_domain::Policy;
use pim_store::Store;
use time::OffsetDateTime;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

mod admin;
mod api;
mod assets;
mod blank_form;
mod body_text;
mod client;
mod corrections;
mod countries;
mod error;
mod form;
mod health;
mod language;
mod pages;
mod public;
mod recover;
mod registration;
mod server;
mod submission;
mod uploads;
mod your_data;

pub use admin::{FIRST_WAIT, FORGET_FAILURES_AFTER, FREE_FAILURES, LOGIN_BURST_PER_ADDRESS};
pub use api::IDEMPOTENCY_KEY_LIFETIME;
pub use client::{RateLimit, TrustedProxies};
pub use form::RegistrationFields;
pub use server::ServerLimits;

pub use pim_domain::{Clock, system_clock};

/// Everything the application needs, built once at start.
pub struct Settings {
    pub policy: Policy,
    pub store: Store,
    pub clock: Clock,
    /// Served over https: cookies get the `Secure` flag.
    pub secure_cookies: bool,
    /// Signs the anti-forgery tokens. Several instances behind one address need the same.
    pub secret: String,
    /// Where runners reach the site, for links given to API clients: `https://…`, no
    /// trailing slash.
    pub base_url: String,
    /// Registrations one client address may send.
    pub registration_rate_limit: RateLimit,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
}

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    policy: Policy,
    store: Store,
    clock: Clock,
    csrf: CsrfConfig,
    sign_in_limiter: governor::DefaultKeyedRateLimiter<std::net::IpAddr>,
    registration_limiter: client::AddressLimiter,
    recovery_limiter: client::AddressLimiter,
    trusted_proxies: TrustedProxies,
    secure_cookies: bool,
    base_url: String,
    /// Every country, by its name in each language and sorted as that language sorts,
    /// for the nationality select.
    countries: std::collections::HashMap<pim_i18n::Language, Arc<[countries::CountryChoice]>>,
    /// The blank registration form of each language, rendered once.
    blank_forms: blank_form::BlankForms,
    submission_ids: submission::SubmissionIds,
    /// The uploads being read now (see `uploads::UPLOADS_AT_ONCE`).
    uploads: Arc<tokio::sync::Semaphore>,
    health: health::HealthCheck,
}

/// The 64-byte cookie encryption key derived from the shared secret.
fn cookie_key(secret: &str) -> axum_csrf::Key {
    use sha2::{Digest, Sha512};
    let material = Sha512::new().chain_update(b"pim csrf cookie key\0").chain_update(secret.as_bytes()).finalize();
    axum_csrf::Key::from(&material)
}

impl AppState {
    pub fn new(settings: Settings) -> AppState {
        let submission_ids = submission::SubmissionIds::new(&settings.secret);
        let csrf = CsrfConfig::default()
            .with_cookie_name("pim_csrf")
            .with_cookie_same_site(SameSite::Strict)
            .with_http_only(true)
            .with_secure(settings.secure_cookies)
            // Long enough to fill in the form slowly, on a phone, in a second language.
            .with_lifetime(time::Duration::hours(12))
            // The cookie's key comes from the secret too, so every instance sharing the
            // secret reads a form's cookie whichever instance gave it.
            .with_key(Some(cookie_key(&settings.secret)))
            .with_salt(settings.secret);
        let countries = countries::country_lists(&settings.policy)
            .into_iter()
            .map(|(language, list)| (language, Arc::from(list)))
            .collect();
        AppState(Arc::new(Shared {
            policy: settings.policy,
            store: settings.store,
            clock: settings.clock,
            csrf,
            sign_in_limiter: admin::sign_in_limiter(),
            registration_limiter: client::AddressLimiter::new(settings.registration_rate_limit),
            recovery_limiter: client::AddressLimiter::new(recover::PER_ADDRESS),
            trusted_proxies: settings.trusted_proxies,
            secure_cookies: settings.secure_cookies,
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
            countries,
            blank_forms: blank_form::BlankForms::default(),
            submission_ids,
            uploads: Arc::new(tokio::sync::Semaphore::new(uploads::UPLOADS_AT_ONCE)),
            health: health::HealthCheck::new(),
        }))
    }

    fn policy(&self) -> &Policy {
        &self.0.policy
    }

    fn store(&self) -> &Store {
        &self.0.store
    }

    fn now(&self) -> OffsetDateTime {
        (self.0.clock)()
    }
}

impl AppState {
    /// The confirmation email for a registration, with its private status link and the
    /// link that confirms the email address by `confirm_by`.
    pub(crate) fn confirmation_payload(
        &self,
        status_token: &pim_domain::StatusToken,
        email_confirmation: &pim_domain::StatusToken,
        confirm_by: OffsetDateTime,
    ) -> pim_domain::EmailPayload {
        pim_domain::EmailPayload {
            status_url: Some(self.status_url(status_token)),
            confirm_email_url: Some(self.confirm_email_url(email_confirmation)),
            confirm_email_by: Some(self.moment(confirm_by)),
            ..Default::default()
        }
    }

    /// The link in the confirmation email that confirms the runner's address.
    pub(crate) fn confirm_email_url(&self, token: &pim_domain::StatusToken) -> String {
        format!("{}/confirm-email/{}", self.0.base_url, token.as_str())
    }

    /// A moment as runners read it: on the race's clock.
    pub(crate) fn moment(&self, at: OffsetDateTime) -> String {
        pim_domain::format_moment_long(at.to_offset(self.policy().utc_offset()))
    }

    /// The emailed link that confirms the runner's request to erase the entry.
    pub(crate) fn erasure_url(&self, token: &pim_domain::StatusToken) -> String {
        format!("{}/erasure/{}", self.0.base_url, token.as_str())
    }

    /// The runner's private status link.
    pub(crate) fn status_url(&self, status_token: &pim_domain::StatusToken) -> String {
        format!("{}/registrations/{}", self.0.base_url, status_token.as_str())
    }
}

impl FromRef<AppState> for CsrfConfig {
    fn from_ref(state: &AppState) -> CsrfConfig {
        state.0.csrf.clone()
    }
}

/// Largest request body accepted: a registration is a few kilobytes.
const BODY_LIMIT: usize = 64 * 1024;

/// The whole application; each request, its body read and its answer made, has
/// `request_timeout`, and an upload `uploads::UPLOAD_TIMEOUT`.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let static_header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    // Uploads carry files: a larger body and more time than a form.
    let uploads = Router::new()
        .route("/registrations/{token}/answer", post(uploads::answer))
        .route("/registrations/{token}/documents", post(uploads::upload_document))
        .layer(axum::extract::DefaultBodyLimit::max(uploads::upload_body_limit(state.policy())))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            uploads::UPLOAD_TIMEOUT.max(request_timeout),
        ));
    let forms = Router::new()
        .route("/", get(|| async { Redirect::to("/register") }))
        .route("/register", get(public::show_form).post(public::submit_form))
        .route("/registrations/recover", get(recover::recover_form).post(recover::recover))
        .route("/registrations/{token}", get(public::status_page))
        .route("/registrations/{token}/withdraw", post(public::withdraw))
        .route("/registrations/{token}/details", get(corrections::details_form).post(corrections::correct_details))
        .route("/registrations/{token}/confirmation", get(public::confirmation_page))
        .route("/registrations/{token}/data.json", get(your_data::data_copy))
        .route("/registrations/{token}/erasure", post(your_data::request_erasure))
        .route("/erasure/{token}", get(your_data::erasure_page).post(your_data::erase))
        .route("/confirm-email/{token}", get(public::confirm_email_page).post(public::confirm_email))
        .route("/api/v1/registrations", post(api::register))
        .route("/api/v1/routing/preview", post(api::preview))
        .route("/healthz", get(health))
        .route("/static/style.css", get(assets::stylesheet))
        .route("/static/icon.svg", get(assets::icon))
        .route("/favicon.ico", get(assets::icon))
        .merge(admin::router(&state, state.0.secure_cookies))
        .layer(axum::middleware::from_fn(body_text::refuse_invalid_utf8))
        // Reading the body is part of the request: a client that stalls sending it gets a
        // 408 when the request's time is up.
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout));
    forms
        .merge(uploads)
        .fallback(public::not_found)
        .layer(axum::middleware::from_fn(error::render_errors))
        .layer(
            // The first layer is the outermost: the headers every answer carries are set
            // last, so the 403, 408, 413 and 500 that the layers below make carry them too.
            ServiceBuilder::new()
                .layer(static_header(
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                ))
                .layer(static_header(header::X_FRAME_OPTIONS, "DENY"))
                .layer(static_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                // Status links carry a secret: never send them on as a referrer.
                .layer(static_header(header::REFERRER_POLICY, "no-referrer"))
                // Pages carry personal data and one-time tokens: no caches.
                .layer(static_header(header::CACHE_CONTROL, "no-store"))
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                    // The route, never the URI: status links carry a secret.
                    let route = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("unmatched");
                    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("http", method = %request.method(), route, request_id = id)
                }))
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(CatchPanicLayer::new())
                // Cross-site form posts are refused by Origin / Sec-Fetch-Site; the form's
                // token covers clients that send neither.
                .layer(tower_http::csrf::CsrfLayer::new()),
        )
        .with_state(state)
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    // A database that is away may not refuse at once (connections are retried): the
    // check answers within its own time, not the request's.
    let ping = async {
        match tokio::time::timeout(health::PING_TIMEOUT, state.store().ping()).await {
            Ok(answered) => answered.map_err(|error| error.to_string()),
            Err(_) => Err(format!("no answer within {:?}", health::PING_TIMEOUT)),
        }
    };
    match state.0.health.check(ping).await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(%error, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}

/// Every minute, the rate limiters forget the addresses whose allowance is whole again:
/// a flood from many addresses leaves no memory behind. Ends with the server.
async fn prune_limiters(state: AppState) {
    let weak = Arc::downgrade(&state.0);
    drop(state);
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        let Some(shared) = weak.upgrade() else { return };
        shared.sign_in_limiter.retain_recent();
        shared.registration_limiter.prune();
        shared.recovery_limiter.prune();
    }
}

/// Serves the application on `listener` within `limits` until `shutdown` completes, then
/// lets requests in flight finish up to the limits' deadline.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    tokio::spawn(prune_limiters(state.clone()));
    let trusted_proxies = state.0.trusted_proxies.clone();
    server::serve_connections(listener, router(state, limits.request_timeout), limits, trusted_proxies, shutdown).await
}
