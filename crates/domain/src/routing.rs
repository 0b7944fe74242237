//! `route`: which organisation handles an application, and why.

use serde::Serialize;
use time::Date;

use crate::race::format_seconds;
use crate::{Application, Category, Distance, Policy, age_on, format_date_long};

/// The three ways into the race for a foreign runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Invited by the Ministry of Physical Culture and Sports, strictly by qualifying time.
    EliteInvitation,
    /// Amateurs of East and Southeast Asia, except the policy's exceptions.
    StateAgency,
    /// Koryo Tours: every other amateur.
    LicensedOperator,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::EliteInvitation, Channel::StateAgency, Channel::LicensedOperator];

    /// The stable code used in data, JSON and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::EliteInvitation => "elite_invitation",
            Channel::StateAgency => "state_agency",
            Channel::LicensedOperator => "licensed_operator",
        }
    }
}

impl std::str::FromStr for Channel {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.as_str() == text)
            .ok_or_else(|| format!("unknown channel {text:?}"))
    }
}

/// The rule that routed an application: a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    EliteStandardMet,
    EastSoutheastAsiaAmateur,
    /// In the state agencies' region, but listed as an exception (Singapore, Hong Kong).
    EastSoutheastAsiaException,
    LicensedOperatorDefault,
}

impl Rule {
    pub const ALL: [Rule; 4] = [
        Rule::EliteStandardMet,
        Rule::EastSoutheastAsiaAmateur,
        Rule::EastSoutheastAsiaException,
        Rule::LicensedOperatorDefault,
    ];

    /// The stable code used in data, JSON and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            Rule::EliteStandardMet => "elite_standard_met",
            Rule::EastSoutheastAsiaAmateur => "east_southeast_asia_amateur",
            Rule::EastSoutheastAsiaException => "east_southeast_asia_exception",
            Rule::LicensedOperatorDefault => "licensed_operator_default",
        }
    }
}

impl std::str::FromStr for Rule {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Rule::ALL.into_iter().find(|rule| rule.as_str() == text).ok_or_else(|| format!("unknown rule {text:?}"))
    }
}

/// Why an application cannot be accepted as it stands: a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    NationalityNotHandled,
    BelowMinimumAge,
    NoEliteField,
    QualifyingTimeMissing,
    QualifyingDateMissing,
    QualifyingDateOutsideWindow,
    EliteStandardNotMet,
}

/// What `route` decided. `explanation` is one or two sentences a runner understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Decision {
    Routed {
        channel: Channel,
        rule: Rule,
        explanation: String,
        /// For elite entries, seconds under the standard: the Ministry ranks invitations by it.
        #[serde(skip_serializing_if = "Option::is_none")]
        margin_seconds: Option<u32>,
    },
    Ineligible {
        reason: Reason,
        explanation: String,
    },
}

impl Decision {
    pub fn explanation(&self) -> &str {
        match self {
            Decision::Routed { explanation, .. } | Decision::Ineligible { explanation, .. } => explanation,
        }
    }

    fn routed(channel: Channel, rule: Rule, explanation: String) -> Decision {
        Decision::Routed { channel, rule, explanation, margin_seconds: None }
    }

    fn ineligible(reason: Reason, explanation: String) -> Decision {
        Decision::Ineligible { reason, explanation }
    }
}

/// Decides which organisation handles `application`, under `policy`, for an application
/// made on `as_of` (qualifying performances after that day do not count).
///
/// The order matters: nationalities not accepted first, then the age limit, then elite
/// before region, so an elite runner is routed by time whatever their nationality.
pub fn route(policy: &Policy, application: &Application, as_of: Date) -> Decision {
    if let Some(refusal) = policy.refusal(application.nationality, application.category) {
        return Decision::ineligible(Reason::NationalityNotHandled, refusal.message.clone());
    }
    if let Some(explanation) = too_young(policy, application) {
        return Decision::ineligible(Reason::BelowMinimumAge, explanation);
    }
    match application.category {
        Category::Elite => route_elite(policy, application, as_of),
        Category::Amateur => route_amateur(policy, application),
    }
}

/// The explanation when the runner is under the distance's minimum age on race day.
fn too_young(policy: &Policy, application: &Application) -> Option<String> {
    let distance = application.distance;
    let race_day = policy.race_day();
    let minimum = policy.race(distance).minimum_age;
    let age = age_on(application.date_of_birth, race_day);
    if age >= i32::from(minimum) {
        return None;
    }
    let rule = format!(
        "Runners in the {} must be at least {minimum} on race day, {}",
        distance.label(),
        format_date_long(race_day)
    );
    if application.date_of_birth > race_day {
        return Some(format!("{rule}; the date of birth given is after race day, so please check it."));
    }
    let open: Vec<_> = races_open_at(policy, age).iter().map(|other| format!("the {}", other.label())).collect();
    let alternative = match open.split_last() {
        None => "No race of this edition is open at that age.".to_owned(),
        Some((last, [])) => format!("At that age you can enter {last}."),
        Some((last, rest)) => format!("At that age you can enter {} or {last}.", rest.join(", ")),
    };
    Some(format!("{rule}, and you will be {age}. {alternative}"))
}

