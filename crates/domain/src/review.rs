//! Review: the actions operators and runners take on an entry, and the only transitions
//! between statuses that exist. Every status change in the system goes through [`review`].

use std::fmt;
use std::str::FromStr;

use crate::{Channel, EmailKind, Status};

/// What someone does to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The Ministry invites an elite runner.
    Invite,
    /// The state agencies or the licensed operator accept an amateur.
    Accept,
    Decline,
    /// Ask the runner for more information (for elite entries: more evidence).
    RequestInformation,
    /// The runner withdraws, from the status page.
    Withdraw,
    /// The runner answers a request for information, from the status page.
    Answer,
}

impl Action {
    pub const ALL: [Action; 6] =
        [Action::Invite, Action::Accept, Action::Decline, Action::RequestInformation, Action::Withdraw, Action::Answer];

    pub const fn as_str(&self) -> &'static str {
        match self {
            Action::Invite => "invite",
            Action::Accept => "accept",
            Action::Decline => "decline",
            Action::RequestInformation => "request_information",
            Action::Withdraw => "withdraw",
            Action::Answer => "answer",
        }
    }

    /// The button an operator presses, on an entry of `channel`.
    pub fn label(&self, channel: Channel) -> &'static str {
        match (self, channel) {
            (Action::Invite, _) => "Invite",
            (Action::Accept, _) => "Accept",
            (Action::Decline, _) => "Decline",
            (Action::RequestInformation, Channel::EliteInvitation) => "Request more evidence",
            (Action::RequestInformation, _) => "Request information",
            (Action::Withdraw, _) => "Withdraw",
            (Action::Answer, _) => "Send the answer",
        }
    }

    /// The email the action sends the runner: for the runner's own actions, the
    /// confirmation that it is recorded.
    pub fn email(&self) -> Option<EmailKind> {
        match self {
            Action::Invite => Some(EmailKind::Invited),
            Action::Accept => Some(EmailKind::Accepted),
            Action::Decline => Some(EmailKind::Declined),
            Action::RequestInformation => Some(EmailKind::InformationRequested),
            Action::Withdraw => Some(EmailKind::Withdrawn),
            Action::Answer => Some(EmailKind::AnswerReceived),
        }
    }

    /// Whether the runner, not an operator, takes the action.
    pub fn is_runners(&self) -> bool {
        matches!(self, Action::Withdraw | Action::Answer)
    }

    /// The status the action leads to.
    fn target(&self) -> Status {
        match self {
            Action::Invite => Status::Invited,
            Action::Accept => Status::Accepted,
            Action::Decline => Status::Declined,
            Action::RequestInformation => Status::InformationRequested,
            Action::Withdraw => Status::Withdrawn,
            Action::Answer => Status::InformationProvided,
        }
    }

    /// The statuses the action may start from. A waiting entry is accepted only once it
    /// has a place: places, not operators, decide who waits (see `quota`).
    fn starting_statuses(&self) -> &'static [Status] {
        use Status::*;
        match self {
            Action::Invite | Action::Accept => &[Submitted, InformationRequested, InformationProvided],
            Action::RequestInformation => &[Submitted, InformationProvided],
            Action::Answer => &[InformationRequested],
            Action::Decline | Action::Withdraw => {
                &[Submitted, InformationRequested, InformationProvided, Waitlisted, Accepted, Invited]
            }
        }
    }

    /// Whether the action exists for entries of `channel`: invitations are the Ministry's,
    /// acceptance the others'.
    pub fn applies_to(&self, channel: Channel) -> bool {
        match self {
            Action::Invite => channel == Channel::EliteInvitation,
            Action::Accept => channel != Channel::EliteInvitation,
            Action::Decline | Action::RequestInformation | Action::Withdraw | Action::Answer => true,
        }
    }

    /// The operators' actions on an entry of `channel` in `status`, in the order shown.
    pub fn available(channel: Channel, status: Status) -> Vec<Action> {
        Action::ALL
            .into_iter()
            .filter(|action| !action.is_runners() && review(channel, status, *action).is_ok())
            .collect()
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Action::ALL.into_iter().find(|action| action.as_str() == text).ok_or_else(|| format!("unknown action {text:?}"))
    }
}

