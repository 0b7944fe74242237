//! What runners read that comes from the policy and the rules, in their language: the
//! organisations, the countries, the routing explanation, the next steps.
//!
//! In English these are the policy's own words and the rules' own sentences. The other
//! languages take them from their Fluent files, keyed by channel and rule, so renaming an
//! organisation in the policy means renaming it in the translations too.

use pim_domain::{
    Application, Category, Channel, Distance, DocumentKind, Nationality, Policy, RaceTime, Reason, RegistrationSummary,
    Rule, Sex, age_on, format_seconds, races_open_at,
};
use time::Date;

use crate::{Arg, Language};

/// A text and the language it is written in: an explanation the translations cannot
/// write yet stays in English, and the page marks it so (`lang="en"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub text: String,
    pub language: Language,
}

/// What decided which organisation handles an entry, for its explanation.
pub struct Routing<'a> {
    pub rule: Rule,
    pub channel: Channel,
    pub nationality: Nationality,
    pub distance: Distance,
    pub sex: Sex,
    pub qualifying_time: Option<RaceTime>,
    pub margin_seconds: Option<u32>,
    /// The rules' own sentence, in English.
    pub english: &'a str,
}

/// The key of a kind of document's name in the translations; its hint's is the same with
/// `-hint`.
pub fn document_key(kind: DocumentKind) -> String {
    key("document", kind.as_str())
}

fn key(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace('_', "-"))
}

impl Language {
    /// The organisation that handles `channel`'s entries.
    pub fn organisation(&self, policy: &Policy, channel: Channel) -> String {
        match self {
            Language::English => policy.organisation(channel).to_owned(),
            _ => self.t(&key("organisation", channel.as_str())),
        }
    }

