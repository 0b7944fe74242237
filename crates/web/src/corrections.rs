//! `/registrations/SECRET/details`: the runner corrects names, email, emergency contact
//! and passport (a new number only with its expiry), and may change race (a transfer,
//! re-checked by the rules and the race's places), until the channel's last day. What
//! decides the routing is not edited here: the page says why, and how to enter again.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use pim_domain::{Category, Decision, EmailKind, EmailPayload, RaceTime, Window, route};
use pim_i18n::Language;
use pim_store::{Correction, EntryDetail, NewEmail, StoreError, Transfer};
use serde::Deserialize;

use crate::AppState;
use crate::error::{CarriesCsrfToken, CsrfForm, WebError};
use crate::form::{FieldMessages, Problem, RegistrationFields};
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
fn closed_reason(state: &AppState, entry: &EntryDetail) -> Option<String> {
    if entry.line.status.is_final() {
        return Some("This entry has ended, so its details can no longer be changed.".into());
    }
    match state.policy().window(entry.line.channel, state.now()) {
        Window::Closed { last_day } => Some(format!(
            "Corrections closed on {}, with applications. Reply to any email about your entry and {} will help.",
            pim_domain::format_date_long(last_day),
            state.policy().organisation(entry.line.channel)
        )),
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
    DetailsPage {
        reference: entry.line.reference.as_str().to_owned(),
        status_path: format!("/registrations/{secret}"),
        action: format!("/registrations/{secret}/details"),
        csrf_token: token.authenticity_token().unwrap_or_default(),
        passport: entry.line.passport_number.masked(),
        passport_expiry: pim_domain::format_date_long(entry.passport_expiry),
        races: race_choices(state.policy(), Language::English),
        elite: entry.line.category == Category::Elite,
        closed: closed_reason(state, entry),
        form,
        notice,
    }
}

/// `GET /registrations/SECRET/details`.
pub async fn details_form(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
) -> Result<Response, WebError> {
    let summary = registration_for(&state, &secret).await?;
    let entry = state.store().entry(&summary.reference, None).await?.ok_or(WebError::NotFound)?;
    let form = FormView { fields: shown_fields(&entry), messages: FieldMessages::new(), language: Language::English };
    let page = details_page(&state, &token, &secret, &entry, form, None);
    Ok((token, page).into_response())
}

/// One line of what changed: the field, before and after.
fn change(label: &str, before: &str, after: &str) -> Option<String> {
    (before != after).then(|| format!("{label}: {before} → {after}"))
}

/// `POST /registrations/SECRET/details`.
pub async fn correct_details(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    CsrfForm(form): CsrfForm<DetailsForm>,
) -> Result<Response, WebError> {
    let summary = registration_for(&state, &secret).await?;
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
        let form = FormView { fields: typed.clone(), messages, language: Language::English };
        (status, token.clone(), details_page(&state, &token, &secret, &entry, form, Some(notice))).into_response()
    };
    if let Some(reason) = closed_reason(&state, &entry) {
        return Ok(again(StatusCode::CONFLICT, FieldMessages::new(), format!("{reason} Nothing was changed.")));
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
        for (field, value, what) in [
            ("passport_number", &typed.passport_number, "the new passport's number"),
            ("passport_expiry", &typed.passport_expiry, "the new passport's expiry date"),
        ] {
            if value.trim().is_empty() {
                messages.insert(field.into(), vec![Problem::English(format!("A new passport needs {what} too."))]);
            }
        }
    }
    let (application, registrant) = match parsed {
        Ok(parsed) if messages.is_empty() => parsed,
        _ => {
            let notice = "Some answers need a look: nothing was changed yet.".to_owned();
            return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, messages, notice));
        }
    };

    let line = &entry.line;
    let passport_after = registrant.passport_number.masked();
    let expiry_after = registrant.passport_expiry.to_string();
    let changes: Vec<String> = [
        change("Given name(s)", &line.given_name, &registrant.given_name),
        change("Family name", &line.family_name, &registrant.family_name),
        change("Email", &line.email, &registrant.email),
        change("Emergency contact", &entry.emergency_contact_name, &registrant.emergency_contact_name),
        change("Emergency phone", &entry.emergency_contact_phone, &registrant.emergency_contact_phone),
        change("Passport number", &line.passport_number.masked(), &passport_after),
        change("Passport expiry", &stored.passport_expiry, &expiry_after),
        change("Race", line.distance.label(), application.distance.label()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if changes.is_empty() {
        let notice = "Nothing is different from what we hold: nothing was changed.".to_owned();
        return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, FieldMessages::new(), notice));
    }
    let transfer = if transfer {
        match checked_transfer(&state, &entry, &application) {
            Ok(transfer) => Some(transfer),
            Err(reason) => {
                let mut messages = FieldMessages::new();
                messages.insert("distance".into(), vec![Problem::English(reason.clone())]);
                return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, messages, format!("{reason} Nothing was changed.")));
            }
        }
    } else {
        None
    };
    let note = changes.join("; ");
    let payload = EmailPayload { note: Some(note.clone()), ..Default::default() };
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
            let notice = "Your entry changed meanwhile: check it and send the changes again. Nothing was changed.";
            Ok(again(StatusCode::CONFLICT, FieldMessages::new(), notice.into()))
        }
        Err(StoreError::RaceFull(distance)) => {
            let reason = format!(
                "The {} has no free place now, so your entry stays in the {}.",
                distance.label(),
                line.distance.label()
            );
            let mut messages = FieldMessages::new();
            messages.insert("distance".into(), vec![Problem::English(reason.clone())]);
            Ok(again(StatusCode::CONFLICT, messages, format!("{reason} Nothing was changed.")))
        }
        Err(StoreError::DuplicatePassport) => {
            let message = "Another entry already uses this passport number.".to_owned();
            let mut messages = FieldMessages::new();
            messages.insert("passport_number".into(), vec![Problem::English(message.clone())]);
            Ok(again(StatusCode::CONFLICT, messages, format!("{message} Nothing was changed.")))
        }
        Err(error) => Err(error.into()),
    }
}

/// The entry routed again for its new race: the transfer to write, or why it cannot move.
fn checked_transfer(
    state: &AppState,
    entry: &EntryDetail,
    application: &pim_domain::Application,
) -> Result<Transfer, String> {
    let policy = state.policy();
    let line = &entry.line;
    if line.status == pim_domain::Status::Waitlisted {
        return Err(format!(
            "A waiting entry keeps its place in line for the {}: to run another race, withdraw this entry and \
             register again.",
            line.distance.label()
        ));
    }
    match route(policy, application, policy.local_date(state.now())) {
        Decision::Ineligible { explanation, .. } => {
            Err(format!("Your entry cannot move to the {}: {explanation}", application.distance.label()))
        }
        Decision::Routed { channel, .. } if channel != line.channel => Err(format!(
            "In the {} your entry would be handled by {}: withdraw this entry and register again for it.",
            application.distance.label(),
            policy.organisation(channel)
        )),
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
