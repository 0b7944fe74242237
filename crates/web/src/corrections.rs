//! `/registrations/SECRET/details`: the runner corrects names, email, emergency contact
//! and passport (a new number only with its expiry), and may change race (a transfer,
//! re-checked by the rules and the race's places), until the channel's last day. What
//! decides the routing is not edited here: the page says why, and how to enter again.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use pim_domain::{Category, Decision, EmailKind, EmailPayload, RaceTime, Window, route};
use pim_i18n::{Arg, Language};
use pim_store::{Correction, EntryDetail, NewEmail, StoreError, Transfer};
use serde::Deserialize;

use crate::AppState;
use crate::error::{CarriesCsrfToken, CsrfForm, WebError};
use crate::form::{FieldMessages, Problem, RegistrationFields};
use crate::language::RunnerLanguage;
use crate::pages::{DetailsPage, FormView, race_choices};
use crate::public::registration_for;

/// The fields the page sends; the passport ones are empty unless the runner has a new one.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailsForm {
    given_name: String,
    family_name: String,
    email: String,
    emergency_contact_name: String,
    emergency_contact_phone: String,
    passport_number: String,
    passport_expiry: String,
    distance: String,
    qualifying_time: String,
    qualifying_date: String,
    qualifying_race: String,
    qualifying_evidence_url: String,
    csrf_token: String,
}

impl CarriesCsrfToken for DetailsForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// The entry as the registration form would hold it: every field as text.
fn stored_fields(entry: &EntryDetail) -> RegistrationFields {
    let line = &entry.line;
    RegistrationFields {
        given_name: line.given_name.clone(),
        family_name: line.family_name.clone(),
        email: line.email.clone(),
        date_of_birth: entry.date_of_birth.to_string(),
        sex: entry.sex.as_str().to_owned(),
        nationality: line.nationality.code().to_owned(),
        passport_number: line.passport_number.as_str().to_owned(),
        passport_expiry: entry.passport_expiry.to_string(),
        distance: line.distance.as_str().to_owned(),
        category: line.category.as_str().to_owned(),
        qualifying_time: entry
            .qualifying_time_seconds
            .and_then(RaceTime::from_seconds)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        qualifying_date: entry.qualifying_date.map(|d| d.to_string()).unwrap_or_default(),
        qualifying_race: entry.qualifying_race.clone().unwrap_or_default(),
        qualifying_evidence_url: entry.qualifying_evidence_url.clone().unwrap_or_default(),
        emergency_contact_name: entry.emergency_contact_name.clone(),
        emergency_contact_phone: entry.emergency_contact_phone.clone(),
        consent: true,
        ..Default::default()
    }
}

/// The page's form as first shown: the entry's details, no new passport.
fn shown_fields(entry: &EntryDetail) -> RegistrationFields {
    RegistrationFields {
        passport_number: String::new(),
        passport_expiry: String::new(),
        qualifying_time: String::new(),
        qualifying_date: String::new(),
        qualifying_race: String::new(),
        qualifying_evidence_url: String::new(),
        ..stored_fields(entry)
    }
}

/// Why the page takes no changes now, if it does not.
fn closed_reason(state: &AppState, t: Language, entry: &EntryDetail) -> Option<String> {
    if entry.line.status.is_final() {
        return Some(t.t("details-ended"));
    }
    match state.policy().window(entry.line.channel, state.now()) {
        Window::Closed { last_day } => {
            let organisation = t.organisation(state.policy(), entry.line.channel);
            Some(
                t.t_with("details-closed", &[("last_day", Arg::Date(last_day)), ("organisation", organisation.into())]),
            )
        }
        _ => None,
    }
}

fn details_page(
    state: &AppState,
    token: &CsrfToken,
    secret: &str,
    entry: &EntryDetail,
    form: FormView,
    notice: Option<String>,
) -> DetailsPage {
    let t = form.language;
    DetailsPage {
        i18n: t,
        languages: Language::ALL,
        reference: entry.line.reference.as_str().to_owned(),
        status_path: format!("/registrations/{secret}"),
        action: format!("/registrations/{secret}/details"),
        csrf_token: token.authenticity_token().unwrap_or_default(),
        passport: entry.line.passport_number.masked(),
        passport_expiry: t.date(entry.passport_expiry),
        races: race_choices(state.policy(), t),
        elite: entry.line.category == Category::Elite,
        closed: closed_reason(state, t, entry),
        form,
        notice,
    }
}

/// `GET /registrations/SECRET/details`.
pub async fn details_form(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
) -> Result<Response, WebError> {
    let summary = registration_for(&state, &secret).await?;
    let language = language.or_registered(&summary.language);
    let entry = state.store().entry(&summary.reference, None).await?.ok_or(WebError::NotFound)?;
    let form = FormView { fields: shown_fields(&entry), messages: FieldMessages::new(), language: language.language };
    let page = details_page(&state, &token, &secret, &entry, form, None);
    Ok((language, token, page).into_response())
}

