//! The runner's rights from the status page: a copy of everything held about the entry,
//! and its erasure, asked for on the page and confirmed through an emailed link.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use base64::Engine;
use pim_domain::{Action, EmailPayload, RegistrationSummary, StatusToken, review};
use pim_store::{DocumentView, StoreError};
use serde::Serialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::error::{Button, CsrfForm, WebError};
use crate::form::Problem;
use crate::language::RunnerLanguage;
use crate::pages::ConfirmEmailPage;
use crate::public::{TickedForm, new_status_token, registration_for, show_status, withdrawal};
use pim_i18n::Language;

/// How long the emailed erasure link works.
const ERASURE_LINK_HOURS: i64 = 24;

/// `GET /registrations/SECRET/data.json`: everything held about the entry, as JSON, the
/// documents included (base64). Opening the documents is recorded in the entry's history
/// like an operator's look.
pub async fn data_copy(State(state): State<AppState>, Path(secret): Path<String>) -> Result<Response, WebError> {
    let summary = registration_for(&state, &secret).await?;
    let store = state.store();
    let entry = store.entry(&summary.reference, None).await?.ok_or(WebError::NotFound)?;
    let mut documents = Vec::new();
    for line in store.documents(&summary.reference).await? {
        let view = DocumentView {
            reference: &summary.reference,
            channel: None,
            document_id: line.id,
            actor: "runner",
            at: state.now(),
        };
        let Some(file) = store.open_document(&view).await? else { continue };
        documents.push(DocumentCopy {
            kind: line.kind.as_str(),
            file_name: line.file_name,
            content_type: line.file_type.content_type(),
            status: line.status.as_str(),
            uploaded_at: rfc3339(line.uploaded_at),
            content_base64: base64::engine::general_purpose::STANDARD.encode(file.bytes),
        });
    }
    let history = store
        .audit_trail(&summary.reference)
        .await?
        .into_iter()
        .map(|line| HistoryCopy {
            at: rfc3339(line.at),
            action: line.action,
            by: if line.actor == "runner" { "you".to_owned() } else { line.actor },
            from_status: line.from_status,
            to_status: line.to_status,
            note_to_you: line.note,
            note_for_operators: line.internal_note,
        })
        .collect();
    let emails = store
        .emails_for_reference(&summary.reference)
        .await?
        .into_iter()
        .map(|email| EmailCopy {
            kind: email.kind,
            status: email.status,
            queued_at: rfc3339(email.created_at),
            sent_at: email.sent_at.map(rfc3339),
        })
        .collect();
    let line = &entry.line;
    let copy = DataCopy {
        reference: line.reference.as_str(),
        edition: state.policy().edition(),
        organisation: state.policy().organisation(line.channel),
        channel: line.channel.as_str(),
        rule: entry.rule.as_str(),
        explanation: &entry.explanation,
        status: line.status.as_str(),
        received_at: rfc3339(line.received_at),
        updated_at: rfc3339(entry.updated_at),
        waitlist_position: line.waitlist_position,
        runner: RunnerCopy {
            given_name: &line.given_name,
            family_name: &line.family_name,
            email: &line.email,
            date_of_birth: entry.date_of_birth.to_string(),
            sex: entry.sex.as_str(),
            nationality: line.nationality.code(),
            passport_number: line.passport_number.as_str(),
            passport_expiry: entry.passport_expiry.to_string(),
            emergency_contact_name: &entry.emergency_contact_name,
            emergency_contact_phone: &entry.emergency_contact_phone,
        },
        race: RaceCopy {
            distance: line.distance.as_str(),
            category: line.category.as_str(),
            qualifying_time_seconds: entry.qualifying_time_seconds,
            qualifying_date: entry.qualifying_date.map(|date| date.to_string()),
            qualifying_race: entry.qualifying_race.as_deref(),
            qualifying_evidence_url: entry.qualifying_evidence_url.as_deref(),
        },
        documents,
        history,
        emails,
    };
    let body = serde_json::to_vec_pretty(&copy).expect("strings and numbers always serialise");
    let filename = format!("pim-entry-{}.json", line.reference.as_str());
    let headers = [
        (header::CONTENT_TYPE, "application/json".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
    ];
    Ok((headers, body).into_response())
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

#[derive(Serialize)]
struct DataCopy<'a> {
    reference: &'a str,
    edition: &'a str,
    organisation: &'a str,
    channel: &'a str,
    rule: &'a str,
    explanation: &'a str,
    status: &'a str,
    received_at: String,
    updated_at: String,
    waitlist_position: Option<u32>,
    runner: RunnerCopy<'a>,
    race: RaceCopy<'a>,
    documents: Vec<DocumentCopy>,
    history: Vec<HistoryCopy>,
    emails: Vec<EmailCopy>,
}

#[derive(Serialize)]
struct RunnerCopy<'a> {
    given_name: &'a str,
    family_name: &'a str,
    email: &'a str,
    date_of_birth: String,
    sex: &'a str,
    nationality: &'a str,
    passport_number: &'a str,
    passport_expiry: String,
    emergency_contact_name: &'a str,
    emergency_contact_phone: &'a str,
}

