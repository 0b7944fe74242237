//! Calendar dates as runners type them (`YYYY-MM-DD`), and ages on a given day.

use time::{Date, Month, OffsetDateTime};

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("enter a date")]
    Empty,
    #[error("write the date as YYYY-MM-DD, for example 1990-05-01")]
    Format,
    #[error("{0} is not a real date")]
    NotReal(String),
}

impl DateError {
    /// A stable code for the kind of error, for translations and clients.
    pub fn code(&self) -> &'static str {
        match self {
            DateError::Empty => "required",
            DateError::Format => "date_format",
            DateError::NotReal(_) => "date_not_real",
        }
    }
}

/// Parses an ISO 8601 calendar date, `YYYY-MM-DD`; surrounding spaces are ignored.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(DateError::Format);
    }
    // The shape check above makes these slices plain digits, so the parses cannot fail.
    let year: i32 = text[0..4].parse().map_err(|_| DateError::Format)?;
    let month: u8 = text[5..7].parse().map_err(|_| DateError::Format)?;
    let day: u8 = text[8..10].parse().map_err(|_| DateError::Format)?;
    Month::try_from(month)
        .ok()
        .and_then(|month| Date::from_calendar_date(year, month, day).ok())
        .ok_or_else(|| DateError::NotReal(text.to_owned()))
}

/// Age in whole years on `day`. Someone born on 29 February turns a year older on
/// 1 March in years without one.
pub fn age_on(date_of_birth: Date, day: Date) -> i32 {
    let had_birthday = (day.month() as u8, day.day()) >= (date_of_birth.month() as u8, date_of_birth.day());
    day.year() - date_of_birth.year() - i32::from(!had_birthday)
}

/// The same day `months` later; the month's last day where it is shorter (31 August plus
/// six months is 28 or 29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    let index = date.year() * 12 + i32::from(date.month() as u8 - 1) + months as i32;
    let (year, month) = (index.div_euclid(12), Month::try_from((index.rem_euclid(12) + 1) as u8).expect("1 to 12"));
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("the day fits the month")
}

/// "11 April 2027": the form used in sentences shown to runners.
pub fn format_date_long(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// "1 November 2026 at 00:00 (UTC+09:00)": a moment in its own offset, for people.
pub fn format_moment_long(at: OffsetDateTime) -> String {
    let offset = at.offset();
    let sign = if offset.is_negative() { '-' } else { '+' };
    let (hours, minutes) = (offset.whole_hours().unsigned_abs(), offset.minutes_past_hour().unsigned_abs());
    format!("{} at {:02}:{:02} (UTC{sign}{hours:02}:{minutes:02})", format_date_long(at.date()), at.hour(), at.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_well_formed_date_parses() {
        assert_eq!(parse_date(" 1990-05-01 "), Ok(date!(1990 - 05 - 01)));
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("2026-02-30"), Err(DateError::NotReal("2026-02-30".into())));
        assert_eq!(parse_date("2026-13-01"), Err(DateError::NotReal("2026-13-01".into())));
        assert_eq!(parse_date("01/05/1990"), Err(DateError::Format));
        assert_eq!(parse_date("1990-5-1"), Err(DateError::Format));
        assert_eq!(parse_date("-990-05-01"), Err(DateError::Format));
    }

    #[test]
    fn age_changes_on_the_birthday() {
        let race_day = date!(2027 - 04 - 11);
        assert_eq!(age_on(date!(2009 - 04 - 11), race_day), 18);
        assert_eq!(age_on(date!(2009 - 04 - 12), race_day), 17);
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2027 - 02 - 28)), 18);
        assert_eq!(age_on(date!(2008 - 02 - 29), date!(2027 - 03 - 01)), 19);
    }

    #[test]
    fn months_are_added_on_the_calendar() {
        assert_eq!(add_months(date!(2027 - 04 - 11), 6), date!(2027 - 10 - 11));
        assert_eq!(add_months(date!(2026 - 08 - 31), 6), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 11 - 30), 3), date!(2028 - 02 - 29));
    }

    #[test]
    fn long_dates_read_as_words() {
        assert_eq!(format_date_long(date!(2027 - 04 - 11)), "11 April 2027");
        let moment = time::macros::datetime!(2026-11-01 00:00 +09:00);
        assert_eq!(format_moment_long(moment), "1 November 2026 at 00:00 (UTC+09:00)");
    }
}
