//! The languages runners read PIM in, which one a request gets, and the messages of each.
//!
//! The messages are Fluent files, one per language, in `templates/locales/TAG/main.ftl`
//! (compiled in): Fluent has CLDR plural rules and placeables ("1 место, 2 места,
//! 5 мест"). A translator adds a language with a file and one line in [`Language`].

use std::borrow::Cow;
use std::collections::HashMap;

mod runner;

pub use runner::{Routing, Said, document_key};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../templates/locales",
        fallback_language: "en",
        // No invisible isolation marks around placeables: every language here runs left
        // to right, and the marks would end up in attributes and emails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the runners' pages and emails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    English,
    Korean,
    SimplifiedChinese,
    TraditionalChinese,
    Russian,
}

impl Language {
    /// Every language, in the order the language switch shows them.
    pub const ALL: [Language; 5] = [
        Language::English,
        Language::Korean,
        Language::SimplifiedChinese,
        Language::TraditionalChinese,
        Language::Russian,
    ];

    /// The BCP 47 tag: `<html lang>`, `Content-Language`, the cookie, the API's `language`,
    /// the stored value, and the folder of its Fluent file.
    pub const fn tag(&self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Korean => "ko",
            Language::SimplifiedChinese => "zh-Hans",
            Language::TraditionalChinese => "zh-Hant",
            Language::Russian => "ru",
        }
    }

    /// The language's name in itself, for the language switch.
    pub const fn own_name(&self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Korean => "한국어",
            Language::SimplifiedChinese => "简体中文",
            Language::TraditionalChinese => "繁體中文",
            Language::Russian => "Русский",
        }
    }

    /// The language's name in English, for the operators' admin (which stays in English).
    pub const fn english_name(&self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Korean => "Korean",
            Language::SimplifiedChinese => "Chinese (Simplified)",
            Language::TraditionalChinese => "Chinese (Traditional)",
            Language::Russian => "Russian",
        }
    }

    /// The English name of the language a stored tag names (the tag itself if PIM no
    /// longer has it).
    pub fn english_name_of(tag: &str) -> String {
        Language::from_tag(tag).map_or_else(|| tag.to_owned(), |language| language.english_name().to_owned())
    }

    /// The key of country names in this language among the country data's translations
    /// (`pim_domain::TRANSLATED_NAME_LOCALES`); `None` for English, the data's own.
    pub const fn country_names_key(&self) -> Option<&'static str> {
        match self {
            Language::English => None,
            Language::Korean => Some("ko"),
            Language::SimplifiedChinese => Some("zh_CN"),
            // Hong Kong's names: most Traditional Chinese readers of this race are from there.
            Language::TraditionalChinese => Some("zh_HK"),
            Language::Russian => Some("ru"),
        }
    }

    /// The language of one of [`Language::tag`]'s tags, exactly.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|language| language.tag() == tag)
    }

    /// The language a BCP 47 tag asks for, if PIM has it: `zh-HK`, `zh-TW`, `zh-MO` and
    /// `zh-Hant` are Traditional Chinese; `zh`, `zh-CN`, `zh-SG` and `zh-Hans` Simplified;
    /// any region of `ko`, `ru` and `en` is that language.
    pub fn of_bcp47(tag: &str) -> Option<Language> {
        let id: LanguageIdentifier = tag.trim().parse().ok()?;
        match id.language.as_str() {
            "en" => Some(Language::English),
            "ko" => Some(Language::Korean),
            "ru" => Some(Language::Russian),
            "zh" => {
                let traditional = match id.script.as_ref().map(|script| script.as_str()) {
                    Some("Hant") => true,
                    Some(_) => false,
                    None => id.region.as_ref().is_some_and(|region| ["HK", "TW", "MO"].contains(&region.as_str())),
                };
                Some(if traditional { Language::TraditionalChinese } else { Language::SimplifiedChinese })
            }
            _ => None,
        }
    }

    /// The language an `Accept-Language` header prefers among PIM's, by its weights (the
    /// first of equal weights); English when it names none of them.
    pub fn negotiate(accept_language: &str) -> Language {
        let mut asked: Vec<(f32, usize, &str)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(order, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let weight = parts
                    .find_map(|part| part.trim().strip_prefix("q=").map(|q| q.trim().parse::<f32>().unwrap_or(0.0)))
                    .unwrap_or(1.0);
                (weight > 0.0 && !tag.is_empty()).then_some((weight, order, tag))
            })
            .collect();
        asked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        asked.into_iter().find_map(|(_, _, tag)| Language::of_bcp47(tag)).unwrap_or_default()
    }

    fn id(&self) -> LanguageIdentifier {
        self.tag().parse().expect("every tag is BCP 47")
    }

    /// The message `key` in this language (English where a translation lacks it, which
    /// a test forbids).
    pub fn t(&self, key: &str) -> String {
        self.t_with(key, &[])
    }

    /// The message `key` with its placeables: numbers choose the plural form.
    pub fn t_with(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Number(number) => FluentValue::from(*number),
                    Arg::Date(date) => FluentValue::from(self.date(*date)),
                    Arg::Message(key) => FluentValue::from(self.t(key)),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id(), key, &args)
            .or_else(|| LOCALES.try_lookup_with_args(&Language::English.id(), key, &args))
            .unwrap_or_else(|| key.to_owned())
    }
}

