//! The JSON API for automated clients: the same rules as the form.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pim_domain::{Decision, RoutingRequest, Window, format_date_long, format_moment_long, route};
use pim_notifications::EmailKind;
use pim_store::{NewEmail, NewRegistration, StoreError};
use serde_json::json;

use crate::AppState;
use crate::form::RegistrationFields;
use crate::public::new_status_token;

fn reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, Json(body)).into_response()
}

fn unreadable(rejection: JsonRejection) -> Response {
    reply(rejection.status(), json!({ "outcome": "invalid", "error": rejection.body_text() }))
}

/// `POST /api/v1/registrations`: validates, routes and stores one registration.
pub async fn register(
    State(state): State<AppState>,
    body: Result<Json<RegistrationFields>, JsonRejection>,
) -> Response {
    let Json(fields) = match body {
        Ok(body) => body,
        Err(rejection) => return unreadable(rejection),
    };
    let policy = state.policy();
    let now = state.now();
    let (application, registrant) = match fields.parse(policy) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return reply(StatusCode::UNPROCESSABLE_ENTITY, json!({ "outcome": "invalid", "errors": errors }));
        }
    };
    let (channel, rule, explanation, margin_seconds) = match route(policy, &application, policy.local_date(now)) {
        Decision::Routed { channel, rule, explanation, margin_seconds } => (channel, rule, explanation, margin_seconds),
        ineligible @ Decision::Ineligible { .. } => return reply(StatusCode::UNPROCESSABLE_ENTITY, json!(ineligible)),
    };
    let closed = match policy.window(channel, now) {
        Window::Open => None,
        Window::NotYetOpen { opens_at } => {
            Some(format!("Registration opens on {}.", format_moment_long(opens_at.to_offset(policy.utc_offset()))))
        }
        Window::Closed { last_day } => {
            Some(format!("Applications for {} closed on {}.", channel.as_str(), format_date_long(last_day)))
        }
    };
    if let Some(explanation) = closed {
        return reply(
            StatusCode::FORBIDDEN,
            json!({ "outcome": "closed", "channel": channel, "explanation": explanation }),
        );
    }
    let status_token = new_status_token();
    let payload = state.confirmation_payload(&status_token);
    let new = NewRegistration {
        edition: policy.edition(),
        status_token: &status_token,
        application: &application,
        registrant: &registrant,
        channel,
        rule,
        explanation: &explanation,
        margin_seconds,
        received_at: now,
        confirmation: NewEmail { kind: EmailKind::RegistrationReceived.as_str(), payload: &payload },
    };
    match state.store().record_registration(&new).await {
        Ok(recorded) => reply(
            StatusCode::CREATED,
            json!({
                "reference": recorded.reference.as_str(),
                "outcome": "routed",
                "channel": channel,
                "rule": rule,
                "explanation": explanation,
                "status": pim_domain::Status::Submitted,
                "status_url": format!("{}/registrations/{}", state.0.base_url, status_token.as_str()),
            }),
        ),
        Err(StoreError::DuplicatePassport) => reply(
            StatusCode::CONFLICT,
            json!({ "outcome": "duplicate", "error": "This passport already has an active entry for this edition." }),
        ),
        Err(error) => {
            tracing::error!(%error, "registration not recorded");
            reply(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "outcome": "error", "error": "Not saved; try again shortly." }),
            )
        }
    }
}

/// `POST /api/v1/routing/preview`: routes without storing; answers like `pim route`.
pub async fn preview(State(state): State<AppState>, body: Result<Json<RoutingRequest>, JsonRejection>) -> Response {
    let Json(request) = match body {
        Ok(body) => body,
        Err(rejection) => return unreadable(rejection),
    };
    let policy = state.policy();
    match request.decide(policy, policy.local_date(state.now())) {
        Ok(decision) => reply(StatusCode::OK, json!(decision)),
        Err(error) => reply(StatusCode::UNPROCESSABLE_ENTITY, json!({ "outcome": "invalid", "error": error })),
    }
}
