//! How long personal data is kept after race day, and what is kept for statistics once it
//! is gone.

use serde::Deserialize;
use time::{Date, Duration};

use crate::age_on;

/// The policy's `[retention]`: days after race day, per kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Uploaded passport scans and photos.
    #[serde(default = "default_documents_days")]
    pub documents_days_after_race_day: u16,
    /// Everything else personal: names, contact data, dates of birth, passport details,
    /// emergency contacts, notes and the emails' contents.
    #[serde(default = "default_personal_data_days")]
    pub personal_data_days_after_race_day: u16,
}

fn default_documents_days() -> u16 {
    30
}

fn default_personal_data_days() -> u16 {
    90
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            documents_days_after_race_day: default_documents_days(),
            personal_data_days_after_race_day: default_personal_data_days(),
        }
    }
}

/// The two rules of retention, as the audit names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionRule {
    Documents,
    PersonalData,
}

impl RetentionRule {
    pub fn as_str(self) -> &'static str {
        match self {
            RetentionRule::Documents => "documents",
            RetentionRule::PersonalData => "personal_data",
        }
    }
}

impl Retention {
    pub fn days(&self, rule: RetentionRule) -> u16 {
        match rule {
            RetentionRule::Documents => self.documents_days_after_race_day,
            RetentionRule::PersonalData => self.personal_data_days_after_race_day,
        }
    }

    /// The first day on which `rule` erases: race day plus its days, plus one (kept for
    /// 90 days after race day means erased on the 91st).
    pub fn erases_from(&self, rule: RetentionRule, race_day: Date) -> Date {
        race_day + Duration::days(i64::from(self.days(rule)) + 1)
    }

    /// Whether `rule` erases on `today`.
    pub fn is_due(&self, rule: RetentionRule, race_day: Date, today: Date) -> bool {
        today >= self.erases_from(rule, race_day)
    }

    /// How the audit names the rule: `personal_data: 90 days after race day 2027-04-11`.
    pub fn describe(&self, rule: RetentionRule, race_day: Date) -> String {
        format!("{}: {} days after race day {race_day}", rule.as_str(), self.days(rule))
    }
}

/// The runner's age on race day in ten-year bands, kept for statistics instead of the
/// date of birth: `under 20`, `20-29`, ..., `70+`.
pub fn age_band(date_of_birth: Date, race_day: Date) -> String {
    match age_on(date_of_birth, race_day) {
        age if age < 20 => "under 20".to_owned(),
        age if age >= 70 => "70+".to_owned(),
        age => {
            let low = age / 10 * 10;
            format!("{low}-{}", low + 9)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn kept_for_its_days_after_race_day_and_erased_the_day_after() {
        let retention = Retention::default();
        let race_day = date!(2027 - 04 - 11);
        assert!(!retention.is_due(RetentionRule::PersonalData, race_day, date!(2027 - 07 - 10)));
        assert_eq!(retention.erases_from(RetentionRule::PersonalData, race_day), date!(2027 - 07 - 11));
        assert!(retention.is_due(RetentionRule::PersonalData, race_day, date!(2027 - 07 - 11)));
        assert_eq!(retention.erases_from(RetentionRule::Documents, race_day), date!(2027 - 05 - 12));
        assert_eq!(
            retention.describe(RetentionRule::Documents, race_day),
            "documents: 30 days after race day 2027-04-11"
        );
    }

    #[test]
    fn age_bands_are_ten_years_wide_on_race_day() {
        let race_day = date!(2027 - 04 - 11);
        assert_eq!(age_band(date!(2008 - 04 - 12), race_day), "under 20");
        assert_eq!(age_band(date!(2007 - 04 - 11), race_day), "20-29");
        assert_eq!(age_band(date!(1987 - 04 - 12), race_day), "30-39");
        assert_eq!(age_band(date!(1987 - 04 - 11), race_day), "40-49");
        assert_eq!(age_band(date!(1950 - 01 - 01), race_day), "70+");
    }
}