/// A placeable's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
    /// Written as the message's language writes dates.
    Date(time::Date),
    /// Another message of the same language, by its key: a document's name.
    Message(String),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<u32> for Arg {
    fn from(number: u32) -> Self {
        Arg::Number(f64::from(number))
    }
}

impl Language {
    /// A date as this language writes it: 11 April 2027, 2027년 4월 11일, 2027年4月11日,
    /// 11 апреля 2027 г.
    pub fn date(&self, date: time::Date) -> String {
        let (year, month, day) = (date.year(), u8::from(date.month()), date.day());
        match self {
            Language::English => format!("{day} {} {year}", date.month()),
            Language::Korean => format!("{year}년 {month}월 {day}일"),
            Language::SimplifiedChinese | Language::TraditionalChinese => format!("{year}年{month}月{day}日"),
            Language::Russian => {
                const GENITIVE: [&str; 12] = [
                    "января",
                    "февраля",
                    "марта",
                    "апреля",
                    "мая",
                    "июня",
                    "июля",
                    "августа",
                    "сентября",
                    "октября",
                    "ноября",
                    "декабря",
                ];
                format!("{day} {} {year} г.", GENITIVE[usize::from(month) - 1])
            }
        }
    }
}

impl Language {
    /// A moment, at its own offset, as this language writes it:
    /// "23 November 2026 at 12:00 (UTC+09:00)", "2026년 11월 23일 12:00(UTC+09:00)".
    pub fn moment(&self, at: time::OffsetDateTime) -> String {
        let offset = at.offset();
        let sign = if offset.is_negative() { '-' } else { '+' };
        let (hours, minutes) = (offset.whole_hours().unsigned_abs(), offset.minutes_past_hour().unsigned_abs());
        let zone = format!("UTC{sign}{hours:02}:{minutes:02}");
        let (date, clock) = (self.date(at.date()), format!("{:02}:{:02}", at.hour(), at.minute()));
        match self {
            Language::English => format!("{date} at {clock} ({zone})"),
            Language::Korean => format!("{date} {clock}({zone})"),
            Language::SimplifiedChinese | Language::TraditionalChinese => format!("{date} {clock}（{zone}）"),
            Language::Russian => format!("{date}, {clock} ({zone})"),
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chinese_tag_goes_to_its_script() {
        for tag in ["zh-HK", "zh-TW", "zh-MO", "zh-Hant", "zh-Hant-HK", "zh-hk"] {
            assert_eq!(Language::of_bcp47(tag), Some(Language::TraditionalChinese), "{tag}");
        }
        for tag in ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-HK"] {
            assert_eq!(Language::of_bcp47(tag), Some(Language::SimplifiedChinese), "{tag}");
        }
        assert_eq!(Language::of_bcp47("ru-RU"), Some(Language::Russian));
        assert_eq!(Language::of_bcp47("ko-KR"), Some(Language::Korean));
        assert_eq!(Language::of_bcp47("fr-FR"), None);
    }

    #[test]
    fn the_header_is_read_by_weight_and_an_unknown_language_is_english() {
        assert_eq!(Language::negotiate("fr-FR, ru;q=0.8, en;q=0.5"), Language::Russian);
        assert_eq!(Language::negotiate("en;q=0.2, zh-TW;q=0.9"), Language::TraditionalChinese);
        assert_eq!(Language::negotiate("zh-CN,zh;q=0.9"), Language::SimplifiedChinese);
        assert_eq!(Language::negotiate("de-DE, fr;q=0.9"), Language::English);
        assert_eq!(Language::negotiate("ko;q=0, ru"), Language::Russian, "q=0 means not this one");
        assert_eq!(Language::negotiate(""), Language::English);
        assert_eq!(Language::negotiate("*"), Language::English);
    }

    #[test]
    fn russian_counts_take_their_plural_forms() {
        let places = |n: u32| Language::Russian.t_with("places-left", &[("count", n.into())]);
        assert_eq!(places(1), "1 место");
        assert_eq!(places(2), "2 места");
        assert_eq!(places(5), "5 мест");
        assert_eq!(places(11), "11 мест");
        assert_eq!(places(21), "21 место");
        assert_eq!(places(22), "22 места");
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let race_day = time::Date::from_calendar_date(2027, time::Month::April, 11).unwrap();
        let written: Vec<String> = Language::ALL.iter().map(|language| language.date(race_day)).collect();
        assert_eq!(
            written,
            ["11 April 2027", "2027년 4월 11일", "2027年4月11日", "2027年4月11日", "11 апреля 2027 г."]
        );
    }

    #[test]
    fn an_english_moment_reads_as_the_domains_does() {
        let at = time::macros::datetime!(2026-11-23 12:00 +09:00);
        assert_eq!(Language::English.moment(at), pim_domain::format_moment_long(at));
        assert_eq!(Language::Korean.moment(at), "2026년 11월 23일 12:00(UTC+09:00)");
    }

    #[test]
    fn every_tag_reads_back() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
    }
}
