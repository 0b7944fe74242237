//! The races, entry categories and times.

use std::fmt;
use std::str::FromStr;

/// Defines a closed set of values written as fixed lowercase words, with parsing,
/// display and a stable wire form.
macro_rules! word_enum {
    (
        $(#[$meta:meta])* $name:ident, $error:ident, $what:literal,
        { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $word)] $variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word used in forms, files and JSON.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        #[doc = concat!("Why a ", $what, " could not be read.")]
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        pub enum $error {
            #[error("choose a {}", $what)]
            Empty,
            #[error("\"{0}\" is not a {what}; use one of: {choices}", what = $what, choices = [$($word),+].join(", "))]
            Unknown(String),
        }

        impl $error {
            /// A stable code for the kind of error, for translations and clients.
            pub fn code(&self) -> &'static str {
                match self { $error::Empty => "required", $error::Unknown(_) => "unknown_choice" }
            }
        }

        impl FromStr for $name {
            type Err = $error;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let text = text.trim();
                if text.is_empty() {
                    return Err($error::Empty);
                }
                $(if text.eq_ignore_ascii_case($word) { return Ok($name::$variant); })+
                Err($error::Unknown(text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        crate::deserialize_from_str!($name);
    };
}

word_enum!(
    /// The four races of the day.
    Distance, DistanceError, "distance",
    { Full = "full", Half = "half", TenK = "10k", FiveK = "5k" }
);

word_enum!(
    /// Elite runners are invited by qualifying time; everyone else enters as an amateur.
    Category, CategoryError, "category",
    { Elite = "elite", Amateur = "amateur" }
);

word_enum!(
    /// The sex a runner competes in; the elite standards differ by it.
    Sex, SexError, "sex",
    { Female = "female", Male = "male" }
);

impl Distance {
    /// The race's name in a sentence: "the {label}".
    pub fn label(&self) -> &'static str {
        match self {
            Distance::Full => "full marathon",
            Distance::Half => "half marathon",
            Distance::TenK => "10 km",
            Distance::FiveK => "5 km",
        }
    }
}

impl Sex {
    /// The field's name in a sentence: "the {label} standard".
    pub fn field_label(&self) -> &'static str {
        match self {
            Sex::Female => "women's",
            Sex::Male => "men's",
        }
    }
}

/// A finishing time or time limit, in whole seconds, written `H:MM:SS` or, under an hour,
/// `MM:SS`. A fraction of a second is rounded up to the next whole second, as road-race
/// results are, so `13:45.2` counts as `13:46`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RaceTime {
    seconds: u32,
}

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RaceTimeError {
    #[error("enter a time")]
    Empty,
    #[error("write the time as H:MM:SS, or MM:SS under an hour, for example 2:41:00 or 29:45")]
    Format,
    #[error("minutes and seconds must be between 00 and 59")]
    OutOfRange,
    #[error("a time must be longer than zero")]
    Zero,
}

impl RaceTimeError {
    /// A stable code for the kind of error, for translations and clients.
    pub fn code(&self) -> &'static str {
        match self {
            RaceTimeError::Empty => "required",
            RaceTimeError::Format => "time_format",
            RaceTimeError::OutOfRange => "time_out_of_range",
            RaceTimeError::Zero => "time_zero",
        }
    }
}

impl RaceTime {
    /// A time of whole seconds; `None` for zero.
    pub fn from_seconds(seconds: u32) -> Option<RaceTime> {
        (seconds > 0).then_some(RaceTime { seconds })
    }

    pub fn seconds(&self) -> u32 {
        self.seconds
    }
}

/// Formats seconds as `H:MM:SS`, or `M:SS` under an hour: used for times and for margins.
pub fn format_seconds(seconds: u32) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 { format!("{hours}:{minutes:02}:{seconds:02}") } else { format!("{minutes}:{seconds:02}") }
}

