//! The runners' pages: the registration form, its confirmation and the status page.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use axum_extra::extract::Form;
use pim_domain::{Action, Channel, Policy, StatusToken, Window, review};
use pim_domain::{EmailConfirmation, RegistrationSummary};
use pim_store::{ReviewChange, StoreError};
use time::OffsetDateTime;

use askama::Template as _;

use crate::client::{ClientAddress, retry_after_seconds};
use crate::error::{Button, CarriesCsrfToken, CsrfForm, WebError};
use crate::form::{FieldMessages, Problem, RegistrationFields};
use crate::language::RunnerLanguage;
use crate::pages::{
    ConfirmEmailPage, ConfirmationPage, FormView, MessagePage, Notice, RegisterPage, StatusPage, TimelineStep,
    race_choices,
};
use crate::registration::{Outcome, register};
use crate::{AppState, blank_form};
use pim_i18n::{Arg, Language};

/// A new secret for a status link, from the operating system's randomness.
pub(crate) fn new_status_token() -> StatusToken {
    let mut random = [0u8; StatusToken::LENGTH];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    StatusToken::from_random(random)
}

/// A moment in the race's time zone, as `language` writes it.
pub(crate) fn moment(policy: &Policy, language: Language, at: OffsetDateTime) -> String {
    language.moment(at.to_offset(policy.utc_offset()))
}

/// Who takes `channel`'s applications, as the sentences about its closing name it.
fn channel_name(language: Language, channel: Channel) -> String {
    language.t(&format!("channel-{}", channel.as_str().replace('_', "-")))
}

/// "{channel} closed on {day}."
fn closed_on(language: Language, key: &str, channel: Channel, last_day: time::Date) -> String {
    language.t_with(key, &[("channel", channel_name(language, channel).into()), ("last_day", Arg::Date(last_day))])
}

/// The page to show instead of the form when no channel takes applications now.
fn registration_closed(policy: &Policy, now: OffsetDateTime, t: Language) -> Option<MessagePage> {
    let windows: Vec<_> = Channel::ALL.iter().map(|channel| policy.window(*channel, now)).collect();
    let event = crate::pages::event_name(policy.edition(), t);
    if let Some(Window::NotYetOpen { opens_at }) = windows.first() {
        let opens = moment(policy, t, *opens_at);
        let body = t.t_with("not-open-body", &[("event", event.into()), ("opens", opens.into())]);
        return Some(MessagePage::new(t, t.t("not-open-title"), vec![body, t.t("not-open-come-back")]));
    }
    windows
        .iter()
        .all(|window| matches!(window, Window::Closed { .. }))
        .then(|| MessagePage::new(t, t.t("closed-title"), vec![t.t_with("closed-body", &[("event", event.into())])]))
}

/// The form page with what the runner typed, the messages and a notice.
fn form_page(
    state: &AppState,
    token: &CsrfToken,
    language: Language,
    fields: RegistrationFields,
    messages: FieldMessages,
    notice: Option<Notice>,
) -> RegisterPage {
    let policy = state.policy();
    let submission_id = state.0.submission_ids.keep_or_issue(&fields.submission_id);
    RegisterPage {
        i18n: language,
        languages: Language::ALL,
        edition: policy.edition().to_owned(),
        race_day: language.date(policy.race_day()),
        races: race_choices(policy, language),
        countries: state.0.countries[&language].clone(),
        form: FormView { fields, messages, language },
        notice,
        closed_notes: closed_notes(policy, state.now(), language),
        passport_hint: language
            .t_with("hint-passport-expiry", &[("date", language.date(policy.passport_valid_until()).into())]),
        // HMAC of the cookie's value: cannot fail with a configured salt.
        csrf_token: token.authenticity_token().unwrap_or_default(),
        submission_id,
    }
}

/// The notes on the channels that no longer take applications, in `language`.
fn closed_notes(policy: &Policy, now: OffsetDateTime, language: Language) -> Vec<String> {
    Channel::ALL
        .iter()
        .filter_map(|channel| match policy.window(*channel, now) {
            Window::Closed { last_day } => Some(closed_on(language, "closed-note", *channel, last_day)),
            _ => None,
        })
        .collect()
}

