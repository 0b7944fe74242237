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
    pub order: EntryOrder,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EntryOrder {
    /// Newest first.
    #[default]
    Newest,
    /// The waiting list, next in line first (waiting entries only).
    Queue,
    /// Elite entries by their margin under the standard, widest first; equal margins
    /// first come.
    Margin,
}

impl EntryOrder {
    pub const ALL: [EntryOrder; 3] = [EntryOrder::Newest, EntryOrder::Queue, EntryOrder::Margin];

    pub fn as_str(&self) -> &'static str {
        match self {
            EntryOrder::Newest => "newest",
            EntryOrder::Queue => "queue",
            EntryOrder::Margin => "margin",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            EntryOrder::Newest => "Newest first",
            EntryOrder::Queue => "Waiting list, next first",
            EntryOrder::Margin => "Margin under the standard",
        }
    }
}

impl std::str::FromStr for EntryOrder {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EntryOrder::ALL.into_iter().find(|o| o.as_str() == text).ok_or_else(|| format!("unknown order {text:?}"))
    }
}

/// Where a page of a list starts: after the line with this sort key and id. Keysets, not
/// offsets, so entries arriving meanwhile neither repeat nor skip lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryCursor {
    pub key: i64,
    pub id: i64,
}

impl std::fmt::Display for EntryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.key, self.id)
    }
}

impl std::str::FromStr for EntryCursor {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (key, id) = text.split_once('.').ok_or("a cursor is key.id")?;
        Ok(EntryCursor { key: key.parse().map_err(|_| "bad key")?, id: id.parse().map_err(|_| "bad id")? })
    }
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
    /// For a waiting entry, its place in its channel's queue, 1 being next.
    pub waitlist_position: Option<u32>,
    /// For an elite entry, how far under the standard its qualifying time is.
    pub elite_margin_seconds: Option<u32>,
    pub email_confirmation: crate::EmailConfirmation,
    /// Where the next page starts, in the list's order.
    pub cursor: EntryCursor,
}

/// Everything about one entry, for its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDetail {
    pub line: EntryLine,
    pub rule: pim_domain::Rule,
    pub explanation: String,
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
    pub action: pim_domain::HistoryAction,
    pub note: Option<&'a str>,
    pub email: Option<NewEmail<'a>>,
    /// The channel's places in the policy: a place this change releases goes to the first
    /// entry waiting.
    pub quota: Option<&'a pim_domain::Quota>,
    /// For an invitation, the policy whose rules it must meet: invited strictly by
    /// qualifying time once the elite window has closed, and no more per country and sex
    /// than the policy allows.
    pub invitation_rules: Option<&'a pim_domain::Policy>,
    pub at: OffsetDateTime,
}

/// An operator moving a waiting entry to the front of its channel's waiting list.
#[derive(Debug, Clone)]
pub struct PromotionByHand<'a> {
    pub reference: &'a Reference,
    pub channel: Channel,
    pub version: i64,
    pub actor: &'a str,
    pub note: Option<&'a str>,
    /// The channel's places in the policy.
    pub quota: &'a pim_domain::Quota,
    pub at: OffsetDateTime,
}

/// What a promotion by hand did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Promoted {
    /// A place was free: the entry took it.
    Place,
    /// No place was free: the entry is first in line and takes the next one released.
    FirstInLine,
}

/// One limit of a channel's places, as the secretariat sees and changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaLine {
    pub channel: Channel,
    pub scope: pim_domain::QuotaScope,
    /// The policy's number; `None` for a race the policy does not limit.
    pub policy_places: Option<u32>,
    /// The number in force: the policy's, or the secretariat's change.
    pub places: Option<u32>,
    /// Who changed it, and when, if it was changed.
    pub changed: Option<(String, OffsetDateTime)>,
    pub held: i64,
    pub waiting: i64,
}

/// What a quota change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaChanged {
    pub before: Option<u32>,
    pub after: Option<u32>,
    /// Entries that took a place the change made free, in order.
    pub promoted: Vec<Reference>,
}
