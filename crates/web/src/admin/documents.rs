//! An entry's documents for operators: opening one (audited), accepting it, or asking the
//! runner for it again with a reason.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use pim_domain::{DocumentStatus, EmailKind, EmailPayload, FileType, Reference};
use pim_store::{DocumentReview, DocumentView, NewEmail, StoreError};
use serde::Deserialize;

use crate::AppState;
use crate::error::{CarriesCsrfToken, CsrfForm, WebError};

use super::*;

/// The longest reason for asking for a document again.
pub(super) const DOCUMENT_REASON_LIMIT: usize = 500;

/// `GET /admin/entries/REF/documents/ID`: the file itself, for the organisation handling
/// the entry and the secretariat; the view is in the entry's history.
pub(super) async fn open_document(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((reference, document_id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let reference = reference.parse::<Reference>().map_err(|_| WebError::NotFound)?;
    let view = DocumentView {
        reference: &reference,
        channel: signed_in.operator.organisation.channel(),
        document_id,
        actor: &signed_in.operator.email,
        at: state.now(),
    };
    let file = state.store().open_document(&view).await?.ok_or(WebError::NotFound)?;
    let file_type = file.line.file_type;
    // A name made here, never the runner's: nothing they typed reaches a header.
    let name = format!("{}-{}.{}", reference.as_str(), file.line.kind.as_str(), file_type.extension());
    // Photos open in the browser; a PDF is downloaded, so no viewer runs it on this site.
    let disposition = match file_type {
        FileType::Pdf => "attachment",
        FileType::Jpeg | FileType::Png => "inline",
    };
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file_type.content_type()));
    let disposition = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\"")).expect("an ASCII name");
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    // Whatever the bytes hold, they run nothing here.
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    Ok(response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DocumentReviewForm {
    pub(super) decision: String,
    pub(super) reason: String,
    pub(super) csrf_token: String,
}

impl CarriesCsrfToken for DocumentReviewForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// `POST /admin/entries/REF/documents/ID/review`: accept, or ask again with a reason.
pub(super) async fn review_document(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path((reference_text, document_id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DocumentReviewForm>,
) -> Result<Response, WebError> {
    let again = |status, message: String| {
        let (state, signed_in, token, reference_text) = (&state, &signed_in, &token, &reference_text);
        async move { show_entry(state, signed_in, token, reference_text, status, Some(message)).await }
    };
    let organisation = signed_in.operator.organisation;
    let (reference, detail) = entry_in_scope(&state, organisation, &reference_text).await?;
    let channel = detail.line.channel;
    if !organisation.reviews(channel) {
        let message =
            format!("{} reviews these documents; you can read them only.", state.policy().organisation(channel));
        return again(StatusCode::FORBIDDEN, message).await;
    }
    let reason = form.reason.trim();
    let to = match form.decision.as_str() {
        "accept" => DocumentStatus::Accepted,
        "refuse" if reason.is_empty() => {
            let message = "Say why the document is needed again: the runner reads it. Nothing was changed.";
            return again(StatusCode::UNPROCESSABLE_ENTITY, message.into()).await;
        }
        "refuse" => DocumentStatus::Refused,
        _ => return again(StatusCode::UNPROCESSABLE_ENTITY, "Choose accept or ask again.".into()).await,
    };
    if reason.chars().count() > DOCUMENT_REASON_LIMIT {
        let message = format!("Keep the reason under {DOCUMENT_REASON_LIMIT} characters: nothing was changed.");
        return again(StatusCode::UNPROCESSABLE_ENTITY, message).await;
    }
    let documents = state.store().documents(&reference).await?;
    let Some(document) = documents.iter().find(|d| d.id == document_id) else {
        return again(StatusCode::NOT_FOUND, "There is no such document for this entry.".into()).await;
    };
    // The email asks the runner to upload again on the status page, whose link left the
    // outbox with the first email: it carries a link of its own (the first keeps working).
    let new_token = crate::public::new_status_token();
    let payload = EmailPayload {
        note: Some(reason.to_owned()),
        // The kind, which the email names in the runner's language.
        document: Some(document.kind.as_str().to_owned()),
        status_url: Some(state.status_url(&new_token)),
        ..Default::default()
    };
    let refused = to == DocumentStatus::Refused;
    let review = DocumentReview {
        reference: &reference,
        channel,
        document_id,
        to,
        reason: Some(reason).filter(|_| refused),
        actor: &signed_in.operator.email,
        email: refused.then_some(NewEmail { kind: EmailKind::DocumentRefused, payload: &payload }),
        added_status_link: refused.then_some(&new_token),
        at: state.now(),
    };
    match state.store().review_document(&review).await {
        Ok(()) => {
            let done = if refused { "document_refused" } else { "document_accepted" };
            Ok(Redirect::to(&format!("/admin/entries/{}?done={done}#documents", reference.as_str())).into_response())
        }
        Err(StoreError::Changed) => {
            let message = "This document was already reviewed so: nothing was changed. Check it again below.";
            again(StatusCode::CONFLICT, message.into()).await
        }
        Err(StoreError::NotFound) => {
            again(StatusCode::NOT_FOUND, "There is no such document for this entry.".into()).await
        }
        Err(error) => Err(error.into()),
    }
}
