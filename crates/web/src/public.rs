//! The runners' pages: the registration form, its confirmation and the status page.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use axum_extra::extract::Form;
use pim_domain::{Action, Channel, Policy, StatusToken, Window, format_date_long, format_moment_long, review};
use pim_domain::{EmailConfirmation, RegistrationSummary};
use pim_store::{ReviewChange, StoreError};
use time::OffsetDateTime;

use crate::AppState;
use crate::client::{ClientAddress, retry_after_seconds};
use crate::error::{Button, CarriesCsrfToken, CsrfForm, WebError};
use crate::form::{FieldMessages, Problem, RegistrationFields};
use crate::language::RunnerLanguage;
use crate::pages::{
    ConfirmEmailPage, ConfirmationPage, FormView, MessagePage, Notice, RegisterPage, StatusPage, TimelineStep,
    race_choices,
};
use crate::registration::{Outcome, register};
use pim_i18n::Language;

/// A new secret for a status link, from the operating system's randomness.
pub(crate) fn new_status_token() -> StatusToken {
    let mut random = [0u8; StatusToken::LENGTH];
    getrandom::fill(&mut random).expect("the operating system provides randomness");
    StatusToken::from_random(random)
}

/// A moment in the race's time zone, for people.
fn moment(policy: &Policy, at: OffsetDateTime) -> String {
    format_moment_long(at.to_offset(policy.utc_offset()))
}

fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::EliteInvitation => "Elite applications",
        Channel::StateAgency => "Applications through the state agencies",
        Channel::LicensedOperator => "Bookings through the licensed operator",
    }
}

/// The page to show instead of the form when no channel takes applications now.
fn registration_closed(policy: &Policy, now: OffsetDateTime) -> Option<MessagePage> {
    let windows: Vec<_> = Channel::ALL.iter().map(|channel| policy.window(*channel, now)).collect();
    if let Some(Window::NotYetOpen { opens_at }) = windows.first() {
        return Some(MessagePage {
            title: "Registration has not opened yet".into(),
            paragraphs: vec![
                format!("Registration for {} opens on {}.", policy.name(), moment(policy, *opens_at)),
                "Places are limited and go quickly: please come back then.".into(),
            ],
        });
    }
    windows.iter().all(|window| matches!(window, Window::Closed { .. })).then(|| MessagePage {
        title: "Registration is closed".into(),
        paragraphs: vec![format!("Registration for {} has closed for every race and category.", policy.name())],
    })
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
    let now = state.now();
    let closed_notes = Channel::ALL
        .iter()
        .filter_map(|channel| match policy.window(*channel, now) {
            Window::Closed { last_day } => {
                Some(format!("{} closed on {}.", channel_name(*channel), format_date_long(last_day)))
            }
            _ => None,
        })
        .collect();
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
        closed_notes,
        passport_hint: language
            .t_with("hint-passport-expiry", &[("date", language.date(policy.passport_valid_until()).into())]),
        // HMAC of the cookie's value: cannot fail with a configured salt.
        csrf_token: token.authenticity_token().unwrap_or_default(),
        submission_id,
    }
}