    /// The country's name: the organisers' own where the policy gives one, else the
    /// country data's.
    pub fn country<'a>(&self, policy: &'a Policy, nationality: Nationality) -> &'a str {
        policy.country_name(nationality, self.tag()).unwrap_or_else(|| {
            self.country_names_key().map_or(nationality.name(), |locale| nationality.name_in(locale))
        })
    }

    /// A kind of document's name: "Passport photo".
    pub fn document(&self, kind: DocumentKind) -> String {
        self.t(&document_key(kind))
    }

    /// What to send as a kind of document, in one sentence.
    pub fn document_hint(&self, kind: DocumentKind) -> String {
        self.t(&format!("{}-hint", document_key(kind)))
    }

    /// The race's name: "half marathon".
    pub fn race(&self, distance: Distance) -> String {
        self.t(&key("race-name", distance.as_str()))
    }

    /// A race and its category, as the pages' facts show them: "half marathon, amateur".
    pub fn race_and_category(&self, distance: Distance, category: Category) -> String {
        let args = [("race", self.race(distance).into()), ("category", self.category(category).into())];
        self.t_with("race-and-category", &args)
    }

    /// The category's name: "amateur".
    pub fn category(&self, category: Category) -> String {
        self.t(&key("category-name", category.as_str()))
    }

    /// Why the entry went to its organisation.
    pub fn explanation(&self, policy: &Policy, registration: &RegistrationSummary) -> Said {
        let routing = Routing {
            rule: registration.rule,
            channel: registration.channel,
            nationality: registration.nationality,
            distance: registration.distance,
            sex: registration.sex,
            qualifying_time: registration.qualifying_time,
            margin_seconds: registration.elite_margin_seconds,
            english: &registration.explanation,
        };
        self.routing(policy, &routing)
    }

    /// Why an entry goes to its organisation, from what decided it. English keeps the
    /// rules' own sentence.
    pub fn routing(&self, policy: &Policy, routing: &Routing) -> Said {
        let english = || Said { text: routing.english.to_owned(), language: Language::English };
        if *self == Language::English {
            return english();
        }
        let organisation = self.organisation(policy, routing.channel);
        if routing.rule == Rule::EliteStandardMet {
            let (Some(time), Some(margin)) = (routing.qualifying_time, routing.margin_seconds) else {
                return english();
            };
            let Some(standard) = RaceTime::from_seconds(time.seconds() + margin) else { return english() };
            let args: [(&'static str, Arg); 5] = [
                ("margin", margin.into()),
                ("time", time.to_string().into()),
                ("by", format_seconds(margin).into()),
                ("field", self.elite_field(routing.sex, standard, routing.distance).into()),
                ("organisation", organisation.into()),
            ];
            return Said { text: self.t_with("explain-elite-standard-met", &args), language: *self };
        }
        let nationality = routing.nationality;
        let region = match nationality.east_or_southeast_asia() {
            Some("East Asia") => self.t("region-east-asia"),
            _ => self.t("region-southeast-asia"),
        };
        let args: [(&'static str, Arg); 3] = [
            ("country", self.country(policy, nationality).into()),
            ("organisation", organisation.into()),
            ("region", region.into()),
        ];
        Said { text: self.t_with(&key("explain", routing.rule.as_str()), &args), language: *self }
    }

    /// "the women's elite standard of 2:45:00 for the full marathon".
    fn elite_field(&self, sex: Sex, standard: RaceTime, distance: Distance) -> String {
        let args: [(&'static str, Arg); 3] = [
            ("sex", sex.as_str().into()),
            ("standard", standard.to_string().into()),
            ("race", self.race(distance).into()),
        ];
        self.t_with("elite-field", &args)
    }

    /// Why `application` cannot be taken, as `route` decided (`reason`, and `english`, its
    /// sentence) on `as_of`. The policy's own words for a nationality it does not take stay
    /// in English.
    pub fn ineligibility(
        &self,
        policy: &Policy,
        application: &Application,
        as_of: Date,
        reason: Reason,
        english: &str,
    ) -> Said {
        let english = || Said { text: english.to_owned(), language: Language::English };
        if *self == Language::English {
            return english();
        }
        let said = |text: String| Said { text, language: *self };
        let Application { distance, sex, .. } = *application;
        let race = self.race(distance);
        if reason == Reason::BelowMinimumAge {
            return said(self.too_young(policy, application));
        }
        let standard = policy.elite_standard(distance, sex);
        let field = || standard.map(|standard| self.elite_field(sex, standard, distance));
        let time = || application.qualifying_time.map(|time| time.to_string());
        let first = match reason {
            Reason::NationalityNotHandled | Reason::BelowMinimumAge => return english(),
            Reason::NoEliteField => self
                .t_with("ineligible-no-elite-field", &[("sex", sex.as_str().into()), ("race", race.as_str().into())]),
            Reason::QualifyingTimeMissing => {
                let Some(field) = field() else { return english() };
                self.t_with("ineligible-time-missing", &[("race", race.as_str().into()), ("field", field.into())])
            }
            Reason::QualifyingDateMissing => {
                let Some(time) = time() else { return english() };
                self.t_with("ineligible-date-missing", &[("time", time.into())])
            }
            Reason::QualifyingDateOutsideWindow => match application.qualifying_date {
                Some(date) if date > as_of => self.t_with("ineligible-date-future", &[("date", Arg::Date(date))]),
                Some(date) => {
                    let args: [(&'static str, Arg); 3] = [
                        ("date", Arg::Date(date)),
                        ("window_start", Arg::Date(policy.qualifying_window_start())),
                        ("years", u32::from(policy.qualifying_window_years()).into()),
                    ];
                    self.t_with("ineligible-date-too-old", &args)
                }
                None => return english(),
            },
            Reason::EliteStandardNotMet => {
                let (Some(time), Some(standard), Some(field)) = (application.qualifying_time, standard, field()) else {
                    return english();
                };
                let by = format_seconds(time.seconds().saturating_sub(standard.seconds()));
                let args: [(&'static str, Arg); 3] =
                    [("time", time.to_string().into()), ("by", by.into()), ("field", field.into())];
                self.t_with("ineligible-too-slow", &args)
            }
        };
        // An elite entry refused may be an amateur one instead.
        let instead = match policy.refusal(application.nationality, Category::Amateur) {
            None => self.t_with("instead-amateur", &[("race", race.into())]),
            Some(refusal) => self.t_with("instead-refused", &[("message", refusal.message.as_str().into())]),
        };
        said(self.t_with("sentences", &[("first", first.into()), ("second", instead.into())]))
    }

    /// Why a runner is too young for the race, and which races they may enter.
    fn too_young(&self, policy: &Policy, application: &Application) -> String {
        let distance = application.distance;
        let race_day = policy.race_day();
        let mut args: Vec<(&'static str, Arg)> = vec![
            ("race", self.race(distance).into()),
            ("minimum", u32::from(policy.race(distance).minimum_age).into()),
            ("race_day", Arg::Date(race_day)),
        ];
        if application.date_of_birth > race_day {
            return self.t_with("ineligible-born-after-race-day", &args);
        }
        let age = age_on(application.date_of_birth, race_day);
        let open: Vec<String> = races_open_at(policy, age)
            .into_iter()
            .map(|open| self.t_with("race-list-one", &[("race", self.race(open).into())]))
            .collect();
        let alternative = match open.split_last() {
            None => self.t("ineligible-no-race-at-age"),
            Some((last, rest)) => {
                let races = if rest.is_empty() {
                    last.clone()
                } else {
                    let rest = rest.join(&self.t("race-list-separator"));
                    self.t_with("race-list-last", &[("rest", rest.into()), ("last", last.as_str().into())])
                };
                self.t_with("ineligible-races-at-age", &[("races", races.into())])
            }
        };
        args.push(("age", u32::try_from(age).unwrap_or_default().into()));
        args.push(("alternative", alternative.into()));
        self.t_with("ineligible-too-young", &args)
    }

    /// What happens next to an entry of `channel`, step by step.
    pub fn next_steps(&self, policy: &Policy, channel: Channel) -> Vec<String> {
        if *self == Language::English {
            return policy.next_steps(channel);
        }
        let args: [(&'static str, Arg); 3] = [
            ("organisation", self.organisation(policy, channel).into()),
            ("last_day", Arg::Date(policy.last_day_to_apply(channel))),
            ("valid_until", Arg::Date(policy.passport_valid_until())),
        ];
        let channel_steps =
            ["1", "2"].map(|n| self.t_with(&format!("{}-{n}", key("next-step", channel.as_str())), &args));
        channel_steps.into_iter().chain([self.t_with("next-step-passport", &args)]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_languages_there_are() {
        let tags: Vec<&str> = Language::ALL.iter().map(Language::tag).collect();
        assert_eq!(tags, pim_domain::LANGUAGE_TAGS);
    }

    #[test]
    fn the_organisers_names_for_a_country_come_before_the_country_datas() {
        let policy = Policy::embedded_default();
        let kp: Nationality = "KP".parse().unwrap();
        assert_eq!(Language::TraditionalChinese.country(&policy, kp), "朝鮮");
        assert_eq!(Language::SimplifiedChinese.country(&policy, kp), "朝鲜", "the country data's");
    }

    #[test]
    fn english_keeps_the_policys_words_and_the_others_translate_them() {
        let policy = Policy::embedded_default();
        assert_eq!(
            Language::English.next_steps(&policy, Channel::StateAgency),
            policy.next_steps(Channel::StateAgency)
        );
        for language in Language::ALL {
            for channel in Channel::ALL {
                let steps = language.next_steps(&policy, channel);
                assert_eq!(steps.len(), policy.next_steps(channel).len(), "{language} {channel:?}");
                assert!(steps.iter().all(|step| !step.starts_with("next-step")), "{language}: {steps:?}");
                assert!(!language.organisation(&policy, channel).starts_with("organisation-"));
            }
        }
        assert_eq!(Language::Korean.organisation(&policy, Channel::LicensedOperator), "고려투어스(공인 여행사)");
        let steps = Language::Russian.next_steps(&policy, Channel::LicensedOperator);
        assert!(steps[1].contains("14 марта 2027 г."), "{steps:?}");
    }
}
