//! Why an email is sent to a runner: the outbox's kinds, one vocabulary for the store
//! that queues them, the review rules that decide them and the mailer that composes them.

use std::fmt;
use std::str::FromStr;

/// Why an email is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmailKind {
    RegistrationReceived,
    Accepted,
    Invited,
    Declined,
    Waitlisted,
    Promoted,
    InformationRequested,
}

impl EmailKind {
    pub const ALL: [EmailKind; 7] = [
        EmailKind::RegistrationReceived,
        EmailKind::Accepted,
        EmailKind::Invited,
        EmailKind::Declined,
        EmailKind::Waitlisted,
        EmailKind::Promoted,
        EmailKind::InformationRequested,
    ];

    /// The code stored in the outbox.
    pub fn as_str(&self) -> &'static str {
        match self {
            EmailKind::RegistrationReceived => "registration_received",
            EmailKind::Accepted => "accepted",
            EmailKind::Invited => "invited",
            EmailKind::Declined => "declined",
            EmailKind::Waitlisted => "waitlisted",
            EmailKind::Promoted => "promoted",
            EmailKind::InformationRequested => "information_requested",
        }
    }
}

impl FromStr for EmailKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        EmailKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| format!("unknown email kind {text:?}"))
    }
}

impl fmt::Display for EmailKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
