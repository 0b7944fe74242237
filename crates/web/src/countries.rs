//! The nationality list in each language: every country by its name in that language,
//! sorted as that language sorts (CLDR collation through ICU4X: Hangul order for Korean,
//! pinyin for Simplified Chinese, stroke count for Traditional Chinese, the Cyrillic
//! alphabet for Russian), the ISO code still the value sent. Built once at start.

use std::collections::HashMap;

use icu_collator::Collator;
use icu_collator::options::CollatorOptions;
use icu_locale_core::Locale;
use pim_domain::{Nationality, Policy};
use pim_i18n::Language;

/// A country as the list offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryChoice {
    pub nationality: Nationality,
    pub name: String,
}

impl CountryChoice {
    pub fn code(&self) -> &str {
        self.nationality.code()
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Every language's list, with the policy's own names for some countries.
pub fn country_lists(policy: &Policy) -> HashMap<Language, Vec<CountryChoice>> {
    Language::ALL.into_iter().map(|language| (language, sorted_countries(policy, language))).collect()
}

fn sorted_countries(policy: &Policy, language: Language) -> Vec<CountryChoice> {
    let mut countries: Vec<CountryChoice> = Nationality::all()
        .into_iter()
        .map(|nationality| CountryChoice { nationality, name: language.country(policy, nationality).to_owned() })
        .collect();
    let locale: Locale = language.tag().parse().expect("every language tag is a locale");
    let collator =
        Collator::try_new((&locale).into(), CollatorOptions::default()).expect("collation data is compiled in");
    countries.sort_by(|a, b| collator.compare(&a.name, &b.name));
    countries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(language: Language) -> Vec<String> {
        sorted_countries(&Policy::embedded_default(), language).into_iter().map(|country| country.name).collect()
    }

    fn position(list: &[String], name: &str) -> usize {
        list.iter().position(|n| *n == name).unwrap_or_else(|| panic!("{name} is not in the list"))
    }

    #[test]
    fn each_language_lists_every_country_in_its_own_names_and_order() {
        for language in Language::ALL {
            assert_eq!(sorted_countries(&Policy::embedded_default(), language).len(), 249, "{language}");
        }
        let korean = names(Language::Korean);
        assert!(position(&korean, "가나") < position(&korean, "대한민국"), "가 before 대");
        assert!(position(&korean, "대한민국") < position(&korean, "홍콩"));
        let russian = names(Language::Russian);
        assert!(position(&russian, "Австралия") < position(&russian, "Китай"));
        assert!(position(&russian, "Китай") < position(&russian, "Япония"));
        // Pinyin: Aodaliya (澳大利亚) before Zhongguo (中国).
        let simplified = names(Language::SimplifiedChinese);
        assert!(position(&simplified, "澳大利亚") < position(&simplified, "中国"));
        // Strokes: 中 (4) before 澳 (16), the other way round from pinyin.
        let traditional = names(Language::TraditionalChinese);
        assert!(position(&traditional, "中國") < position(&traditional, "澳大利亞"));
        let english = names(Language::English);
        assert_eq!(english[0], "Afghanistan");
        let dpr_korea = position(&english, "DPR Korea");
        assert!(
            position(&english, "Dominican Republic") < dpr_korea && dpr_korea < position(&english, "Ecuador"),
            "sorted"
        );
        assert!(position(&traditional, "朝鮮") > 0);
        assert!(position(&english, "Åland Islands") < position(&english, "Albania"), "Å sorts as A");
    }
}
