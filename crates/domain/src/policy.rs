//! The edition policy: everything that changes from one edition to the next, as data.
//!
//! One TOML document per edition, checked when loaded; the 2027 default is embedded.
//! An unknown key, a missing one, a bad value or an inconsistent list is refused with
//! the key and line, so an operator never runs on a policy that says something else.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use time::{Date, Month, OffsetDateTime, UtcOffset};
use toml::Spanned;

use crate::{Category, Channel, Distance, DocumentKind, Nationality, RaceTime, Retention, Sex, add_months};

const DEFAULT_2027: &str = include_str!("../policy-2027.toml");

/// One race of the day, as the policy sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Race {
    pub entry_fee_usd: u32,
    pub time_limit: RaceTime,
    /// Age on race day.
    pub minimum_age: u8,
}

/// The places of a channel: a total, and optionally a limit per race.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub total: u32,
    #[serde(default, rename = "full")]
    full: Option<u32>,
    #[serde(default, rename = "half")]
    half: Option<u32>,
    #[serde(default, rename = "10k")]
    ten_k: Option<u32>,
    #[serde(default, rename = "5k")]
    five_k: Option<u32>,
}

impl Quota {
    /// A total and no limit per race; [`Quota::with_limit`] adds them.
    pub fn new(total: u32) -> Quota {
        Quota { total, full: None, half: None, ten_k: None, five_k: None }
    }

    /// The limit of one race, if the channel sets one besides its total.
    pub fn for_distance(&self, distance: Distance) -> Option<u32> {
        match distance {
            Distance::Full => self.full,
            Distance::Half => self.half,
            Distance::TenK => self.ten_k,
            Distance::FiveK => self.five_k,
        }
    }

    /// The limit of one scope: the total always has one, a race may not.
    pub fn limit(&self, scope: QuotaScope) -> Option<u32> {
        match scope {
            QuotaScope::Total => Some(self.total),
            QuotaScope::Race(distance) => self.for_distance(distance),
        }
    }

    /// The same quota with one scope's limit changed (the secretariat's run-time changes).
    pub fn with_limit(mut self, scope: QuotaScope, places: u32) -> Quota {
        let slot = match scope {
            QuotaScope::Total => {
                self.total = places;
                return self;
            }
            QuotaScope::Race(Distance::Full) => &mut self.full,
            QuotaScope::Race(Distance::Half) => &mut self.half,
            QuotaScope::Race(Distance::TenK) => &mut self.ten_k,
            QuotaScope::Race(Distance::FiveK) => &mut self.five_k,
        };
        *slot = Some(places);
        self
    }
}

/// What one limit of a channel's quota counts: all its places, or one race's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuotaScope {
    Total,
    Race(Distance),
}

impl QuotaScope {
    pub const ALL: [QuotaScope; 5] = [
        QuotaScope::Total,
        QuotaScope::Race(Distance::Full),
        QuotaScope::Race(Distance::Half),
        QuotaScope::Race(Distance::TenK),
        QuotaScope::Race(Distance::FiveK),
    ];

    /// `total`, or the race's code (`full`, `half`, `10k`, `5k`) as in the policy file.
    pub fn as_str(&self) -> &'static str {
        match self {
            QuotaScope::Total => "total",
            QuotaScope::Race(distance) => distance.as_str(),
        }
    }

    /// What the scope is, for people.
    pub fn label(&self) -> &'static str {
        match self {
            QuotaScope::Total => "all races",
            QuotaScope::Race(distance) => distance.label(),
        }
    }
}

impl std::str::FromStr for QuotaScope {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        QuotaScope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == text)
            .ok_or_else(|| format!("unknown quota scope {text:?}"))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotasFile {
    licensed_operator: Quota,
    state_agency: Quota,
    elite_invitations_per_country_and_sex: u32,
}

/// A nationality this system does not accept, for some categories, and what to tell them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAccepted {
    pub nationality: Nationality,
    pub categories: Vec<Category>,
    pub message: String,
}

/// Whether a channel takes applications at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    NotYetOpen {
        opens_at: OffsetDateTime,
    },
    Open,
    /// Closed after `last_day`, in the race's time zone.
    Closed {
        last_day: Date,
    },
}

