//! One entry: its page, and the review, promotion and resend actions on it.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_csrf::CsrfToken;
use pim_domain::{Action, EmailPayload, Organisation, Reference, Status, review};
use pim_store::{NewEmail, Promoted, PromotionByHand, ReviewChange, StoreError};
use serde::Deserialize;

use crate::AppState;
use crate::error::{Button, CarriesCsrfToken, CsrfForm, WebError};

use super::*;

pub(super) async fn entry(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(reference): Path<String>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, WebError> {
    show_entry(&state, &signed_in, &token, &reference, StatusCode::OK, done.done.as_deref().and_then(done_message))
        .await
}

/// The entry `reference` among those `organisation` may see: its reference and details.
/// Outside the scope, or not there at all, it is the same `NotFound`.
pub(super) async fn entry_in_scope(
    state: &AppState,
    organisation: Organisation,
    reference: &str,
) -> Result<(Reference, pim_store::EntryDetail), WebError> {
    let reference = reference.parse::<Reference>().map_err(|_| WebError::NotFound)?;
    let detail = state.store().entry(&reference, organisation.channel()).await?.ok_or(WebError::NotFound)?;
    Ok((reference, detail))
}

/// The entry page, or 404 when the entry is not in the operator's scope.
pub(super) async fn show_entry(
    state: &AppState,
    signed_in: &SignedIn,
    token: &CsrfToken,
    reference: &str,
    status: StatusCode,
    message: Option<String>,
) -> Result<Response, WebError> {
    let (reference, detail) = match entry_in_scope(state, signed_in.operator.organisation, reference).await {
        Err(WebError::NotFound) => return erased_entry(state, signed_in, reference).await,
        found => found?,
    };
    let store = state.store();
    // The organisation that arranges the visa sees the whole passport number: audited.
    if signed_in.operator.organisation.arranges_visas() {
        store.record_passport_view(&reference, &signed_in.operator.email, state.now()).await?;
    }
    // Marked before the history is read, so nothing the runner does meanwhile is missed.
    let seen_before = store.mark_seen(&reference, &signed_in.operator.email).await?;
    let trail = store.audit_trail(&reference).await?;
    let emails = store.emails_for_reference(&reference).await?;
    let documents = store.documents(&reference).await?;
    let message = message.map(|text| Notice::of(status, text));
    let found = EntryRecords { trail, emails, documents, seen_before };
    let page = EntryPage::new(state.policy(), &signed_in.operator, token, detail, found, message);
    Ok((status, token.clone(), page).into_response())
}

/// An erased entry's page: that it was erased, when and why, and nothing else of it; or
/// 404 when there is no such entry in the operator's scope.
async fn erased_entry(state: &AppState, signed_in: &SignedIn, reference: &str) -> Result<Response, WebError> {
    let reference = reference.parse::<Reference>().map_err(|_| WebError::NotFound)?;
    let erasure = state.store().erasure(&reference, signed_in.operator.organisation.channel()).await?;
    let erasure = erasure.ok_or(WebError::NotFound)?;
    let when = erasure.at.date();
    let text = if erasure.at_runners_request() {
        format!("This entry was erased at the runner's request on {when}.")
    } else {
        format!("This entry's personal data was erased on {when} under the retention rule {}.", erasure.under)
    };
    Ok(admin_message(StatusCode::OK, &format!("Entry {reference}: erased"), &text))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    pub(super) action: String,
    /// Told to the runner: emailed, and shown on the status page.
    pub(super) note: String,
    /// For operators only.
    pub(super) internal_note: String,
    pub(super) version: i64,
    pub(super) csrf_token: String,
}

impl CarriesCsrfToken for ReviewForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// Queues an email of the entry again: for "I never got the email".
pub(super) async fn resend_email(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path((reference_text, email_id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Button>,
) -> Result<Response, WebError> {
    let again = |status, message: &str| {
        show_entry(&state, &signed_in, &token, &reference_text, status, Some(message.to_owned()))
    };
    let scope = signed_in.operator.organisation.channel();
    let reference = reference_text.parse::<Reference>().map_err(|_| WebError::NotFound)?;
    // A resent email replaces the runner's status link: the organisation handling the
    // entry decides that, not the secretariat, which reads every channel.
    let Some(channel) = scope else {
        return again(
            StatusCode::FORBIDDEN,
            "Only the organisation handling this entry can resend its emails. Nothing was sent.",
        )
        .await;
    };
    let scope = Some(channel);
    let (reference, entry) = entry_in_scope(&state, signed_in.operator.organisation, reference.as_str()).await?;
    let emails = state.store().emails_for_reference(&reference).await?;
    if !emails.iter().any(|email| email.id == email_id) {
        return again(StatusCode::NOT_FOUND, "There is no such email for this entry.").await;
    }
    // Every email carries the status link, whose secret only the runner had (the outbox
    // dropped it once sent): the copy carries a new one, which replaces it.
    let new_token = crate::public::new_status_token();
    let status_url = state.status_url(&new_token);
    // An email that asked for the address to be confirmed asks again with a new link (the
    // old one left the outbox with the email), unless the address is confirmed by now.
    let new_confirmation = crate::public::new_status_token();
    let confirm_email_url = match entry.line.email_confirmation {
        pim_domain::EmailConfirmation::Pending { .. } => Some(state.confirm_email_url(&new_confirmation)),
        _ => None,
    };
    let with_new_link = |original: EmailPayload| {
        let confirm_email_url = confirm_email_url.clone().filter(|_| original.confirm_email_by.is_some());
        EmailPayload { status_url: Some(status_url.clone()), confirm_email_url, ..original }
    };
    let resend = pim_store::Resend {
        reference: &reference,
        channel: scope,
        email_id,
        new_status_token: &new_token,
        new_email_confirmation: &new_confirmation,
        payload: &with_new_link,
        actor: &signed_in.operator.email,
        at: state.now(),
    };
    state.store().resend_email(&resend).await?;
    Ok(Redirect::to(&format!("/admin/entries/{}?done=resend_email", reference.as_str())).into_response())
}

pub(super) async fn review_entry(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(reference_text): Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<Response, WebError> {
    let organisation = signed_in.operator.organisation;
    let again = |status, message: String| {
        let signed_in = &signed_in;
        let token = &token;
        let state = &state;
        let reference_text = &reference_text;
        async move { show_entry(state, signed_in, token, reference_text, status, Some(message)).await }
    };
    let (reference, detail) = entry_in_scope(&state, organisation, &reference_text).await?;
    let channel = detail.line.channel;
    if !organisation.reviews(channel) {
        return again(
            StatusCode::FORBIDDEN,
            format!("{} reviews these entries; you can read them only.", state.policy().organisation(channel)),
        )
        .await;
    }
    let Ok(action) = form.action.parse::<Action>() else {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "Choose an action.".into()).await;
    };
    if action.is_runners() {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "Only the runner can withdraw or answer.".into()).await;
    }
    // An impossible action is explained as such, even from an outdated page.
    let to = match review(channel, detail.line.status, action) {
        Ok(to) => to,
        Err(error) => return again(StatusCode::CONFLICT, format!("Not possible: {error}.")).await,
    };
    if form.version != detail.version {
        return again(
            StatusCode::CONFLICT,
            "This entry changed since you opened it: nothing was changed. Check it again below.".into(),
        )
        .await;
    }
    if form.note.chars().count() > REVIEW_NOTE_LIMIT || form.internal_note.chars().count() > REVIEW_NOTE_LIMIT {
        let message = format!("Keep each note under {REVIEW_NOTE_LIMIT} characters: nothing was changed.");
        return again(StatusCode::UNPROCESSABLE_ENTITY, message).await;
    }
    let note = Some(form.note.trim()).filter(|n| !n.is_empty());
    let internal_note = Some(form.internal_note.trim()).filter(|n| !n.is_empty());
    // A request for information is answered on the status page, whose link left the
    // outbox with the first email: the request carries a link of its own (the first keeps
    // working).
    let new_token = (action == Action::RequestInformation).then(crate::public::new_status_token);
    let payload = EmailPayload {
        note: note.map(str::to_owned),
        status_url: new_token.as_ref().map(|token| state.status_url(token)),
        ..Default::default()
    };
    let email = action.email().map(|kind| NewEmail { kind, payload: &payload });
    let change = ReviewChange {
        reference: &reference,
        channel,
        version: detail.version,
        from: detail.line.status,
        to,
        actor: &signed_in.operator.email,
        action: pim_domain::HistoryAction::Review(action),
        note,
        internal_note,
        email,
        quota: state.policy().quota(channel),
        invitation_rules: Some(state.policy()),
        added_status_link: new_token.as_ref(),
        at: state.now(),
    };
    match state.store().apply_review(&change).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/entries/{}?done={}", reference.as_str(), action.as_str())).into_response())
        }
        Err(StoreError::Changed) => {
            again(
                StatusCode::CONFLICT,
                "This entry changed since you opened it: nothing was changed. Check it again below.".into(),
            )
            .await
        }
        Err(StoreError::InvitationsNotYetOpen { opens_on }) => {
            let message = format!(
                "Not invited yet: invitations open on {}, the day after elite applications close, so that every \
                 competitor is known. Until then you can verify evidence, ask for more, or decline.",
                pim_domain::format_date_long(opens_on)
            );
            again(StatusCode::CONFLICT, message).await
        }
        Err(StoreError::FasterEntryWaiting { ahead }) => {
            let message = format!(
                "Not invited: invitations go strictly by qualifying time, and {} ({} {}) is ahead of this entry. \
                 Invite, or decline with the reason, that entry first.",
                ahead.as_str(),
                detail.line.nationality.name(),
                detail.sex.as_str(),
            );
            again(StatusCode::CONFLICT, message).await
        }
        Err(StoreError::InvitationsUsed { invited, limit }) => {
            let invited: Vec<&str> = invited.iter().map(Reference::as_str).collect();
            let message = format!(
                "Not invited: {} may have {limit} invited {} runner{} and {} already: {}. \
                 A place opens if an invited runner declines or withdraws.",
                detail.line.nationality.name(),
                detail.sex.as_str(),
                if limit == 1 { "" } else { "s" },
                if invited.len() == 1 { "has one" } else { "has them" },
                invited.join(", "),
            );
            again(StatusCode::CONFLICT, message).await
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PromoteForm {
    pub(super) note: String,
    pub(super) version: i64,
    pub(super) csrf_token: String,
}

impl CarriesCsrfToken for PromoteForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// An operator moves a waiting entry to the front of the waiting list: it takes a free
/// place now, or the next one released. Never a place that does not exist.
pub(super) async fn promote_entry(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Path(reference_text): Path<String>,
    CsrfForm(form): CsrfForm<PromoteForm>,
) -> Result<Response, WebError> {
    let again = |status, message: &str| {
        show_entry(&state, &signed_in, &token, &reference_text, status, Some(message.to_owned()))
    };
    let organisation = signed_in.operator.organisation;
    let (reference, detail) = entry_in_scope(&state, organisation, &reference_text).await?;
    let channel = detail.line.channel;
    if !organisation.reviews(channel) {
        let message =
            format!("{} reviews these entries; you can read them only.", state.policy().organisation(channel));
        return again(StatusCode::FORBIDDEN, &message).await;
    }
    let Some(quota) = state.policy().quota(channel) else {
        return again(StatusCode::CONFLICT, "Entries of this channel have no waiting list.").await;
    };
    if form.note.chars().count() > PROMOTION_REASON_LIMIT {
        let message = format!("Keep the reason under {PROMOTION_REASON_LIMIT} characters: nothing was changed.");
        return again(StatusCode::UNPROCESSABLE_ENTITY, &message).await;
    }
    if detail.line.status != Status::Waitlisted || form.version != detail.version {
        return again(StatusCode::CONFLICT, "This entry is no longer waiting as shown: nothing was changed.").await;
    }
    let promotion = PromotionByHand {
        reference: &reference,
        channel,
        version: detail.version,
        actor: &signed_in.operator.email,
        note: Some(form.note.trim()).filter(|n| !n.is_empty()),
        quota,
        at: state.now(),
    };
    match state.store().promote_by_hand(&promotion).await {
        Ok(promoted) => {
            let done = match promoted {
                Promoted::Place => "promoted_place",
                Promoted::FirstInLine => "promoted_first",
            };
            Ok(Redirect::to(&format!("/admin/entries/{}?done={done}", reference.as_str())).into_response())
        }
        Err(StoreError::Changed) => {
            again(StatusCode::CONFLICT, "This entry changed since you opened it: nothing was changed.").await
        }
        Err(error) => Err(error.into()),
    }
}
