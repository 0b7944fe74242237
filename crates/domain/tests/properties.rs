//! Properties of `route` over any application, not only the ones we thought of.

use pim_domain::{Application, Category, Decision, Distance, Nationality, Policy, RaceTime, Sex, route};
use proptest::prelude::*;
use proptest::sample::select;
use time::{Date, Duration, macros::date};

fn any_date(from: Date, days: i64) -> impl Strategy<Value = Date> {
    (0..=days).prop_map(move |offset| from + Duration::days(offset))
}

fn any_application() -> impl Strategy<Value = Application> {
    (
        select(Nationality::all()),
        select(Category::ALL),
        select(Distance::ALL),
        select(Sex::ALL),
        any_date(date!(1900 - 01 - 01), 60_000),
        proptest::option::of((1u32..30_000).prop_map(|s| RaceTime::from_seconds(s).unwrap())),
        proptest::option::of(any_date(date!(2015 - 01 - 01), 6_000)),
    )
        .prop_map(|(nationality, category, distance, sex, date_of_birth, qualifying_time, qualifying_date)| {
            Application { nationality, category, distance, sex, date_of_birth, qualifying_time, qualifying_date }
        })
}

/// The decision without its explanation: outcome, channel and rule or reason.
fn verdict(decision: &Decision) -> String {
    match decision {
        Decision::Routed { channel, rule, margin_seconds, .. } => format!("{channel:?} {rule:?} {margin_seconds:?}"),
        Decision::Ineligible { reason, .. } => format!("{reason:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn route_answers_every_application_with_an_explanation(
        application in any_application(),
        as_of in any_date(date!(2020 - 01 - 01), 3_000),
    ) {
        let decision = route(&Policy::embedded_default(), &application, as_of);
        prop_assert!(!decision.explanation().trim().is_empty());
        prop_assert!(decision.explanation().ends_with('.'), "{}", decision.explanation());
    }

    #[test]
    fn elite_decisions_do_not_depend_on_nationality_except_refused_ones(
        application in any_application(),
        other in select(Nationality::all()),
        as_of in any_date(date!(2026 - 11 - 01), 100),
    ) {
        let policy = Policy::embedded_default();
        let application = Application { category: Category::Elite, ..application };
        let elsewhere = Application { nationality: other, ..application.clone() };
        let refused = |a: &Application| policy.refusal(a.nationality, Category::Elite).is_some();
        prop_assume!(!refused(&application) && !refused(&elsewhere));
        prop_assert_eq!(
            verdict(&route(&policy, &application, as_of)),
            verdict(&route(&policy, &elsewhere, as_of))
        );
    }

    #[test]
    fn singapore_and_hong_kong_amateurs_never_go_to_the_state_agencies(
        application in any_application(),
        code in select(vec!["SG", "HK"]),
    ) {
        let application = Application { category: Category::Amateur, nationality: code.parse().unwrap(), ..application };
        let decision = route(&Policy::embedded_default(), &application, date!(2026 - 11 - 21));
        let to_state_agency = matches!(decision, Decision::Routed { channel: pim_domain::Channel::StateAgency, .. });
        prop_assert!(!to_state_agency, "{:?}", decision);
    }

    #[test]
    fn parsing_never_panics_on_arbitrary_text(text in "\\PC{0,20}") {
        let _ = text.parse::<RaceTime>();
        let _ = text.parse::<Nationality>();
        let _ = pim_domain::parse_date(&text);
        let _ = text.parse::<Distance>();
    }
}
