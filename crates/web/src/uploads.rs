//! What the runner sends from the status page besides a withdrawal: the answer to a request
//! for information, with files, and the documents of the checklist. Files are checked by
//! their bytes (JPEG, PNG or PDF), photos lose their metadata, and a request with any file
//! refused stores nothing.

use std::time::Duration;

use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use pim_domain::{
    Action, DocumentKind, DocumentStatus, EmailPayload, FileType, HistoryAction, Policy, RegistrationSummary,
    UploadError,
};
use pim_store::{DocumentLine, DocumentUpload, NewDocument, NewEmail, ReviewChange, StoreError};

use crate::AppState;
use crate::error::WebError;
use crate::form::Problem;
use crate::language::RunnerLanguage;
use crate::public::{registration_for, show_status};
use pim_i18n::{Arg, Language, document_key};

/// Files one answer may carry.
pub const MAX_FILES_PER_ANSWER: usize = 5;

/// The longest answer, in characters.
pub const ANSWER_LIMIT: usize = 5000;

/// An upload's time: 5 MB over a slow mobile link takes a minute, not the 15 seconds a
/// form gets.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(180);

/// Uploads read at the same time: each holds its files in memory until checked.
pub const UPLOADS_AT_ONCE: usize = 16;

/// The largest upload request: the files of an answer and the form's few fields.
pub fn upload_body_limit(policy: &Policy) -> usize {
    policy.max_upload_bytes() * MAX_FILES_PER_ANSWER + 64 * 1024
}

/// A file as it arrived: the name the device gave it and its bytes.
struct Upload {
    file_name: String,
    bytes: Vec<u8>,
}

/// The fields of an upload form.
#[derive(Default)]
struct UploadForm {
    csrf_token: String,
    answer: String,
    kind: String,
    files: Vec<Upload>,
    /// One of the uploads allowed at once, taken for this request.
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

/// An upload refused before anything is stored: the status code and what the runner reads.
struct Refusal(StatusCode, Problem);

impl Refusal {
    fn of(file_name: &str, error: &UploadError) -> Refusal {
        let (status, problem) = match error {
            UploadError::Empty => (StatusCode::UNPROCESSABLE_ENTITY, Problem::key("upload-empty")),
            UploadError::TooLarge { limit } => {
                (StatusCode::PAYLOAD_TOO_LARGE, Problem::key("upload-too-large").with("megabytes", megabytes(*limit)))
            }
            UploadError::NotAllowed => (StatusCode::UNPROCESSABLE_ENTITY, Problem::key("upload-not-allowed")),
            UploadError::Unreadable(file_type) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Problem::key("upload-unreadable").with("type", file_type.name()))
            }
        };
        Refusal(status, problem.about(file_name))
    }

    fn unprocessable(problem: Problem) -> Refusal {
        Refusal(StatusCode::UNPROCESSABLE_ENTITY, problem)
    }
}

/// A limit in bytes as whole megabytes, for people.
fn megabytes(bytes: usize) -> u32 {
    u32::try_from(bytes / 1_000_000).unwrap_or(u32::MAX)
}

fn multipart_refusal(error: &MultipartError, policy: &Policy) -> Refusal {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let together =
            Problem::key("upload-too-large-together").with("megabytes", megabytes(upload_body_limit(policy)));
        Refusal(StatusCode::PAYLOAD_TOO_LARGE, together)
    } else {
        Refusal(StatusCode::BAD_REQUEST, Problem::key("upload-broken"))
    }
}

/// The name to show for a file: the last part of what the device sent, without control
/// characters, at most 100 characters. Never used as a path or in a header.
fn shown_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars().filter(|c| !c.is_control()).take(100).collect::<String>().trim().to_owned()
}

/// Reads a file field, refusing it as soon as it passes `limit`.
async fn read_file(mut field: Field<'_>, limit: usize, policy: &Policy) -> Result<Upload, Refusal> {
    let file_name = shown_name(field.file_name().unwrap_or_default());
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_refusal(&e, policy))? {
        if bytes.len() + chunk.len() > limit {
            return Err(Refusal::of(&file_name, &UploadError::TooLarge { limit }));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Upload { file_name, bytes })
}

