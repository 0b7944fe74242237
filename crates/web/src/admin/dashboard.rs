//! The secretariat's dashboard: counts over every channel, places and their run-time
//! changes, failed emails, and operators.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use pim_domain::{Channel, Organisation, QuotaScope, Status};
use pim_store::{PasswordChosenBy, QuotaChange, StoreError};
use serde::Deserialize;

use super::auth::SignedIn;
use super::pages::{DashboardData, DashboardPage, Notice, places_text};
use crate::AppState;
use crate::error::{CarriesCsrfToken, CsrfForm, WebError};

/// Only the secretariat has a dashboard; for others it does not exist.
fn secretariat_only(signed_in: &SignedIn) -> Result<(), WebError> {
    match signed_in.operator.organisation.manages_operators() {
        true => Ok(()),
        false => Err(WebError::NotFound),
    }
}

pub async fn dashboard(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
) -> Result<Response, WebError> {
    secretariat_only(&signed_in)?;
    render(&state, &signed_in, &token, StatusCode::OK, None).await
}

async fn render(
    state: &AppState,
    signed_in: &SignedIn,
    token: &CsrfToken,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, WebError> {
    let store = state.store();
    let mut quotas = Vec::new();
    for channel in Channel::ALL {
        if let Some(policy) = state.policy().quota(channel) {
            quotas.extend(store.quota_lines(state.policy().edition(), channel, policy).await?);
        }
    }
    let counts = store.dashboard_counts().await?;
    let failed = store.emails_needing_attention(100).await?;
    let operators = store.operators().await?;
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
    let found = DashboardData { by_channel, counts, failed, operators, quotas };
    let message = message.map(|text| Notice::of(status, text));
    let page = DashboardPage::new(signed_in, token, message, found);
    Ok((status, token.clone(), page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddOperatorForm {
    email: String,
    organisation: String,
    csrf_token: String,
}

impl CarriesCsrfToken for AddOperatorForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
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
    CsrfForm(form): CsrfForm<AddOperatorForm>,
) -> Result<Response, WebError> {
    secretariat_only(&signed_in)?;
    let answer = |status, message: String| render(&state, &signed_in, &token, status, Some(message));
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
    match state.store().add_operator(&email, organisation, &hashed, PasswordChosenBy::SomeoneElse, state.now()).await {
        Ok(_) => {
            audit(&state, &signed_in, "add_operator", &format!("{email} ({})", organisation.as_str())).await;
            answer(
                StatusCode::OK,
                format!(
                    "Added {email} ({}). Their password is {password} — shown only now: pass it on safely; \
                     they choose their own when they first sign in.",
                    organisation.label()
                ),
            )
            .await
        }
        Err(StoreError::DuplicateOperator) => {
            answer(StatusCode::CONFLICT, format!("An operator {email} already exists.")).await
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OperatorActionForm {
    action: String,
    csrf_token: String,
}

impl CarriesCsrfToken for OperatorActionForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// Disable, enable, or give a new password.
pub async fn change_operator(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<OperatorActionForm>,
) -> Result<Response, WebError> {
    secretariat_only(&signed_in)?;
    let answer = |status, message: String| render(&state, &signed_in, &token, status, Some(message));
    let Some(operator) = state.store().operator(id).await? else {
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
            state.store().set_operator_password(id, &hashed, PasswordChosenBy::SomeoneElse, now).await.map(|()| {
                format!(
                    "New password for {}: {password} — shown only now: pass it on safely; they choose their own \
                     when they next sign in.",
                    operator.email
                )
            })
        }
        _ => return answer(StatusCode::UNPROCESSABLE_ENTITY, "Choose an action.".into()).await,
    };
    match result {
        Ok(message) => {
            audit(&state, &signed_in, &form.action, &operator.email).await;
            answer(StatusCode::OK, message).await
        }
        Err(error) => Err(error.into()),
    }
}

async fn audit(state: &AppState, signed_in: &SignedIn, action: &str, detail: &str) {
    if let Err(error) =
        state.store().audit_operator_action(&signed_in.operator.email, action, detail, state.now()).await
    {
        tracing::error!(%error, action, "operator management not audited");
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuotaForm {
    channel: String,
    scope: String,
    /// Blank: back to the policy's number.
    places: String,
    csrf_token: String,
}

impl CarriesCsrfToken for QuotaForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// The most places one limit may be set to: far above any race's field, so a typo with an
/// extra digit or two is caught.
const MOST_PLACES: u32 = 20_000;

/// The secretariat changes one limit of a channel's places at run time, audited.
pub async fn change_quota(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    CsrfForm(form): CsrfForm<QuotaForm>,
) -> Result<Response, WebError> {
    secretariat_only(&signed_in)?;
    let refuse =
        |message: &str| render(&state, &signed_in, &token, StatusCode::UNPROCESSABLE_ENTITY, Some(message.to_owned()));
    let policy = state.policy();
    let (Ok(channel), Ok(scope)) = (form.channel.parse::<Channel>(), form.scope.parse::<QuotaScope>()) else {
        return refuse("Nothing was changed: choose one of the limits listed.").await;
    };
    let Some(policy_quota) = policy.quota(channel) else {
        return refuse("Nothing was changed: this channel has no places to change.").await;
    };
    let places = match form.places.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(n) if n <= MOST_PLACES => Some(n),
            _ => {
                let message = format!(
                    "Nothing was changed: \"{text}\" is not a number of places from 0 to {MOST_PLACES}. \
                     Leave it blank to return to the policy's number."
                );
                return refuse(&message).await;
            }
        },
    };
    let change = QuotaChange {
        edition: policy.edition(),
        channel,
        scope,
        places,
        policy: policy_quota,
        actor: &signed_in.operator.email,
        at: state.now(),
    };
    let changed = state.store().set_quota(&change).await?;
    let promoted = match changed.promoted.len() {
        0 => "Nobody was promoted.".to_owned(),
        n => format!(
            "{n} waiting {} promoted and emailed: {}.",
            if n == 1 { "entry was" } else { "entries were" },
            changed.promoted.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ),
    };
    let message = format!(
        "Changed: {} places for {}, {} → {}. {promoted}",
        channel.as_str(),
        scope.label(),
        places_text(changed.before),
        places_text(changed.after)
    );
    render(&state, &signed_in, &token, StatusCode::OK, Some(message)).await
}
