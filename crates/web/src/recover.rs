//! `/registrations/recover`: a runner who lost the status link gives the email address
//! (and, if they have it, the reference) and is emailed a new link for each matching
//! entry. The answer is the same whether anything matched, so the page tells nobody who
//! registered; a limit per client address and one per email address keep it from being
//! used to flood an inbox.

use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use pim_domain::{EmailPayload, Reference, check_email_address};
use pim_store::StatusLinkRequest;

use crate::AppState;
use crate::client::{ClientAddress, RateLimit, retry_after_seconds};
use crate::error::{CarriesCsrfToken, CsrfForm, WebError};
use crate::language::RunnerLanguage;
use crate::pages::{MessagePage, RecoverPage};
use pim_i18n::Language;

/// Requests one client address may make: 5 at once, then one every two minutes.
pub(crate) const PER_ADDRESS: RateLimit =
    RateLimit::Every { count: NonZeroU32::new(5).expect("non-zero"), per: Duration::from_secs(600) };

/// Links one email address is sent a day, however many addresses ask.
pub const LINKS_PER_EMAIL_PER_DAY: u32 = 3;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RecoverForm {
    csrf_token: String,
    email: String,
    reference: String,
}

impl CarriesCsrfToken for RecoverForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

fn page(
    token: &CsrfToken,
    language: Language,
    email: &str,
    reference: &str,
    errors: Vec<(&'static str, String)>,
) -> RecoverPage {
    RecoverPage {
        i18n: language,
        languages: Language::ALL,
        csrf_token: token.authenticity_token().unwrap_or_default(),
        email: email.to_owned(),
        reference: reference.to_owned(),
        errors,
    }
}

pub async fn recover_form(token: CsrfToken, language: RunnerLanguage) -> Response {
    let form = page(&token, language.language, "", "", Vec::new());
    (language, token, form).into_response()
}

pub async fn recover(
    ClientAddress(client): ClientAddress,
    State(state): State<AppState>,
    token: CsrfToken,
    language: RunnerLanguage,
    CsrfForm(form): CsrfForm<RecoverForm>,
) -> Result<Response, WebError> {
    let t = language.language;
    let email = form.email.trim();
    let reference_text = form.reference.trim();
    let mut errors = Vec::new();
    if check_email_address(email).is_err() {
        errors.push(("email", t.t("recover-error-email")));
    }
    let reference = match reference_text {
        "" => None,
        text => match text.parse::<Reference>() {
            Ok(reference) => Some(reference),
            Err(_) => {
                errors.push(("reference", t.t("recover-error-reference")));
                None
            }
        },
    };
    if !errors.is_empty() {
        let again = page(&token, t, email, reference_text, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, language, token, again).into_response());
    }
    if let Err(wait) = state.0.recovery_limiter.check(client) {
        let seconds = retry_after_seconds(wait);
        let wait = t.t_with("recover-wait-body", &[("seconds", u32::try_from(seconds).unwrap_or(u32::MAX).into())]);
        let answer = MessagePage::new(t, t.t("recover-wait-title"), vec![wait]);
        let retry_after = [(header::RETRY_AFTER, seconds.to_string())];
        return Ok((StatusCode::TOO_MANY_REQUESTS, retry_after, language, answer).into_response());
    }
    let new_link = || {
        let token = crate::public::new_status_token();
        let payload = EmailPayload { status_url: Some(state.status_url(&token)), ..Default::default() };
        (token, payload)
    };
    let now = state.now();
    let request = StatusLinkRequest {
        edition: state.policy().edition(),
        email,
        reference: reference.as_ref(),
        new_link: &new_link,
        per_email_limit: LINKS_PER_EMAIL_PER_DAY,
        since: now - time::Duration::days(1),
        at: now,
    };
    state.store().send_status_links(&request).await?;
    let args = [("event", crate::pages::event_name(state.policy().edition(), t).into()), ("email", email.into())];
    let sent = vec![t.t_with("recover-sent-body", &args), t.t("recover-sent-how")];
    Ok((language, MessagePage::new(t, t.t("recover-sent-title"), sent)).into_response())
}
