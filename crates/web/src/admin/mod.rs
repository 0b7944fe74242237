//! The operators' admin at `/admin`: each organisation sees and acts on its own channel's
//! entries, the secretariat oversees all. Every route needs a signed-in operator.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_csrf::CsrfToken;
use axum_extra::extract::Form;
use axum_login::AuthManagerLayerBuilder;
use pim_domain::{Action, Channel, Distance, Organisation, Reference, Status, review};
use pim_notifications::EmailPayload;
use pim_store::{EntryFilter, EntryOrder, NewEmail, Promoted, PromotionByHand, ReviewChange, StoreError};
use serde::Deserialize;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::AppState;

mod auth;
mod dashboard;
mod export;
mod pages;
mod password;

pub use auth::{Backend, FIRST_WAIT, FORGET_FAILURES_AFTER, FREE_FAILURES, LONGEST_WAIT, wait_after};
use auth::{Credentials, OperatorSession, SignedIn, mark_signed_in};
use pages::{EntriesPage, EntryPage, FoundEntries, LoginPage, admin_message};

/// Sign-in attempts one address may make at once before it must slow down.
pub const LOGIN_BURST_PER_ADDRESS: u32 = 10;

/// Entries on one page of the list.
const PAGE_SIZE: u32 = 50;

pub fn router(state: &AppState, secure_cookies: bool) -> Router<AppState> {
    let sessions = SessionManagerLayer::new(state.store().session_store())
        .with_name("pim_admin")
        .with_path("/admin")
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(secure_cookies)
        .with_expiry(Expiry::OnInactivity(auth::IDLE_EXPIRY));
    let auth =
        AuthManagerLayerBuilder::new(Backend::new(state.store().clone(), state.0.clock.clone()), sessions).build();
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/entries") }))
        .route("/admin/login", get(login_form).post(login))
        .route("/admin/logout", post(logout))
        .route(auth::PASSWORD_PAGE, get(password::password_form).post(password::change_password))
        .route("/admin/entries", get(entries))
        .route("/admin/entries.csv", get(export::export))
        .route("/admin/dashboard", get(dashboard::dashboard))
        .route("/admin/operators", post(dashboard::add_operator))
        .route("/admin/quotas", post(dashboard::change_quota))
        .route("/admin/operators/{id}", post(dashboard::change_operator))
        .route("/admin/entries/{reference}", get(entry))
        .route("/admin/entries/{reference}/review", post(review_entry))
        .route("/admin/entries/{reference}/promote", post(promote_entry))
        .route("/admin/entries/{reference}/emails/{email_id}/resend", post(resend_email))
        .layer(auth)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    csrf_token: String,
}

async fn login_form(token: CsrfToken, session: OperatorSession) -> Response {
    if session.user.is_some() {
        return Redirect::to("/admin/entries").into_response();
    }
    let page =
        LoginPage { csrf_token: token.authenticity_token().unwrap_or_default(), email: String::new(), error: None };
    (token, page).into_response()
}

/// Sign-in attempts per address: a burst, then one every 6 seconds. The per-account lock
/// (in the database) covers attackers who change addresses.
pub fn sign_in_limiter() -> governor::DefaultKeyedRateLimiter<std::net::IpAddr> {
    let quota = governor::Quota::with_period(std::time::Duration::from_secs(6))
        .expect("a non-zero period")
        .allow_burst(std::num::NonZeroU32::new(LOGIN_BURST_PER_ADDRESS).expect("a non-zero burst"));
    governor::RateLimiter::keyed(quota)
}