impl FromStr for RaceTime {
    type Err = RaceTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(RaceTimeError::Empty);
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (text, None),
        };
        let round_up = match fraction {
            None => 0,
            Some(digits) if (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) => {
                u32::from(digits.bytes().any(|b| b != b'0'))
            }
            Some(_) => return Err(RaceTimeError::Format),
        };
        let parts: Vec<&str> = whole.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(RaceTimeError::Format);
        }
        // The leading part (hours, or minutes in MM:SS) has one or two digits; the rest two.
        let digits_ok = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
            lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits_ok(parts[0], 1..=2) || !parts[1..].iter().all(|part| digits_ok(part, 2..=2)) {
            return Err(RaceTimeError::Format);
        }
        let numbers: Vec<u32> = parts.iter().map(|part| part.parse().expect("checked digits")).collect();
        let (hours, minutes, seconds) = match numbers[..] {
            [hours, minutes, seconds] => (hours, minutes, seconds),
            [minutes, seconds] => (0, minutes, seconds),
            _ => unreachable!("two or three parts"),
        };
        if minutes > 59 || seconds > 59 {
            return Err(RaceTimeError::OutOfRange);
        }
        RaceTime::from_seconds(hours * 3600 + minutes * 60 + seconds + round_up).ok_or(RaceTimeError::Zero)
    }
}

impl fmt::Display for RaceTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_seconds(self.seconds))
    }
}

impl fmt::Debug for RaceTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RaceTime({self})")
    }
}

crate::deserialize_from_str!(RaceTime);

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> Result<u32, RaceTimeError> {
        text.parse::<RaceTime>().map(|time| time.seconds())
    }

    #[test]
    fn hours_minutes_seconds_and_short_forms_parse() {
        assert_eq!(seconds("2:11:45"), Ok(2 * 3600 + 11 * 60 + 45));
        assert_eq!(seconds("02:11:45"), Ok(2 * 3600 + 11 * 60 + 45));
        assert_eq!(seconds("29:00"), Ok(29 * 60));
        assert_eq!(seconds(" 13:45 "), Ok(13 * 60 + 45));
    }

    #[test]
    fn fractions_of_a_second_round_up() {
        assert_eq!(seconds("13:45.00"), Ok(13 * 60 + 45));
        assert_eq!(seconds("13:45.2"), Ok(13 * 60 + 46));
        assert_eq!(seconds("13:45.123"), Ok(13 * 60 + 46));
        assert_eq!(seconds("13:45.1234"), Err(RaceTimeError::Format));
        assert_eq!(seconds("13:45."), Err(RaceTimeError::Format));
    }

    #[test]
    fn malformed_times_are_refused_with_a_reason() {
        assert_eq!(seconds(""), Err(RaceTimeError::Empty));
        assert_eq!(seconds("1:75:00"), Err(RaceTimeError::OutOfRange));
        assert_eq!(seconds("75:00"), Err(RaceTimeError::OutOfRange));
        assert_eq!(seconds("2:11:60"), Err(RaceTimeError::OutOfRange));
        assert_eq!(seconds("-1:00:00"), Err(RaceTimeError::Format));
        assert_eq!(seconds("2:11"), Ok(2 * 60 + 11));
        assert_eq!(seconds("2:1:45"), Err(RaceTimeError::Format));
        assert_eq!(seconds("131:45"), Err(RaceTimeError::Format));
        assert_eq!(seconds("1:2:3:4"), Err(RaceTimeError::Format));
        assert_eq!(seconds("2h11m"), Err(RaceTimeError::Format));
        assert_eq!(seconds("0:00:00"), Err(RaceTimeError::Zero));
    }

    #[test]
    fn times_display_as_runners_write_them() {
        assert_eq!("2:11:45".parse::<RaceTime>().unwrap().to_string(), "2:11:45");
        assert_eq!("09:05".parse::<RaceTime>().unwrap().to_string(), "9:05");
        assert_eq!(format_seconds(135), "2:15");
    }

    #[test]
    fn words_parse_in_any_case_and_unknown_ones_list_the_choices() {
        assert_eq!("10K".parse::<Distance>(), Ok(Distance::TenK));
        assert_eq!(" Elite".parse::<Category>(), Ok(Category::Elite));
        assert_eq!("".parse::<Sex>(), Err(SexError::Empty));
        let error = "marathon".parse::<Distance>().unwrap_err();
        assert_eq!(error.to_string(), "\"marathon\" is not a distance; use one of: full, half, 10k, 5k");
    }
}
