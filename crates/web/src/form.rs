//! The registration fields as a runner or a client sends them, and their checks.
//!
//! Every field is text, so nothing is rejected before the checks run and the form can
//! come back with everything the runner typed. Field rules (lengths, email, URL) are
//! `validator`'s; the rest is the domain's parsing and the policy's passport rule.

use std::collections::BTreeMap;

use pim_domain::{
    Application, ApplicationInput, Category, PassportNumber, Policy, Registrant, TextError, add_months,
    check_required_text, check_text, format_date_long, parse_date,
};
use serde::{Deserialize, Deserializer, Serialize};
use validator::{Validate, ValidationError};

/// Field name → the messages to show beside it.
pub type FieldMessages = BTreeMap<String, Vec<String>>;

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
    #[validate(length(
        min = 1,
        max = 100,
        message = "Enter your given name as written in your passport (up to 100 characters)."
    ))]
    pub given_name: String,
    #[validate(length(
        min = 1,
        max = 100,
        message = "Enter your family name as written in your passport (up to 100 characters)."
    ))]
    pub family_name: String,
    #[validate(
        length(max = 254, message = "An email address has at most 254 characters."),
        custom(function = "deliverable_email")
    )]
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
    #[validate(length(max = 200, message = "Keep the race name under 200 characters."))]
    pub qualifying_race: String,
    #[validate(custom(function = "web_link"))]
    pub qualifying_evidence_url: String,
    #[validate(length(
        min = 1,
        max = 100,
        message = "Enter the name of someone we can call in an emergency (up to 100 characters)."
    ))]
    pub emergency_contact_name: String,
    #[validate(custom(function = "phone_number"))]
    pub emergency_contact_phone: String,
    /// A checked box sends any value; JSON may send `true`.
    #[serde(deserialize_with = "checkbox")]
    pub consent: bool,
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
    if is_link {
        Ok(())
    } else {
        Err(ValidationError::new("url")
            .with_message("Enter the full web address of the results, starting with https://.".into()))
    }
}

/// An address the mailer can send to, by the mailer's own rule.
fn deliverable_email(text: &str) -> Result<(), ValidationError> {
    pim_notifications::deliverable_address(text.trim())
        .map(drop)
        .map_err(|error| ValidationError::new(error_code(error)).with_message(sentence(&error.to_string()).into()))
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
    if allowed && (6..=20).contains(&digits) {
        Ok(())
    } else {
        Err(ValidationError::new("phone")
            .with_message("Enter a phone number with its country code, such as +44 20 7946 0958.".into()))
    }
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

fn add(messages: &mut FieldMessages, field: &str, message: impl Into<String>) {
    messages.entry(field.to_owned()).or_default().push(message.into());
}

/// Capitalises the first letter and ends with a full stop: domain messages are phrases.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    let text = first + chars.as_str();
    if text.ends_with('.') { text } else { text + "." }
}

impl RegistrationFields {
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
                    add(
                        &mut messages,
                        &field,
                        error.message.as_deref().unwrap_or("This value is not valid.").to_owned(),
                    );
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
            .map_err(|errors| errors.iter().for_each(|e| add(&mut messages, e.field, sentence(&e.message))))
            .ok();
        if let Some(application) = &application
            && let Some(time) = application.qualifying_time
            && let Some(record) = policy.world_record(application.distance, application.sex)
            && time < record
        {
            add(
                &mut messages,
                "qualifying_time",
                format!("{time} would be faster than the world record ({record}): check the time you typed."),
            );
        }
        if elite {
            for (field, value, what) in [
                ("qualifying_time", &self.qualifying_time, "your qualifying time"),
                ("qualifying_date", &self.qualifying_date, "the date of your qualifying race"),
                ("qualifying_race", &self.qualifying_race, "the name of your qualifying race"),
                ("qualifying_evidence_url", &self.qualifying_evidence_url, "a link to the official results"),
            ] {
                if value.trim().is_empty() {
                    add(&mut messages, field, format!("An elite entry needs {what}."));
                }
            }
        }
        let passport_number = self
            .passport_number
            .parse::<PassportNumber>()
            .map_err(|e| add(&mut messages, "passport_number", sentence(&e.to_string())))
            .ok();
        let passport_expiry = match parse_date(&self.passport_expiry) {
            Err(e) => {
                add(&mut messages, "passport_expiry", sentence(&e.to_string()));
                None
            }
            Ok(expiry) if expiry < policy.passport_valid_until() => {
                add(
                    &mut messages,
                    "passport_expiry",
                    format!(
                        "Your passport must be valid until at least {}, {} months after race day (a DPRK entry rule). Please renew it before you register.",
                        format_date_long(policy.passport_valid_until()),
                        policy.passport_valid_months_after_race_day()
                    ),
                );
                None
            }
            Ok(expiry) if expiry > add_months(policy.race_day(), 12 * PASSPORT_YEARS_AT_MOST) => {
                add(
                    &mut messages,
                    "passport_expiry",
                    format!(
                        "No passport is valid for more than {PASSPORT_YEARS_AT_MOST} years: check the year of the expiry date."
                    ),
                );
                None
            }
            Ok(expiry) => Some(expiry),
        };
        if !self.consent {
            add(
                &mut messages,
                "consent",
                "Please agree to the processing of your personal data: without it we cannot pass your entry on.",
            );
        }
        for (field, error) in self.text_errors() {
            let message = match error {
                // The field's own message says what to enter.
                TextError::Blank if messages.contains_key(field) => continue,
                _ => sentence(&error.to_string()),
            };
            messages.insert(field.to_owned(), vec![message]);
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
        let messages = fields.parse(&Policy::embedded_default()).unwrap_err();
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
        let messages = fields.parse(&Policy::embedded_default()).unwrap_err();
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
        let messages = fields.parse(&Policy::embedded_default()).unwrap_err();
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
        let messages = fields.parse(&Policy::embedded_default()).unwrap_err();
        assert_eq!(messages["given_name"], ["Enter this answer in visible letters or digits."]);
        assert_eq!(messages["family_name"], ["Enter this answer in visible letters or digits."]);
        assert_eq!(
            messages["emergency_contact_name"],
            ["Remove the hidden characters that change the direction of the text."]
        );
        let empty = RegistrationFields { given_name: String::new(), ..complete() };
        let messages = empty.parse(&Policy::embedded_default()).unwrap_err();
        assert_eq!(messages["given_name"].len(), 1, "an empty name gets its own message only");
    }

    #[test]
    fn an_email_address_the_mailer_may_refuse_gets_a_message_saying_why() {
        let messages = |email: &str| {
            RegistrationFields { email: email.into(), ..complete() }.parse(&Policy::embedded_default()).unwrap_err()
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
}
