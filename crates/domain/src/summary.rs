//! What the runner's pages and emails show about a stored registration: the one view both
//! compose from.

use time::OffsetDateTime;

use crate::{Category, Channel, Distance, Nationality, RaceTime, Reference, Rule, Sex, Status};

/// A stored registration as the runner's pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationSummary {
    pub reference: Reference,
    pub status: Status,
    pub channel: Channel,
    pub rule: Rule,
    pub explanation: String,
    pub given_name: String,
    pub family_name: String,
    pub nationality: Nationality,
    pub distance: Distance,
    pub category: Category,
    pub received_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// For a waitlisted entry, its place in its channel's queue, 1 being next.
    pub waitlist_position: Option<u32>,
    pub email_confirmation: EmailConfirmation,
    /// The language the runner registered in (a BCP 47 tag: `en`, `ko`, `zh-Hans`, …):
    /// every email to them is written in it.
    pub language: String,
    pub sex: Sex,
    /// An elite entry's qualifying time, and by how much it beat the standard: what the
    /// elite rule's explanation says.
    pub qualifying_time: Option<RaceTime>,
    pub elite_margin_seconds: Option<u32>,
}

/// Whether the runner has confirmed the email address through the link they were sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailConfirmation {
    /// Entered before confirmation was asked for.
    NotAsked,
    /// Not yet: the entry lapses at `by` unless confirmed.
    Pending {
        by: OffsetDateTime,
    },
    Confirmed {
        at: OffsetDateTime,
    },
    /// Not confirmed in time: the entry was withdrawn and its place released.
    Lapsed {
        by: OffsetDateTime,
    },
}

impl EmailConfirmation {
    /// Still to be confirmed, lapsing at the moment given.
    pub fn pending_until(&self) -> Option<OffsetDateTime> {
        match self {
            EmailConfirmation::Pending { by } => Some(*by),
            _ => None,
        }
    }
}
