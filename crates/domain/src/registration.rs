//! What a stored registration is known by: its reference, the runner's secret status link,
//! the passport it travels on and its status.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// Letters and digits that cannot be misread for one another: no 0/O, 1/I/L, and no U.
const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Maps random bytes onto an alphabet without look-alike characters, one character per
/// byte: for references, links and passwords people copy by hand. The modulo bias (256 is
/// not a multiple of 30) costs about 0.1 bit per character, which the lengths allow for.
pub fn readable_secret(random: &[u8]) -> String {
    random.iter().map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()])).collect()
}

/// A registration's public reference, `PIM-7K3Q-9XRT`: random (about 39 bits), never
/// sequential, so it says nothing about how many entries there are.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(String);

impl Reference {
    /// Builds a reference from 8 random bytes.
    pub fn from_random(random: [u8; 8]) -> Reference {
        let code = readable_secret(&random);
        Reference(format!("PIM-{}-{}", &code[..4], &code[4..]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A string that is not a reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a reference looks like PIM-7K3Q-9XRT")]
pub struct ReferenceError;

impl FromStr for Reference {
    type Err = ReferenceError;

    /// Accepts any case, with or without the dashes and the `PIM` prefix.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let compact: String = text.trim().chars().filter(|c| *c != '-' && !c.is_whitespace()).collect();
        let compact = compact.to_ascii_uppercase();
        let code = compact.strip_prefix("PIM").unwrap_or(&compact);
        if code.len() != 8 || !code.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(ReferenceError);
        }
        Ok(Reference(format!("PIM-{}-{}", &code[..4], &code[4..])))
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reference({})", self.0)
    }
}

/// The secret in a runner's status link: 26 characters, about 125 bits. Only its hash is
/// stored, so a copy of the database does not open anyone's status page.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusToken(String);

impl StatusToken {
    pub const LENGTH: usize = 26;

    /// Builds a token from 26 random bytes.
    pub fn from_random(random: [u8; StatusToken::LENGTH]) -> StatusToken {
        StatusToken(readable_secret(&random))
    }

    /// Reads a token from a link or a form; `None` unless it has the exact shape.
    pub fn parse(text: &str) -> Option<StatusToken> {
        let shaped = text.len() == StatusToken::LENGTH && text.bytes().all(|b| ALPHABET.contains(&b));
        shaped.then(|| StatusToken(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SHA-256 of the token, in hex: what the database keeps.
    pub fn hash(&self) -> String {
        Sha256::digest(self.0.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

impl fmt::Debug for StatusToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StatusToken(…)")
    }
}

/// A passport number as issued: letters and digits, kept upper case without the spaces or
/// dashes people type into them, so the same passport is recognised however it is typed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PassportNumber(String);

/// Why a passport number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassportNumberError {
    #[error("enter your passport number")]
    Empty,
    #[error("a passport number has only letters and digits")]
    Characters,
    #[error("a passport number has 5 to 20 letters and digits")]
    Length,
}

impl PassportNumberError {
    /// A stable code for the kind of error, for translations and clients.
    pub fn code(&self) -> &'static str {
        match self {
            PassportNumberError::Empty => "required",
            PassportNumberError::Characters => "passport_characters",
            PassportNumberError::Length => "passport_length",
        }
    }
}

impl PassportNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// All but the last three characters hidden, for lists: `•••••567`.
    pub fn masked(&self) -> String {
        let shown = self.0.len().saturating_sub(3);
        "•".repeat(shown) + &self.0[shown..]
    }
}

impl FromStr for PassportNumber {
    type Err = PassportNumberError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if compact.is_empty() {
            return Err(PassportNumberError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(PassportNumberError::Characters);
        }
        if !(5..=20).contains(&compact.len()) {
            return Err(PassportNumberError::Length);
        }
        Ok(PassportNumber(compact.to_ascii_uppercase()))
    }
}

impl fmt::Debug for PassportNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PassportNumber({})", self.masked())
    }
}

/// The person behind an application: what the organisations need besides the routing
/// fields. Built by the web layer once every field has passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registrant {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    pub passport_number: PassportNumber,
    pub passport_expiry: time::Date,
    pub emergency_contact_name: String,
    pub emergency_contact_phone: String,
    /// Elite entries: the race of the qualifying time and a link to its results.
    pub qualifying_race: Option<String>,
    pub qualifying_evidence_url: Option<String>,
}

