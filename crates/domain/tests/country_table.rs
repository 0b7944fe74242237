//! Routes an amateur of every ISO 3166-1 country and checks the answer against
//! `amateur_routing_by_country.md`, the table that specifies it.

use pim_domain::{Application, Category, Decision, Distance, Nationality, Policy, Reason, Sex, route};
use time::macros::date;

const TABLE: &str = include_str!("amateur_routing_by_country.md");

/// (code, expected outcome) for each row of the table.
fn table_rows() -> Vec<(String, String)> {
    TABLE
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| Code"))
        .map(|line| {
            let cells: Vec<_> = line.trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 3, "a row has code, country and outcome: {line}");
            (cells[0].to_owned(), cells[2].to_owned())
        })
        .collect()
}

fn outcome(decision: &Decision) -> String {
    match decision {
        Decision::Routed { channel, .. } => channel.as_str().to_owned(),
        Decision::Ineligible { reason: Reason::NationalityNotHandled, .. } => "not accepted".to_owned(),
        Decision::Ineligible { reason, .. } => {
            panic!("an adult amateur is refused only for nationality, not {reason:?}")
        }
    }
}

#[test]
fn the_table_has_one_row_for_every_iso_3166_country() {
    let mut codes: Vec<_> = table_rows().into_iter().map(|(code, _)| code).collect();
    codes.sort();
    let all: Vec<_> = Nationality::all().iter().map(|n| n.code().to_owned()).collect();
    assert_eq!(codes, all);
}

#[test]
fn every_country_routes_as_this_table_says() {
    let policy = Policy::embedded_default();
    let mut wrong = Vec::new();
    for (code, expected) in table_rows() {
        let application = Application {
            nationality: code.parse().unwrap(),
            category: Category::Amateur,
            distance: Distance::Full,
            sex: Sex::Male,
            date_of_birth: date!(1985 - 06 - 15),
            qualifying_time: None,
            qualifying_date: None,
        };
        let decision = route(&policy, &application, date!(2026 - 11 - 21));
        if outcome(&decision) != expected {
            wrong.push(format!("{code}: table says {expected}, route says {decision:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} rows disagree:\n{}", wrong.len(), wrong.join("\n"));
}