/// A checked edition policy. Built only by [`Policy::from_toml`] or [`Policy::embedded_default`].
#[derive(Debug, Clone)]
pub struct Policy {
    edition: String,
    name: String,
    race_day: Date,
    opens_at: OffsetDateTime,
    closes: BTreeMap<Channel, Date>,
    passport_valid_months_after_race_day: u8,
    confirm_email_within_hours: u16,
    quotas: BTreeMap<Channel, Quota>,
    elite_invitations_per_country_and_sex: u32,
    organisations: BTreeMap<Channel, String>,
    /// Where runners' replies to emails about an entry of the channel go.
    contacts: BTreeMap<Channel, String>,
    /// The documents the organisation handling the channel's entries needs.
    documents: BTreeMap<Channel, Vec<DocumentKind>>,
    /// The largest file a runner may upload, in bytes.
    max_upload_bytes: usize,
    races: BTreeMap<Distance, Race>,
    state_agency_region: Vec<Nationality>,
    state_agency_exceptions: Vec<Nationality>,
    not_accepted: Vec<NotAccepted>,
    /// Country names as the organisers write them, per language: (country, tag) → name.
    country_names: BTreeMap<(Nationality, String), String>,
    qualifying_window_years: u8,
    standards: BTreeMap<(Distance, Sex), RaceTime>,
    world_records: BTreeMap<(Distance, Sex), RaceTime>,
    retention: Retention,
    source: String,
}

/// A policy document that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// Bad TOML, an unknown or missing key, or a value of the wrong kind. The message,
    /// from the TOML reader, names the line, the column and the key.
    #[error("{0}")]
    Syntax(String),
    /// Values that read fine but do not make sense together.
    #[error("policy line {line}, `{key}`: {message}")]
    Invalid { key: String, line: usize, message: String },
}

// The document as written; `Policy::from_toml` checks it and builds the `Policy`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    edition: String,
    name: String,
    race_day: Spanned<toml::value::Datetime>,
    registration: RegistrationFile,
    quotas: QuotasFile,
    organisations: OrganisationsFile,
    #[serde(default)]
    contacts: ContactsFile,
    #[serde(default)]
    documents: DocumentsFile,
    races: RacesFile,
    state_agency: StateAgencyFile,
    #[serde(default)]
    not_accepted: Vec<NotAcceptedFile>,
    #[serde(default)]
    country_names: Vec<CountryNameFile>,
    elite: EliteFile,
    retention: Option<Spanned<Retention>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrationFile {
    opens_at: Spanned<toml::value::Datetime>,
    closes: ClosesFile,
    passport_valid_months_after_race_day: u8,
    #[serde(default = "default_confirm_email_within_hours")]
    confirm_email_within_hours: u16,
}

