//! The registration fields as a runner or a client sends them, and their checks.
//!
//! Every field is text, so nothing is rejected before the checks run and the form can
//! come back with everything the runner typed. Field rules (lengths, email, URL) are
//! `validator`'s; the rest is the domain's parsing and the policy's passport rule.

use std::collections::BTreeMap;

use pim_domain::{
    Application, ApplicationInput, Category, PassportNumber, Policy, Registrant, TextError, add_months,
    check_required_text, check_text, parse_date,
};
use pim_i18n::{Arg, Language};
use serde::{Deserialize, Deserializer, Serialize};
use validator::{Validate, ValidationError};

/// Field name → what is wrong with it.
pub type FieldMessages = BTreeMap<String, Vec<Problem>>;

/// One thing wrong with an answer: a message of the translations (`error-…`, chosen by
/// the error's code) with its placeables, said in the page's language; or, on pages not
/// translated yet, an English sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Message {
        key: String,
        args: Vec<(&'static str, Arg)>,
    },
    /// A problem with one thing the runner sent, named first: "passport.jpg: …".
    About {
        subject: String,
        problem: Box<Problem>,
    },
    English(String),
}

impl Problem {
    pub fn key(key: impl Into<String>) -> Problem {
        Problem::Message { key: key.into(), args: Vec::new() }
    }

    /// The same with the placeable `name`.
    pub fn with(self, name: &'static str, value: impl Into<Arg>) -> Problem {
        match self {
            Problem::Message { key, mut args } => {
                args.push((name, value.into()));
                Problem::Message { key, args }
            }
            other => other,
        }
    }

    /// The same about `subject` (a file's name), when there is one.
    pub fn about(self, subject: &str) -> Problem {
        if subject.is_empty() {
            return self;
        }
        Problem::About { subject: subject.to_owned(), problem: Box::new(self) }
    }

    pub fn text(&self, language: Language) -> String {
        match self {
            Problem::Message { key, args } => language.t_with(key, args),
            Problem::About { subject, problem } => language
                .t_with("about", &[("subject", subject.as_str().into()), ("detail", problem.text(language).into())]),
            Problem::English(text) => text.clone(),
        }
    }

    /// The message of a domain error's code about `field`, whose typed value was `typed`:
    /// `required` has one message per field, the others one each.
    fn of_code(field: &str, code: &str, typed: &str) -> Problem {
        let key = match code {
            "required" => format!("error-required-{field}"),
            code => format!("error-{code}"),
        };
        Problem::key(key.replace('_', "-")).with("value", typed.trim())
    }
}

/// What is wrong with each field, in English: the JSON API's errors.
pub fn in_english(messages: &FieldMessages) -> BTreeMap<String, Vec<String>> {
    messages
        .iter()
        .map(|(field, problems)| {
            (field.clone(), problems.iter().map(|problem| problem.text(Language::English)).collect())
        })
        .collect()
}

/// The form's fields in the order a runner meets them.
pub const FIELD_ORDER: [&str; 17] = [
    "given_name",
    "family_name",
    "email",
    "date_of_birth",
    "sex",
    "nationality",
    "passport_number",
    "passport_expiry",
    "distance",
    "category",
    "qualifying_time",
    "qualifying_date",
    "qualifying_race",
    "qualifying_evidence_url",
    "emergency_contact_name",
    "emergency_contact_phone",
    "consent",
];

#[derive(Debug, Clone, Default, Deserialize, Serialize, Validate)]
#[serde(default)]
pub struct RegistrationFields {
    #[validate(length(min = 1, max = 100, code = "given_name_length"))]
    pub given_name: String,
    #[validate(length(min = 1, max = 100, code = "family_name_length"))]
    pub family_name: String,
    #[validate(length(max = 254, code = "email_length"), custom(function = "deliverable_email"))]
    pub email: String,
    pub date_of_birth: String,
    pub sex: String,
    pub nationality: String,
    pub passport_number: String,
    pub passport_expiry: String,
    pub distance: String,
    pub category: String,
    pub qualifying_time: String,
    pub qualifying_date: String,
    #[validate(length(max = 200, code = "qualifying_race_length"))]
    pub qualifying_race: String,
    #[validate(custom(function = "web_link"))]
    pub qualifying_evidence_url: String,
    #[validate(length(min = 1, max = 100, code = "emergency_contact_name_length"))]
    pub emergency_contact_name: String,
    #[validate(custom(function = "phone_number"))]
    pub emergency_contact_phone: String,
    /// A checked box sends any value; JSON may send `true`.
    #[serde(deserialize_with = "checkbox")]
    pub consent: bool,
    /// The language the runner reads (a tag of `Language`): the form sends its page's;
    /// for the API it is optional (then `Accept-Language`, then English).
    pub language: String,
    /// The form's anti-forgery token (HTML form only).
    pub csrf_token: String,
    /// The form's one-time submission id, signed by the server; the status link's secret is
    /// derived from it (see `submission`).
    pub submission_id: String,
}