/// A corrected field's value: as typed, or a race, named in each language.
#[derive(PartialEq)]
enum Value {
    Typed(String),
    Race(pim_domain::Distance),
}

impl Value {
    fn said(&self, t: Language) -> String {
        match self {
            Value::Typed(text) => text.clone(),
            Value::Race(distance) => t.race(*distance),
        }
    }
}

/// What a correction changes, field by field: (the field's key, before, after).
type Changes = Vec<(&'static str, Value, Value)>;

/// What changed, in `t`: "Family name: Schmidt → Schmitt; …". It is audited in English,
/// for the operators, and emailed in the entry's language.
fn said(t: Language, changes: &Changes) -> String {
    changes
        .iter()
        .map(|(field, before, after)| {
            let args: [(&'static str, Arg); 3] =
                [("field", t.t(field).into()), ("before", before.said(t).into()), ("after", after.said(t).into())];
            t.t_with("change-line", &args)
        })
        .collect::<Vec<_>>()
        .join(&t.t("change-separator"))
}

/// `POST /registrations/SECRET/details`.
pub async fn correct_details(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    CsrfForm(form): CsrfForm<DetailsForm>,
) -> Result<Response, WebError> {
    let summary = registration_for(&state, &secret).await?;
    let language = language.or_registered(&summary.language);
    let t = language.language;
    let entry = state.store().entry(&summary.reference, None).await?.ok_or(WebError::NotFound)?;
    let policy = state.policy();
    let stored = stored_fields(&entry);
    let typed = RegistrationFields {
        given_name: form.given_name,
        family_name: form.family_name,
        email: form.email,
        emergency_contact_name: form.emergency_contact_name,
        emergency_contact_phone: form.emergency_contact_phone,
        passport_number: form.passport_number,
        passport_expiry: form.passport_expiry,
        distance: form.distance,
        qualifying_time: form.qualifying_time,
        qualifying_date: form.qualifying_date,
        qualifying_race: form.qualifying_race,
        qualifying_evidence_url: form.qualifying_evidence_url,
        ..stored.clone()
    };
    let again = |status: StatusCode, messages: FieldMessages, notice: String| {
        let form = FormView { fields: typed.clone(), messages, language: t };
        (status, language, token.clone(), details_page(&state, &token, &secret, &entry, form, Some(notice)))
            .into_response()
    };
    let not_changed = |reason: &str| t.t_with("details-not-changed", &[("reason", reason.into())]);
    if let Some(reason) = closed_reason(&state, t, &entry) {
        return Ok(again(StatusCode::CONFLICT, FieldMessages::new(), not_changed(&reason)));
    }
    let new_passport = !typed.passport_number.trim().is_empty() || !typed.passport_expiry.trim().is_empty();
    let transfer = typed.distance.trim() != stored.distance;
    let elite = entry.line.category == Category::Elite;
    // What is checked: the entry with the changes, through the registration form's rules.
    let checked = RegistrationFields {
        passport_number: if new_passport { typed.passport_number.clone() } else { stored.passport_number.clone() },
        passport_expiry: if new_passport { typed.passport_expiry.clone() } else { stored.passport_expiry.clone() },
        // An elite's time is for its race: a new race needs a time at that distance.
        qualifying_time: if elite && transfer { typed.qualifying_time.clone() } else { stored.qualifying_time.clone() },
        qualifying_date: if elite && transfer { typed.qualifying_date.clone() } else { stored.qualifying_date.clone() },
        qualifying_race: if elite && transfer { typed.qualifying_race.clone() } else { stored.qualifying_race.clone() },
        qualifying_evidence_url: if elite && transfer {
            typed.qualifying_evidence_url.clone()
        } else {
            stored.qualifying_evidence_url.clone()
        },
        ..typed.clone()
    };
    let parsed = checked.parse(policy);
    let mut messages = parsed.as_ref().err().cloned().unwrap_or_default();
    if new_passport {
        for (field, value, key) in [
            ("passport_number", &typed.passport_number, "error-new-passport-number"),
            ("passport_expiry", &typed.passport_expiry, "error-new-passport-expiry"),
        ] {
            if value.trim().is_empty() {
                messages.insert(field.into(), vec![Problem::key(key)]);
            }
        }
    }
    let (application, registrant) = match parsed {
        Ok(parsed) if messages.is_empty() => parsed,
        _ => {
            return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, messages, t.t("details-needs-look")));
        }
    };

    let line = &entry.line;
    let passport_after = registrant.passport_number.masked();
    let expiry_after = registrant.passport_expiry.to_string();
    let typed = |before: &str, after: &str| (Value::Typed(before.to_owned()), Value::Typed(after.to_owned()));
    let changes: Changes = [
        ("change-given-name", typed(&line.given_name, &registrant.given_name)),
        ("change-family-name", typed(&line.family_name, &registrant.family_name)),
        ("change-email", typed(&line.email, &registrant.email)),
        ("change-emergency-name", typed(&entry.emergency_contact_name, &registrant.emergency_contact_name)),
        ("change-emergency-phone", typed(&entry.emergency_contact_phone, &registrant.emergency_contact_phone)),
        ("change-passport-number", typed(&line.passport_number.masked(), &passport_after)),
        ("change-passport-expiry", typed(&stored.passport_expiry, &expiry_after)),
        ("change-race", (Value::Race(line.distance), Value::Race(application.distance))),
    ]
    .into_iter()
    .map(|(field, (before, after))| (field, before, after))
    .filter(|(_, before, after)| before != after)
    .collect();
    if changes.is_empty() {
        return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, FieldMessages::new(), t.t("details-same")));
    }
    let transfer = if transfer {
        match checked_transfer(&state, t, &entry, &application) {
            Ok(transfer) => Some(transfer),
            Err(reason) => {
                let mut messages = FieldMessages::new();
                messages.insert("distance".into(), vec![reason.clone()]);
                let notice = not_changed(&reason.text(t));
                return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, messages, notice));
            }
        }
    } else {
        None
    };
    let note = said(Language::English, &changes);
    let emailed_in = Language::from_tag(&line.language).unwrap_or_default();
    let payload = EmailPayload { note: Some(said(emailed_in, &changes)), ..Default::default() };
    let kind = if transfer.is_some() { EmailKind::Transferred } else { EmailKind::DetailsChanged };
    let correction = Correction {
        reference: &line.reference,
        channel: line.channel,
        version: entry.version,
        registrant: &registrant,
        transfer: transfer.as_ref(),
        changes: &note,
        email: NewEmail { kind, payload: &payload },
        quota: policy.quota(line.channel),
        at: state.now(),
    };
    match state.store().correct_entry(&correction).await {
        Ok(()) => {
            let done = if transfer.is_some() { "transferred" } else { "corrected" };
            Ok(Redirect::to(&format!("/registrations/{secret}?done={done}")).into_response())
        }
        Err(StoreError::Changed) => {
            Ok(again(StatusCode::CONFLICT, FieldMessages::new(), t.t("details-changed-meanwhile")))
        }
        Err(StoreError::RaceFull(distance)) => {
            let reason =
                Problem::key("error-race-full").with("race", t.race(distance)).with("current", t.race(line.distance));
            let notice = not_changed(&reason.text(t));
            let mut messages = FieldMessages::new();
            messages.insert("distance".into(), vec![reason]);
            Ok(again(StatusCode::CONFLICT, messages, notice))
        }
        Err(StoreError::DuplicatePassport) => {
            let reason = Problem::key("error-passport-taken");
            let notice = not_changed(&reason.text(t));
            let mut messages = FieldMessages::new();
            messages.insert("passport_number".into(), vec![reason]);
            Ok(again(StatusCode::CONFLICT, messages, notice))
        }
        Err(error) => Err(error.into()),
    }
}

