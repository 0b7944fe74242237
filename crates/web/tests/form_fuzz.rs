//! Fuzzing the registration form's parsing and the routing it feeds, at scale: every
//! field is, at random, a valid answer, a hostile one (control and direction characters,
//! line breaks, 10,000 characters, absurd dates, markup) or arbitrary text. Parsing never
//! panics; what it accepts is clean, plausible and routed with an explanation; what it
//! refuses is explained field by field.
//!
//! `PROPTEST_CASES` sets the number of forms (10,000 by default).

use pim_domain::{Policy, check_required_text, check_text, route};
use pim_web::RegistrationFields;
use proptest::prelude::*;
use proptest::sample::select;

/// Answers no field should take as they are.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "\r\n",
    "Anna\r\nBcc: everyone@example.org",
    "anna@example.org\r\nBcc: everyone@example.org",
    "Anna\u{0}",
    "\u{202E}annA",
    "Anna\u{2066}",
    "\u{200B}",
    "\u{2028}",
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE registrations;--",
    "%00",
    "0000-00-00",
    "9999-12-31",
    "2026-02-30",
    "-0001-01-01",
    "1988-13-01",
    "1e9",
    "-1",
    "99:99:99",
    "0:00:01",
    "999999999:00:00",
    "XX",
    "ZZZ",
    "elite\u{0}",
    "javascript:alert(1)",
    "http://",
    "+",
    "++49 30 123",
];

/// A field's valid answers, or one of the hostile ones, or arbitrary text. Each field is
/// valid most of the time, so that about one form in five is valid throughout and the
/// others are wrong in one field or a few: every path of the parser is taken.
fn answer(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        60 => select(valid).prop_map(str::to_owned),
        2 => select(HOSTILE).prop_map(str::to_owned),
        1 => "\\PC{0,40}",
        1 => any::<String>(),
        1 => Just("a".repeat(10_000)),
    ]
}

fn any_form() -> impl Strategy<Value = RegistrationFields> {
    (
        (
            answer(&["Anna", "김철수", "Ёлкина", "O'Brien", "José María"]),
            answer(&["Schmidt", "王", "Nguyễn"]),
            answer(&["anna@example.org", "r.kim@example.co.kr"]),
            answer(&["1988-03-09", "2001-12-31", "1950-01-01"]),
            answer(&["female", "male"]),
            answer(&["DE", "KP", "CN", "SG", "HK", "US", "VN", "KR"]),
        ),
        (
            answer(&["C01X00T47", "M12345678"]),
            answer(&["2031-01-01", "2028-06-30"]),
            answer(&["marathon", "half", "10k", "5k"]),
            answer(&["amateur", "elite"]),
            answer(&["", "2:05:00", "1:02:00", "2:30:00"]),
            answer(&["", "2026-04-06", "2025-10-12"]),
        ),
        (
            answer(&["", "Berlin Marathon"]),
            answer(&["", "https://results.example.org/2026/123"]),
            answer(&["Jan Schmidt"]),
            answer(&["+49 30 1234567", "010-1234-5678"]),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (given, family, email, born, sex, country),
                (passport, expiry, distance, category, time, date),
                (race, url, contact, phone, consent),
            )| {
                RegistrationFields {
                    given_name: given,
                    family_name: family,
                    email,
                    date_of_birth: born,
                    sex,
                    nationality: country,
                    passport_number: passport,
                    passport_expiry: expiry,
                    distance,
                    category,
                    qualifying_time: time,
                    qualifying_date: date,
                    qualifying_race: race,
                    qualifying_evidence_url: url,
                    emergency_contact_name: contact,
                    emergency_contact_phone: phone,
                    consent,
                    ..RegistrationFields::default()
                }
            },
        )
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn any_form_is_parsed_without_panic_into_a_clean_routed_entry_or_reasons(fields in any_form()) {
        let policy = Policy::embedded_default();
        match fields.parse(&policy) {
            Ok((application, registrant)) => {
                for name in [&registrant.given_name, &registrant.family_name, &registrant.emergency_contact_name] {
                    prop_assert!(check_required_text(name).is_ok(), "a name kept as typed: {name:?}");
                    prop_assert!(name.chars().count() <= 100, "a name of {} characters", name.chars().count());
                }
                for text in [&registrant.email, &registrant.emergency_contact_phone] {
                    prop_assert!(check_text(text).is_ok() && !text.contains('\n'), "{text:?}");
                }
                prop_assert!(!registrant.email.contains(['\r', '\n', ',', ' ']), "one address: {:?}", registrant.email);
                let born = application.date_of_birth.year();
                prop_assert!((1900..=policy.race_day().year()).contains(&born), "born in {born}");
                prop_assert!(registrant.passport_expiry >= policy.passport_valid_until(), "{:?}", registrant.passport_expiry);
                let decision = route(&policy, &application, policy.race_day());
                prop_assert!(!decision.explanation().is_empty());
            }
            Err(messages) => {
                prop_assert!(!messages.is_empty());
                prop_assert!(messages.values().all(|problems| !problems.is_empty()), "{messages:?}");
            }
        }
    }

    #[test]
    fn any_json_body_is_read_or_refused_without_panic(body in prop_oneof![
        any::<Vec<u8>>(),
        "\\PC{0,200}".prop_map(String::into_bytes),
        any_form().prop_map(|fields| serde_json::to_vec(&fields).unwrap()),
    ]) {
        if let Ok(fields) = serde_json::from_slice::<RegistrationFields>(&body) {
            let _ = fields.parse(&Policy::embedded_default());
        }
    }
}