fn default_confirm_email_within_hours() -> u16 {
    48
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosesFile {
    elite_invitation: Spanned<toml::value::Datetime>,
    state_agency: Spanned<toml::value::Datetime>,
    licensed_operator: Spanned<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationsFile {
    elite_invitation: Spanned<String>,
    state_agency: Spanned<String>,
    licensed_operator: Spanned<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ContactsFile {
    elite_invitation: Option<Spanned<String>>,
    state_agency: Option<Spanned<String>>,
    licensed_operator: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsFile {
    #[serde(default = "default_max_upload_megabytes")]
    max_upload_megabytes: Spanned<u8>,
    elite_invitation: Option<Spanned<Vec<DocumentKind>>>,
    state_agency: Option<Spanned<Vec<DocumentKind>>>,
    licensed_operator: Option<Spanned<Vec<DocumentKind>>>,
}

impl Default for DocumentsFile {
    fn default() -> Self {
        DocumentsFile {
            max_upload_megabytes: default_max_upload_megabytes(),
            elite_invitation: None,
            state_agency: None,
            licensed_operator: None,
        }
    }
}

fn default_max_upload_megabytes() -> Spanned<u8> {
    Spanned::new(0..0, 5)
}

/// The documents a channel needs when the policy does not say: the visa needs the
/// passport and a photo; an elite invitation needs the qualifying result.
fn default_documents(channel: Channel) -> Vec<DocumentKind> {
    match channel {
        Channel::EliteInvitation => vec![DocumentKind::QualifyingResult],
        Channel::StateAgency | Channel::LicensedOperator => {
            vec![DocumentKind::PassportDataPage, DocumentKind::PassportPhoto]
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RacesFile {
    full: Race,
    half: Race,
    #[serde(rename = "10k")]
    ten_k: Race,
    #[serde(rename = "5k")]
    five_k: Race,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StateAgencyFile {
    region: Vec<Spanned<Nationality>>,
    exceptions: Vec<Spanned<Nationality>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NotAcceptedFile {
    nationality: Spanned<Nationality>,
    categories: Spanned<Vec<Category>>,
    message: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryNameFile {
    code: Spanned<Nationality>,
    language: Spanned<String>,
    name: Spanned<String>,
    reason: Spanned<String>,
}

/// The languages runners read PIM in, by tag (`pim_i18n::Language`, which a test holds
/// to this list): a country name may be given for each.
pub const LANGUAGE_TAGS: [&str; 5] = ["en", "ko", "zh-Hans", "zh-Hant", "ru"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EliteFile {
    qualifying_window_years: Spanned<u8>,
    standards: BTreeMap<Distance, StandardsFile>,
    #[serde(default)]
    world_records: BTreeMap<Distance, StandardsFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardsFile {
    male: Option<RaceTime>,
    female: Option<RaceTime>,
}

/// Turns spans into line numbers for the messages of the checks after parsing.
struct Checker<'a> {
    source: &'a str,
}

impl Checker<'_> {
    fn invalid(&self, key: &str, span: Range<usize>, message: impl Into<String>) -> PolicyError {
        let line = self.source[..span.start.min(self.source.len())].matches('\n').count() + 1;
        PolicyError::Invalid { key: key.to_owned(), line, message: message.into() }
    }

    /// A TOML local date such as `2027-04-11`.
    fn date(&self, key: &str, value: Spanned<toml::value::Datetime>) -> Result<Date, PolicyError> {
        let span = value.span();
        match value.into_inner() {
            toml::value::Datetime { date: Some(date), time: None, offset: None } => Month::try_from(date.month)
                .ok()
                .and_then(|month| Date::from_calendar_date(i32::from(date.year), month, date.day).ok()),
            _ => None,
        }
        .ok_or_else(|| self.invalid(key, span, "must be a date such as 2027-04-11, without a time"))
    }

    /// A TOML date and time with its offset, such as `2026-11-01T00:00:00+09:00`.
    fn moment(&self, key: &str, value: Spanned<toml::value::Datetime>) -> Result<OffsetDateTime, PolicyError> {
        let span = value.span();
        let text = value.into_inner().to_string();
        let format = time::format_description::well_known::Rfc3339;
        OffsetDateTime::parse(&text, &format).map_err(|_| {
            self.invalid(key, span, "must be a date and time with its UTC offset, such as 2026-11-01T00:00:00+09:00")
        })
    }

    /// An email address the mailer can send to.
    fn email_address(&self, key: &str, value: Spanned<String>) -> Result<String, PolicyError> {
        let span = value.span();
        let value = value.into_inner();
        crate::check_email_address(value.trim())
            .map_err(|error| self.invalid(key, span, format!("must be an email address: {error}")))?;
        Ok(value.trim().to_owned())
    }

    fn not_blank(&self, key: &str, value: Spanned<String>) -> Result<String, PolicyError> {
        let span = value.span();
        let value = value.into_inner();
        if value.trim().is_empty() {
            return Err(self.invalid(key, span, "must not be empty"));
        }
        Ok(value)
    }

    /// A list of distinct nationalities.
    fn distinct(&self, key: &str, list: Vec<Spanned<Nationality>>) -> Result<Vec<Nationality>, PolicyError> {
        let mut seen = Vec::with_capacity(list.len());
        for item in list {
            if seen.contains(item.get_ref()) {
                return Err(self.invalid(key, item.span(), format!("{} is listed twice", item.get_ref())));
            }
            seen.push(item.into_inner());
        }
        Ok(seen)
    }
}

impl Policy {
    /// The policy for the 2027 edition, embedded in the program.
    pub fn embedded_default() -> Policy {
        Policy::from_toml(DEFAULT_2027).expect("the embedded default policy is valid")
    }

    /// Reads and checks a policy document.
    pub fn from_toml(source: &str) -> Result<Policy, PolicyError> {
        let file: PolicyFile =
            toml::from_str(source).map_err(|e| PolicyError::Syntax(e.to_string().trim_end().to_owned()))?;
        let check = Checker { source };

        let race_day = check.date("race_day", file.race_day)?;
        let opens_at = check.moment("registration.opens_at", file.registration.opens_at)?;
        let closes = BTreeMap::from([
            (
                Channel::EliteInvitation,
                check.date("registration.closes.elite_invitation", file.registration.closes.elite_invitation)?,
            ),
            (
                Channel::StateAgency,
                check.date("registration.closes.state_agency", file.registration.closes.state_agency)?,
            ),
            (
                Channel::LicensedOperator,
                check.date("registration.closes.licensed_operator", file.registration.closes.licensed_operator)?,
            ),
        ]);

        let organisations = BTreeMap::from([
            (
                Channel::EliteInvitation,
                check.not_blank("organisations.elite_invitation", file.organisations.elite_invitation)?,
            ),
            (Channel::StateAgency, check.not_blank("organisations.state_agency", file.organisations.state_agency)?),
            (
                Channel::LicensedOperator,
                check.not_blank("organisations.licensed_operator", file.organisations.licensed_operator)?,
            ),
        ]);
        let mut contacts = BTreeMap::new();
        let named = [
            (Channel::EliteInvitation, "contacts.elite_invitation", file.contacts.elite_invitation),
            (Channel::StateAgency, "contacts.state_agency", file.contacts.state_agency),
            (Channel::LicensedOperator, "contacts.licensed_operator", file.contacts.licensed_operator),
        ];
        for (channel, key, address) in named {
            if let Some(address) = address {
                contacts.insert(channel, check.email_address(key, address)?);
            }
        }
        let mut documents = BTreeMap::new();
        let named = [
            (Channel::EliteInvitation, "documents.elite_invitation", file.documents.elite_invitation),
            (Channel::StateAgency, "documents.state_agency", file.documents.state_agency),
            (Channel::LicensedOperator, "documents.licensed_operator", file.documents.licensed_operator),
        ];
        for (channel, key, list) in named {
            let Some(list) = list else {
                documents.insert(channel, default_documents(channel));
                continue;
            };
            let span = list.span();
            let list = list.into_inner();
            if list.contains(&DocumentKind::Attachment) {
                return Err(check.invalid(
                    key,
                    span,
                    "attachment is not a document to ask for; it is sent with answers",
                ));
            }
            if let Some(twice) = list.iter().enumerate().find(|(i, kind)| list[..*i].contains(kind)) {
                return Err(check.invalid(key, span, format!("{} is listed twice", twice.1)));
            }
            documents.insert(channel, list);
        }
        let megabytes = file.documents.max_upload_megabytes;
        if !(1..=20).contains(megabytes.get_ref()) {
            return Err(check.invalid("documents.max_upload_megabytes", megabytes.span(), "must be from 1 to 20"));
        }
        let max_upload_bytes = usize::from(megabytes.into_inner()) * 1_000_000;

        let races = BTreeMap::from([
            (Distance::Full, file.races.full),
            (Distance::Half, file.races.half),
            (Distance::TenK, file.races.ten_k),
            (Distance::FiveK, file.races.five_k),
        ]);

        let region = check.distinct("state_agency.region", file.state_agency.region)?;
        let exception_spans: Vec<_> = file.state_agency.exceptions.iter().map(|e| e.span()).collect();
        let exceptions = check.distinct("state_agency.exceptions", file.state_agency.exceptions)?;
        if let Some((exception, span)) = exceptions.iter().zip(exception_spans).find(|(e, _)| !region.contains(e)) {
            let message = format!("{exception} is not in state_agency.region, so it needs no exception");
            return Err(check.invalid("state_agency.exceptions", span, message));
        }

        let mut not_accepted: Vec<NotAccepted> = Vec::with_capacity(file.not_accepted.len());
        for entry in file.not_accepted {
            let nationality = *entry.nationality.get_ref();
            if not_accepted.iter().any(|earlier| earlier.nationality == nationality) {
                let message = format!("{nationality} is listed twice; give it one entry with all its categories");
                return Err(check.invalid("not_accepted.nationality", entry.nationality.span(), message));
            }
            if entry.categories.get_ref().is_empty() {
                return Err(check.invalid(
                    "not_accepted.categories",
                    entry.categories.span(),
                    "name at least one category",
                ));
            }
            let message = check.not_blank("not_accepted.message", entry.message)?;
            not_accepted.push(NotAccepted { nationality, categories: entry.categories.into_inner(), message });
        }

        let mut country_names = BTreeMap::new();
        for entry in file.country_names {
            let nationality = *entry.code.get_ref();
            let language = entry.language.get_ref().clone();
            if !LANGUAGE_TAGS.contains(&language.as_str()) {
                let message = format!("must be one of {}", LANGUAGE_TAGS.join(", "));
                return Err(check.invalid("country_names.language", entry.language.span(), message));
            }
            let span = entry.name.span();
            let name = check.not_blank("country_names.name", entry.name)?;
            // Each name the organisers choose says why, for whoever edits the policy next.
            check.not_blank("country_names.reason", entry.reason)?;
            if country_names.insert((nationality, language.clone()), name).is_some() {
                let message = format!("{nationality} in {language} is named twice");
                return Err(check.invalid("country_names.name", span, message));
            }
        }

        let window = file.elite.qualifying_window_years;
        if *window.get_ref() == 0 {
            return Err(check.invalid("elite.qualifying_window_years", window.span(), "must be at least 1"));
        }
        let marks = |table: BTreeMap<Distance, StandardsFile>| -> BTreeMap<(Distance, Sex), RaceTime> {
            table
                .into_iter()
                .flat_map(|(distance, marks)| {
                    [(Sex::Male, marks.male), (Sex::Female, marks.female)]
                        .into_iter()
                        .filter_map(move |(sex, mark)| Some(((distance, sex), mark?)))
                })
                .collect()
        };
        let retention = match file.retention {
            None => Retention::default(),
            Some(spanned) => {
                let span = spanned.span();
                let retention = spanned.into_inner();
                // A document is personal data too: it cannot outlive the rest.
                if retention.documents_days_after_race_day > retention.personal_data_days_after_race_day {
                    return Err(check.invalid(
                        "retention",
                        span,
                        "documents_days_after_race_day cannot be more than personal_data_days_after_race_day",
                    ));
                }
                retention
            }
        };
        let standards = marks(file.elite.standards);
        let world_records = marks(file.elite.world_records);

        Ok(Policy {
            edition: file.edition,
            name: file.name,
            race_day,
            opens_at,
            closes,
            passport_valid_months_after_race_day: file.registration.passport_valid_months_after_race_day,
            confirm_email_within_hours: file.registration.confirm_email_within_hours,
            quotas: BTreeMap::from([
                (Channel::LicensedOperator, file.quotas.licensed_operator),
                (Channel::StateAgency, file.quotas.state_agency),
            ]),
            elite_invitations_per_country_and_sex: file.quotas.elite_invitations_per_country_and_sex,
            organisations,
            contacts,
            documents,
            max_upload_bytes,
            races,
            state_agency_region: region,
            state_agency_exceptions: exceptions,
            not_accepted,
            country_names,
            qualifying_window_years: window.into_inner(),
            standards,
            world_records,
            retention,
            source: source.to_owned(),
        })
    }

    pub fn edition(&self) -> &str {
        &self.edition
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn race_day(&self) -> Date {
        self.race_day
    }

    /// How long personal data is kept after race day.
    pub fn retention(&self) -> Retention {
        self.retention
    }

    /// The race's time zone, taken from the opening moment: what "today" means.
    pub fn utc_offset(&self) -> UtcOffset {
        self.opens_at.offset()
    }

    /// The date of `now` in the race's time zone: the application date.
    pub fn local_date(&self, now: OffsetDateTime) -> Date {
        now.to_offset(self.utc_offset()).date()
    }

    pub fn registration_opens_at(&self) -> OffsetDateTime {
        self.opens_at
    }

    /// The last day, in the race's time zone, on which `channel` takes applications.
    pub fn last_day_to_apply(&self, channel: Channel) -> Date {
        self.closes[&channel]
    }

    /// Whether `channel` takes applications at `now`.
    pub fn window(&self, channel: Channel, now: OffsetDateTime) -> Window {
        if now < self.opens_at {
            Window::NotYetOpen { opens_at: self.opens_at }
        } else if self.local_date(now) > self.last_day_to_apply(channel) {
            Window::Closed { last_day: self.last_day_to_apply(channel) }
        } else {
            Window::Open
        }
    }

    /// The earliest passport expiry date accepted: race day plus the months the DPRK requires.
    pub fn passport_valid_until(&self) -> Date {
        add_months(self.race_day, u32::from(self.passport_valid_months_after_race_day))
    }

    /// How long after submission a runner has to confirm the email address through the
    /// link in the confirmation email; an entry not confirmed by then lapses.
    pub fn confirm_email_within(&self) -> time::Duration {
        time::Duration::hours(i64::from(self.confirm_email_within_hours))
    }

    pub fn confirm_email_within_hours(&self) -> u16 {
        self.confirm_email_within_hours
    }

    pub fn passport_valid_months_after_race_day(&self) -> u8 {
        self.passport_valid_months_after_race_day
    }

    /// The places of `channel`; `None` for elite invitations, limited per country instead.
    pub fn quota(&self, channel: Channel) -> Option<&Quota> {
        self.quotas.get(&channel)
    }

    pub fn elite_invitations_per_country_and_sex(&self) -> u32 {
        self.elite_invitations_per_country_and_sex
    }

    /// Who handles `channel`'s entries, as said in explanations.
    /// The address runners' replies about an entry of `channel` go to, if the policy names one.
    pub fn contact(&self, channel: Channel) -> Option<&str> {
        self.contacts.get(&channel).map(String::as_str)
    }

    /// The documents runners of `channel` are asked to upload, in the order shown.
    pub fn documents(&self, channel: Channel) -> &[DocumentKind] {
        &self.documents[&channel]
    }

    /// The largest file a runner may upload, in bytes.
    pub fn max_upload_bytes(&self) -> usize {
        self.max_upload_bytes
    }

    pub fn organisation(&self, channel: Channel) -> &str {
        &self.organisations[&channel]
    }

    pub fn race(&self, distance: Distance) -> Race {
        self.races[&distance]
    }

    /// Nationalities whose amateurs register through the state agencies, unless excepted.
    pub fn state_agency_region(&self) -> &[Nationality] {
        &self.state_agency_region
    }

    pub fn state_agency_exceptions(&self) -> &[Nationality] {
        &self.state_agency_exceptions
    }

    /// Every name the organisers give a country: (country, language tag, name).
    pub fn country_names(&self) -> impl Iterator<Item = (Nationality, &str, &str)> {
        self.country_names.iter().map(|((nationality, tag), name)| (*nationality, tag.as_str(), name.as_str()))
    }

    /// The organisers' name for `nationality` in the language `tag`, where they give one.
    pub fn country_name(&self, nationality: Nationality, tag: &str) -> Option<&str> {
        self.country_names.get(&(nationality, tag.to_owned())).map(String::as_str)
    }

    pub fn not_accepted(&self) -> &[NotAccepted] {
        &self.not_accepted
    }

    /// The refusal that applies to this nationality in this category, if any.
    pub fn refusal(&self, nationality: Nationality, category: Category) -> Option<&NotAccepted> {
        self.not_accepted.iter().find(|entry| entry.nationality == nationality && entry.categories.contains(&category))
    }

    pub fn qualifying_window_years(&self) -> u8 {
        self.qualifying_window_years
    }

    /// The first day a qualifying performance may have been run: race day, so many years
    /// earlier (28 February when race day is a 29 February).
    pub fn qualifying_window_start(&self) -> Date {
        let year = self.race_day.year() - i32::from(self.qualifying_window_years);
        self.race_day
            .replace_year(year)
            .or_else(|_| self.race_day.replace_day(28).and_then(|day| day.replace_year(year)))
            .expect("28 February exists every year")
    }

    /// The elite standard at `distance` for `sex`; `None` where there is no elite field.
    pub fn elite_standard(&self, distance: Distance, sex: Sex) -> Option<RaceTime> {
        self.standards.get(&(distance, sex)).copied()
    }

    /// The world record at `distance` for `sex`: a qualifying time faster than it is a
    /// typing mistake. `None` where the policy names none.
    pub fn world_record(&self, distance: Distance, sex: Sex) -> Option<RaceTime> {
        self.world_records.get(&(distance, sex)).copied()
    }

    /// What happens next for an entry on `channel`, as the runner reads it on the
    /// confirmation page and in the confirmation email.
    pub fn next_steps(&self, channel: Channel) -> Vec<String> {
        let organisation = self.organisation(channel);
        let last_day = crate::format_date_long(self.last_day_to_apply(channel));
        let mut steps = match channel {
            Channel::EliteInvitation => vec![
                format!("Your qualifying time and the results you linked are reviewed by {organisation}."),
                format!(
                    "Elite applications close on {last_day}; invitations then go out strictly by qualifying time, and you will hear by email either way."
                ),
            ],
            Channel::StateAgency => vec![
                format!("Expect an email from {organisation} about your visa, travel and entry fee."),
                format!("Applications through the state agencies close on {last_day}."),
            ],
            Channel::LicensedOperator => vec![
                format!(
                    "Expect an email from {organisation} with the tour package and how to pay. Your visa is arranged through the tour."
                ),
                format!("Bookings close on {last_day}. A visa refused is refunded in full."),
            ],
        };
        steps.push(format!(
            "Keep your passport valid until at least {}: a DPRK visa takes about four weeks and needs it.",
            crate::format_date_long(self.passport_valid_until())
        ));
        steps
    }

    /// The document this policy was read from, comments and all.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (edition {})", self.name, self.edition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn code(text: &str) -> Nationality {
        text.parse().unwrap()
    }

    fn edited(from: &str, to: &str) -> String {
        assert!(DEFAULT_2027.contains(from), "the default policy contains {from:?}");
        DEFAULT_2027.replacen(from, to, 1)
    }

    fn line_of(source: &str, needle: &str) -> usize {
        source.lines().position(|line| line.contains(needle)).unwrap() + 1
    }

    #[test]
    fn the_embedded_default_holds_the_2027_facts() {
        let policy = Policy::embedded_default();
        assert_eq!(policy.race_day(), date!(2027 - 04 - 11));
        assert_eq!(policy.race_day().weekday(), time::Weekday::Sunday);
        assert_eq!(policy.qualifying_window_start(), date!(2024 - 04 - 11));
        let fees: Vec<_> = Distance::ALL.iter().map(|d| policy.race(*d).entry_fee_usd).collect();
        assert_eq!(fees, [150, 100, 70, 70]);
        let ages: Vec<_> = Distance::ALL.iter().map(|d| policy.race(*d).minimum_age).collect();
        assert_eq!(ages, [18, 16, 14, 10]);
        assert!(Distance::ALL.iter().all(|d| policy.race(*d).time_limit.seconds() == 4 * 3600 + 30 * 60));
        let marks: Vec<_> = Distance::ALL
            .iter()
            .flat_map(|d| [Sex::Male, Sex::Female].map(|s| policy.elite_standard(*d, s).unwrap().to_string()))
            .collect();
        assert_eq!(marks, ["2:11:45", "2:32:00", "1:02:00", "1:12:00", "29:00", "33:00", "13:45", "15:30"]);
        assert_eq!(policy.state_agency_exceptions(), [code("SG"), code("HK")]);
        assert_eq!(policy.state_agency_region().len(), 19);
        let refused: Vec<_> =
            policy.not_accepted().iter().map(|entry| (entry.nationality.code(), entry.categories.clone())).collect();
        let all = vec![Category::Elite, Category::Amateur];
        assert_eq!(
            refused,
            [
                ("KP", all.clone()),
                ("KR", all.clone()),
                ("US", all),
                ("MY", vec![Category::Amateur]),
                ("JP", vec![Category::Amateur])
            ]
        );
    }

    #[test]
    fn the_state_agency_region_is_un_m49_eastern_and_south_eastern_asia() {
        // keshvar's subregions carry Taiwan in Eastern Asia, as DESIGN.md does.
        use keshvar::{CountryIterator, SubRegion};
        let mut from_country_data: Vec<_> = CountryIterator::new()
            .filter(|c| matches!(c.maybe_subregion(), Some(SubRegion::EasternAsia | SubRegion::SouthEasternAsia)))
            .map(|c| code(&c.alpha2().to_string()))
            .collect();
        from_country_data.sort();
        let mut region = Policy::embedded_default().state_agency_region().to_vec();
        region.sort();
        assert_eq!(region, from_country_data);
    }

    #[test]
    fn registration_opens_at_a_moment_and_each_channel_closes_after_its_last_day() {
        use time::macros::datetime;
        let policy = Policy::embedded_default();
        assert_eq!(policy.passport_valid_until(), date!(2027 - 10 - 11));
        let before = datetime!(2026-10-31 23:59:59 +09:00);
        assert!(matches!(policy.window(Channel::StateAgency, before), Window::NotYetOpen { .. }));
        // 15:00 UTC on 31 October is already 1 November in Pyongyang.
        assert_eq!(policy.window(Channel::StateAgency, datetime!(2026-10-31 15:00 UTC)), Window::Open);
        assert_eq!(policy.window(Channel::EliteInvitation, datetime!(2027-01-10 23:59 +09:00)), Window::Open);
        assert_eq!(
            policy.window(Channel::EliteInvitation, datetime!(2027-01-10 15:00 UTC)),
            Window::Closed { last_day: date!(2027 - 01 - 10) }
        );
        assert_eq!(policy.window(Channel::StateAgency, datetime!(2027-03-15 12:00 +09:00)), Window::Open);
        assert!(matches!(
            policy.window(Channel::LicensedOperator, datetime!(2027-03-15 00:00 +09:00)),
            Window::Closed { .. }
        ));
    }

    #[test]
    fn the_default_quotas_are_the_2026_allocations() {
        let policy = Policy::embedded_default();
        assert_eq!(policy.quota(Channel::LicensedOperator).map(|q| q.total), Some(500));
        assert_eq!(policy.quota(Channel::StateAgency).map(|q| q.total), Some(300));
        assert_eq!(policy.quota(Channel::EliteInvitation), None);
        assert_eq!(policy.elite_invitations_per_country_and_sex(), 1);
        let limited = Policy::from_toml(&edited(
            "licensed_operator = { total = 500 }",
            "licensed_operator = { total = 500, full = 200 }",
        ))
        .unwrap();
        let quota = limited.quota(Channel::LicensedOperator).unwrap();
        assert_eq!((quota.for_distance(Distance::Full), quota.for_distance(Distance::Half)), (Some(200), None));
    }

    #[test]
    fn the_visa_needs_the_passport_and_a_photo_and_an_invitation_the_qualifying_result() {
        let policy = Policy::embedded_default();
        let visa = [DocumentKind::PassportDataPage, DocumentKind::PassportPhoto];
        assert_eq!(policy.documents(Channel::StateAgency), visa);
        assert_eq!(policy.documents(Channel::LicensedOperator), visa);
        assert_eq!(policy.documents(Channel::EliteInvitation), [DocumentKind::QualifyingResult]);
        assert_eq!(policy.max_upload_bytes(), 5_000_000);
        // A policy without the section asks for the same.
        let start = DEFAULT_2027.find("[documents]").unwrap();
        let end = start + DEFAULT_2027[start..].find("\n\n").unwrap();
        let without = format!("{}{}", &DEFAULT_2027[..start], &DEFAULT_2027[end..]);
        let policy = Policy::from_toml(&without).unwrap();
        assert_eq!(policy.documents(Channel::LicensedOperator), visa);
        assert_eq!(policy.max_upload_bytes(), 5_000_000);
        // An attachment is not a document to ask for, and a limit stays reasonable.
        let error = Policy::from_toml(&edited(
            "elite_invitation = [\"qualifying_result\"]",
            "elite_invitation = [\"attachment\"]",
        ))
        .unwrap_err()
        .to_string();
        assert!(error.contains("documents.elite_invitation") && error.contains("attachment"), "{error}");
        let error = Policy::from_toml(&edited("max_upload_megabytes = 5", "max_upload_megabytes = 0")).unwrap_err();
        assert!(error.to_string().contains("must be from 1 to 20"), "{error}");
    }

    #[test]
    fn a_typo_in_a_key_is_refused_naming_the_key_and_its_line() {
        let source = edited("exceptions = [", "excpetions = [");
        let error = Policy::from_toml(&source).unwrap_err().to_string();
        assert!(error.contains("excpetions"), "{error}");
        assert!(error.contains(&format!("line {}", line_of(&source, "excpetions"))), "{error}");
    }

    #[test]
    fn an_unknown_country_code_is_refused_with_its_line() {
        let source = edited("\"SG\", \"HK\"]", "\"SG\", \"XH\"]");
        let error = Policy::from_toml(&source).unwrap_err().to_string();
        assert!(error.contains("\"XH\" is not an ISO 3166-1 country code"), "{error}");
        assert!(error.contains(&format!("line {}", line_of(&source, "\"XH\""))), "{error}");
    }

    #[test]
    fn a_bad_time_or_a_missing_race_is_refused() {
        let error = Policy::from_toml(&edited("\"2:11:45\"", "\"2:71:45\"")).unwrap_err().to_string();
        assert!(error.contains("minutes and seconds must be between 00 and 59"), "{error}");
        let error = Policy::from_toml(&edited("[races.5k]", "[races.5km]")).unwrap_err().to_string();
        assert!(error.contains("5km"), "{error}");
    }

    #[test]
    fn an_exception_outside_the_region_is_refused() {
        let source = edited("exceptions = [\"SG\", \"HK\"]", "exceptions = [\"SG\", \"DE\"]");
        let error = Policy::from_toml(&source).unwrap_err();
        assert_eq!(
            error,
            PolicyError::Invalid {
                key: "state_agency.exceptions".into(),
                line: line_of(&source, "exceptions = ["),
                message: "DE is not in state_agency.region, so it needs no exception".into(),
            }
        );
    }

    #[test]
    fn a_nationality_refused_twice_is_an_error() {
        let source = edited("nationality = \"JP\"", "nationality = \"MY\"");
        let error = Policy::from_toml(&source).unwrap_err().to_string();
        assert!(error.contains("MY is listed twice"), "{error}");
    }

    #[test]
    fn the_organisers_may_name_a_country_per_language_with_a_reason() {
        let policy = Policy::embedded_default();
        let kp: Nationality = "KP".parse().unwrap();
        assert_eq!(policy.country_name(kp, "zh-Hant"), Some("朝鮮"));
        assert_eq!(policy.country_name(kp, "ko"), None, "the country data's name elsewhere");
        let unknown = edited("language = \"zh-Hant\"", "language = \"zh-TW\"");
        let error = Policy::from_toml(&unknown).unwrap_err();
        assert!(error.to_string().contains("`country_names.language`: must be one of en, ko, zh-Hans"), "{error}");
        let no_reason = edited("reason = \"The organisers' English name", "reason = \"\" # \"");
        let error = Policy::from_toml(&no_reason).unwrap_err();
        assert!(error.to_string().contains("`country_names.reason`: must not be empty"), "{error}");
    }

    #[test]
    fn documents_cannot_be_kept_longer_than_the_rest_of_the_personal_data() {
        assert_eq!(Policy::embedded_default().retention(), Retention::default());
        let longer = edited("documents_days_after_race_day = 30", "documents_days_after_race_day = 91");
        let error = Policy::from_toml(&longer).unwrap_err();
        assert!(error.to_string().contains("`retention`: documents_days_after_race_day cannot be more"), "{error}");
    }

    #[test]
    fn race_day_must_be_a_plain_date() {
        let error = Policy::from_toml(&edited("race_day = 2027-04-11", "race_day = 2027-04-11T09:00:00")).unwrap_err();
        assert!(error.to_string().contains("`race_day`: must be a date"), "{error}");
    }

    #[test]
    fn a_distance_left_out_of_the_standards_has_no_elite_field() {
        let policy = Policy::from_toml(&edited("5k = { male = \"13:45\", female = \"15:30\" }", "")).unwrap();
        assert_eq!(policy.elite_standard(Distance::FiveK, Sex::Male), None);
        assert!(policy.elite_standard(Distance::TenK, Sex::Male).is_some());
    }
}