/// No passport is issued for longer: an expiry further ahead is a typing mistake.
const PASSPORT_YEARS_AT_MOST: u32 = 15;

/// An empty field, or an http(s) link.
fn web_link(text: &str) -> Result<(), ValidationError> {
    let text = text.trim();
    let is_link = text.is_empty()
        || (text.len() <= 500
            && (text.starts_with("https://") || text.starts_with("http://"))
            && validator::ValidateUrl::validate_url(&text));
    if is_link { Ok(()) } else { Err(ValidationError::new("url")) }
}

/// An address the mailer can send to, by the mailer's own rule.
fn deliverable_email(text: &str) -> Result<(), ValidationError> {
    pim_notifications::deliverable_address(text.trim())
        .map(drop)
        .map_err(|error| ValidationError::new(error_code(error)))
}

fn error_code(error: pim_domain::EmailAddressError) -> &'static str {
    match error {
        pim_domain::EmailAddressError::Shape => "email",
        pim_domain::EmailAddressError::Dots => "email_dots",
        pim_domain::EmailAddressError::Domain => "email_domain",
    }
}

/// Digits with the usual separators and an optional leading +: 6 to 20 digits.
fn phone_number(text: &str) -> Result<(), ValidationError> {
    let text = text.trim();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let allowed =
        text.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " -().".contains(c) || (c == '+' && i == 0));
    if allowed && (6..=20).contains(&digits) { Ok(()) } else { Err(ValidationError::new("phone")) }
}

fn checkbox<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Checkbox {
        Flag(bool),
        Text(String),
    }
    Ok(match Checkbox::deserialize(deserializer)? {
        Checkbox::Flag(flag) => flag,
        Checkbox::Text(text) => !matches!(text.trim().to_ascii_lowercase().as_str(), "" | "false" | "no" | "off" | "0"),
    })
}

fn add(messages: &mut FieldMessages, field: &str, problem: Problem) {
    messages.entry(field.to_owned()).or_default().push(problem);
}

impl RegistrationFields {
    /// The language the fields name, if they name one of PIM's.
    pub fn chosen_language(&self) -> Option<Language> {
        Language::from_tag(self.language.trim())
    }

    /// What was typed into `field`.
    fn typed(&self, field: &str) -> &str {
        self.texts().into_iter().find(|(name, ..)| *name == field).map_or("", |(_, text, _)| text)
    }

