//! What the store offers the operators' admin: entries of a channel, one entry's detail
//! and trail, and review changes written with their audit entry and email.

use pim_domain::{Channel, Distance, Nationality, PassportNumber, Reference, Status};
use time::{Date, OffsetDateTime};

use crate::NewEmail;

/// Which entries a list shows. `channel` is the operator's scope: `None` only for the
/// secretariat. Every query takes it, so "their own channel only" holds in SQL.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub channel: Option<Channel>,
    pub status: Option<Status>,
    pub distance: Option<Distance>,
    pub nationality: Option<Nationality>,
    /// Received on or after this day (UTC), and on or before `received_to`.
    pub received_from: Option<Date>,
    pub received_to: Option<Date>,
    /// A reference, or part of a name or an email address.
    pub search: Option<String>,
}

/// One line of an operators' list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine {
    /// The keyset cursor: lists run newest first by it.
    pub id: i64,
    pub reference: Reference,
    pub channel: Channel,
    pub status: Status,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub nationality: Nationality,
    pub distance: Distance,
    pub category: pim_domain::Category,
    pub passport_number: PassportNumber,
    pub received_at: OffsetDateTime,
}

/// Everything about one entry, for its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDetail {
    pub line: EntryLine,
    pub rule: pim_domain::Rule,
    pub explanation: String,
    pub elite_margin_seconds: Option<u32>,
    pub date_of_birth: Date,
    pub sex: pim_domain::Sex,
    pub passport_expiry: Date,
    pub qualifying_time_seconds: Option<u32>,
    pub qualifying_date: Option<Date>,
    pub qualifying_race: Option<String>,
    pub qualifying_evidence_url: Option<String>,
    pub emergency_contact_name: String,
    pub emergency_contact_phone: String,
    pub updated_at: OffsetDateTime,
    /// Changes with every review: the form carries it back.
    pub version: i64,
}

/// One line of an entry's audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    pub actor: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: Option<String>,
    pub at: OffsetDateTime,
}

/// A review change to write: the entry moves from `from` to `to`, if it is still at
/// `version`.
#[derive(Debug, Clone)]
pub struct ReviewChange<'a> {
    pub reference: &'a Reference,
    pub channel: Channel,
    pub version: i64,
    pub from: Status,
    pub to: Status,
    /// Who: an operator's email, or "runner".
    pub actor: &'a str,
    pub action: &'a str,
    pub note: Option<&'a str>,
    pub email: Option<NewEmail<'a>>,
    /// The channel's places: a place this change releases goes to the first entry waiting.
    pub quota: Option<&'a pim_domain::Quota>,
    pub at: OffsetDateTime,
}
