//! Why an email is sent to a runner, and what it carries besides the registration: the
//! outbox's kinds and payload, one vocabulary for the store that queues them, the review
//! rules that decide them and the mailer that composes them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

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
    /// The runner asked for the status link again: a new one, replacing the old.
    StatusLink,
    /// The runner withdrew: the confirmation that it is recorded.
    Withdrawn,
    /// The runner answered a request for information: the confirmation that it arrived.
    AnswerReceived,
    /// The organisation asks for a document again (the note says why).
    DocumentRefused,
    /// The runner corrected their details: what changed (the note), in case it was not them.
    DetailsChanged,
    /// The runner moved the entry to another race.
    Transferred,
    /// The runner asked for the entry to be erased: the link that confirms it.
    ErasureRequested,
}

impl EmailKind {
    pub const ALL: [EmailKind; 14] = [
        EmailKind::RegistrationReceived,
        EmailKind::Accepted,
        EmailKind::Invited,
        EmailKind::Declined,
        EmailKind::Waitlisted,
        EmailKind::Promoted,
        EmailKind::InformationRequested,
        EmailKind::StatusLink,
        EmailKind::Withdrawn,
        EmailKind::AnswerReceived,
        EmailKind::DocumentRefused,
        EmailKind::DetailsChanged,
        EmailKind::Transferred,
        EmailKind::ErasureRequested,
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
            EmailKind::StatusLink => "status_link",
            EmailKind::Withdrawn => "withdrawn",
            EmailKind::AnswerReceived => "answer_received",
            EmailKind::DocumentRefused => "document_refused",
            EmailKind::DetailsChanged => "details_changed",
            EmailKind::Transferred => "transferred",
            EmailKind::ErasureRequested => "erasure_requested",
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

/// What an email needs besides the registration: kept in the outbox (as JSON, by the
/// store) until the email is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPayload {
    /// The runner's private status link. A secret: removed once the email is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_url: Option<String>,
    /// An operator's note: the reason for a decline, the information asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<u32>,
    /// The link that confirms the runner's email address. A secret: removed once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_email_url: Option<String>,
    /// When the entry lapses if the address is not confirmed, as the runner reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_email_by: Option<String>,
    /// The document an email is about, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The link that confirms the runner's request to erase the entry. A secret: removed
    /// once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erase_url: Option<String>,
}

impl EmailPayload {
    /// The payload to keep once the email is out: without the status and confirmation links.
    pub fn without_secrets(&self) -> EmailPayload {
        EmailPayload { status_url: None, confirm_email_url: None, erase_url: None, ..self.clone() }
    }
}