async fn login(
    State(state): State<AppState>,
    crate::client::ClientAddress(client): crate::client::ClientAddress,
    token: CsrfToken,
    mut session: OperatorSession,
    Form(form): Form<LoginForm>,
) -> Response {
    let again = |status: StatusCode, error: &str| {
        let page = LoginPage {
            csrf_token: token.authenticity_token().unwrap_or_default(),
            email: form.email.clone(),
            error: Some(error.to_owned()),
        };
        (status, token.clone(), page).into_response()
    };
    if token.verify(&form.csrf_token).is_err() {
        return again(StatusCode::FORBIDDEN, "The sign-in form had expired. Please sign in again.");
    }
    if state.0.sign_in_limiter.check_key(&client).is_err() {
        return again(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many sign-in attempts from your address: wait a minute and try again.",
        );
    }
    let now = state.now();
    let wait_message = |until: time::OffsetDateTime| {
        let seconds = (until - now).whole_seconds().max(1);
        format!(
            "Too many wrong passwords for this account from your address: try again in {seconds} seconds. \
             Other addresses are not affected."
        )
    };
    match state.store().sign_in_wait(&form.email, &client.to_string(), now).await {
        Ok(Some(until)) => return again(StatusCode::TOO_MANY_REQUESTS, &wait_message(until)),
        Ok(None) => {}
        Err(error) => {
            tracing::error!(%error, "sign-in failed");
            return again(StatusCode::SERVICE_UNAVAILABLE, "Signing in failed on our side. Please try again.");
        }
    }
    let credentials = Credentials { email: form.email.clone(), password: form.password.clone(), address: client };
    match session.authenticate(credentials).await {
        Ok(Some(user)) => {
            if let Err(error) = session.login(&user).await {
                tracing::error!(%error, "cannot open a session");
                return again(StatusCode::SERVICE_UNAVAILABLE, "Signing in failed on our side. Please try again.");
            }
            mark_signed_in(&session, now).await;
            tracing::info!(operator_id = user.operator.id, "operator signed in");
            if user.operator.password_change_required {
                return Redirect::to(auth::PASSWORD_PAGE).into_response();
            }
            Redirect::to("/admin/entries").into_response()
        }
        Ok(None) => match state.store().sign_in_wait(&form.email, &client.to_string(), now).await {
            Ok(Some(until)) => {
                again(StatusCode::UNAUTHORIZED, &format!("Wrong email or password. {}", wait_message(until)))
            }
            _ => again(StatusCode::UNAUTHORIZED, "Wrong email or password."),
        },
        Err(error) => {
            tracing::error!(%error, "sign-in failed");
            again(StatusCode::SERVICE_UNAVAILABLE, "Signing in failed on our side. Please try again.")
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    csrf_token: String,
}

async fn logout(token: CsrfToken, signed_in: SignedIn, Form(form): Form<CsrfOnly>) -> Response {
    if token.verify(&form.csrf_token).is_err() {
        return admin_message(StatusCode::FORBIDDEN, "Not signed out", "The form had expired: go back and try again.");
    }
    let mut session = signed_in.session;
    let _ = session.logout().await;
    Redirect::to("/admin/login").into_response()
}

/// The list's filters as typed in the query string; unknown values are ignored.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    pub channel: String,
    pub status: String,
    pub distance: String,
    pub nationality: String,
    pub from: String,
    pub to: String,
    pub q: String,
    /// `newest`, `queue` or `margin`; empty: the natural order of what is shown.
    pub order: String,
    /// Where this page starts: the previous page's cursor.
    pub after: String,
}

/// The channels an operator may see: their own, or any for the secretariat.
fn scope(organisation: Organisation, asked: &str) -> Option<Channel> {
    organisation.channel().or_else(|| asked.parse().ok())
}

/// The store's filter for what the operator asked, within what they may see.
fn filter_from(organisation: Organisation, query: &ListQuery) -> EntryFilter {
    EntryFilter {
        channel: scope(organisation, &query.channel),
        status: query.status.parse().ok(),
        distance: query.distance.parse::<Distance>().ok(),
        nationality: query.nationality.parse().ok(),
        received_from: pim_domain::parse_date(&query.from).ok(),
        received_to: pim_domain::parse_date(&query.to).ok(),
        search: Some(query.q.clone()).filter(|q| !q.trim().is_empty()),
        order: order_for(organisation, query),
    }
}

/// The order asked for, or the one the list is read in: the Ministry's queue by margin
/// under the standard, a waiting list next in line first, anything else newest first.
fn order_for(organisation: Organisation, query: &ListQuery) -> EntryOrder {
    if let Ok(order) = query.order.parse() {
        return order;
    }
    if query.status == Status::Waitlisted.as_str() {
        EntryOrder::Queue
    } else if scope(organisation, &query.channel) == Some(Channel::EliteInvitation) {
        EntryOrder::Margin
    } else {
        EntryOrder::Newest
    }
}

async fn entries(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Query(query): Query<ListQuery>,
    Query(done): Query<DoneQuery>,
) -> Response {
    let filter = filter_from(signed_in.operator.organisation, &query);
    let store = state.store();
    let lines = store.list_entries(&filter, query.after.parse().ok(), PAGE_SIZE + 1).await;
    let counts = store.count_by_status(filter.channel).await;
    let places = match filter.channel.and_then(|channel| Some((channel, state.policy().quota(channel)?))) {
        Some((channel, quota)) => store.quota_lines(state.policy().edition(), channel, quota).await,
        None => Ok(Vec::new()),
    };
    let (mut lines, counts, places) = match (lines, counts, places) {
        (Ok(lines), Ok(counts), Ok(places)) => (lines, counts, places),
        (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
            tracing::error!(%error, "entries list failed");
            return admin_message(
                StatusCode::SERVICE_UNAVAILABLE,
                "Entries unavailable",
                "The database did not answer. Try again shortly.",
            );
        }
    };
    let more = lines.len() > PAGE_SIZE as usize;
    lines.truncate(PAGE_SIZE as usize);
    let found = FoundEntries { lines, counts, places, more };
    let mut page = EntriesPage::new(&signed_in.operator, &token, query, filter, found);
    page.notice = done.done.as_deref().and_then(done_message);
    (token, page).into_response()
}

async fn entry(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(reference): Path<String>,
    Query(done): Query<DoneQuery>,
) -> Response {
    show_entry(&state, &signed_in, &token, &reference, StatusCode::OK, done.done.as_deref().and_then(done_message))
        .await
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The notice after an action, from its code; any other text in the address shows nothing,
/// so a link cannot make the admin say what it never did.
fn done_message(code: &str) -> Option<String> {
    let message = match code {
        "promoted_place" => "Done: a place was free and the entry took it. The runner is emailed.".into(),
        "promoted_first" => "Done: the entry is first on the waiting list. No place is free now: it takes the next \
                             one released, and the runner is emailed then."
            .into(),
        "resend_email" => "Done: the email is queued again.".into(),
        "password_changed" => "Done: your password is changed. Your other sessions are signed out.".into(),
        code => {
            let action = code.parse::<Action>().ok().filter(|action| *action != Action::Withdraw)?;
            format!("Done: {}. The runner is emailed.", action.as_str().replace('_', " "))
        }
    };
    Some(message)
}

/// The answer for an entry outside the operator's scope, or not there at all: the same.
fn no_such_entry() -> Response {
    admin_message(StatusCode::NOT_FOUND, "No such entry", "There is no entry with this reference among yours.")
}

/// The answer when the database fails: never "not found", which would tell the operator
/// the entry is gone. The cause goes to the log.
fn database_failed(error: &StoreError) -> Response {
    tracing::error!(%error, "the database failed an admin request");
    admin_message(StatusCode::SERVICE_UNAVAILABLE, "Try again", "The database did not answer. Try again shortly.")
}

/// The entry `reference` among those `organisation` may see: its reference and details,
/// or the page to answer instead (404 outside the scope, 503 if the database fails).
async fn entry_in_scope(
    state: &AppState,
    organisation: Organisation,
    reference: &str,
) -> Result<(Reference, pim_store::EntryDetail), Response> {
    let Ok(reference) = reference.parse::<Reference>() else { return Err(no_such_entry()) };
    match state.store().entry(&reference, organisation.channel()).await {
        Ok(Some(detail)) => Ok((reference, detail)),
        Ok(None) => Err(no_such_entry()),
        Err(error) => Err(database_failed(&error)),
    }
}

/// The entry page, or 404 when the entry is not in the operator's scope.
async fn show_entry(
    state: &AppState,
    signed_in: &SignedIn,
    token: &CsrfToken,
    reference: &str,
    status: StatusCode,
    message: Option<String>,
) -> Response {
    let (reference, detail) = match entry_in_scope(state, signed_in.operator.organisation, reference).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let store = state.store();
    let (trail, emails) = match (store.audit_trail(&reference).await, store.emails_for_reference(&reference).await) {
        (Ok(trail), Ok(emails)) => (trail, emails),
        (Err(error), _) | (_, Err(error)) => return database_failed(&error),
    };
    let page = EntryPage::new(state.policy(), &signed_in.operator, token, detail, trail, emails, message);
    (status, token.clone(), page).into_response()
}

/// The longest review note (the runner reads it in an email) and promotion reason, as the
/// entry page's fields allow.
pub(super) const REVIEW_NOTE_LIMIT: usize = 2000;
pub(super) const PROMOTION_REASON_LIMIT: usize = 500;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    action: String,
    note: String,
    version: i64,
    csrf_token: String,
}

/// Queues an email of the entry again: for "I never got the email".
async fn resend_email(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path((reference_text, email_id)): Path<(String, i64)>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    let again = |status, message: &str| {
        show_entry(&state, &signed_in, &token, &reference_text, status, Some(message.to_owned()))
    };
    if token.verify(&form.csrf_token).is_err() {
        return again(StatusCode::FORBIDDEN, "The form had expired: nothing was sent. Please try again.").await;
    }
    let scope = signed_in.operator.organisation.channel();
    let Ok(reference) = reference_text.parse::<Reference>() else {
        return no_such_entry();
    };
    // A resent email replaces the runner's status link: the organisation handling the
    // entry decides that, not the secretariat, which reads every channel.
    let Some(channel) = scope else {
        return again(
            StatusCode::FORBIDDEN,
            "Only the organisation handling this entry can resend its emails. Nothing was sent.",
        )
        .await;
    };
    let scope = Some(channel);
    let (reference, entry) = match entry_in_scope(&state, signed_in.operator.organisation, reference.as_str()).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let emails = match state.store().emails_for_reference(&reference).await {
        Ok(emails) => emails,
        Err(error) => return database_failed(&error),
    };
    if !emails.iter().any(|email| email.id == email_id) {
        return again(StatusCode::NOT_FOUND, "There is no such email for this entry.").await;
    }
    // Every email carries the status link, whose secret only the runner had (the outbox
    // dropped it once sent): the copy carries a new one, which replaces it.
    let new_token = crate::public::new_status_token();
    let status_url = state.status_url(&new_token);
    // An email that asked for the address to be confirmed asks again with a new link (the
    // old one left the outbox with the email), unless the address is confirmed by now.
    let new_confirmation = crate::public::new_status_token();
    let confirm_email_url = match entry.line.email_confirmation {
        pim_store::EmailConfirmation::Pending { .. } => Some(state.confirm_email_url(&new_confirmation)),
        _ => None,
    };
    let with_new_link = |original: &str| {
        let payload: pim_notifications::EmailPayload = serde_json::from_str(original).unwrap_or_default();
        let confirm_email_url = confirm_email_url.clone().filter(|_| payload.confirm_email_by.is_some());
        pim_notifications::EmailPayload { status_url: Some(status_url.clone()), confirm_email_url, ..payload }.to_json()
    };
    let resend = pim_store::Resend {
        reference: &reference,
        channel: scope,
        email_id,
        new_status_token: &new_token,
        new_email_confirmation: &new_confirmation,
        payload: &with_new_link,
        actor: &signed_in.operator.email,
        at: state.now(),
    };
    match state.store().resend_email(&resend).await {
        Ok(()) => Redirect::to(&format!("/admin/entries/{}?done=resend_email", reference.as_str())).into_response(),
        Err(error) => {
            tracing::error!(%error, "resend not queued");
            again(StatusCode::SERVICE_UNAVAILABLE, "Nothing was sent: the database did not answer. Try again.").await
        }
    }
}

async fn review_entry(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(reference_text): Path<String>,
    Form(form): Form<ReviewForm>,
) -> Response {
    let organisation = signed_in.operator.organisation;
    let again = |status, message: String| {
        let signed_in = &signed_in;
        let token = &token;
        let state = &state;
        let reference_text = &reference_text;
        async move { show_entry(state, signed_in, token, reference_text, status, Some(message)).await }
    };
    if token.verify(&form.csrf_token).is_err() {
        return again(StatusCode::FORBIDDEN, "The form had expired: nothing was changed. Please try again.".into())
            .await;
    }
    let (reference, detail) = match entry_in_scope(&state, organisation, &reference_text).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let channel = detail.line.channel;
    if !organisation.reviews(channel) {
        return again(
            StatusCode::FORBIDDEN,
            format!("{} reviews these entries; you can read them only.", state.policy().organisation(channel)),
        )
        .await;
    }
    let Ok(action) = form.action.parse::<Action>() else {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "Choose an action.".into()).await;
    };
    if action == Action::Withdraw {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "Only the runner can withdraw an entry.".into()).await;
    }
    // An impossible action is explained as such, even from an outdated page.
    let to = match review(channel, detail.line.status, action) {
        Ok(to) => to,
        Err(error) => return again(StatusCode::CONFLICT, format!("Not possible: {error}.")).await,
    };
    if form.version != detail.version {
        return again(
            StatusCode::CONFLICT,
            "This entry changed since you opened it: nothing was changed. Check it again below.".into(),
        )
        .await;
    }
    if form.note.chars().count() > REVIEW_NOTE_LIMIT {
        let message = format!("Keep the note under {REVIEW_NOTE_LIMIT} characters: nothing was changed.");
        return again(StatusCode::UNPROCESSABLE_ENTITY, message).await;
    }
    let note = Some(form.note.trim()).filter(|n| !n.is_empty());
    let payload = EmailPayload { note: note.map(str::to_owned), ..Default::default() }.to_json();
    let email = action.email().map(|kind| NewEmail { kind, payload: &payload });
    let change = ReviewChange {
        reference: &reference,
        channel,
        version: detail.version,
        from: detail.line.status,
        to,
        actor: &signed_in.operator.email,
        action: pim_domain::HistoryAction::Review(action),
        note,
        email,
        quota: state.policy().quota(channel),
        invitation_rules: Some(state.policy()),
        at: state.now(),
    };
    match state.store().apply_review(&change).await {
        Ok(()) => {
            Redirect::to(&format!("/admin/entries/{}?done={}", reference.as_str(), action.as_str())).into_response()
        }
        Err(StoreError::Changed) => {
            again(
                StatusCode::CONFLICT,
                "This entry changed since you opened it: nothing was changed. Check it again below.".into(),
            )
            .await
        }
        Err(StoreError::InvitationsNotYetOpen { opens_on }) => {
            let message = format!(
                "Not invited yet: invitations open on {}, the day after elite applications close, so that every \
                 competitor is known. Until then you can verify evidence, ask for more, or decline.",
                pim_domain::format_date_long(opens_on)
            );
            again(StatusCode::CONFLICT, message).await
        }
        Err(StoreError::FasterEntryWaiting { ahead }) => {
            let message = format!(
                "Not invited: invitations go strictly by qualifying time, and {} ({} {}) is ahead of this entry. \
                 Invite, or decline with the reason, that entry first.",
                ahead.as_str(),
                detail.line.nationality.name(),
                detail.sex.as_str(),
            );
            again(StatusCode::CONFLICT, message).await
        }
        Err(StoreError::InvitationsUsed { invited, limit }) => {
            let invited: Vec<&str> = invited.iter().map(Reference::as_str).collect();
            let message = format!(
                "Not invited: {} may have {limit} invited {} runner{} and {} already: {}. \
                 A place opens if an invited runner declines or withdraws.",
                detail.line.nationality.name(),
                detail.sex.as_str(),
                if limit == 1 { "" } else { "s" },
                if invited.len() == 1 { "has one" } else { "has them" },
                invited.join(", "),
            );
            again(StatusCode::CONFLICT, message).await
        }
        Err(error) => {
            tracing::error!(%error, "review not recorded");
            again(
                StatusCode::SERVICE_UNAVAILABLE,
                "Nothing was changed: the database did not answer. Try again.".into(),
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PromoteForm {
    note: String,
    version: i64,
    csrf_token: String,
}

/// An operator moves a waiting entry to the front of the waiting list: it takes a free
/// place now, or the next one released. Never a place that does not exist.
async fn promote_entry(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(reference_text): Path<String>,
    Form(form): Form<PromoteForm>,
) -> Response {
    let again = |status, message: &str| {
        show_entry(&state, &signed_in, &token, &reference_text, status, Some(message.to_owned()))
    };
    if token.verify(&form.csrf_token).is_err() {
        return again(StatusCode::FORBIDDEN, "The form had expired: nothing was changed. Please try again.").await;
    }
    let organisation = signed_in.operator.organisation;
    let (reference, detail) = match entry_in_scope(&state, organisation, &reference_text).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let channel = detail.line.channel;
    if !organisation.reviews(channel) {
        let message =
            format!("{} reviews these entries; you can read them only.", state.policy().organisation(channel));
        return again(StatusCode::FORBIDDEN, &message).await;
    }
    let Some(quota) = state.policy().quota(channel) else {
        return again(StatusCode::CONFLICT, "Entries of this channel have no waiting list.").await;
    };
    if form.note.chars().count() > PROMOTION_REASON_LIMIT {
        let message = format!("Keep the reason under {PROMOTION_REASON_LIMIT} characters: nothing was changed.");
        return again(StatusCode::UNPROCESSABLE_ENTITY, &message).await;
    }
    if detail.line.status != Status::Waitlisted || form.version != detail.version {
        return again(StatusCode::CONFLICT, "This entry is no longer waiting as shown: nothing was changed.").await;
    }
    let promotion = PromotionByHand {
        reference: &reference,
        channel,
        version: detail.version,
        actor: &signed_in.operator.email,
        note: Some(form.note.trim()).filter(|n| !n.is_empty()),
        quota,
        at: state.now(),
    };
    match state.store().promote_by_hand(&promotion).await {
        Ok(promoted) => {
            let done = match promoted {
                Promoted::Place => "promoted_place",
                Promoted::FirstInLine => "promoted_first",
            };
            Redirect::to(&format!("/admin/entries/{}?done={done}", reference.as_str())).into_response()
        }
        Err(StoreError::Changed) => {
            again(StatusCode::CONFLICT, "This entry changed since you opened it: nothing was changed.").await
        }
        Err(error) => {
            tracing::error!(%error, "promotion not recorded");
            again(StatusCode::SERVICE_UNAVAILABLE, "Nothing was changed: the database did not answer. Try again.").await
        }
    }
}