/// Where a registration stands. New entries are `submitted`; review moves them on (see
/// [`crate::review`]); `declined` and `withdrawn` are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted,
    InformationRequested,
    /// The runner answered a request for information: back to the operator, first in line.
    InformationProvided,
    Accepted,
    Invited,
    Waitlisted,
    Declined,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Submitted,
        Status::InformationRequested,
        Status::InformationProvided,
        Status::Accepted,
        Status::Invited,
        Status::Waitlisted,
        Status::Declined,
        Status::Withdrawn,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::InformationRequested => "information_requested",
            Status::InformationProvided => "information_provided",
            Status::Accepted => "accepted",
            Status::Invited => "invited",
            Status::Waitlisted => "waitlisted",
            Status::Declined => "declined",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// The status in a few words, for operators' lists.
    pub fn label(&self) -> &'static str {
        match self {
            Status::Submitted => "Submitted",
            Status::InformationRequested => "Information requested",
            Status::InformationProvided => "Answered",
            Status::Accepted => "Accepted",
            Status::Invited => "Invited",
            Status::Waitlisted => "Waiting list",
            Status::Declined => "Declined",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// Whether an entry in this status holds one of its channel's places.
    pub fn holds_place(&self) -> bool {
        matches!(
            self,
            Status::Submitted
                | Status::InformationRequested
                | Status::InformationProvided
                | Status::Accepted
                | Status::Invited
        )
    }

    /// Declined and withdrawn entries are over: nothing moves them on.
    pub fn is_final(&self) -> bool {
        matches!(self, Status::Declined | Status::Withdrawn)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Status::ALL.into_iter().find(|status| status.as_str() == text).ok_or_else(|| format!("unknown status {text:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_use_an_unambiguous_alphabet_and_parse_back() {
        let reference = Reference::from_random([0, 1, 29, 30, 255, 128, 64, 7]);
        assert_eq!(reference.as_str(), "PIM-23Z2-HA69");
        assert_eq!(" pim 23z2 ha69 ".parse::<Reference>(), Ok(reference.clone()));
        assert_eq!("23Z2HA69".parse::<Reference>(), Ok(reference));
        assert_eq!("PIM-23Z2-HA60".parse::<Reference>(), Err(ReferenceError));
        assert_eq!("PIM-23Z2".parse::<Reference>(), Err(ReferenceError));
    }

    #[test]
    fn a_status_token_is_kept_only_as_its_hash() {
        let token = StatusToken::from_random([42; 26]);
        assert_eq!(StatusToken::parse(token.as_str()), Some(token.clone()));
        assert_eq!(token.hash().len(), 64);
        assert_ne!(token.hash(), StatusToken::from_random([43; 26]).hash());
        assert_eq!(StatusToken::parse("short"), None);
        assert_eq!(StatusToken::parse(&"0".repeat(26)), None);
        assert_eq!(format!("{token:?}"), "StatusToken(…)");
    }

    #[test]
    fn passport_numbers_are_normalised_and_masked() {
        let passport: PassportNumber = " e1234-567 ".parse().unwrap();
        assert_eq!(passport.as_str(), "E1234567");
        assert_eq!(passport.masked(), "•••••567");
        assert_eq!("".parse::<PassportNumber>(), Err(PassportNumberError::Empty));
        assert_eq!("AB12".parse::<PassportNumber>(), Err(PassportNumberError::Length));
        assert_eq!("AB12'; DROP".parse::<PassportNumber>(), Err(PassportNumberError::Characters));
    }
}
