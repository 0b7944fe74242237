//! Nationality: an ISO 3166-1 alpha-2 code that names a real country.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use keshvar::{CountryIterator, SubRegion};

/// A known ISO 3166-1 country, by its alpha-2 code. Country data comes from `keshvar`,
/// so the list follows the standard rather than a hand-typed copy.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nationality {
    code: [u8; 2],
    name: &'static str,
}

/// Why a nationality could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NationalityError {
    #[error("choose a nationality")]
    Empty,
    #[error("\"{0}\" is not an ISO 3166-1 country code (two letters, such as SG or DE)")]
    Unknown(String),
}

impl NationalityError {
    /// A stable code for the kind of error, for translations and clients.
    pub fn code(&self) -> &'static str {
        match self {
            NationalityError::Empty => "required",
            NationalityError::Unknown(_) => "unknown_country",
        }
    }
}

/// Every country with its UN M49 subregion, sorted by code, built once: asking keshvar for
/// a country builds its whole record, too slow to do for each of 100,000 batch lines.
static COUNTRIES: LazyLock<Vec<(Nationality, Option<SubRegion>)>> = LazyLock::new(|| {
    let mut countries: Vec<_> = CountryIterator::new()
        .map(|country| {
            let code = country.alpha2().to_string();
            let code = code.as_bytes();
            (Nationality { code: [code[0], code[1]], name: country.iso_short_name() }, country.maybe_subregion())
        })
        .collect();
    countries.sort_by_key(|(nationality, _)| nationality.code);
    countries
});

/// The locales of keshvar's translations that PIM's languages use.
pub const TRANSLATED_NAME_LOCALES: [&str; 5] = ["ko", "ru", "zh_CN", "zh_HK", "zh_TW"];

/// Each country's name in each of [`TRANSLATED_NAME_LOCALES`], by (code, locale).
static TRANSLATED_NAMES: LazyLock<std::collections::HashMap<([u8; 2], &'static str), &'static str>> =
    LazyLock::new(|| {
        let mut names = std::collections::HashMap::new();
        for country in CountryIterator::new() {
            let code = country.alpha2().to_string();
            let code = [code.as_bytes()[0], code.as_bytes()[1]];
            for locale in TRANSLATED_NAME_LOCALES {
                if let Some(name) = country.translations().get(locale) {
                    names.insert((code, locale), *name);
                }
            }
        }
        names
    });

fn find(code: [u8; 2]) -> Option<&'static (Nationality, Option<SubRegion>)> {
    let countries = &*COUNTRIES;
    countries.binary_search_by_key(&code, |(nationality, _)| nationality.code).ok().map(|at| &countries[at])
}

impl Nationality {
    /// Every ISO 3166-1 country, in code order.
    pub fn all() -> Vec<Nationality> {
        COUNTRIES.iter().map(|(nationality, _)| *nationality).collect()
    }

    /// The alpha-2 code, upper case: `"SG"`.
    pub fn code(&self) -> &str {
        // Built only from keshvar's codes, which are ASCII letters.
        std::str::from_utf8(&self.code).expect("ISO codes are ASCII")
    }

    /// The country's ISO short name in English: `"Singapore"`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The country's name in one of [`TRANSLATED_NAME_LOCALES`] (`"싱가포르"` for `ko`), or
    /// in English where keshvar has none.
    pub fn name_in(&self, locale: &str) -> &'static str {
        TRANSLATED_NAMES.get(&(self.code, locale)).copied().unwrap_or(self.name)
    }

    /// The region words used in sentences, for the two UN M49 subregions that the state
    /// agencies serve; `None` elsewhere.
    pub fn east_or_southeast_asia(&self) -> Option<&'static str> {
        match find(self.code)?.1? {
            SubRegion::EasternAsia => Some("East Asia"),
            SubRegion::SouthEasternAsia => Some("Southeast Asia"),
            _ => None,
        }
    }
}

impl FromStr for Nationality {
    type Err = NationalityError;

    /// Accepts the code in either case, with surrounding spaces.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(NationalityError::Empty);
        }
        let unknown = || NationalityError::Unknown(text.to_owned());
        let &[first, second] = text.as_bytes() else { return Err(unknown()) };
        find([first.to_ascii_uppercase(), second.to_ascii_uppercase()])
            .map(|(nationality, _)| *nationality)
            .ok_or_else(unknown)
    }
}

impl fmt::Display for Nationality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Nationality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nationality({})", self.code())
    }
}

crate::deserialize_from_str!(Nationality);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_code_parses_in_any_case_and_knows_its_name() {
        let singapore: Nationality = " sg ".parse().unwrap();
        assert_eq!(singapore.code(), "SG");
        assert_eq!(singapore.name(), "Singapore");
        assert_eq!(singapore.to_string(), "SG");
    }

    #[test]
    fn unknown_codes_and_empty_input_are_refused() {
        assert_eq!("".parse::<Nationality>(), Err(NationalityError::Empty));
        assert_eq!("XX".parse::<Nationality>(), Err(NationalityError::Unknown("XX".into())));
        assert_eq!("SGP".parse::<Nationality>(), Err(NationalityError::Unknown("SGP".into())));
        assert_eq!("ß".parse::<Nationality>(), Err(NationalityError::Unknown("ß".into())));
    }

    #[test]
    fn every_iso_3166_country_is_known() {
        let all = Nationality::all();
        assert_eq!(all.len(), 249);
        assert!(all.iter().any(|n| n.code() == "TW"));
    }

    #[test]
    fn the_state_agency_subregions_are_named() {
        let name = |code: &str| code.parse::<Nationality>().unwrap().east_or_southeast_asia();
        assert_eq!(name("HK"), Some("East Asia"));
        assert_eq!(name("SG"), Some("Southeast Asia"));
        assert_eq!(name("DE"), None);
    }
}