    /// Every answer typed as text, by field name, and whether it needs something visible.
    fn texts(&self) -> [(&'static str, &str, bool); 16] {
        [
            ("given_name", &self.given_name, true),
            ("family_name", &self.family_name, true),
            ("email", &self.email, false),
            ("date_of_birth", &self.date_of_birth, false),
            ("sex", &self.sex, false),
            ("nationality", &self.nationality, false),
            ("passport_number", &self.passport_number, false),
            ("passport_expiry", &self.passport_expiry, false),
            ("distance", &self.distance, false),
            ("category", &self.category, false),
            ("qualifying_time", &self.qualifying_time, false),
            ("qualifying_date", &self.qualifying_date, false),
            ("qualifying_race", &self.qualifying_race, false),
            ("qualifying_evidence_url", &self.qualifying_evidence_url, false),
            ("emergency_contact_name", &self.emergency_contact_name, true),
            ("emergency_contact_phone", &self.emergency_contact_phone, false),
        ]
    }

    /// The answers that hold characters no answer may hold, or nothing visible where
    /// something is required: one message each, in place of any other about that field.
    fn text_errors(&self) -> Vec<(&'static str, TextError)> {
        self.texts()
            .into_iter()
            .filter_map(|(field, text, required)| {
                let checked = if required { check_required_text(text) } else { check_text(text) };
                checked.err().map(|error| (field, error))
            })
            .collect()
    }

    /// Checks every field and builds the application and the registrant, or gives every
    /// message at once, keyed by field name.
    pub fn parse(&self, policy: &Policy) -> Result<(Application, Registrant), FieldMessages> {
        let mut messages = FieldMessages::new();
        if let Err(errors) = self.validate() {
            for (field, errors) in errors.field_errors() {
                for error in errors {
                    add(&mut messages, &field, Problem::key(format!("error-{}", error.code).replace('_', "-")));
                }
            }
        }
        let elite = self.category.trim().eq_ignore_ascii_case(Category::Elite.as_str());
        let input = ApplicationInput {
            nationality: &self.nationality,
            category: &self.category,
            distance: &self.distance,
            sex: &self.sex,
            date_of_birth: &self.date_of_birth,
            // Only elite entries are asked for a qualifying performance.
            qualifying_time: if elite { &self.qualifying_time } else { "" },
            qualifying_date: if elite { &self.qualifying_date } else { "" },
        };
        let application = Application::parse(&input)
            .map_err(|errors| {
                for error in errors.iter() {
                    add(&mut messages, error.field, Problem::of_code(error.field, error.code, self.typed(error.field)));
                }
            })
            .ok();
        if let Some(application) = &application
            && application.date_of_birth > policy.race_day()
        {
            add(&mut messages, "date_of_birth", Problem::key("error-born-after-race-day"));
        }
        if let Some(application) = &application
            && let Some(time) = application.qualifying_time
            && let Some(record) = policy.world_record(application.distance, application.sex)
            && time < record
        {
            let problem = Problem::key("error-faster-than-record")
                .with("time", time.to_string())
                .with("record", record.to_string());
            add(&mut messages, "qualifying_time", problem);
        }
        if elite {
            for (field, value) in [
                ("qualifying_time", &self.qualifying_time),
                ("qualifying_date", &self.qualifying_date),
                ("qualifying_race", &self.qualifying_race),
                ("qualifying_evidence_url", &self.qualifying_evidence_url),
            ] {
                if value.trim().is_empty() {
                    add(&mut messages, field, Problem::key(format!("error-elite-needs-{field}").replace('_', "-")));
                }
            }
        }
        let passport_number = self
            .passport_number
            .parse::<PassportNumber>()
            .map_err(|e| {
                let problem = Problem::of_code("passport_number", e.code(), &self.passport_number);
                add(&mut messages, "passport_number", problem);
            })
            .ok();
        let passport_expiry = match parse_date(&self.passport_expiry) {
            Err(e) => {
                add(
                    &mut messages,
                    "passport_expiry",
                    Problem::of_code("passport_expiry", e.code(), &self.passport_expiry),
                );
                None
            }
            Ok(expiry) if expiry < policy.passport_valid_until() => {
                // The date is written in the page's language when the message is.
                let problem = Problem::key("error-passport-expires-too-soon")
                    .with("date", Arg::Date(policy.passport_valid_until()))
                    .with("months", u32::from(policy.passport_valid_months_after_race_day()));
                add(&mut messages, "passport_expiry", problem);
                None
            }
            Ok(expiry) if expiry > add_months(policy.race_day(), 12 * PASSPORT_YEARS_AT_MOST) => {
                let problem = Problem::key("error-passport-expiry-too-far").with("years", PASSPORT_YEARS_AT_MOST);
                add(&mut messages, "passport_expiry", problem);
                None
            }
            Ok(expiry) => Some(expiry),
        };
        if !self.consent {
            add(&mut messages, "consent", Problem::key("error-consent"));
        }
        if !self.language.trim().is_empty() && Language::from_tag(self.language.trim()).is_none() {
            add(&mut messages, "language", Problem::key("error-language").with("value", self.language.trim()));
        }
        for (field, error) in self.text_errors() {
            if matches!(error, TextError::Blank) && messages.contains_key(field) {
                // The field's own message says what to enter.
                continue;
            }
            messages.insert(field.to_owned(), vec![Problem::key(format!("error-{}", error.code()).replace('_', "-"))]);
        }
        match (application, passport_number, passport_expiry) {
            (Some(application), Some(passport_number), Some(passport_expiry)) if messages.is_empty() => {
                let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty() && elite);
                let registrant = Registrant {
                    given_name: self.given_name.trim().to_owned(),
                    family_name: self.family_name.trim().to_owned(),
                    email: self.email.trim().to_owned(),
                    passport_number,
                    passport_expiry,
                    emergency_contact_name: self.emergency_contact_name.trim().to_owned(),
                    emergency_contact_phone: self.emergency_contact_phone.trim().to_owned(),
                    qualifying_race: optional(&self.qualifying_race),
                    qualifying_evidence_url: optional(&self.qualifying_evidence_url),
                };
                Ok((application, registrant))
            }
            _ => Err(messages),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> RegistrationFields {
        RegistrationFields {
            given_name: "Chol-su".into(),
            family_name: "김".into(),
            email: "runner@example.org".into(),
            date_of_birth: "1990-05-01".into(),
            sex: "male".into(),
            nationality: "DE".into(),
            passport_number: "C01X00T47".into(),
            passport_expiry: "2030-01-01".into(),
            distance: "full".into(),
            category: "amateur".into(),
            emergency_contact_name: "Ada".into(),
            emergency_contact_phone: "+49 30 1234567".into(),
            consent: true,
            ..RegistrationFields::default()
        }
    }

    #[test]
    fn a_complete_form_parses_with_names_trimmed_and_kept_as_typed() {
        let (application, registrant) = complete().parse(&Policy::embedded_default()).unwrap();
        assert_eq!(application.nationality.code(), "DE");
        assert_eq!(registrant.family_name, "김");
        assert_eq!(registrant.qualifying_race, None);
    }

    #[test]
    fn every_problem_gets_a_message_beside_its_field() {
        let fields = RegistrationFields {
            given_name: String::new(),
            email: "not-an-email".into(),
            nationality: "XX".into(),
            passport_expiry: "2027-09-30".into(),
            emergency_contact_phone: "call me".into(),
            consent: false,
            ..complete()
        };
        let messages = in_english(&fields.parse(&Policy::embedded_default()).unwrap_err());
        let fields: Vec<_> = messages.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["consent", "email", "emergency_contact_phone", "given_name", "nationality", "passport_expiry"]
        );
        assert!(messages["passport_expiry"][0].contains("valid until at least 11 October 2027"));
        assert!(messages["nationality"][0].starts_with("\"XX\" is not an ISO 3166-1 country code"));
    }

    #[test]
    fn an_elite_entry_needs_its_qualifying_details() {
        let fields = RegistrationFields { category: "elite".into(), qualifying_time: "2:75:00".into(), ..complete() };
        let messages = in_english(&fields.parse(&Policy::embedded_default()).unwrap_err());
        assert_eq!(messages["qualifying_time"], ["Minutes and seconds must be between 00 and 59."]);
        assert_eq!(messages["qualifying_date"], ["An elite entry needs the date of your qualifying race."]);
        assert!(messages.contains_key("qualifying_race") && messages.contains_key("qualifying_evidence_url"));
    }

    #[test]
    fn an_amateur_is_not_asked_for_qualifying_details() {
        let fields =
            RegistrationFields { qualifying_time: "nonsense".into(), qualifying_race: "x".into(), ..complete() };
        let (application, registrant) = fields.parse(&Policy::embedded_default()).unwrap();
        assert_eq!((application.qualifying_time, registrant.qualifying_race), (None, None));
    }

    #[test]
    fn a_control_character_in_any_text_field_is_refused_beside_that_field() {
        let fields = RegistrationFields {
            given_name: "Anna\r\nBcc: everyone@example.org".into(),
            emergency_contact_phone: "+49 30\u{0}1234567".into(),
            qualifying_race: "Berlin\u{1b}".into(),
            ..complete()
        };
        let messages = in_english(&fields.parse(&Policy::embedded_default()).unwrap_err());
        let expected = "Remove the line breaks and other control characters from this answer.";
        assert_eq!(messages["given_name"], [expected]);
        assert_eq!(messages["emergency_contact_phone"], [expected], "one message, not the phone's too");
        assert_eq!(messages["qualifying_race"], [expected]);
    }

    #[test]
    fn names_that_show_nothing_or_reorder_text_are_refused() {
        let fields = RegistrationFields {
            given_name: "   ".into(),
            family_name: "\u{200B}\u{200B}".into(),
            emergency_contact_name: "Jan \u{202E}tdimhcS".into(),
            ..complete()
        };
        let messages = in_english(&fields.parse(&Policy::embedded_default()).unwrap_err());
        assert_eq!(messages["given_name"], ["Enter this answer in visible letters or digits."]);
        assert_eq!(messages["family_name"], ["Enter this answer in visible letters or digits."]);
        assert_eq!(
            messages["emergency_contact_name"],
            ["Remove the hidden characters that change the direction of the text."]
        );
        let empty = RegistrationFields { given_name: String::new(), ..complete() };
        let messages = in_english(&empty.parse(&Policy::embedded_default()).unwrap_err());
        assert_eq!(messages["given_name"].len(), 1, "an empty name gets its own message only");
    }

    #[test]
    fn an_email_address_the_mailer_may_refuse_gets_a_message_saying_why() {
        let messages = |email: &str| {
            let fields = RegistrationFields { email: email.into(), ..complete() };
            in_english(&fields.parse(&Policy::embedded_default()).unwrap_err())
        };
        assert_eq!(
            messages("a..b@example.org")["email"],
            ["The part before @ cannot start or end with a dot, or have two dots in a row."]
        );
        assert_eq!(messages("a@[192.0.2.1]")["email"], ["The part after @ must be a domain name such as example.com."]);
        assert_eq!(
            messages("anna@localhost")["email"],
            ["The part after @ must be a domain name such as example.com."]
        );
        assert_eq!(messages("not-an-email")["email"], ["Enter an email address such as name@example.com."]);
    }

    #[test]
    fn links_must_be_web_addresses() {
        assert!(web_link("").is_ok());
        assert!(web_link("https://results.example.org/berlin-2026").is_ok());
        assert!(web_link("javascript:alert(1)").is_err());
        assert!(web_link("results.example.org").is_err());
    }

    #[test]
    fn checkboxes_read_as_browsers_and_json_send_them() {
        let from_json: RegistrationFields = serde_json::from_str(r#"{"consent": true}"#).unwrap();
        assert!(from_json.consent);
        let from_form: RegistrationFields = serde_json::from_str(r#"{"consent": "yes"}"#).unwrap();
        assert!(from_form.consent);
        assert!(!RegistrationFields::default().consent);
    }

    #[test]
    fn every_message_the_checks_can_give_exists_in_every_language() {
        let long = "x".repeat(201);
        let wrong = [
            RegistrationFields::default(),
            RegistrationFields {
                given_name: long.clone(),
                family_name: "a\u{202e}b".into(),
                email: "a..b@example.org".into(),
                date_of_birth: "1990-02-30".into(),
                sex: "x".into(),
                nationality: "XX".into(),
                passport_number: "A1".into(),
                passport_expiry: "2027-01-01".into(),
                distance: "marathon".into(),
                category: "elite".into(),
                qualifying_time: "2:61:00".into(),
                qualifying_date: "30/01/2026".into(),
                qualifying_race: long.clone(),
                qualifying_evidence_url: "ftp://x".into(),
                emergency_contact_name: "\u{200b}".into(),
                emergency_contact_phone: "call me".into(),
                ..RegistrationFields::default()
            },
            RegistrationFields {
                email: "a@localhost".into(),
                date_of_birth: "1800-01-01".into(),
                passport_number: "A!234567".into(),
                passport_expiry: "2050-01-01".into(),
                category: "elite".into(),
                distance: "full".into(),
                sex: "male".into(),
                qualifying_time: "1:50:00".into(),
                emergency_contact_name: "line\nbreak".into(),
                ..complete()
            },
            RegistrationFields {
                email: "nope".into(),
                category: "elite".into(),
                qualifying_time: "0:00".into(),
                ..complete()
            },
            RegistrationFields { date_of_birth: "30/01/1990".into(), ..complete() },
        ];
        let mut keys = std::collections::BTreeSet::new();
        for fields in wrong {
            for problem in fields.parse(&Policy::embedded_default()).unwrap_err().into_values().flatten() {
                let Problem::Message { key, .. } = &problem else { panic!("{problem:?} is not a message") };
                keys.insert(key.clone());
                for language in Language::ALL {
                    assert_ne!(problem.text(language), *key, "{language} has no {key}");
                }
            }
        }
        assert!(keys.len() >= 30, "the inputs meet {} messages: {keys:?}", keys.len());
    }
}