pub async fn show_form(State(state): State<AppState>, token: CsrfToken, language: RunnerLanguage) -> Response {
    if let Some(closed) = registration_closed(state.policy(), state.now()) {
        return closed.into_response();
    }
    let page = form_page(&state, &token, language.language, RegistrationFields::default(), FieldMessages::new(), None);
    (language, token, page).into_response()
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
    if let Some(closed) = registration_closed(policy, now) {
        return (StatusCode::FORBIDDEN, closed).into_response();
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
        Outcome::Ineligible { explanation, .. } => {
            let notice = Notice { title: t.t("notice-ineligible-title"), body: explanation };
            again(StatusCode::UNPROCESSABLE_ENTITY, fields, FieldMessages::new(), Some(notice))
        }
        Outcome::NotYetOpen { opens_at } => {
            let page = MessagePage {
                title: "Registration has not opened yet".into(),
                paragraphs: vec![format!("Registration opens on {}. Nothing was saved.", moment(policy, opens_at))],
            };
            (StatusCode::FORBIDDEN, page).into_response()
        }
        Outcome::Closed { channel, last_day, explanation } => {
            let page = MessagePage {
                title: "This registration has closed".into(),
                paragraphs: vec![
                    explanation,
                    format!(
                        "{} closed on {}, so this entry cannot be taken. Nothing was saved.",
                        channel_name(channel),
                        format_date_long(last_day)
                    ),
                ],
            };
            (StatusCode::FORBIDDEN, page).into_response()
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
    let policy = state.policy();
    let t = language.language;
    let on_race_clock = |at: OffsetDateTime| t.moment(at.to_offset(policy.utc_offset()));
    let page = ConfirmationPage {
        i18n: t,
        languages: Language::ALL,
        organisation: t.organisation(policy, registration.channel),
        race: format!("{}, {}", t.race(registration.distance), t.category(registration.category)),
        explanation: t.explanation(policy, &registration),
        next_steps: t.next_steps(policy, registration.channel),
        status_path: format!("/registrations/{token}"),
        checklist: crate::uploads::checklist(policy, registration.channel, &[]),
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
    Query(done): Query<DoneQuery>,
) -> Result<Response, WebError> {
    // Only these codes say anything: a link cannot make the page say what never happened.
    let message = match done.done.as_str() {
        "answer" => Some("Thank you: your answer is sent. We have emailed you a copy.".to_owned()),
        "uploaded" => Some("Thank you: the document is received.".to_owned()),
        "corrected" => Some("Done: your details are corrected. We have emailed you what changed.".to_owned()),
        "transferred" => Some("Done: your entry is now for the race you chose. We have emailed you.".to_owned()),
        _ => None,
    };
    show_status(&state, &token, &secret, StatusCode::OK, message).await
}

pub(crate) async fn show_status(
    state: &AppState,
    token: &CsrfToken,
    secret: &str,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, WebError> {
    let registration = registration_for(state, secret).await?;
    let policy = state.policy();
    let withdrawable = review(registration.channel, registration.status, Action::Withdraw).is_ok();
    let (email_fact, email_note) = match registration.email_confirmation {
        EmailConfirmation::NotAsked => (None, None),
        EmailConfirmation::Confirmed { at } => (Some(format!("confirmed on {}", moment(policy, at))), None),
        EmailConfirmation::Pending { by } => (
            Some("not confirmed yet".to_owned()),
            Some(format!(
                "Please confirm your email address: open the link in the confirmation email we sent you, by {}. \
                 If it is not confirmed by then, this entry lapses and its place goes to the next runner waiting.",
                moment(policy, by)
            )),
        ),
        EmailConfirmation::Lapsed { by } => (
            Some("not confirmed".to_owned()),
            Some(format!(
                "This entry lapsed: the email address was not confirmed by {}, so its place went to the next \
                 runner waiting. You may register again.",
                moment(policy, by)
            )),
        ),
    };
    let status_text = match registration.email_confirmation {
        EmailConfirmation::Lapsed { .. } => "Lapsed: the email address was not confirmed in time.",
        _ => registration.status.describe(),
    };
    let store = state.store();
    let trail = store.audit_trail(&registration.reference).await?;
    let documents = store.documents(&registration.reference).await?;
    let organisation = policy.organisation(registration.channel);
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
            note.unwrap_or_else(|| format!("{} needs more information about your entry.", capitalised(organisation)))
        });
    let csrf = token.authenticity_token().unwrap_or_default();
    let open = !registration.status.is_final();
    let sent_files = documents
        .iter()
        .filter(|document| document.kind == pim_domain::DocumentKind::Attachment)
        .map(|document| {
            format!(
                "{} ({}, {}), sent {}",
                document.file_name,
                document.file_type.name(),
                crate::uploads::readable_size(document.size_bytes),
                moment(policy, document.uploaded_at)
            )
        })
        .collect();
    let timeline = trail.into_iter().filter_map(|line| runner_step(policy, organisation, line)).collect();
    let page = StatusPage {
        timeline,
        answer_form: question.as_ref().map(|_| format!("/registrations/{secret}/answer")),
        details_path: open.then(|| format!("/registrations/{secret}/details")),
        question,
        checklist: crate::uploads::checklist(policy, registration.channel, &documents),
        upload_form: open.then(|| format!("/registrations/{secret}/documents")),
        sent_files,
        max_upload_megabytes: policy.max_upload_bytes() / 1_000_000,
        max_files: crate::uploads::MAX_FILES_PER_ANSWER,
        answer_limit: crate::uploads::ANSWER_LIMIT,
        csrf: csrf.clone(),
        organisation: policy.organisation(registration.channel).to_owned(),
        status_text,
        received_on: moment(policy, registration.received_at),
        updated_on: moment(policy, registration.updated_at),
        email_fact,
        email_note,
        withdraw: withdrawable.then(|| (format!("/registrations/{secret}/withdraw"), csrf)),
        data_path: format!("/registrations/{secret}/data.json"),
        erasure_action: format!("/registrations/{secret}/erasure"),
        erased_on: pim_domain::format_date_long(
            policy.retention().erases_from(pim_domain::RetentionRule::PersonalData, policy.race_day()),
        ),
        message,
        registration,
    };
    Ok((status, token.clone(), page).into_response())
}

/// A line of the entry's history as its runner reads it, if it concerns them: what
/// happened, and what the organisation wrote to them; never who acted, nor the internal
/// note.
fn runner_step(policy: &Policy, organisation: &str, line: pim_store::AuditLine) -> Option<TimelineStep> {
    use pim_domain::HistoryAction as Did;
    let waiting = line.to_status == pim_domain::Status::Waitlisted.as_str();
    let (what, note) = match line.action.parse::<Did>().ok()? {
        Did::Submitted if waiting => {
            ("Registration received; the race's places are taken, so it is on the waiting list".to_owned(), None)
        }
        Did::Submitted => ("Registration received".to_owned(), None),
        Did::PromotedByHand if waiting => ("Moved to the front of the waiting list".to_owned(), None),
        Did::Promoted | Did::PromotedByHand => ("A place was released, and your entry has it".to_owned(), None),
        Did::EmailConfirmed => ("Email address confirmed".to_owned(), None),
        Did::EmailNotConfirmed => ("Lapsed: the email address was not confirmed in time".to_owned(), None),
        Did::ResendEmail | Did::StatusLinkSent => {
            ("A new link to this page was emailed; the old one stopped working".to_owned(), None)
        }
        Did::DocumentUploaded => (format!("You sent {}", line.note.unwrap_or_default()), None),
        Did::DocumentAccepted => (format!("Accepted by {organisation}: {}", line.note.unwrap_or_default()), None),
        Did::DocumentRefused => (format!("Asked for again by {organisation}"), line.note),
        // Who opened a document is for the audit, not for the runner.
        Did::DocumentViewed | Did::PassportViewed => return None,
        Did::DetailsCorrected => ("You corrected your details".to_owned(), line.note),
        Did::Transferred => ("You changed your race".to_owned(), line.note),
        Did::DocumentsErased => ("Your documents were deleted: their time to be kept is over".to_owned(), None),
        Did::ErasureRequested => ("You asked for erasure: a link to confirm it was emailed to you".to_owned(), None),
        // Nobody reads an erased entry's page: its links no longer open it.
        Did::PersonalDataErased | Did::ErasedAtRunnersRequest => return None,
        Did::Review(action) => {
            let what = match action {
                Action::Accept => format!("Accepted by {organisation}"),
                Action::Invite => format!("Invited by {organisation}"),
                Action::Decline => format!("Not accepted by {organisation}"),
                Action::RequestInformation => format!("More information asked for by {organisation}"),
                Action::Withdraw => "Withdrawn".to_owned(),
                Action::Answer => "You answered".to_owned(),
            };
            (capitalised(&what), line.note)
        }
    };
    Some(TimelineStep { when: moment(policy, line.at), what, note })
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
) -> Result<Response, WebError> {
    let confirmation = StatusToken::parse(&secret).ok_or(WebError::UnknownLink)?;
    let registration = state.store().find_by_email_confirmation(&confirmation).await?.ok_or(WebError::UnknownLink)?;
    let form = (format!("/confirm-email/{secret}"), token.authenticity_token().unwrap_or_default());
    let page = confirm_email_answer(&state, &registration, Some(form));
    Ok((token, page).into_response())
}

/// `POST /confirm-email/SECRET`: the runner pressed the button.
pub async fn confirm_email(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    CsrfForm(_): CsrfForm<Button>,
) -> Result<Response, WebError> {
    let confirmation = StatusToken::parse(&secret).ok_or(WebError::UnknownLink)?;
    let registration = state.store().confirm_email(&confirmation, state.now()).await?.ok_or(WebError::UnknownLink)?;
    Ok(confirm_email_answer(&state, &registration, None).into_response())
}

/// What a confirmation link's page says about `registration`; the form is offered only
/// while there is something to confirm.
fn confirm_email_answer(
    state: &AppState,
    registration: &RegistrationSummary,
    form: Option<(String, String)>,
) -> ConfirmEmailPage {
    let policy = state.policy();
    let reference = registration.reference.as_str();
    let (title, paragraph, form) = match registration.email_confirmation {
        EmailConfirmation::Pending { by } if !registration.status.is_final() => (
            "Confirm your email address",
            format!(
                "Entry {reference}: press the button to confirm that this email address is yours, by {}. \
                 Then the entry keeps its place.",
                moment(policy, by)
            ),
            form,
        ),
        EmailConfirmation::Confirmed { .. } => (
            "Your email address is confirmed",
            format!("Entry {reference} keeps its place. The status page linked in the email shows what happens next."),
            None,
        ),
        EmailConfirmation::Lapsed { by } => (
            "This entry has lapsed",
            format!(
                "Entry {reference} lapsed because the email address was not confirmed by {}, and its place went \
                 to the next runner waiting. You may register again.",
                moment(policy, by)
            ),
            None,
        ),
        _ => ("This entry has ended", format!("Entry {reference} is {}.", registration.status.as_str()), None),
    };
    ConfirmEmailPage {
        title: title.into(),
        paragraphs: vec![paragraph],
        form,
        button: "Confirm my email address".into(),
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
    CsrfForm(form): CsrfForm<TickedForm>,
) -> Result<Response, WebError> {
    let again = |status, message: &str| show_status(&state, &token, &secret, status, Some(message.to_owned()));
    if form.confirm.is_empty() {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "Tick the box to confirm that you withdraw.").await;
    }
    let summary = registration_for(&state, &secret).await?;
    let entry = state.store().entry(&summary.reference, None).await?.ok_or(WebError::NotFound)?;
    let to = match review(entry.line.channel, entry.line.status, Action::Withdraw) {
        Ok(to) => to,
        Err(_) => return again(StatusCode::CONFLICT, "This entry can no longer be withdrawn.").await,
    };
    let no_payload = pim_domain::EmailPayload::default();
    let email = Action::Withdraw.email().map(|kind| pim_store::NewEmail { kind, payload: &no_payload });
    match state.store().apply_review(&withdrawal(&state, &entry, to, email)).await {
        Ok(()) => Ok(Redirect::to(&format!("/registrations/{secret}")).into_response()),
        Err(StoreError::Changed) => {
            again(StatusCode::CONFLICT, "Your entry changed meanwhile: check it below and try again.").await
        }
        Err(error) => Err(error.into()),
    }
}
