//! The operators' admin at `/admin`: each organisation sees and acts on its own channel's
//! entries, the secretariat oversees all. Every route needs a signed-in operator.

use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};
use axum_login::AuthManagerLayerBuilder;
use pim_domain::Action;
use serde::Deserialize;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::AppState;

mod auth;
mod dashboard;
mod documents;
mod entry;
mod export;
mod list;
mod pages;
mod password;
mod session;

pub use auth::{Backend, FIRST_WAIT, FORGET_FAILURES_AFTER, FREE_FAILURES};
use auth::{Credentials, OperatorSession, SignedIn, mark_signed_in};
use entry::*;
use list::*;
pub(crate) use pages::EntryRecords;
pub(crate) use pages::admin_message;
use pages::{EntriesPage, EntryPage, FoundEntries, LoginPage, Notice};
pub use session::sign_in_limiter;
use session::*;

/// Sign-in attempts one address may make at once before it must slow down.
pub const LOGIN_BURST_PER_ADDRESS: u32 = 10;

/// Entries on one page of the list.
const PAGE_SIZE: u32 = 50;

/// Answered entries shown above the list, longest known first.
const ANSWERED_SHOWN: u32 = 10;

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
        .route("/admin/entries/{reference}/documents/{document_id}", get(documents::open_document))
        .route("/admin/entries/{reference}/documents/{document_id}/review", post(documents::review_document))
        .layer(auth)
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
        "document_accepted" => "Done: the document is accepted.".into(),
        "document_refused" => "Done: the runner is emailed to send the document again.".into(),
        "password_changed" => "Done: your password is changed. Your other sessions are signed out.".into(),
        code => {
            let done = match code.parse::<Action>().ok()? {
                Action::Accept => "the entry is accepted",
                Action::Decline => "the entry is declined",
                Action::Invite => "the runner is invited",
                Action::RequestInformation => "more information is asked for",
                // Only the runner withdraws or answers, on the status page.
                Action::Withdraw | Action::Answer => return None,
            };
            format!("Done: {done}. The runner is emailed.")
        }
    };
    Some(message)
}

/// The longest review note (the runner reads it in an email) and promotion reason, as the
/// entry page's fields allow.
pub(super) const REVIEW_NOTE_LIMIT: usize = 2000;

pub(super) const PROMOTION_REASON_LIMIT: usize = 500;
