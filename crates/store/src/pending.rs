//! A registration as the writer task needs it: owned, to cross to the task.

use pim_domain::{Application, Channel, PassportNumber, Quota, Registrant, Rule};
use time::OffsetDateTime;

use crate::NewRegistration;
use crate::sealing::{DataKeys, Sealed};

/// A registration as the writer needs it: owned, to cross to its task.
#[derive(Debug, Clone)]
pub(crate) struct PendingRegistration {
    pub edition: String,
    pub status_token_hash: String,
    pub email_confirmation_hash: String,
    pub confirm_email_by: OffsetDateTime,
    pub application: Application,
    pub registrant: Registrant,
    pub language: String,
    pub channel: Channel,
    pub rule: Rule,
    pub explanation: String,
    pub margin_seconds: Option<u32>,
    pub elite_rank: Option<i64>,
    pub received_at: OffsetDateTime,
    pub quota: Option<Quota>,
    pub confirmation: PendingEmail,
    pub waitlisted: PendingEmail,
    /// The passport's key in the unique index, and the sealed fields: made before the
    /// writer, so its turn is not spent on them.
    pub passport_key: String,
    pub sealed: SealedFields,
}

/// A registrant's fields as stored: sealed under `data_key_version`.
#[derive(Debug, Clone)]
pub(crate) struct SealedFields {
    pub data_key_version: u32,
    pub passport_number: String,
    pub emergency_contact_name: String,
    pub emergency_contact_phone: String,
}

impl SealedFields {
    pub(crate) fn of(registrant: &Registrant, keys: &DataKeys) -> SealedFields {
        let Registrant { passport_number, emergency_contact_name, emergency_contact_phone, .. } = registrant;
        SealedFields::from_clear(keys, passport_number, emergency_contact_name, emergency_contact_phone)
    }

    /// The fields sealed under the newest key.
    pub(crate) fn from_clear(keys: &DataKeys, passport: &PassportNumber, name: &str, phone: &str) -> SealedFields {
        SealedFields {
            data_key_version: keys.newest_version(),
            passport_number: keys.seal_text(Sealed::PassportNumber, passport.as_str()),
            emergency_contact_name: keys.seal_text(Sealed::EmergencyContactName, name),
            emergency_contact_phone: keys.seal_text(Sealed::EmergencyContactPhone, phone),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PendingEmail {
    pub kind: pim_domain::EmailKind,
    pub payload: String,
}

impl PendingRegistration {
    pub(crate) fn new(new: &NewRegistration<'_>, keys: &DataKeys) -> Self {
        let email =
            |email: crate::NewEmail<'_>| PendingEmail { kind: email.kind, payload: crate::payload_json(email.payload) };
        PendingRegistration {
            edition: new.edition.to_owned(),
            status_token_hash: new.status_token.hash(),
            email_confirmation_hash: new.email_confirmation.hash(),
            confirm_email_by: new.confirm_email_by,
            application: new.application.clone(),
            registrant: new.registrant.clone(),
            language: new.language.to_owned(),
            channel: new.channel,
            rule: new.rule,
            explanation: new.explanation.to_owned(),
            margin_seconds: new.margin_seconds,
            elite_rank: new.elite_rank,
            received_at: new.received_at,
            quota: new.quota.cloned(),
            confirmation: email(new.confirmation),
            waitlisted: email(new.waitlisted),
            passport_key: keys.passport_key(&new.registrant.passport_number),
            sealed: SealedFields::of(new.registrant, keys),
        }
    }
}