/// The races a runner of `age` on race day may enter.
pub fn races_open_at(policy: &Policy, age: i32) -> Vec<Distance> {
    Distance::ALL.iter().copied().filter(|distance| age >= i32::from(policy.race(*distance).minimum_age)).collect()
}

/// Whether the runner could enter as an amateur instead, as a sentence to append.
fn amateur_alternative(policy: &Policy, application: &Application) -> String {
    match policy.refusal(application.nationality, Category::Amateur) {
        None => format!("You may enter the {} as an amateur instead.", application.distance.label()),
        Some(refusal) => format!("Amateur entry is not open to you either: {}", refusal.message),
    }
}

fn route_elite(policy: &Policy, application: &Application, as_of: Date) -> Decision {
    let Application { distance, sex, .. } = *application;
    let instead = || amateur_alternative(policy, application);
    let Some(standard) = policy.elite_standard(distance, sex) else {
        let explanation =
            format!("This edition has no {} elite field in the {}. {}", sex.field_label(), distance.label(), instead());
        return Decision::ineligible(Reason::NoEliteField, explanation);
    };
    let field = format!("the {} elite standard of {standard} for the {}", sex.field_label(), distance.label());
    let Some(time) = application.qualifying_time else {
        let explanation = format!(
            "An elite entry needs a qualifying time in the {} that meets {field}; give your time, its date and a link to the results. {}",
            distance.label(),
            instead()
        );
        return Decision::ineligible(Reason::QualifyingTimeMissing, explanation);
    };
    let Some(date) = application.qualifying_date else {
        let explanation = format!(
            "An elite entry needs the date of the race where you ran {time}, so the Ministry can check the result. {}",
            instead()
        );
        return Decision::ineligible(Reason::QualifyingDateMissing, explanation);
    };
    let window_start = policy.qualifying_window_start();
    if date > as_of {
        let explanation = format!(
            "Your qualifying date, {}, is after the date of this application; a qualifying time must already have been run. {}",
            format_date_long(date),
            instead()
        );
        return Decision::ineligible(Reason::QualifyingDateOutsideWindow, explanation);
    }
    if date < window_start {
        let explanation = format!(
            "Your qualifying performance on {} is too old: it must have been run on or after {}, within {} years before race day. {}",
            format_date_long(date),
            format_date_long(window_start),
            policy.qualifying_window_years(),
            instead()
        );
        return Decision::ineligible(Reason::QualifyingDateOutsideWindow, explanation);
    }
    if time > standard {
        let explanation = format!(
            "Your {time} is {} slower than {field}. {}",
            format_seconds(time.seconds() - standard.seconds()),
            instead()
        );
        return Decision::ineligible(Reason::EliteStandardNotMet, explanation);
    }
    let margin = standard.seconds() - time.seconds();
    let how = if margin == 0 { "equals".to_owned() } else { format!("is {} under", format_seconds(margin)) };
    let explanation = format!(
        "Your {time} {how} {field}, so your entry goes to {}, which invites elite runners strictly by qualifying time.",
        policy.organisation(Channel::EliteInvitation)
    );
    Decision::Routed {
        channel: Channel::EliteInvitation,
        rule: Rule::EliteStandardMet,
        explanation,
        margin_seconds: Some(margin),
    }
}