/// The entry routed again for its new race: the transfer to write, or why it cannot move.
fn checked_transfer(
    state: &AppState,
    t: Language,
    entry: &EntryDetail,
    application: &pim_domain::Application,
) -> Result<Transfer, Problem> {
    let policy = state.policy();
    let line = &entry.line;
    if line.status == pim_domain::Status::Waitlisted {
        return Err(Problem::key("transfer-waiting").with("race", t.race(line.distance)));
    }
    let as_of = policy.local_date(state.now());
    match route(policy, application, as_of) {
        Decision::Ineligible { reason, explanation } => Err(Problem::key("transfer-ineligible")
            .with("race", t.race(application.distance))
            .with("explanation", t.ineligibility(policy, application, as_of, reason, &explanation).text)),
        Decision::Routed { channel, .. } if channel != line.channel => Err(Problem::key("transfer-other-organisation")
            .with("race", t.race(application.distance))
            .with("organisation", t.organisation(policy, channel))),
        Decision::Routed { rule, explanation, margin_seconds, .. } => {
            let elite_rank = margin_seconds.map(|margin| {
                pim_domain::elite_rank(
                    policy,
                    application.distance,
                    application.sex,
                    margin,
                    application.qualifying_date,
                )
            });
            let transfer = Transfer {
                to: application.distance,
                rule,
                explanation,
                qualifying_time_seconds: application.qualifying_time.map(|t| t.seconds()),
                qualifying_date: application.qualifying_date,
                margin_seconds,
                elite_rank,
            };
            Ok(transfer)
        }
    }
}
