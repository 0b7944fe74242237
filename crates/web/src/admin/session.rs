//! Signing in and out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use axum_extra::extract::Form;
use serde::Deserialize;

use crate::AppState;
use crate::error::{Button, CsrfForm};

use super::*;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    pub(super) email: String,
    pub(super) password: String,
    pub(super) csrf_token: String,
}

pub(super) async fn login_form(token: CsrfToken, session: OperatorSession) -> Response {
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

pub(super) async fn login(
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
    // Checked here rather than by `CsrfForm`: an expired sign-in page comes back with the
    // email typed and a fresh token, ready to sign in.
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
    let wait_message = |until: time::OffsetDateTime, now: time::OffsetDateTime| {
        let seconds = match (until - now).whole_seconds().max(1) {
            1 => "1 second".to_owned(),
            n => format!("{n} seconds"),
        };
        format!(
            "Too many wrong passwords for this account from your address: try again in {seconds}. \
             Other addresses are not affected."
        )
    };
    match state.store().sign_in_wait(&form.email, &client.to_string(), now).await {
        Ok(Some(until)) => return again(StatusCode::TOO_MANY_REQUESTS, &wait_message(until, now)),
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
        // The failure was recorded at a moment after `now`, with no wait while the free
        // failures last: asked at `now`, a wait of nothing would read as "wait".
        Ok(None) => match state.store().sign_in_wait(&form.email, &client.to_string(), state.now()).await {
            Ok(Some(until)) => {
                let wait = wait_message(until, state.now());
                again(StatusCode::UNAUTHORIZED, &format!("Wrong email or password. {wait}"))
            }
            _ => again(StatusCode::UNAUTHORIZED, "Wrong email or password."),
        },
        Err(error) => {
            tracing::error!(%error, "sign-in failed");
            again(StatusCode::SERVICE_UNAVAILABLE, "Signing in failed on our side. Please try again.")
        }
    }
}

pub(super) async fn logout(signed_in: SignedIn, CsrfForm(_): CsrfForm<Button>) -> Response {
    let mut session = signed_in.session;
    let _ = session.logout().await;
    Redirect::to("/admin/login").into_response()
}