fn route_amateur(policy: &Policy, application: &Application) -> Decision {
    let nationality = application.nationality;
    let country = nationality.name();
    let licensed_operator = policy.organisation(Channel::LicensedOperator);
    if !policy.state_agency_region().contains(&nationality) {
        let explanation = format!(
            "Amateur runners from {country} register through {licensed_operator}, which handles every foreign amateur from outside East and Southeast Asia."
        );
        return Decision::routed(Channel::LicensedOperator, Rule::LicensedOperatorDefault, explanation);
    }
    if policy.state_agency_exceptions().contains(&nationality) {
        let region = nationality.east_or_southeast_asia().unwrap_or("the state agencies' region");
        let explanation = format!(
            "Runners from {country} register through {licensed_operator}, even though {country} is in {region}."
        );
        return Decision::routed(Channel::LicensedOperator, Rule::EastSoutheastAsiaException, explanation);
    }
    let explanation = format!(
        "Amateur runners from {country} register through {}, which handle entries from East and Southeast Asia.",
        policy.organisation(Channel::StateAgency)
    );
    Decision::routed(Channel::StateAgency, Rule::EastSoutheastAsiaAmateur, explanation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Nationality, RaceTime, Sex};
    use time::macros::date;

    fn time(text: &str) -> RaceTime {
        text.parse().unwrap()
    }

    const TODAY: Date = date!(2026 - 11 - 21);

    fn amateur(nationality: &str) -> Application {
        Application {
            nationality: nationality.parse::<Nationality>().unwrap(),
            category: Category::Amateur,
            distance: Distance::Full,
            sex: Sex::Female,
            date_of_birth: date!(1990 - 05 - 01),
            qualifying_time: None,
            qualifying_date: None,
        }
    }

    fn elite(nationality: &str, distance: Distance, sex: Sex, qualifying: &str) -> Application {
        Application {
            category: Category::Elite,
            distance,
            sex,
            qualifying_time: Some(time(qualifying)),
            qualifying_date: Some(date!(2026 - 10 - 04)),
            ..amateur(nationality)
        }
    }

    #[test]
    fn codes_read_back_as_written_and_match_the_json() {
        for rule in Rule::ALL {
            assert_eq!(rule.as_str().parse::<Rule>(), Ok(rule));
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.as_str());
        }
        for channel in Channel::ALL {
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
            assert_eq!(serde_json::to_value(channel).unwrap(), channel.as_str());
        }
    }

    #[test]
    fn singapore_is_told_why_it_is_not_with_the_state_agencies() {
        let decision = route(&Policy::embedded_default(), &amateur("SG"), TODAY);
        assert_eq!(
            decision,
            Decision::routed(
                Channel::LicensedOperator,
                Rule::EastSoutheastAsiaException,
                "Runners from Singapore register through Koryo Tours, the licensed operator, even though Singapore is in Southeast Asia.".into()
            )
        );
    }

    #[test]
    fn an_elite_from_china_is_routed_to_elite_invitation_with_the_margin() {
        let decision = route(&Policy::embedded_default(), &elite("CN", Distance::Full, Sex::Male, "2:09:30"), TODAY);
        let Decision::Routed { channel, rule, margin_seconds, explanation } = decision else { panic!("{decision:?}") };
        assert_eq!((channel, rule, margin_seconds), (Channel::EliteInvitation, Rule::EliteStandardMet, Some(135)));
        assert_eq!(
            explanation,
            "Your 2:09:30 is 2:15 under the men's elite standard of 2:11:45 for the full marathon, so your entry goes to the DPRK Ministry of Physical Culture and Sports, which invites elite runners strictly by qualifying time."
        );
    }

    #[test]
    fn an_elite_who_misses_the_standard_is_told_by_how_much_and_offered_amateur_entry() {
        let decision = route(&Policy::embedded_default(), &elite("DE", Distance::Half, Sex::Female, "1:15:00"), TODAY);
        assert_eq!(
            decision,
            Decision::ineligible(
                Reason::EliteStandardNotMet,
                "Your 1:15:00 is 3:00 slower than the women's elite standard of 1:12:00 for the half marathon. You may enter the half marathon as an amateur instead.".into()
            )
        );
    }

    #[test]
    fn a_japanese_elite_who_misses_the_standard_is_not_offered_amateur_entry() {
        let decision = route(&Policy::embedded_default(), &elite("JP", Distance::Full, Sex::Male, "2:20:00"), TODAY);
        assert!(decision.explanation().ends_with(
            "Amateur entry is not open to you either: Japanese passport holders have not been accepted for amateur entry in recent editions."
        ));
    }

    #[test]
    fn a_runner_too_young_for_the_marathon_is_told_which_races_are_open() {
        let application = Application { date_of_birth: date!(2011 - 01 - 01), ..amateur("DE") };
        let decision = route(&Policy::embedded_default(), &application, TODAY);
        assert_eq!(
            decision,
            Decision::ineligible(
                Reason::BelowMinimumAge,
                "Runners in the full marathon must be at least 18 on race day, 11 April 2027, and you will be 16. At that age you can enter the half marathon, the 10 km or the 5 km.".into()
            )
        );
    }

    #[test]
    fn a_date_of_birth_after_race_day_is_questioned() {
        let application = Application { date_of_birth: date!(2030 - 01 - 01), ..amateur("DE") };
        let decision = route(&Policy::embedded_default(), &application, TODAY);
        assert!(decision.explanation().contains("the date of birth given is after race day"), "{decision:?}");
    }

    #[test]
    fn a_child_too_young_for_every_race_is_told_so() {
        let application =
            Application { distance: Distance::FiveK, date_of_birth: date!(2018 - 01 - 01), ..amateur("DE") };
        let decision = route(&Policy::embedded_default(), &application, TODAY);
        assert!(decision.explanation().ends_with("No race of this edition is open at that age."), "{decision:?}");
    }
}