async fn read_form(mut multipart: Multipart, policy: &Policy) -> Result<UploadForm, Refusal> {
    let mut form = UploadForm::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| multipart_refusal(&e, policy))? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" | "files" => {
                let upload = read_file(field, policy.max_upload_bytes(), policy).await?;
                // A file input left empty still sends its part, without a name or bytes.
                if upload.file_name.is_empty() && upload.bytes.is_empty() {
                    continue;
                }
                if form.files.len() == MAX_FILES_PER_ANSWER {
                    let count = u32::try_from(MAX_FILES_PER_ANSWER).unwrap_or(u32::MAX);
                    return Err(Refusal::unprocessable(Problem::key("upload-too-many").with("count", count)));
                }
                form.files.push(upload);
            }
            "csrf_token" | "answer" | "kind" => {
                let text = field.text().await.map_err(|e| multipart_refusal(&e, policy))?;
                match name.as_str() {
                    "csrf_token" => form.csrf_token = text,
                    "answer" => form.answer = text,
                    _ => form.kind = text,
                }
            }
            _ => {}
        }
    }
    Ok(form)
}

/// A file that passed its checks, with the name to store it under.
struct CheckedUpload {
    file_name: String,
    file_type: FileType,
    bytes: Vec<u8>,
}

impl CheckedUpload {
    fn as_document(&self, kind: DocumentKind) -> NewDocument<'_> {
        NewDocument { kind, file_type: self.file_type, file_name: &self.file_name, bytes: &self.bytes }
    }
}

/// Checks every file, to be stored as `kind`; one refused refuses them all. A file the
/// device sent without a name is named after its kind.
fn check_files(uploads: Vec<Upload>, kind: DocumentKind, policy: &Policy) -> Result<Vec<CheckedUpload>, Refusal> {
    uploads
        .into_iter()
        .map(|Upload { file_name, bytes }| {
            let checked = pim_domain::check_upload(bytes, policy.max_upload_bytes())
                .map_err(|error| Refusal::of(&file_name, &error))?;
            let file_name = if file_name.is_empty() {
                format!("{}.{}", kind.as_str(), checked.file_type.extension())
            } else {
                file_name
            };
            Ok(CheckedUpload { file_name, file_type: checked.file_type, bytes: checked.bytes })
        })
        .collect()
}