/// What an entry's history records: every line of its audit trail is one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryAction {
    /// The runner sent the form or the API request.
    Submitted,
    /// An operator's review action, or the runner's withdrawal.
    Review(Action),
    /// A released place went to the entry, first waiting.
    Promoted,
    /// An operator moved the waiting entry to the front of the list.
    PromotedByHand,
    /// An operator had one of its emails sent again.
    ResendEmail,
    /// The runner confirmed the email address through the emailed link.
    EmailConfirmed,
    /// The address was not confirmed in time: the entry lapsed.
    EmailNotConfirmed,
    /// The runner asked for the status link again and was emailed a new one.
    StatusLinkSent,
    /// The runner uploaded a document (the note names it).
    DocumentUploaded,
    /// An operator accepted a document.
    DocumentAccepted,
    /// An operator asked for a document again (the note gives the reason).
    DocumentRefused,
    /// An operator opened a document: passports are seen only with a trace.
    DocumentViewed,
    /// An operator was shown the whole passport number (on the entry page).
    PassportViewed,
    /// The runner corrected their details (the note says what, before and after).
    DetailsCorrected,
    /// The runner moved the entry to another race (the note says from which to which).
    Transferred,
    /// The retention rule for documents deleted the entry's uploaded documents.
    DocumentsErased,
    /// The retention rule for personal data erased the entry's personal fields.
    PersonalDataErased,
    /// The runner asked for their entry to be erased: a link to confirm it was emailed.
    ErasureRequested,
    /// The runner asked for their entry to be erased, and confirmed it.
    ErasedAtRunnersRequest,
}

impl HistoryAction {
    /// The code stored in the audit trail.
    pub const fn as_str(&self) -> &'static str {
        match self {
            HistoryAction::Submitted => "submitted",
            HistoryAction::Review(action) => action.as_str(),
            HistoryAction::Promoted => "promoted",
            HistoryAction::PromotedByHand => "promoted_by_hand",
            HistoryAction::ResendEmail => "resend_email",
            HistoryAction::EmailConfirmed => "email_confirmed",
            HistoryAction::EmailNotConfirmed => "email_not_confirmed",
            HistoryAction::StatusLinkSent => "status_link_sent",
            HistoryAction::DocumentUploaded => "document_uploaded",
            HistoryAction::DocumentAccepted => "document_accepted",
            HistoryAction::DocumentRefused => "document_refused",
            HistoryAction::DocumentViewed => "document_viewed",
            HistoryAction::PassportViewed => "passport_viewed",
            HistoryAction::DetailsCorrected => "details_corrected",
            HistoryAction::Transferred => "transferred",
            HistoryAction::DocumentsErased => "documents_erased",
            HistoryAction::PersonalDataErased => "personal_data_erased",
            HistoryAction::ErasureRequested => "erasure_requested",
            HistoryAction::ErasedAtRunnersRequest => "erased_at_runners_request",
        }
    }

    /// Every action that is not a review action.
    const OTHERS: [HistoryAction; 18] = [
        HistoryAction::Submitted,
        HistoryAction::Promoted,
        HistoryAction::PromotedByHand,
        HistoryAction::ResendEmail,
        HistoryAction::EmailConfirmed,
        HistoryAction::EmailNotConfirmed,
        HistoryAction::StatusLinkSent,
        HistoryAction::DocumentUploaded,
        HistoryAction::DocumentAccepted,
        HistoryAction::DocumentRefused,
        HistoryAction::DocumentViewed,
        HistoryAction::PassportViewed,
        HistoryAction::DetailsCorrected,
        HistoryAction::Transferred,
        HistoryAction::DocumentsErased,
        HistoryAction::PersonalDataErased,
        HistoryAction::ErasureRequested,
        HistoryAction::ErasedAtRunnersRequest,
    ];
}

impl FromStr for HistoryAction {
    type Err = String;

    /// The action of a stored audit line, from its code.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Ok(action) = text.parse::<Action>() {
            return Ok(HistoryAction::Review(action));
        }
        HistoryAction::OTHERS
            .into_iter()
            .find(|action| action.as_str() == text)
            .ok_or_else(|| format!("unknown history action {text:?}"))
    }
}

/// An action that cannot be taken, with a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("entries of the {channel} channel cannot be {verb}", channel = .channel.as_str(), verb = past(.action))]
    NotForChannel { action: Action, channel: Channel },
    #[error("an entry that is {from} cannot be {verb}", from = state(.from), verb = past(.action))]
    NotFromStatus { action: Action, from: Status },
}

/// The status as it reads after "an entry that is".
fn state(status: &Status) -> &'static str {
    match status {
        Status::Submitted => "submitted",
        Status::InformationRequested => "waiting for information",
        Status::InformationProvided => "answered",
        Status::Accepted => "accepted",
        Status::Invited => "invited",
        Status::Waitlisted => "on the waiting list",
        Status::Declined => "declined",
        Status::Withdrawn => "withdrawn",
    }
}

fn past(action: &Action) -> &'static str {
    match action {
        Action::Invite => "invited",
        Action::Accept => "accepted",
        Action::Decline => "declined",
        Action::RequestInformation => "asked for more information",
        Action::Withdraw => "withdrawn",
        Action::Answer => "answered",
    }
}

