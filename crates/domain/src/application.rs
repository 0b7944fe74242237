//! An application to run, parsed from the fields a runner or a script supplies.

use std::fmt;

use time::Date;

use crate::{Category, Decision, Distance, Nationality, Policy, RaceTime, Sex, parse_date, route};

/// Everything routing needs to know about an applicant, already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub nationality: Nationality,
    pub category: Category,
    pub distance: Distance,
    pub sex: Sex,
    pub date_of_birth: Date,
    /// The elite qualifying performance at the entered distance, when given.
    pub qualifying_time: Option<RaceTime>,
    pub qualifying_date: Option<Date>,
}

/// The routing fields as typed: the form's and the JSON's snake_case names.
/// An empty optional field means "not given".
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplicationInput<'a> {
    pub nationality: &'a str,
    pub category: &'a str,
    pub distance: &'a str,
    pub sex: &'a str,
    pub date_of_birth: &'a str,
    pub qualifying_time: &'a str,
    pub qualifying_date: &'a str,
}

/// One field that could not be read: which, a stable code, and a message for the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

/// Every field error of one input, in form order, so all can be shown at once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// Runs `parse` and records its error under `field`.
    fn take<T, E: fmt::Display>(
        &mut self,
        field: &'static str,
        parse: Result<T, E>,
        code: impl FnOnce(&E) -> &'static str,
    ) -> Option<T> {
        parse.map_err(|error| self.0.push(FieldError { field, code: code(&error), message: error.to_string() })).ok()
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            let separator = if i == 0 { "" } else { "; " };
            write!(f, "{separator}{}: {}", error.field, error.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

fn optional(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// No runner was born before this year: an earlier date is a typing mistake.
pub const EARLIEST_BIRTH_YEAR: i32 = 1900;

impl Application {
    /// Parses every field, collecting all errors rather than stopping at the first.
    pub fn parse(input: &ApplicationInput<'_>) -> Result<Application, FieldErrors> {
        let mut errors = FieldErrors::default();
        let nationality = errors.take("nationality", input.nationality.parse::<Nationality>(), |e| e.code());
        let category = errors.take("category", input.category.parse::<Category>(), |e| e.code());
        let distance = errors.take("distance", input.distance.parse::<Distance>(), |e| e.code());
        let sex = errors.take("sex", input.sex.parse::<Sex>(), |e| e.code());
        let date_of_birth = match errors.take("date_of_birth", parse_date(input.date_of_birth), |e| e.code()) {
            Some(date) if date.year() < EARLIEST_BIRTH_YEAR => {
                errors.0.push(FieldError {
                    field: "date_of_birth",
                    code: "date_implausible",
                    message: format!("a date of birth before {EARLIEST_BIRTH_YEAR} cannot be right: check the year"),
                });
                None
            }
            parsed => parsed,
        };
        let qualifying_time = optional(input.qualifying_time)
            .and_then(|text| errors.take("qualifying_time", text.parse::<RaceTime>(), |e| e.code()));
        let qualifying_date = optional(input.qualifying_date)
            .and_then(|text| errors.take("qualifying_date", parse_date(text), |e| e.code()));
        match (nationality, category, distance, sex, date_of_birth) {
            (Some(nationality), Some(category), Some(distance), Some(sex), Some(date_of_birth))
                if errors.is_empty() =>
            {
                Ok(Application {
                    nationality,
                    category,
                    distance,
                    sex,
                    date_of_birth,
                    qualifying_time,
                    qualifying_date,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A routing question as JSON: `pim route --batch` lines and the routing preview API.
/// Every value is text, so a wrong value gets the same message as on the form; unknown
/// names are refused, so a misspelt optional field is not silently ignored.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutingRequest {
    pub nationality: String,
    pub category: String,
    pub distance: String,
    pub sex: String,
    pub date_of_birth: String,
    pub qualifying_time: Option<String>,
    pub qualifying_date: Option<String>,
    /// The application date, `YYYY-MM-DD`; the caller's default when absent.
    pub as_of: Option<String>,
}

impl RoutingRequest {
    /// Parses and routes; the error is one line naming each bad field.
    pub fn decide(&self, policy: &Policy, default_as_of: Date) -> Result<Decision, String> {
        let as_of = match self.as_of.as_deref().and_then(optional) {
            Some(text) => parse_date(text).map_err(|e| format!("as_of: {e}"))?,
            None => default_as_of,
        };
        let input = ApplicationInput {
            nationality: &self.nationality,
            category: &self.category,
            distance: &self.distance,
            sex: &self.sex,
            date_of_birth: &self.date_of_birth,
            qualifying_time: self.qualifying_time.as_deref().unwrap_or(""),
            qualifying_date: self.qualifying_date.as_deref().unwrap_or(""),
        };
        let application = Application::parse(&input).map_err(|errors| errors.to_string())?;
        Ok(route(policy, &application, as_of))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn complete() -> ApplicationInput<'static> {
        ApplicationInput {
            nationality: "SG",
            category: "amateur",
            distance: "full",
            sex: "female",
            date_of_birth: "1990-05-01",
            ..ApplicationInput::default()
        }
    }

    #[test]
    fn a_complete_input_parses_and_blank_optionals_mean_not_given() {
        let application = Application::parse(&ApplicationInput { qualifying_time: "  ", ..complete() }).unwrap();
        assert_eq!(application.date_of_birth, date!(1990 - 05 - 01));
        assert_eq!(application.qualifying_time, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_form_order() {
        let input = ApplicationInput {
            nationality: "XX",
            sex: "",
            date_of_birth: "1990-02-30",
            qualifying_time: "1:75:00",
            ..complete()
        };
        let errors = Application::parse(&input).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("nationality", "unknown_country"),
                ("sex", "required"),
                ("date_of_birth", "date_not_real"),
                ("qualifying_time", "time_out_of_range")
            ]
        );
        assert!(errors.to_string().starts_with("nationality: \"XX\" is not an ISO 3166-1 country code"));
    }
}
