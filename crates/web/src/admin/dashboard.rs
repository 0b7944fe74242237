//! The secretariat's dashboard: counts over every channel, failed emails, and operators.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use axum_extra::extract::Form;
use pim_domain::{Channel, Organisation, Status};
use pim_store::StoreError;
use serde::Deserialize;

use super::auth::SignedIn;
use super::pages::{DashboardPage, admin_message};
use crate::AppState;

/// Only the secretariat has a dashboard; for others it does not exist.
fn secretariat_only(signed_in: &SignedIn) -> Option<Response> {
    (!signed_in.operator.organisation.manages_operators())
        .then(|| admin_message(StatusCode::NOT_FOUND, "Not found", "There is no such page for your organisation."))
}

pub async fn dashboard(signed_in: SignedIn, State(state): State<AppState>, token: CsrfToken) -> Response {
    if let Some(refused) = secretariat_only(&signed_in) {
        return refused;
    }
    render(&state, &signed_in, &token, StatusCode::OK, None).await
}

async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    token: &CsrfToken,
    status: StatusCode,
    message: Option<String>,
) -> Response {
    let store = state.store();
    let (Ok(counts), Ok(failed), Ok(operators)) =
        (store.dashboard_counts().await, store.emails_needing_attention(100).await, store.operators().await)
    else {
        return admin_message(
            StatusCode::SERVICE_UNAVAILABLE,
            "Dashboard unavailable",
            "The database did not answer. Try again shortly.",
        );
    };
    let by_channel = Channel::ALL
        .iter()
        .map(|channel| {
            let counts: Vec<i64> = Status::ALL
                .iter()
                .map(|status| {
                    counts
                        .by_channel_and_status
                        .iter()
                        .find(|(c, s, _)| c == channel && s == status)
                        .map_or(0, |(_, _, n)| *n)
                })
                .collect();
            (channel.as_str(), counts)
        })
        .collect();
    let page = DashboardPage::new(signed_in, token, message, by_channel, counts, failed, operators);
    (status, token.clone(), page).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddOperatorForm {
    email: String,
    organisation: String,
    csrf_token: String,
}

/// A new password, shown once on the page that made it.
fn new_password() -> String {
    let mut random = [0u8; 20];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    pim_domain::readable_secret(&random)
}

async fn hash(password: String) -> Option<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await.ok()
}

pub async fn add_operator(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Form(form): Form<AddOperatorForm>,
) -> Response {
    if let Some(refused) = secretariat_only(&signed_in) {
        return refused;
    }
    let answer = |status, message: String| render(&state, &signed_in, &token, status, Some(message));
    if token.verify(&form.csrf_token).is_err() {
        return answer(StatusCode::FORBIDDEN, "The form had expired: nobody was added.".into()).await;
    }
    let email = form.email.trim().to_lowercase();
    let Ok(organisation) = form.organisation.parse::<Organisation>() else {
        return answer(StatusCode::UNPROCESSABLE_ENTITY, "Choose an organisation.".into()).await;
    };
    if !validator::ValidateEmail::validate_email(&email) {
        return answer(StatusCode::UNPROCESSABLE_ENTITY, format!("\"{email}\" is not an email address.")).await;
    }
    let password = new_password();
    let Some(hashed) = hash(password.clone()).await else {
        return answer(StatusCode::SERVICE_UNAVAILABLE, "Nobody was added: try again.".into()).await;
    };
    match state.store().add_operator(&email, organisation, &hashed, state.now()).await {
        Ok(_) => {
            audit(&state, &signed_in, "add_operator", &format!("{email} ({})", organisation.as_str())).await;
            answer(
                StatusCode::OK,
                format!(
                    "Added {email} ({}). Their password is {password} — shown only now: pass it on safely.",
                    organisation.label()
                ),
            )
            .await
        }
        Err(StoreError::DuplicateOperator) => {
            answer(StatusCode::CONFLICT, format!("An operator {email} already exists.")).await
        }
        Err(error) => {
            tracing::error!(%error, "operator not added");
            answer(StatusCode::SERVICE_UNAVAILABLE, "Nobody was added: the database did not answer.".into()).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OperatorActionForm {
    action: String,
    csrf_token: String,
}

/// Disable, enable, or give a new password.
pub async fn change_operator(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(id): Path<i64>,
    Form(form): Form<OperatorActionForm>,
) -> Response {
    if let Some(refused) = secretariat_only(&signed_in) {
        return refused;
    }
    let answer = |status, message: String| render(&state, &signed_in, &token, status, Some(message));
    if token.verify(&form.csrf_token).is_err() {
        return answer(StatusCode::FORBIDDEN, "The form had expired: nothing was changed.".into()).await;
    }
    let Ok(Some(operator)) = state.store().operator(id).await else {
        return answer(StatusCode::NOT_FOUND, "There is no such operator.".into()).await;
    };
    if operator.id == signed_in.operator.id && form.action == "disable" {
        return answer(StatusCode::CONFLICT, "You cannot disable your own account.".into()).await;
    }
    let now = state.now();
    let result = match form.action.as_str() {
        "disable" | "enable" => state
            .store()
            .set_operator_disabled(id, form.action == "disable", now)
            .await
            .map(|()| format!("{} is now {}d.", operator.email, form.action)),
        "reset_password" => {
            let password = new_password();
            let Some(hashed) = hash(password.clone()).await else {
                return answer(StatusCode::SERVICE_UNAVAILABLE, "Nothing was changed: try again.".into()).await;
            };
            // A new password hash ends every session opened with the old one.
            state.store().set_operator_password(id, &hashed, now).await.map(|()| {
                format!("New password for {}: {password} — shown only now: pass it on safely.", operator.email)
            })
        }
        _ => return answer(StatusCode::UNPROCESSABLE_ENTITY, "Choose an action.".into()).await,
    };
    match result {
        Ok(message) => {
            audit(&state, &signed_in, &form.action, &operator.email).await;
            answer(StatusCode::OK, message).await
        }
        Err(error) => {
            tracing::error!(%error, "operator not changed");
            answer(StatusCode::SERVICE_UNAVAILABLE, "Nothing was changed: the database did not answer.".into()).await
        }
    }
}

async fn audit(state: &AppState, signed_in: &SignedIn, action: &str, detail: &str) {
    if let Err(error) =
        state.store().audit_operator_action(&signed_in.operator.email, action, detail, state.now()).await
    {
        tracing::error!(%error, action, "operator management not audited");
    }
}
