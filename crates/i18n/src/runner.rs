//! What runners read that comes from the policy and the rules, in their language: the
//! organisations, the countries, the routing explanation, the next steps.
//!
//! In English these are the policy's own words and the rules' own sentences. The other
//! languages take them from their Fluent files, keyed by channel and rule, so renaming an
//! organisation in the policy means renaming it in the translations too.

use pim_domain::{Category, Channel, Distance, Nationality, Policy, RegistrationSummary, Rule};

use crate::{Arg, Language};

/// A text and the language it is written in: an explanation the translations cannot
/// write yet stays in English, and the page marks it so (`lang="en"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub text: String,
    pub language: Language,
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

    /// The race's name: "half marathon".
    pub fn race(&self, distance: Distance) -> String {
        self.t(&key("race-name", distance.as_str()))
    }

    /// The category's name: "amateur".
    pub fn category(&self, category: Category) -> String {
        self.t(&key("category-name", category.as_str()))
    }

    /// Why the entry went to its organisation. The elite rule's sentence, which needs the
    /// qualifying time and the standard, is not translated yet: it stays in English.
    pub fn explanation(&self, policy: &Policy, registration: &RegistrationSummary) -> Said {
        let english = || Said { text: registration.explanation.clone(), language: Language::English };
        if *self == Language::English || registration.rule == Rule::EliteStandardMet {
            return english();
        }
        let nationality = registration.nationality;
        let region = match nationality.east_or_southeast_asia() {
            Some("East Asia") => self.t("region-east-asia"),
            _ => self.t("region-southeast-asia"),
        };
        let args: [(&'static str, Arg); 3] = [
            ("country", self.country(policy, nationality).into()),
            ("organisation", self.organisation(policy, registration.channel).into()),
            ("region", region.into()),
        ];
        Said { text: self.t_with(&key("explain", registration.rule.as_str()), &args), language: *self }
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
