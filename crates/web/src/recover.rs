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
use crate::pages::{MessagePage, RecoverPage};

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

fn page(token: &CsrfToken, email: &str, reference: &str, errors: Vec<(&'static str, String)>) -> RecoverPage {
    RecoverPage {
        csrf_token: token.authenticity_token().unwrap_or_default(),
        email: email.to_owned(),
        reference: reference.to_owned(),
        errors,
    }
}

pub async fn recover_form(token: CsrfToken) -> Response {
    let form = page(&token, "", "", Vec::new());
    (token, form).into_response()
}

pub async fn recover(
    ClientAddress(client): ClientAddress,
    State(state): State<AppState>,
    token: CsrfToken,
    CsrfForm(form): CsrfForm<RecoverForm>,
) -> Result<Response, WebError> {
    let email = form.email.trim();
    let reference_text = form.reference.trim();
    let mut errors = Vec::new();
    if check_email_address(email).is_err() {
        errors.push(("email", "Enter the email address you registered with, like name@example.com.".to_owned()));
    }
    let reference = match reference_text {
        "" => None,
        text => match text.parse::<Reference>() {
            Ok(reference) => Some(reference),
            Err(_) => {
                errors.push((
                    "reference",
                    "A reference looks like PIM-ABCD-2345; leave it empty if you do not have it.".to_owned(),
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        let again = page(&token, email, reference_text, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, token, again).into_response());
    }
    if let Err(wait) = state.0.recovery_limiter.check(client) {
        let seconds = retry_after_seconds(wait);
        let answer = MessagePage {
            title: "Please wait a moment".into(),
            paragraphs: vec![format!(
                "Many links have been asked for from your connection in a short time. Nothing was sent now. \
                 Please try again in {seconds} seconds."
            )],
        };
        return Ok(
            (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, seconds.to_string())], answer).into_response()
        );
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
    let answer = MessagePage {
        title: "Check your email".into(),
        paragraphs: vec![
            format!(
                "If an entry of the {} was registered with {email}, we have emailed the link to its status page to \
                 that address. The new link replaces the old one, which no longer works.",
                state.policy().name()
            ),
            "It can take a few minutes to arrive: look in the spam folder too. Nothing came? Check the address and \
             ask again, or reply to any email we sent you."
                .into(),
        ],
    };
    Ok(answer.into_response())
}
