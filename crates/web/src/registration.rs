//! The path of one registration, shared by the form and the JSON API: check the fields,
//! route, check the channel's window, record. Each front turns the outcome into its reply.

use pim_domain::EmailKind;
use pim_domain::{Channel, Decision, Reason, Rule, StatusToken, Window, elite_rank, route};
use pim_store::{NewEmail, NewRegistration, Recorded, StoreError};
use time::{Date, OffsetDateTime};

use crate::AppState;
use crate::form::{FieldMessages, RegistrationFields};

pub enum Outcome {
    /// Stored (or, for a repeated submission, stored before).
    Recorded {
        recorded: Recorded,
        channel: Channel,
        rule: Rule,
        explanation: String,
    },
    Invalid(FieldMessages),
    /// `explanation` in English (the API's), `said` in the runner's language.
    Ineligible {
        reason: Reason,
        explanation: String,
        said: pim_i18n::Said,
    },
    NotYetOpen {
        opens_at: OffsetDateTime,
    },
    /// Why the entry would have gone to `channel`, in the runner's language.
    Closed {
        channel: Channel,
        last_day: Date,
        said: pim_i18n::Said,
    },
    DuplicatePassport,
    SubmissionReused,
    /// The database failed: nothing was saved.
    Unavailable(StoreError),
}

/// Runs one registration in the runner's `language`; `status_token` becomes the secret of
/// its status link.
pub async fn register(
    state: &AppState,
    fields: &RegistrationFields,
    language: pim_i18n::Language,
    status_token: &StatusToken,
) -> Outcome {
    let policy = state.policy();
    let now = state.now();
    let (application, registrant) = match fields.parse(policy) {
        Ok(parsed) => parsed,
        Err(messages) => return Outcome::Invalid(messages),
    };
    let (channel, rule, explanation, margin_seconds) = match route(policy, &application, policy.local_date(now)) {
        Decision::Routed { channel, rule, explanation, margin_seconds } => (channel, rule, explanation, margin_seconds),
        Decision::Ineligible { reason, explanation } => {
            tracing::info!(?reason, "ineligible application");
            let said = language.ineligibility(policy, &application, policy.local_date(now), reason, &explanation);
            return Outcome::Ineligible { reason, explanation, said };
        }
    };
    match policy.window(channel, now) {
        Window::Open => {}
        Window::NotYetOpen { opens_at } => return Outcome::NotYetOpen { opens_at },
        Window::Closed { last_day } => {
            let routing = pim_i18n::Routing {
                rule,
                channel,
                nationality: application.nationality,
                distance: application.distance,
                sex: application.sex,
                qualifying_time: application.qualifying_time,
                margin_seconds,
                english: &explanation,
            };
            return Outcome::Closed { channel, last_day, said: language.routing(policy, &routing) };
        }
    }
    // The address is confirmed through a link only the email carries (the status link is
    // on the confirmation page too, so it proves nothing about the address).
    let email_confirmation = crate::public::new_status_token();
    let confirm_email_by = now + policy.confirm_email_within();
    let payload = state.confirmation_payload(status_token, &email_confirmation, confirm_email_by);
    let new = NewRegistration {
        edition: policy.edition(),
        status_token,
        application: &application,
        registrant: &registrant,
        language: language.tag(),
        channel,
        rule,
        explanation: &explanation,
        margin_seconds,
        elite_rank: margin_seconds.map(|margin| {
            elite_rank(policy, application.distance, application.sex, margin, application.qualifying_date)
        }),
        received_at: now,
        email_confirmation: &email_confirmation,
        confirm_email_by,
        quota: policy.quota(channel),
        confirmation: NewEmail { kind: EmailKind::RegistrationReceived, payload: &payload },
        waitlisted: NewEmail { kind: EmailKind::Waitlisted, payload: &payload },
    };
    match state.store().record_registration(&new).await {
        Ok(recorded) => Outcome::Recorded { recorded, channel, rule, explanation },
        Err(StoreError::DuplicatePassport) => Outcome::DuplicatePassport,
        Err(StoreError::SubmissionReused) => Outcome::SubmissionReused,
        Err(error) => Outcome::Unavailable(error),
    }
}
