//! `GET /admin/entries.csv`: the operator's entries under the list's filters, streamed.

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use pim_domain::RaceTime;
use pim_store::{EntryCursor, EntryDetail, EntryFilter, Store};

use super::auth::SignedIn;
use super::pages::utc;
use super::{ListQuery, filter_from};
use crate::AppState;
use crate::error::WebError;

/// Rows read from the database at a time: memory stays flat however long the export.
const BATCH: u32 = 500;

const COLUMNS: [&str; 23] = [
    "reference",
    "channel",
    "status",
    "given_name",
    "family_name",
    "email",
    "date_of_birth",
    "sex",
    "nationality",
    "passport_number",
    "passport_expiry",
    "distance",
    "category",
    "qualifying_time",
    "qualifying_date",
    "qualifying_race",
    "qualifying_evidence_url",
    "emergency_contact_name",
    "emergency_contact_phone",
    "received_at_utc",
    "waitlist_position",
    "elite_margin_seconds",
    "language",
];

/// A cell as a spreadsheet can open it safely: control characters (stored before the
/// form refused them) become spaces, and a cell that would run as a formula, once leading
/// spaces and controls are skipped as spreadsheets skip them, starts with a quote.
fn cell(text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let first = text.trim_start().chars().next();
    if first.is_some_and(|c| ['=', '+', '-', '@'].contains(&c)) { format!("'{text}") } else { text }
}

fn row(entry: &EntryDetail, full_passports: bool) -> Vec<String> {
    let line = &entry.line;
    let passport =
        if full_passports { line.passport_number.as_str().to_owned() } else { line.passport_number.masked() };
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();
    [
        line.reference.as_str().to_owned(),
        line.channel.as_str().to_owned(),
        line.status.as_str().to_owned(),
        line.given_name.clone(),
        line.family_name.clone(),
        line.email.clone(),
        entry.date_of_birth.to_string(),
        entry.sex.as_str().to_owned(),
        line.nationality.code().to_owned(),
        passport,
        entry.passport_expiry.to_string(),
        line.distance.as_str().to_owned(),
        line.category.as_str().to_owned(),
        entry.qualifying_time_seconds.and_then(RaceTime::from_seconds).map(|t| t.to_string()).unwrap_or_default(),
        entry.qualifying_date.map(|d| d.to_string()).unwrap_or_default(),
        optional(&entry.qualifying_race),
        optional(&entry.qualifying_evidence_url),
        entry.emergency_contact_name.clone(),
        entry.emergency_contact_phone.clone(),
        utc(line.received_at),
        line.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
        line.elite_margin_seconds.map(|m| m.to_string()).unwrap_or_default(),
        line.language.clone(),
    ]
    .iter()
    .map(|value| cell(value))
    .collect()
}

fn csv_bytes(rows: impl IntoIterator<Item = Vec<String>>) -> Result<Bytes, std::io::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in rows {
        writer.write_record(&record).map_err(std::io::Error::other)?;
    }
    writer.into_inner().map(Bytes::from).map_err(|e| std::io::Error::other(e.to_string()))
}

/// Where the export has got to.
struct Cursor {
    store: Store,
    filter: EntryFilter,
    full_passports: bool,
    after: Option<EntryCursor>,
    /// The waiting lists as the export began: the positions are read from them.
    queues: pim_store::QueueSnapshot,
    header_sent: bool,
    finished: bool,
}

async fn next_chunk(mut cursor: Cursor) -> Option<(Result<Bytes, std::io::Error>, Cursor)> {
    if cursor.finished {
        return None;
    }
    if !cursor.header_sent {
        cursor.header_sent = true;
        return Some((csv_bytes([COLUMNS.iter().map(|c| (*c).to_owned()).collect()]), cursor));
    }
    match cursor.store.list_entry_details(&cursor.filter, cursor.after, BATCH, &mut cursor.queues).await {
        Ok(batch) if batch.is_empty() => None,
        Ok(batch) => {
            cursor.after = batch.last().map(|entry| entry.line.cursor);
            cursor.finished = batch.len() < BATCH as usize;
            let bytes = csv_bytes(batch.iter().map(|entry| row(entry, cursor.full_passports)));
            Some((bytes, cursor))
        }
        Err(error) => {
            // The response has started: ending the body short is all that is left.
            tracing::error!(%error, "export interrupted");
            cursor.finished = true;
            Some((Err(std::io::Error::other("export interrupted")), cursor))
        }
    }
}

pub async fn export(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let organisation = signed_in.operator.organisation;
    let filter = filter_from(organisation, &query);
    // Full passport numbers go only to the organisation that arranges the visas.
    let full_passports = organisation.arranges_visas();
    let channel = filter.channel.map_or("all", |c| c.as_str());
    let detail = format!(
        "channel={channel} status={} distance={} nationality={} from={} to={} q={} full_passports={full_passports}",
        query.status, query.distance, query.nationality, query.from, query.to, query.q
    );
    // Written before the first byte leaves: no export without its audit line.
    state.store().audit_operator_action(&signed_in.operator.email, "export", &detail, state.now()).await?;
    let cursor = Cursor {
        store: state.store().clone(),
        filter,
        full_passports,
        after: None,
        queues: pim_store::QueueSnapshot::default(),
        header_sent: false,
        finished: false,
    };
    let body = Body::from_stream(futures_util::stream::unfold(cursor, next_chunk));
    let filename = format!("pim-entries-{channel}-{}.csv", state.now().date());
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
    ];
    Ok((headers, body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_evaluate_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+49 30 1234567"), "'+49 30 1234567");
        assert_eq!(cell("Anna"), "Anna");
        assert_eq!(cell("\t=1+1"), "' =1+1", "a control before the formula is no way round");
        assert_eq!(cell("\r\n@SUM(A1)"), "'  @SUM(A1)");
        assert_eq!(cell(" -2"), "' -2");
        assert_eq!(cell("Ann\u{0}a\u{1b}"), "Ann a ", "no raw control character reaches the file");
        assert_eq!(cell("Anne-Marie"), "Anne-Marie");
    }
}