/// Reads the request within the uploads allowed at once, and checks its form's token.
async fn accepted_form(
    state: &AppState,
    token: &CsrfToken,
    multipart: Multipart,
) -> Result<Result<UploadForm, Refusal>, Response> {
    // Held until the request is answered: its files stay in memory until then.
    let Ok(permit) = state.0.uploads.clone().try_acquire_owned() else {
        let mut busy = WebError::Busy.into_response();
        busy.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
        return Err(busy);
    };
    let form = match read_form(multipart, state.policy()).await {
        Ok(form) => form,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if token.verify(&form.csrf_token).is_err() {
        return Err(WebError::FormExpired.into_response());
    }
    Ok(Ok(UploadForm { _permit: Some(permit), ..form }))
}

/// The entry behind the status link and the upload's form; or, for an upload refused
/// before its files were checked, the page that says why.
async fn read_upload(
    state: &AppState,
    token: &CsrfToken,
    secret: &str,
    language: RunnerLanguage,
    multipart: Multipart,
) -> Result<Result<(RegistrationSummary, UploadForm), Response>, WebError> {
    let summary = registration_for(state, secret).await?;
    match accepted_form(state, token, multipart).await {
        Ok(Ok(form)) => Ok(Ok((summary, form))),
        Ok(Err(Refusal(status, message))) => {
            Ok(Err(show_status(state, token, secret, language, status, Some(message)).await?))
        }
        Err(response) => Ok(Err(response)),
    }
}

/// `POST /registrations/SECRET/answer`: the runner's answer and files.
pub async fn answer(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let again = |Refusal(status, message)| show_status(&state, &token, &secret, language, status, Some(message));
    let (summary, form) = match read_upload(&state, &token, &secret, language, multipart).await? {
        Ok(read) => read,
        Err(answered) => return Ok(answered),
    };
    let text = form.answer.trim();
    if text.is_empty() && form.files.is_empty() {
        return again(Refusal::unprocessable(Problem::key("answer-empty"))).await;
    }
    if text.chars().count() > ANSWER_LIMIT {
        let limit = u32::try_from(ANSWER_LIMIT).unwrap_or(u32::MAX);
        return again(Refusal::unprocessable(Problem::key("answer-too-long").with("limit", limit))).await;
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return again(Refusal::unprocessable(Problem::key("answer-control-characters"))).await;
    }
    let checked = match check_files(form.files, DocumentKind::Attachment, state.policy()) {
        Ok(checked) => checked,
        Err(refusal) => return again(refusal).await,
    };
    let entry = state.store().entry(&summary.reference, None).await?.ok_or(WebError::NotFound)?;
    let Ok(to) = pim_domain::review(entry.line.channel, entry.line.status, Action::Answer) else {
        return again(Refusal(StatusCode::CONFLICT, Problem::key("answer-no-question"))).await;
    };
    let files: Vec<NewDocument> = checked.iter().map(|file| file.as_document(DocumentKind::Attachment)).collect();
    let note = Some(text).filter(|t| !t.is_empty());
    let payload = EmailPayload { note: note.map(str::to_owned), ..Default::default() };
    let change = ReviewChange {
        reference: &summary.reference,
        channel: entry.line.channel,
        version: entry.version,
        from: entry.line.status,
        to,
        actor: "runner",
        action: HistoryAction::Review(Action::Answer),
        note,
        internal_note: None,
        email: Action::Answer.email().map(|kind| NewEmail { kind, payload: &payload }),
        quota: state.policy().quota(entry.line.channel),
        invitation_rules: None,
        added_status_link: None,
        at: state.now(),
    };
    match state.store().answer(&change, &files).await {
        Ok(()) => Ok(Redirect::to(&format!("/registrations/{secret}?done=answer")).into_response()),
        Err(StoreError::Changed) => {
            again(Refusal(StatusCode::CONFLICT, Problem::key("answer-changed-meanwhile"))).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /registrations/SECRET/documents`: one document of the checklist.
pub async fn upload_document(
    State(state): State<AppState>,
    token: CsrfToken,
    Path(secret): Path<String>,
    language: RunnerLanguage,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let again = |Refusal(status, message)| show_status(&state, &token, &secret, language, status, Some(message));
    let (summary, form) = match read_upload(&state, &token, &secret, language, multipart).await? {
        Ok(read) => read,
        Err(answered) => return Ok(answered),
    };
    let asked = state.policy().documents(summary.channel);
    let Some(kind) = form.kind.parse::<DocumentKind>().ok().filter(|kind| asked.contains(kind)) else {
        return again(Refusal::unprocessable(Problem::key("upload-which"))).await;
    };
    if form.files.len() != 1 {
        let problem = Problem::key("upload-one-file").with("document", Arg::Message(document_key(kind)));
        return again(Refusal::unprocessable(problem)).await;
    }
    let checked = match check_files(form.files, kind, state.policy()) {
        Ok(checked) => checked,
        Err(refusal) => return again(refusal).await,
    };
    let documents: Vec<NewDocument> = checked.iter().map(|file| file.as_document(kind)).collect();
    let upload = DocumentUpload { reference: &summary.reference, documents: &documents, at: state.now() };
    match state.store().upload_documents(&upload).await {
        Ok(()) => Ok(Redirect::to(&format!("/registrations/{secret}?done=uploaded#documents")).into_response()),
        Err(StoreError::NotFound) => again(Refusal(StatusCode::CONFLICT, Problem::key("upload-entry-ended"))).await,
        Err(error) => Err(error.into()),
    }
}

/// One document of the checklist as the runner reads it.
pub struct ChecklistItem {
    pub kind: &'static str,
    pub label: String,
    pub hint: String,
    /// Where it stands: "Not sent yet", "Received: passport.jpg", …
    pub state: String,
    /// Why the organisation asked for it again.
    pub reason: Option<String>,
    /// Received and not asked for again: nothing more to do.
    pub done: bool,
}

/// The documents the entry's organisation needs and where each stands, in `language`.
pub fn checklist(
    policy: &Policy,
    channel: pim_domain::Channel,
    documents: &[DocumentLine],
    language: Language,
) -> Vec<ChecklistItem> {
    policy
        .documents(channel)
        .iter()
        .map(|kind| {
            let latest = documents.iter().rev().find(|document| document.kind == *kind);
            let (state, reason, done) = match latest {
                None => (language.t("document-not-sent"), None, false),
                Some(document) => {
                    let file = [("file", document.file_name.as_str().into())];
                    match document.status {
                        DocumentStatus::Received => (language.t_with("document-received", &file), None, true),
                        DocumentStatus::Accepted => (language.t_with("document-accepted", &file), None, true),
                        DocumentStatus::Refused => {
                            (language.t_with("document-refused", &file), document.reason.clone(), false)
                        }
                    }
                }
            };
            ChecklistItem {
                kind: kind.as_str(),
                label: language.document(*kind),
                hint: language.document_hint(*kind),
                state,
                reason,
                done,
            }
        })
        .collect()
}

/// A file size as people read it.
pub fn readable_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} KB", bytes / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_shown_without_its_path_or_control_characters() {
        assert_eq!(shown_name("C:\\Users\\me\\passport.jpg"), "passport.jpg");
        assert_eq!(shown_name("../../etc/passwd"), "passwd");
        assert_eq!(shown_name("photo\r\nSet-Cookie: x.png"), "photoSet-Cookie: x.png");
        assert_eq!(shown_name(""), "");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(readable_size(512), "512 bytes");
        assert_eq!(readable_size(48_213), "48 KB");
        assert_eq!(readable_size(4_800_000), "4.8 MB");
    }
}
