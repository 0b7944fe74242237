//! The rules of the Pyongyang International Marathon's foreign entry, as pure code.
//!
//! Types here parse raw input into values that cannot be wrong ([`Nationality`],
//! [`Distance`], [`RaceTime`], ...), the [`Policy`] holds everything an edition may change,
//! and [`route`] decides which organisation handles an [`Application`], and why.
//! Nothing here does IO: callers read files, clocks and requests and hand the values in.

mod application;
mod date;
mod document;
mod email;
mod email_kind;
mod invitation;
mod nationality;
mod operator;
mod policy;
mod quota;
mod race;
mod registration;
mod retention;
mod review;
mod routing;
mod summary;
mod text;

pub use application::{Application, ApplicationInput, FieldError, FieldErrors, RoutingRequest};
pub use date::{DateError, add_months, age_on, format_date_long, format_moment_long, parse_date};
pub use document::{
    CheckedFile, DocumentKind, DocumentStatus, FileType, UploadError, check_upload, samples as document_samples,
};
pub use email::{EmailAddressError, check_email_address};
pub use email_kind::{EmailKind, EmailPayload};
pub use invitation::{
    EliteCandidate, InvitationRefused, elite_rank, invitation_order, invitations_open_on, may_invite,
};
pub use nationality::{Nationality, NationalityError, TRANSLATED_NAME_LOCALES};
pub use operator::{MIN_PASSWORD_LENGTH, Organisation};
pub use policy::{LANGUAGE_TAGS, NotAccepted, Policy, PolicyError, Quota, QuotaScope, Race, Window};
pub use quota::{Admission, Ledger, Places};
pub use race::{
    Category, CategoryError, Distance, DistanceError, RaceTime, RaceTimeError, Sex, SexError, format_seconds,
};
pub use registration::{
    PassportNumber, PassportNumberError, Reference, ReferenceError, Registrant, Status, StatusToken, readable_secret,
};
pub use retention::{Retention, RetentionRule, age_band};
pub use review::{Action, HistoryAction, ReviewError, review};
pub use routing::{Channel, Decision, Reason, Rule, races_open_at, route};
pub use summary::{EmailConfirmation, RegistrationSummary};
pub use text::{TextError, check_required_text, check_text};

/// What time it is: the system clock in production, one the test sets in tests. Code
/// that needs "now" takes one of these instead of reading the system clock itself.
pub type Clock = std::sync::Arc<dyn Fn() -> time::OffsetDateTime + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    std::sync::Arc::new(time::OffsetDateTime::now_utc)
}

/// Implements `Deserialize` through `FromStr`, so every format gets the same parsing
/// rules and messages as the command line and the forms.
macro_rules! deserialize_from_str {
    ($($type:ty),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )+};
}
pub(crate) use deserialize_from_str;
