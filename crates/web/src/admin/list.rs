//! The entries list: the operator's scope, filters and order.

use crate::error::WebError;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_csrf::CsrfToken;
use pim_domain::{Channel, Distance, Organisation, Status};
use pim_store::{EntryFilter, EntryOrder};
use serde::Deserialize;

use crate::AppState;

use super::*;

/// The list's filters as typed in the query string; unknown values are ignored.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    pub channel: String,
    pub status: String,
    pub distance: String,
    pub nationality: String,
    pub from: String,
    pub to: String,
    pub q: String,
    /// `newest`, `queue` or `margin`; empty: the natural order of what is shown.
    pub order: String,
    /// Where this page starts: the previous page's cursor.
    pub after: String,
}

/// The channels an operator may see: their own, or any for the secretariat.
pub(super) fn scope(organisation: Organisation, asked: &str) -> Option<Channel> {
    organisation.channel().or_else(|| asked.parse().ok())
}

/// The store's filter for what the operator asked, within what they may see.
pub(super) fn filter_from(organisation: Organisation, query: &ListQuery) -> EntryFilter {
    EntryFilter {
        channel: scope(organisation, &query.channel),
        status: query.status.parse().ok(),
        distance: query.distance.parse::<Distance>().ok(),
        nationality: query.nationality.parse().ok(),
        received_from: pim_domain::parse_date(&query.from).ok(),
        received_to: pim_domain::parse_date(&query.to).ok(),
        search: Some(query.q.clone()).filter(|q| !q.trim().is_empty()),
        order: order_for(organisation, query),
    }
}

/// The order asked for, or the one the list is read in: the Ministry's queue by margin
/// under the standard, a waiting list next in line first, anything else newest first.
pub(super) fn order_for(organisation: Organisation, query: &ListQuery) -> EntryOrder {
    if let Ok(order) = query.order.parse() {
        return order;
    }
    if query.status == Status::Waitlisted.as_str() {
        EntryOrder::Queue
    } else if scope(organisation, &query.channel) == Some(Channel::EliteInvitation) {
        EntryOrder::Margin
    } else {
        EntryOrder::Newest
    }
}

pub(super) async fn entries(
    signed_in: SignedIn,
    State(state): State<AppState>,
    token: CsrfToken,
    Query(query): Query<ListQuery>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let filter = filter_from(signed_in.operator.organisation, &query);
    let store = state.store();
    let mut lines = store.list_entries(&filter, query.after.parse().ok(), PAGE_SIZE + 1).await?;
    let counts = store.count_by_status(filter.channel).await?;
    let places = match filter.channel.and_then(|channel| Some((channel, state.policy().quota(channel)?))) {
        Some((channel, quota)) => store.quota_lines(state.policy().edition(), channel, quota).await?,
        None => Vec::new(),
    };
    let more = lines.len() > PAGE_SIZE as usize;
    lines.truncate(PAGE_SIZE as usize);
    // Answers come back first: on the list's first page, unless it shows one status only.
    let answered = if query.after.is_empty() && filter.status.is_none() {
        let answered =
            EntryFilter { channel: filter.channel, status: Some(Status::InformationProvided), ..Default::default() };
        store.list_entries(&answered, None, ANSWERED_SHOWN).await?
    } else {
        Vec::new()
    };
    let found = FoundEntries { lines, answered, counts, places, more };
    let mut page = EntriesPage::new(&signed_in.operator, &token, query, filter, found);
    page.notice = done.done.as_deref().and_then(done_message);
    Ok((token, page).into_response())
}