#[derive(Serialize)]
struct RaceCopy<'a> {
    distance: &'a str,
    category: &'a str,
    qualifying_time_seconds: Option<u32>,
    qualifying_date: Option<String>,
    qualifying_race: Option<&'a str>,
    qualifying_evidence_url: Option<&'a str>,
}

#[derive(Serialize)]
struct DocumentCopy {
    kind: &'static str,
    file_name: String,
    content_type: &'static str,
    status: &'static str,
    uploaded_at: String,
    content_base64: String,
}

#[derive(Serialize)]
struct HistoryCopy {
    at: String,
    action: String,
    by: String,
    from_status: Option<String>,
    to_status: String,
    note_to_you: Option<String>,
    note_for_operators: Option<String>,
}

#[derive(Serialize)]
struct EmailCopy {
    kind: String,
    status: String,
    queued_at: String,
    sent_at: Option<String>,
}

/// `POST /registrations/SECRET/erasure`: the first step. Nothing is erased yet: an email
/// with a link that confirms it goes to the runner's address.
pub async fn request_erasure(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    CsrfForm(form): CsrfForm<TickedForm>,
) -> Result<Response, WebError> {
    if form.confirm.is_empty() {
        let message = Problem::key("erasure-tick");
        return show_status(&state, &token, &secret, language, StatusCode::UNPROCESSABLE_ENTITY, Some(message)).await;
    }
    let summary = registration_for(&state, &secret).await?;
    let link = new_status_token();
    let payload = EmailPayload { erase_url: Some(state.erasure_url(&link)), ..Default::default() };
    state.store().request_erasure(&summary.reference, &link, &payload, state.now()).await?;
    let hours = u32::try_from(ERASURE_LINK_HOURS).unwrap_or(u32::MAX);
    let message = Problem::key("erasure-asked").with("hours", hours);
    show_status(&state, &token, &secret, language, StatusCode::OK, Some(message)).await
}

/// The oldest request whose link still works.
fn requested_after(state: &AppState) -> OffsetDateTime {
    state.now() - time::Duration::hours(ERASURE_LINK_HOURS)
}

/// `GET /erasure/SECRET`: the emailed link: what erasure does, and the button.
pub async fn erasure_page(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
) -> Result<Response, WebError> {
    let link = StatusToken::parse(&secret).ok_or(WebError::UnknownLink)?;
    let registration =
        state.store().find_by_erasure_request(&link, requested_after(&state)).await?.ok_or(WebError::UnknownLink)?;
    let language = language.or_registered(&registration.language);
    let t = language.language;
    let reference = [("reference", registration.reference.as_str().into())];
    let mut paragraphs = vec![t.t_with("erase-body", &reference)];
    if registration.status.holds_place() {
        paragraphs.push(t.t("erase-holds-place"));
    }
    paragraphs.push(t.t("erase-kept"));
    let page = ConfirmEmailPage {
        i18n: t,
        languages: Language::ALL,
        title: t.t("erase-title"),
        paragraphs,
        form: Some((format!("/erasure/{secret}"), token.authenticity_token().unwrap_or_default())),
        button: t.t("erase-button"),
    };
    Ok((language, token, page).into_response())
}

/// `POST /erasure/SECRET`: the second step. The entry's place, if it holds one, is
/// released first (a withdrawal, with the usual promotion); then everything personal is
/// erased. Stopped between the two, the same link finishes it.
pub async fn erase(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    CsrfForm(_): CsrfForm<Button>,
) -> Result<Response, WebError> {
    let link = StatusToken::parse(&secret).ok_or(WebError::UnknownLink)?;
    let after = requested_after(&state);
    let store = state.store();
    let registration = store.find_by_erasure_request(&link, after).await?.ok_or(WebError::UnknownLink)?;
    release_place(&state, &registration).await?;
    if !store.erase_at_runners_request(&link, after, state.policy().race_day(), state.now()).await? {
        return Err(WebError::UnknownLink);
    }
    let language = language.or_registered(&registration.language);
    let t = language.language;
    let page = ConfirmEmailPage {
        i18n: t,
        languages: Language::ALL,
        title: t.t("erased-title"),
        paragraphs: vec![t.t_with("erased-body", &[("reference", registration.reference.as_str().into())])],
        form: None,
        button: String::new(),
    };
    Ok((language, page).into_response())
}

/// Withdraws the entry if it can be, so that its place (or its place in the queue) goes to
/// the next runner through the quota engine; tried again if the entry changes meanwhile.
async fn release_place(state: &AppState, registration: &RegistrationSummary) -> Result<(), WebError> {
    for _ in 0..3 {
        let entry = state.store().entry(&registration.reference, None).await?.ok_or(WebError::UnknownLink)?;
        let Ok(to) = review(entry.line.channel, entry.line.status, Action::Withdraw) else { return Ok(()) };
        // No email: the address is erased next.
        let change = withdrawal(state, &entry, to, None);
        match state.store().apply_review(&change).await {
            Ok(()) => return Ok(()),
            Err(StoreError::Changed) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    // The entry kept changing: "try again".
    Err(StoreError::Changed.into())
}
