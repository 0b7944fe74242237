//! The JSON API for automated clients: the same rules as the form.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pim_domain::{RoutingRequest, StatusToken, format_date_long, format_moment_long};
use pim_i18n::Language;
use pim_store::StoreError;
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

/// How long an `Idempotency-Key` finds the entry it made; after that it is forgotten.
pub const IDEMPOTENCY_KEY_LIFETIME: time::Duration = time::Duration::hours(24);

/// The longest `Idempotency-Key` accepted.
const IDEMPOTENCY_KEY_LENGTH: usize = 255;

/// The request's `Idempotency-Key`, if it sent one; or why it cannot be used.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, String> {
    let Some(value) = headers.get("idempotency-key") else { return Ok(None) };
    let key = value.to_str().ok().map(str::trim).unwrap_or_default();
    let printable = key.bytes().all(|b| b.is_ascii_graphic());
    if key.is_empty() || key.len() > IDEMPOTENCY_KEY_LENGTH || !printable {
        return Err(format!(
            "The Idempotency-Key header must be 1 to {IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, \
             without spaces (a UUID will do). Nothing was saved."
        ));
    }
    Ok(Some(key))
}

/// The secret of the new entry's status link: random, or, with an idempotency key, the one
/// its first request got, so that a retry finds the same entry (with the key's digest); or
/// the answer to give.
async fn status_token_for(
    state: &AppState,
    headers: &HeaderMap,
    fields: &RegistrationFields,
) -> Result<(StatusToken, Option<String>), Response> {
    let key = match idempotency_key(headers) {
        Ok(Some(key)) => key,
        Ok(None) => return Ok((new_status_token(), None)),
        Err(message) => {
            return Err(reply(StatusCode::UNPROCESSABLE_ENTITY, json!({ "outcome": "invalid", "error": message })));
        }
    };
    let ids = &state.0.submission_ids;
    let body = serde_json::to_vec(fields).expect("the fields serialise");
    let (key_digest, body_digest) = (ids.digest(b"idempotency key\0", key.as_bytes()), ids.digest(b"body\0", &body));
    let now = state.now();
    match state.store().claim_idempotency_key(&key_digest, &body_digest, now, now - IDEMPOTENCY_KEY_LIFETIME).await {
        Ok(first_seen) => Ok((ids.status_token_for_api_key(key, first_seen), Some(key_digest))),
        Err(StoreError::IdempotencyKeyReused) => Err(reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "outcome": "idempotency_key_reused",
                "error": "This Idempotency-Key came with a different request within the last 24 hours: nothing was \
                          saved. Send a retry with exactly the same body, or a new request with a new key.",
            }),
        )),
        Err(error) => Err(WebError::from(error).into_response()),
    }
}

/// `POST /api/v1/registrations`: validates, routes and stores one registration. With an
/// `Idempotency-Key`, a retry of the same request returns the same entry and stores
/// nothing new (its answer carries `Idempotent-Replayed: true`).
pub async fn register(
    ClientAddress(client): ClientAddress,
    State(state): State<AppState>,
    headers: HeaderMap,
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
    let (status_token, key_digest) = match status_token_for(&state, &headers, &fields).await {
        Ok(claimed) => claimed,
        Err(answer) => return answer,
    };
    // The body's `language`, else the client's Accept-Language, else English; an unknown
    // one is refused by the checks.
    let language = fields.chosen_language().unwrap_or_else(|| {
        let asked = headers.get(header::ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
        asked.map(Language::negotiate).unwrap_or_default()
    });
    let outcome = registration::register(&state, &fields, language, &status_token).await;
    // A request refused for what it says stored nothing: its key may carry the corrected
    // request. (After a duplicate or a database failure the key stays: a retry must not
    // make a second entry.)
    let refused = matches!(
        outcome,
        Outcome::Invalid(_) | Outcome::Ineligible { .. } | Outcome::NotYetOpen { .. } | Outcome::Closed { .. }
    );
    if let (true, Some(key_digest)) = (refused, &key_digest)
        && let Err(error) = state.store().forget_idempotency_key(key_digest).await
    {
        tracing::warn!(%error, "an idempotency key of a refused request was not forgotten");
    }
    match outcome {
        Outcome::Recorded { recorded, channel, rule, explanation } => {
            let replayed = recorded.replayed;
            let mut answer = reply(
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
                    "language": language.tag(),
                    // The runner confirms the address through the emailed link within these
                    // hours of submission, or the entry lapses.
                    "confirm_email_within_hours": policy.confirm_email_within_hours(),
                }),
            );
            if replayed {
                answer.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            }
            answer
        }
        Outcome::Invalid(errors) => reply(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "outcome": "invalid", "errors": crate::form::in_english(&errors) }),
        ),
        Outcome::Ineligible { reason, explanation, .. } => reply(
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