/// The blank form: rendered once per language (see `blank_form`), each request's token
/// and submission id put in.
pub async fn show_form(State(state): State<AppState>, token: CsrfToken, language: RunnerLanguage) -> Response {
    if let Some(closed) = registration_closed(state.policy(), state.now(), language.language) {
        return (language, closed).into_response();
    }
    let notes = closed_notes(state.policy(), state.now(), language.language);
    let page = state.0.blank_forms.page(language.language, notes, || {
        let mut page =
            form_page(&state, &token, language.language, RegistrationFields::default(), FieldMessages::new(), None);
        page.csrf_token = blank_form::CSRF_TOKEN_MARKER.to_owned();
        page.submission_id = blank_form::SUBMISSION_ID_MARKER.to_owned();
        page.render()
    });
    match page {
        Ok(page) => {
            // HMAC of the cookie's value: cannot fail with a configured salt.
            let csrf_token = token.authenticity_token().unwrap_or_default();
            let submission_id = state.0.submission_ids.issue();
            let html = blank_form::filled(&page, &csrf_token, &submission_id);
            (language, token, axum::response::Html(html)).into_response()
        }
        // As askama_web answers any page whose template fails, with the cause logged.
        Err(error) => {
            tracing::error!(%error, "the blank registration form did not render");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn submit_form(
    ClientAddress(client): ClientAddress,
    State(state): State<AppState>,
    token: CsrfToken,
    language: RunnerLanguage,
    Form(fields): Form<RegistrationFields>,
) -> Response {
    // The language of the page that was filled in, which the form sends.
    let language = language.or(fields.chosen_language());
    // The notices are in the page's language.
    let t = language.language;
    let again = |status: StatusCode, fields: RegistrationFields, messages: FieldMessages, notice: Option<Notice>| {
        let page = form_page(&state, &token, language.language, fields, messages, notice);
        (status, language, token.clone(), page).into_response()
    };
    if let Err(wait) = state.0.registration_limiter.check(client) {
        let seconds = retry_after_seconds(wait);
        let notice = Notice {
            title: t.t("notice-wait-title"),
            body: t.t_with("notice-wait-body", &[("seconds", u32::try_from(seconds).unwrap_or(u32::MAX).into())]),
        };
        let page = again(StatusCode::TOO_MANY_REQUESTS, fields, FieldMessages::new(), Some(notice));
        return ([(header::RETRY_AFTER, seconds.to_string())], page).into_response();
    }
    // Checked here rather than by `CsrfForm`: an expired form comes back with every answer
    // typed, not as a message page that loses them.
    if token.verify(&fields.csrf_token).is_err() {
        let notice = Notice { title: t.t("notice-expired-title"), body: t.t("notice-expired-body") };
        return again(StatusCode::FORBIDDEN, fields, FieldMessages::new(), Some(notice));
    }
    let policy = state.policy();
    let now = state.now();
    if let Some(closed) = registration_closed(policy, now, t) {
        return (StatusCode::FORBIDDEN, language, closed).into_response();
    }
    // The status link's secret comes from the form's signed submission id: the same form
    // sent twice (a double click) is recorded once and leads to the same confirmation. An
    // id the server did not issue gets a secret of its own.
    let status_token = state.0.submission_ids.status_token(&fields.submission_id).unwrap_or_else(new_status_token);
    match register(&state, &fields, language.language, &status_token).await {
        Outcome::Recorded { .. } => {
            Redirect::to(&format!("/registrations/{}/confirmation", status_token.as_str())).into_response()
        }
        Outcome::Invalid(messages) => {
            let count = u32::try_from(messages.len()).unwrap_or(u32::MAX);
            let notice = Notice {
                title: t.t_with("notice-invalid-title", &[("count", count.into())]),
                body: t.t("notice-invalid-body"),
            };
            again(StatusCode::UNPROCESSABLE_ENTITY, fields, messages, Some(notice))
        }
        Outcome::Ineligible { said, .. } => {
            let notice = Notice { title: t.t("notice-ineligible-title"), body: said.text };
            again(StatusCode::UNPROCESSABLE_ENTITY, fields, FieldMessages::new(), Some(notice))
        }
        Outcome::NotYetOpen { opens_at } => {
            let opens = moment(policy, t, opens_at);
            let body = t.t_with("not-open-nothing-saved", &[("opens", opens.into())]);
            (StatusCode::FORBIDDEN, language, MessagePage::new(t, t.t("not-open-title"), vec![body])).into_response()
        }
        Outcome::Closed { channel, last_day, said } => {
            let body = closed_on(t, "closed-entry-body", channel, last_day);
            let page = MessagePage::new(t, t.t("closed-entry-title"), vec![said.text, body]);
            (StatusCode::FORBIDDEN, language, page).into_response()
        }
        Outcome::DuplicatePassport => {
            let mut messages = FieldMessages::new();
            messages.insert("passport_number".into(), vec![Problem::key("error-duplicate-passport")]);
            let notice = Notice { title: t.t("notice-duplicate-title"), body: t.t("notice-duplicate-body") };
            again(StatusCode::CONFLICT, fields, messages, Some(notice))
        }
        Outcome::SubmissionReused => {
            let notice = Notice { title: t.t("notice-reused-title"), body: t.t("notice-reused-body") };
            again(
                StatusCode::CONFLICT,
                RegistrationFields { submission_id: String::new(), ..fields },
                FieldMessages::new(),
                Some(notice),
            )
        }
        Outcome::Unavailable(error) => WebError::from(error).into_response(),
    }
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// The registration behind a status link.
pub(crate) async fn registration_for(state: &AppState, token: &str) -> Result<RegistrationSummary, WebError> {
    let token = StatusToken::parse(token).ok_or(WebError::NotFound)?;
    state.store().find_by_status_token(&token).await?.ok_or(WebError::NotFound)
}

pub async fn confirmation_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    language: RunnerLanguage,
) -> Result<Response, WebError> {
    let registration = registration_for(&state, &token).await?;
    let language = language.or_registered(&registration.language);
    let policy = state.policy();
    let t = language.language;
    let on_race_clock = |at: OffsetDateTime| moment(policy, t, at);
    let page = ConfirmationPage {
        i18n: t,
        languages: Language::ALL,
        organisation: t.organisation(policy, registration.channel),
        race: t.race_and_category(registration.distance, registration.category),
        explanation: t.explanation(policy, &registration),
        next_steps: t.next_steps(policy, registration.channel),
        status_path: format!("/registrations/{token}"),
        checklist: crate::uploads::checklist(policy, registration.channel, &[], t),
        received_on: on_race_clock(registration.received_at),
        confirm_by: registration.email_confirmation.pending_until().map(on_race_clock),
        registration,
    };
    Ok((language, page).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

pub async fn status_page(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    Query(done): Query<DoneQuery>,
) -> Result<Response, WebError> {
    // Only these codes say anything: a link cannot make the page say what never happened.
    let message = match done.done.as_str() {
        "answer" | "uploaded" | "corrected" | "transferred" => Some(Problem::key(format!("done-{}", done.done))),
        _ => None,
    };
    show_status(&state, &token, &secret, language, StatusCode::OK, message).await
}

/// The status page of the entry behind `secret`, with `message` at its top. It is in the
/// language the runner chose on a page, else the one they registered in.
pub(crate) async fn show_status(
    state: &AppState,
    token: &CsrfToken,
    secret: &str,
    language: RunnerLanguage,
    status: StatusCode,
    message: Option<Problem>,
) -> Result<Response, WebError> {
    let registration = registration_for(state, secret).await?;
    let language = language.or_registered(&registration.language);
    let t = language.language;
    let policy = state.policy();
    let on_race_clock = |at: OffsetDateTime| moment(policy, t, at);
    let withdrawable = review(registration.channel, registration.status, Action::Withdraw).is_ok();
    let (email_fact, email_note) = match registration.email_confirmation {
        EmailConfirmation::NotAsked => (None, None),
        EmailConfirmation::Confirmed { at } => {
            (Some(t.t_with("email-state-confirmed", &[("at", on_race_clock(at).into())])), None)
        }
        EmailConfirmation::Pending { by } => (
            Some(t.t("email-state-pending")),
            Some(t.t_with("email-state-pending-note", &[("by", on_race_clock(by).into())])),
        ),
        EmailConfirmation::Lapsed { by } => (
            Some(t.t("email-state-lapsed")),
            Some(t.t_with("email-state-lapsed-note", &[("by", on_race_clock(by).into())])),
        ),
    };
    let status_text = match registration.email_confirmation {
        EmailConfirmation::Lapsed { .. } => t.t("status-lapsed"),
        _ => t.t(&format!("status-{}", registration.status.as_str().replace('_', "-"))),
    };
    let store = state.store();
    let trail = store.audit_trail(&registration.reference).await?;
    let documents = store.documents(&registration.reference).await?;
    let organisation = t.organisation(policy, registration.channel);
    // The question open now: the note of the latest request for information.
    let question = (registration.status == pim_domain::Status::InformationRequested)
        .then(|| {
            trail
                .iter()
                .rev()
                .find(|line| line.action == Action::RequestInformation.as_str())
                .map(|line| line.note.clone())
        })
        .flatten()
        .map(|note| {
            note.unwrap_or_else(|| {
                capitalised(&t.t_with("question-default", &[("organisation", organisation.as_str().into())]))
            })
        });
    let csrf = token.authenticity_token().unwrap_or_default();
    let open = !registration.status.is_final();
    let sent_files = documents
        .iter()
        .filter(|document| document.kind == pim_domain::DocumentKind::Attachment)
        .map(|document| {
            let args: [(&'static str, Arg); 4] = [
                ("name", document.file_name.as_str().into()),
                ("type", document.file_type.name().into()),
                ("size", crate::uploads::readable_size(document.size_bytes).into()),
                ("at", on_race_clock(document.uploaded_at).into()),
            ];
            t.t_with("sent-file", &args)
        })
        .collect();
    let timeline = trail.into_iter().filter_map(|line| runner_step(policy, t, &organisation, line)).collect();
    let erased_on = policy.retention().erases_from(pim_domain::RetentionRule::PersonalData, policy.race_day());
    let page = StatusPage {
        i18n: t,
        languages: Language::ALL,
        page_path: format!("/registrations/{secret}"),
        timeline,
        answer_form: question.as_ref().map(|_| format!("/registrations/{secret}/answer")),
        details_path: open.then(|| format!("/registrations/{secret}/details")),
        question,
        checklist: crate::uploads::checklist(policy, registration.channel, &documents, t),
        upload_form: open.then(|| format!("/registrations/{secret}/documents")),
        sent_files,
        max_upload_megabytes: u32::try_from(policy.max_upload_bytes() / 1_000_000).unwrap_or(u32::MAX),
        max_files: u32::try_from(crate::uploads::MAX_FILES_PER_ANSWER).unwrap_or(u32::MAX),
        answer_limit: crate::uploads::ANSWER_LIMIT,
        csrf: csrf.clone(),
        race: t.race_and_category(registration.distance, registration.category),
        explanation: t.explanation(policy, &registration),
        organisation,
        status_text,
        received_on: on_race_clock(registration.received_at),
        updated_on: on_race_clock(registration.updated_at),
        email_fact,
        email_note,
        withdraw: withdrawable.then(|| (format!("/registrations/{secret}/withdraw"), csrf)),
        data_path: format!("/registrations/{secret}/data.json"),
        erasure_action: format!("/registrations/{secret}/erasure"),
        erased_on: t.date(erased_on),
        message: message.map(|message| message.text(t)),
        registration,
    };
    Ok((status, language, token.clone(), page).into_response())
}

/// A line of the entry's history as its runner reads it, if it concerns them: what
/// happened, and what the organisation wrote to them; never who acted, nor the internal
/// note.
fn runner_step(policy: &Policy, t: Language, organisation: &str, line: pim_store::AuditLine) -> Option<TimelineStep> {
    use pim_domain::HistoryAction as Did;
    let waiting = line.to_status == pim_domain::Status::Waitlisted.as_str();
    let by = |key: &str| capitalised(&t.t_with(key, &[("organisation", organisation.into())]));
    let (what, note) = match line.action.parse::<Did>().ok()? {
        Did::Submitted if waiting => (t.t("step-received-waiting"), None),
        Did::Submitted => (t.t("step-received"), None),
        Did::PromotedByHand if waiting => (t.t("step-moved-to-front"), None),
        Did::Promoted | Did::PromotedByHand => (t.t("step-promoted"), None),
        Did::EmailConfirmed => (t.t("step-email-confirmed"), None),
        Did::EmailNotConfirmed => (t.t("step-lapsed"), None),
        Did::ResendEmail | Did::StatusLinkSent => (t.t("step-new-link"), None),
        Did::DocumentUploaded => {
            let document = document_note(t, &line.note.unwrap_or_default());
            (t.t_with("step-document-sent", &[("document", document.into())]), None)
        }
        Did::DocumentAccepted => {
            let args: [(&'static str, Arg); 2] = [
                ("organisation", organisation.into()),
                ("document", document_note(t, &line.note.unwrap_or_default()).into()),
            ];
            (capitalised(&t.t_with("step-document-accepted", &args)), None)
        }
        Did::DocumentRefused => (by("step-document-refused"), line.note.map(|note| document_note(t, &note))),
        // Who opened a document is for the audit, not for the runner.
        Did::DocumentViewed | Did::PassportViewed => return None,
        Did::DetailsCorrected => (t.t("step-corrected"), line.note),
        Did::Transferred => (t.t("step-transferred"), line.note),
        Did::DocumentsErased => (t.t("step-documents-erased"), None),
        Did::ErasureRequested => (t.t("step-erasure-requested"), None),
        // Nobody reads an erased entry's page: its links no longer open it.
        Did::PersonalDataErased | Did::ErasedAtRunnersRequest => return None,
        Did::Review(action) => {
            let what = match action {
                Action::Accept => by("step-accepted"),
                Action::Invite => by("step-invited"),
                Action::Decline => by("step-declined"),
                Action::RequestInformation => by("step-information-requested"),
                Action::Withdraw => t.t("step-withdrawn"),
                Action::Answer => t.t("step-answered"),
            };
            (what, line.note)
        }
    };
    Some(TimelineStep { when: moment(policy, t, line.at), what, note })
}

/// A document's audit note ("Passport photo: face.jpg", written in English when it was
/// recorded) with the kind of document named in `t`.
fn document_note(t: Language, note: &str) -> String {
    pim_domain::DocumentKind::ALL
        .iter()
        .find_map(|kind| {
            let rest = note.strip_prefix(kind.label())?.strip_prefix(": ")?;
            let args = [("subject", t.document(*kind).into()), ("detail", rest.into())];
            Some(t.t_with("about", &args))
        })
        .unwrap_or_else(|| note.to_owned())
}

/// `text` with its first letter in capitals: organisation names start lower case ("the DPRK …").
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `GET /confirm-email/SECRET`, the link in the confirmation email: says what there is to
/// do and offers the button that confirms.
pub async fn confirm_email_page(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
) -> Result<Response, WebError> {
    let confirmation = StatusToken::parse(&secret).ok_or(WebError::UnknownLink)?;
    let registration = state.store().find_by_email_confirmation(&confirmation).await?.ok_or(WebError::UnknownLink)?;
    let form = (format!("/confirm-email/{secret}"), token.authenticity_token().unwrap_or_default());
    let language = language.or_registered(&registration.language);
    let page = confirm_email_answer(&state, language.language, &registration, Some(form));
    Ok((language, token, page).into_response())
}

/// `POST /confirm-email/SECRET`: the runner pressed the button.
pub async fn confirm_email(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    CsrfForm(_): CsrfForm<Button>,
) -> Result<Response, WebError> {
    let confirmation = StatusToken::parse(&secret).ok_or(WebError::UnknownLink)?;
    let registration = state.store().confirm_email(&confirmation, state.now()).await?.ok_or(WebError::UnknownLink)?;
    let language = language.or_registered(&registration.language);
    Ok((language, confirm_email_answer(&state, language.language, &registration, None)).into_response())
}

/// What a confirmation link's page says about `registration`; the form is offered only
/// while there is something to confirm.
fn confirm_email_answer(
    state: &AppState,
    t: Language,
    registration: &RegistrationSummary,
    form: Option<(String, String)>,
) -> ConfirmEmailPage {
    let policy = state.policy();
    let reference = ("reference", Arg::from(registration.reference.as_str()));
    let by = |at: OffsetDateTime| ("by", Arg::from(moment(policy, t, at)));
    let (key, paragraph, form) = match registration.email_confirmation {
        EmailConfirmation::Pending { by: until } if !registration.status.is_final() => {
            ("confirm-email", t.t_with("confirm-email-body", &[reference, by(until)]), form)
        }
        EmailConfirmation::Confirmed { .. } => ("confirmed", t.t_with("confirmed-body", &[reference]), None),
        EmailConfirmation::Lapsed { by: until } => ("lapsed", t.t_with("lapsed-body", &[reference, by(until)]), None),
        _ => {
            let status = t.t(&format!("status-{}", registration.status.as_str().replace('_', "-")));
            ("ended", t.t_with("ended-body", &[reference, ("status", status.into())]), None)
        }
    };
    ConfirmEmailPage {
        i18n: t,
        languages: Language::ALL,
        title: t.t(&format!("{key}-title")),
        paragraphs: vec![paragraph],
        form,
        button: t.t("confirm-email-button"),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TickedForm {
    csrf_token: String,
    pub(crate) confirm: String,
}

impl CarriesCsrfToken for TickedForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// The runner's withdrawal of `entry` (to `to`), with `email` to confirm it: the place it
/// releases goes to the first entry waiting.
pub(crate) fn withdrawal<'a>(
    state: &'a AppState,
    entry: &'a pim_store::EntryDetail,
    to: pim_domain::Status,
    email: Option<pim_store::NewEmail<'a>>,
) -> ReviewChange<'a> {
    ReviewChange {
        reference: &entry.line.reference,
        channel: entry.line.channel,
        version: entry.version,
        from: entry.line.status,
        to,
        actor: "runner",
        action: pim_domain::HistoryAction::Review(Action::Withdraw),
        note: None,
        internal_note: None,
        email,
        quota: state.policy().quota(entry.line.channel),
        invitation_rules: None,
        added_status_link: None,
        at: state.now(),
    }
}

/// The runner withdraws from the status page: audited like an operator's action.
pub async fn withdraw(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    CsrfForm(form): CsrfForm<TickedForm>,
) -> Result<Response, WebError> {
    let again = |status, key: &str| show_status(&state, &token, &secret, language, status, Some(Problem::key(key)));
    if form.confirm.is_empty() {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "withdraw-tick").await;
    }
    let summary = registration_for(&state, &secret).await?;
    let entry = state.store().entry(&summary.reference, None).await?.ok_or(WebError::NotFound)?;
    let to = match review(entry.line.channel, entry.line.status, Action::Withdraw) {
        Ok(to) => to,
        Err(_) => return again(StatusCode::CONFLICT, "withdraw-too-late").await,
    };
    let no_payload = pim_domain::EmailPayload::default();
    let email = Action::Withdraw.email().map(|kind| pim_store::NewEmail { kind, payload: &no_payload });
    match state.store().apply_review(&withdrawal(&state, &entry, to, email)).await {
        Ok(()) => Ok(Redirect::to(&format!("/registrations/{secret}")).into_response()),
        Err(StoreError::Changed) => again(StatusCode::CONFLICT, "changed-meanwhile").await,
        Err(error) => Err(error.into()),
    }
}