/// The status an entry of `channel` moves to when `action` is taken in status `from`.
pub fn review(channel: Channel, from: Status, action: Action) -> Result<Status, ReviewError> {
    if !action.applies_to(channel) {
        return Err(ReviewError::NotForChannel { action, channel });
    }
    if !action.starting_statuses().contains(&from) {
        return Err(ReviewError::NotFromStatus { action, from });
    }
    Ok(action.target())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_history_action_reads_back_from_its_code() {
        let reviews = Action::ALL.map(HistoryAction::Review);
        for action in HistoryAction::OTHERS.iter().chain(&reviews) {
            assert_eq!(action.as_str().parse::<HistoryAction>(), Ok(*action));
        }
        assert!("promotion".parse::<HistoryAction>().is_err());
    }

    #[test]
    fn every_action_emails_the_runner() {
        let emails: Vec<_> = Action::ALL.iter().map(|action| (*action, action.email())).collect();
        assert_eq!(
            emails,
            [
                (Action::Invite, Some(EmailKind::Invited)),
                (Action::Accept, Some(EmailKind::Accepted)),
                (Action::Decline, Some(EmailKind::Declined)),
                (Action::RequestInformation, Some(EmailKind::InformationRequested)),
                (Action::Withdraw, Some(EmailKind::Withdrawn)),
                (Action::Answer, Some(EmailKind::AnswerReceived)),
            ]
        );
    }

    #[test]
    fn the_ministry_invites_and_the_others_accept() {
        assert_eq!(review(Channel::EliteInvitation, Status::Submitted, Action::Invite), Ok(Status::Invited));
        assert_eq!(review(Channel::LicensedOperator, Status::Submitted, Action::Accept), Ok(Status::Accepted));
        assert_eq!(
            review(Channel::StateAgency, Status::Submitted, Action::Invite).unwrap_err().to_string(),
            "entries of the state_agency channel cannot be invited"
        );
        assert!(review(Channel::EliteInvitation, Status::Submitted, Action::Accept).is_err());
        assert_eq!(
            review(Channel::LicensedOperator, Status::Waitlisted, Action::Accept).unwrap_err().to_string(),
            "an entry that is on the waiting list cannot be accepted"
        );
    }

    #[test]
    fn inviting_a_declined_entry_is_refused_with_a_clear_message() {
        let error = review(Channel::EliteInvitation, Status::Declined, Action::Invite).unwrap_err();
        assert_eq!(error.to_string(), "an entry that is declined cannot be invited");
    }

    #[test]
    fn final_statuses_never_move() {
        for channel in Channel::ALL {
            for from in [Status::Declined, Status::Withdrawn] {
                for action in Action::ALL {
                    assert!(review(channel, from, action).is_err(), "{channel:?} {from:?} {action:?}");
                }
                assert!(Action::available(channel, from).is_empty());
            }
        }
    }

    #[test]
    fn every_open_entry_can_be_withdrawn_or_declined() {
        for channel in Channel::ALL {
            for from in Status::ALL.into_iter().filter(|s| !s.is_final()) {
                assert_eq!(review(channel, from, Action::Withdraw), Ok(Status::Withdrawn));
                assert_eq!(review(channel, from, Action::Decline), Ok(Status::Declined));
            }
        }
    }

    #[test]
    fn an_answer_goes_back_to_the_operator_who_may_ask_again() {
        for channel in Channel::ALL {
            assert_eq!(review(channel, Status::InformationRequested, Action::Answer), Ok(Status::InformationProvided));
            assert!(review(channel, Status::Submitted, Action::Answer).is_err(), "nothing was asked");
            assert!(review(channel, Status::InformationProvided, Action::Answer).is_err(), "answered already");
            assert_eq!(
                review(channel, Status::InformationProvided, Action::RequestInformation),
                Ok(Status::InformationRequested)
            );
            assert!(!Action::available(channel, Status::InformationRequested).contains(&Action::Answer));
        }
        assert!(Status::InformationProvided.holds_place());
        assert_eq!(
            Action::available(Channel::StateAgency, Status::InformationProvided),
            [Action::Accept, Action::Decline, Action::RequestInformation]
        );
    }

    #[test]
    fn operators_see_the_actions_of_their_channel_only() {
        let labels = |channel| {
            Action::available(channel, Status::Submitted).iter().map(|a| a.label(channel)).collect::<Vec<_>>()
        };
        assert_eq!(labels(Channel::EliteInvitation), ["Invite", "Decline", "Request more evidence"]);
        assert_eq!(labels(Channel::StateAgency), ["Accept", "Decline", "Request information"]);
    }
}
