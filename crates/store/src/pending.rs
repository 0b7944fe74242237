//! A registration as the writer task needs it: owned, to cross to the task.

use pim_domain::{Application, Channel, Quota, Registrant, Rule};
use time::OffsetDateTime;

use crate::NewRegistration;

/// A registration as the writer needs it: owned, to cross to its task.
#[derive(Debug, Clone)]
pub(crate) struct PendingRegistration {
    pub edition: String,
    pub status_token_hash: String,
    pub email_confirmation_hash: String,
    pub confirm_email_by: OffsetDateTime,
    pub application: Application,
    pub registrant: Registrant,
    pub channel: Channel,
    pub rule: Rule,
    pub explanation: String,
    pub margin_seconds: Option<u32>,
    pub elite_rank: Option<i64>,
    pub received_at: OffsetDateTime,
    pub quota: Option<Quota>,
    pub confirmation: PendingEmail,
    pub waitlisted: PendingEmail,
}

#[derive(Debug, Clone)]
pub(crate) struct PendingEmail {
    pub kind: pim_domain::EmailKind,
    pub payload: String,
}

impl From<&NewRegistration<'_>> for PendingRegistration {
    fn from(new: &NewRegistration<'_>) -> Self {
        let email =
            |email: crate::NewEmail<'_>| PendingEmail { kind: email.kind, payload: crate::payload_json(email.payload) };
        PendingRegistration {
            edition: new.edition.to_owned(),
            status_token_hash: new.status_token.hash(),
            email_confirmation_hash: new.email_confirmation.hash(),
            confirm_email_by: new.confirm_email_by,
            application: new.application.clone(),
            registrant: new.registrant.clone(),
            channel: new.channel,
            rule: new.rule,
            explanation: new.explanation.to_owned(),
            margin_seconds: new.margin_seconds,
            elite_rank: new.elite_rank,
            received_at: new.received_at,
            quota: new.quota.cloned(),
            confirmation: email(new.confirmation),
            waitlisted: email(new.waitlisted),
        }
    }
}
