//! The edges of each rule, where an off-by-one would send a runner the wrong way.

use pim_domain::{Application, Category, Channel, Decision, Distance, Policy, Reason, Rule, Sex, route};
use time::{Date, Duration, macros::date};

const APPLIED_ON: Date = date!(2026 - 11 - 21);

fn applicant(nationality: &str) -> Application {
    Application {
        nationality: nationality.parse().unwrap(),
        category: Category::Amateur,
        distance: Distance::Full,
        sex: Sex::Female,
        date_of_birth: date!(1990 - 05 - 01),
        qualifying_time: None,
        qualifying_date: None,
    }
}

fn elite(distance: Distance, sex: Sex, time: &str, date: Date) -> Application {
    Application {
        category: Category::Elite,
        distance,
        sex,
        qualifying_time: Some(time.parse().unwrap()),
        qualifying_date: Some(date),
        ..applicant("KE")
    }
}

fn decide(application: &Application) -> Decision {
    route(&Policy::embedded_default(), application, APPLIED_ON)
}

fn reason(decision: &Decision) -> Option<Reason> {
    match decision {
        Decision::Ineligible { reason, .. } => Some(*reason),
        Decision::Routed { .. } => None,
    }
}

fn one_second_slower(time: &str) -> String {
    let seconds = time.parse::<pim_domain::RaceTime>().unwrap().seconds() + 1;
    format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

const STANDARDS: [(Distance, Sex, &str); 8] = [
    (Distance::Full, Sex::Male, "2:11:45"),
    (Distance::Full, Sex::Female, "2:32:00"),
    (Distance::Half, Sex::Male, "1:02:00"),
    (Distance::Half, Sex::Female, "1:12:00"),
    (Distance::TenK, Sex::Male, "29:00"),
    (Distance::TenK, Sex::Female, "33:00"),
    (Distance::FiveK, Sex::Male, "13:45"),
    (Distance::FiveK, Sex::Female, "15:30"),
];

#[test]
fn a_time_equal_to_each_standard_qualifies_with_no_margin() {
    for (distance, sex, standard) in STANDARDS {
        let decision = decide(&elite(distance, sex, standard, date!(2026 - 10 - 04)));
        let Decision::Routed { channel, rule, margin_seconds, .. } = &decision else {
            panic!("{distance} {sex} at {standard}: {decision:?}")
        };
        assert_eq!((*channel, *rule, *margin_seconds), (Channel::EliteInvitation, Rule::EliteStandardMet, Some(0)));
        assert!(decision.explanation().contains(&format!("Your {standard} equals")), "{decision:?}");
    }
}

#[test]
fn one_second_slower_than_each_standard_does_not_qualify() {
    for (distance, sex, standard) in STANDARDS {
        let decision = decide(&elite(distance, sex, &one_second_slower(standard), date!(2026 - 10 - 04)));
        assert_eq!(reason(&decision), Some(Reason::EliteStandardNotMet), "{distance} {sex}: {decision:?}");
        assert!(decision.explanation().contains("is 0:01 slower than"), "{decision:?}");
    }
}

#[test]
fn the_first_day_of_the_qualifying_window_counts_and_the_day_before_does_not() {
    let first_day = date!(2024 - 04 - 11);
    assert_eq!(Policy::embedded_default().qualifying_window_start(), first_day);
    let on_first_day = decide(&elite(Distance::Full, Sex::Male, "2:10:00", first_day));
    assert_eq!(reason(&on_first_day), None, "{on_first_day:?}");
    let day_before = decide(&elite(Distance::Full, Sex::Male, "2:10:00", first_day - Duration::days(1)));
    assert_eq!(reason(&day_before), Some(Reason::QualifyingDateOutsideWindow));
    assert!(day_before.explanation().contains("on or after 11 April 2024"), "{day_before:?}");
}

#[test]
fn the_application_day_is_the_last_day_of_the_window() {
    let on_the_day = decide(&elite(Distance::Full, Sex::Male, "2:10:00", APPLIED_ON));
    assert_eq!(reason(&on_the_day), None, "{on_the_day:?}");
    let tomorrow = decide(&elite(Distance::Full, Sex::Male, "2:10:00", APPLIED_ON + Duration::days(1)));
    assert_eq!(reason(&tomorrow), Some(Reason::QualifyingDateOutsideWindow));
    assert!(tomorrow.explanation().contains("after the date of this application"), "{tomorrow:?}");
}

#[test]
fn the_minimum_age_is_reached_on_race_day_itself() {
    let race_day = date!(2027 - 04 - 11);
    for (distance, minimum_age) in
        [(Distance::Full, 18), (Distance::Half, 16), (Distance::TenK, 14), (Distance::FiveK, 10)]
    {
        let birthday_on_race_day = race_day.replace_year(2027 - minimum_age).unwrap();
        let old_enough = Application { distance, date_of_birth: birthday_on_race_day, ..applicant("DE") };
        assert_eq!(reason(&decide(&old_enough)), None, "{distance} at exactly {minimum_age}");
        let one_day_short = Application { date_of_birth: birthday_on_race_day + Duration::days(1), ..old_enough };
        assert_eq!(reason(&decide(&one_day_short)), Some(Reason::BelowMinimumAge), "{distance} a day short");
    }
}

#[test]
fn singapore_and_hong_kong_go_to_the_licensed_operator_macao_and_taiwan_to_the_state_agencies() {
    let routed = |code: &str| match decide(&applicant(code)) {
        Decision::Routed { channel, rule, .. } => (channel, rule),
        other => panic!("{code}: {other:?}"),
    };
    assert_eq!(routed("SG"), (Channel::LicensedOperator, Rule::EastSoutheastAsiaException));
    assert_eq!(routed("HK"), (Channel::LicensedOperator, Rule::EastSoutheastAsiaException));
    assert_eq!(routed("MO"), (Channel::StateAgency, Rule::EastSoutheastAsiaAmateur));
    assert_eq!(routed("TW"), (Channel::StateAgency, Rule::EastSoutheastAsiaAmateur));
    assert!(decide(&applicant("HK")).explanation().ends_with("even though Hong Kong is in East Asia."));
}

#[test]
fn elite_status_beats_nationality_but_not_the_refusals() {
    let from = |code: &str| Application {
        nationality: code.parse().unwrap(),
        ..elite(Distance::Full, Sex::Male, "2:10:00", date!(2026 - 10 - 04))
    };
    for code in ["CN", "SG", "MY", "JP", "DE"] {
        assert!(matches!(decide(&from(code)), Decision::Routed { channel: Channel::EliteInvitation, .. }), "{code}");
    }
    for code in ["KP", "KR", "US"] {
        assert_eq!(reason(&decide(&from(code))), Some(Reason::NationalityNotHandled), "{code}");
    }
}

#[test]
fn an_elite_entry_without_a_time_or_a_date_is_told_what_is_missing() {
    let no_time = Application { qualifying_time: None, ..elite(Distance::Full, Sex::Male, "2:10:00", APPLIED_ON) };
    assert_eq!(reason(&decide(&no_time)), Some(Reason::QualifyingTimeMissing));
    let no_date = Application { qualifying_date: None, ..elite(Distance::Full, Sex::Male, "2:10:00", APPLIED_ON) };
    assert_eq!(reason(&decide(&no_date)), Some(Reason::QualifyingDateMissing));
}

#[test]
fn a_distance_without_an_elite_field_refuses_elite_entry_and_offers_amateur_entry() {
    let source = Policy::embedded_default().source().replace("5k = { male = \"13:45\", female = \"15:30\" }", "");
    let policy = Policy::from_toml(&source).unwrap();
    let decision = route(&policy, &elite(Distance::FiveK, Sex::Female, "15:00", APPLIED_ON), APPLIED_ON);
    assert_eq!(reason(&decision), Some(Reason::NoEliteField));
    assert_eq!(
        decision.explanation(),
        "This edition has no women's elite field in the 5 km. You may enter the 5 km as an amateur instead."
    );
}
