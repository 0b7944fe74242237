//! The JSON API for automated clients: the same rules as the form.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pim_domain::{RoutingRequest, format_date_long, format_moment_long};
use serde_json::json;

use crate::AppState;
use crate::client::{ClientAddress, retry_after_seconds};
use crate::error::WebError;
use crate::form::RegistrationFields;
use crate::public::new_status_token;
use crate::registration::{self, Outcome};

fn reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, Json(body)).into_response()
}

fn unreadable(rejection: JsonRejection) -> Response {
    reply(rejection.status(), json!({ "outcome": "invalid", "error": rejection.body_text() }))
}

/// `POST /api/v1/registrations`: validates, routes and stores one registration.
pub async fn register(
    ClientAddress(client): ClientAddress,
    State(state): State<AppState>,
    body: Result<Json<RegistrationFields>, JsonRejection>,
) -> Response {
    if let Err(wait) = state.0.registration_limiter.check(client) {
        let seconds = retry_after_seconds(wait);
        let body = json!({
            "outcome": "rate_limited",
            "error": format!("Too many registrations from this address: nothing was saved; try again in {seconds} s."),
            "retry_after_seconds": seconds,
        });
        let mut response = reply(StatusCode::TOO_MANY_REQUESTS, body);
        response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
        return response;
    }
    let Json(fields) = match body {
        Ok(body) => body,
        Err(rejection) => return unreadable(rejection),
    };
    let policy = state.policy();
    let status_token = new_status_token();
    match registration::register(&state, &fields, &status_token).await {
        Outcome::Recorded { recorded, channel, rule, explanation } => reply(
            StatusCode::CREATED,
            json!({
                "reference": recorded.reference.as_str(),
                "outcome": "routed",
                "channel": channel,
                "rule": rule,
                "explanation": explanation,
                "status": recorded.status,
                "waitlist_position": recorded.waitlist_position,
                "status_url": state.status_url(&status_token),
                // The runner confirms the address through the emailed link within these
                // hours of submission, or the entry lapses.
                "confirm_email_within_hours": policy.confirm_email_within_hours(),
            }),
        ),
        Outcome::Invalid(errors) => {
            reply(StatusCode::UNPROCESSABLE_ENTITY, json!({ "outcome": "invalid", "errors": errors }))
        }
        Outcome::Ineligible { reason, explanation } => reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "outcome": "ineligible", "reason": reason, "explanation": explanation }),
        ),
        Outcome::NotYetOpen { opens_at } => {
            let explanation =
                format!("Registration opens on {}.", format_moment_long(opens_at.to_offset(policy.utc_offset())));
            reply(StatusCode::FORBIDDEN, json!({ "outcome": "closed", "explanation": explanation }))
        }
        Outcome::Closed { channel, last_day, .. } => {
            let explanation =
                format!("Applications for {} closed on {}.", channel.as_str(), format_date_long(last_day));
            reply(StatusCode::FORBIDDEN, json!({ "outcome": "closed", "channel": channel, "explanation": explanation }))
        }
        Outcome::DuplicatePassport | Outcome::SubmissionReused => reply(
            StatusCode::CONFLICT,
            json!({ "outcome": "duplicate", "error": "This passport already has an active entry for this edition." }),
        ),
        Outcome::Unavailable(error) => WebError::from(error).into_response(),
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
