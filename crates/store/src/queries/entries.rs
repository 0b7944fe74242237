//! Entries and lists: the operators' keyset lists, one entry, the dashboard's counts.

use pim_domain::{Channel, Reference, Status};
use time::{Date, OffsetDateTime};

use super::super::{Db, NAME_SEARCH, RECEIVED_ON, begin_snapshot};
use crate::NameSearch;
use crate::StoreError;
use crate::{EntryCursor, EntryDetail, EntryFilter, EntryLine, EntryOrder, QueueSnapshot};

use super::*;

#[derive(sqlx::FromRow)]
pub(super) struct EntryDetailRow {
    #[sqlx(flatten)]
    pub(super) line: EntryLineRow,
    pub(super) rule: String,
    pub(super) explanation: String,
    pub(super) date_of_birth: Date,
    pub(super) sex: String,
    pub(super) passport_expiry: Date,
    pub(super) qualifying_time_seconds: Option<i64>,
    pub(super) qualifying_date: Option<Date>,
    pub(super) qualifying_race: Option<String>,
    pub(super) qualifying_evidence_url: Option<String>,
    pub(super) emergency_contact_name: String,
    pub(super) emergency_contact_phone: String,
    pub(super) updated_at: OffsetDateTime,
    pub(super) version: i64,
}

pub(super) const ENTRY_DETAIL_COLUMNS: &str = concat!(
    entry_line_columns!(),
    ", r.rule, r.explanation, r.date_of_birth, r.sex, r.passport_expiry, r.qualifying_time_seconds, ",
    "r.qualifying_date, r.qualifying_race, r.qualifying_evidence_url, r.emergency_contact_name, ",
    "r.emergency_contact_phone, r.updated_at, r.version"
);

impl EntryDetailRow {
    /// The entry, its sealed fields opened with `keys`.
    pub(super) fn open(self, keys: &DataKeys) -> Result<EntryDetail, StoreError> {
        let row = self;
        let seconds = |value: Option<i64>, what| value.map(|v| non_negative(what, v)).transpose();
        Ok(EntryDetail {
            line: row.line.open(keys)?,
            rule: row.rule.parse().map_err(|e| corrupt("rule", e))?,
            explanation: row.explanation,
            date_of_birth: row.date_of_birth,
            sex: row.sex.parse().map_err(|e| corrupt("sex", e))?,
            passport_expiry: row.passport_expiry,
            qualifying_time_seconds: seconds(row.qualifying_time_seconds, "qualifying time")?,
            qualifying_date: row.qualifying_date,
            qualifying_race: row.qualifying_race,
            qualifying_evidence_url: row.qualifying_evidence_url,
            emergency_contact_name: keys.open_text(Sealed::EmergencyContactName, &row.emergency_contact_name)?,
            emergency_contact_phone: keys.open_text(Sealed::EmergencyContactPhone, &row.emergency_contact_phone)?,
            updated_at: row.updated_at,
            version: row.version,
        })
    }
}

/// What an operator's search looks for, once resolved: the entry of a reference typed, if
/// one has it, else the entries whose name or email holds the text (folded).
pub(super) enum Search {
    Reference(String),
    Text(String),
}

impl Search {
    /// The filter's search, resolved: text that reads as a reference finds that entry
    /// alone when there is one (so that a reference is never lost among names), and is
    /// sought in names and email addresses otherwise (an eight-letter name can read as a
    /// reference too).
    pub(super) async fn of(read: &sqlx::Pool<Db>, filter: &EntryFilter) -> Result<Option<Search>, StoreError> {
        let Some(text) = filter.search.as_deref().map(str::trim).filter(|text| !text.is_empty()) else {
            return Ok(None);
        };
        if let Ok(reference) = text.parse::<Reference>() {
            // Within the list's channel: another channel's entry must not hide the names.
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM registrations WHERE reference = $1 AND erased_at IS NULL AND (channel = $2 OR $2 IS NULL)",
            )
            .bind(reference.as_str())
            .bind(filter.channel.map(|channel| channel.as_str()))
            .fetch_optional(read)
            .await?;
            if found.is_some() {
                return Ok(Some(Search::Reference(reference.as_str().to_owned())));
            }
        }
        Ok(Some(Search::Text(crate::search::fold(text))))
    }
}

/// Entries matching `filter` (and `search`, resolved from it), in its order, after the
/// keyset cursor, with `columns`.
pub(super) fn keyset_query<'a>(
    columns: &str,
    filter: &'a EntryFilter,
    search: Option<&'a Search>,
    after: Option<EntryCursor>,
    limit: u32,
) -> sqlx::QueryBuilder<'a, Db> {
    // Newest first by name or email, where the search has its own index of trigrams: the
    // index gives its entries newest first, and the list stops at the page's end, so a
    // part found in every entry ("example.org") costs no more than a rare one.
    let newest_by_trigrams = NAME_SEARCH == NameSearch::Trigrams
        && filter.order == EntryOrder::Newest
        && matches!(search, Some(Search::Text(_)));
    // Each order: its key and whether it runs down (newest, widest margin), then whether
    // equal keys run down by id (newest) or up (first come); `None` where the key is the
    // id itself, which no two entries share.
    let (key, key_down, id_down) = match filter.order {
        EntryOrder::Newest if newest_by_trigrams => ("s.rowid", true, None),
        EntryOrder::Newest => ("r.id", true, None),
        EntryOrder::Queue => ("r.waitlist_order", false, Some(false)),
        EntryOrder::Margin => ("COALESCE(r.elite_rank, -1)", true, Some(false)),
    };
    // Past the cursor, and the direction to list, for a column that runs down or up.
    let way = |down: bool| if down { ("<", "DESC") } else { (">", "ASC") };
    let source = if newest_by_trigrams {
        "registrations_search s JOIN registrations r ON r.id = s.rowid"
    } else {
        "registrations r"
    };
    let mut query = sqlx::QueryBuilder::new(format!("SELECT {columns}, {key} AS sort_key FROM {source}"));
    push_filter(&mut query, filter);
    match search {
        Some(Search::Reference(reference)) => {
            query.push(" AND r.reference = ").push_bind(reference.as_str());
        }
        Some(Search::Text(text)) => match NAME_SEARCH {
            NameSearch::Trigrams if newest_by_trigrams => {
                query.push(" AND s.search_key GLOB ").push_bind(glob_holding(text));
            }
            NameSearch::Trigrams => {
                query
                    .push(" AND r.id IN (SELECT rowid FROM registrations_search WHERE search_key GLOB ")
                    .push_bind(glob_holding(text))
                    .push(")");
            }
            NameSearch::Like => {
                let pattern = format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                query.push(" AND r.search_key LIKE ").push_bind(pattern).push(" ESCAPE '\\'");
            }
        },
        None => {}
    }
    if filter.order == EntryOrder::Queue {
        query.push(" AND r.status = 'waitlisted'");
    }
    match (after, id_down) {
        (Some(cursor), None) => {
            query.push(format!(" AND {key} {} ", way(key_down).0)).push_bind(cursor.key);
        }
        (Some(cursor), Some(id_down)) => {
            query.push(format!(" AND ({key} {} ", way(key_down).0)).push_bind(cursor.key);
            query.push(format!(" OR ({key} = ")).push_bind(cursor.key);
            query.push(format!(" AND r.id {} ", way(id_down).0)).push_bind(cursor.id).push("))");
        }
        (None, _) => {}
    }
    query.push(format!(" ORDER BY {key} {}", way(key_down).1));
    if let Some(id_down) = id_down {
        query.push(format!(", r.id {}", way(id_down).1));
    }
    query.push(" LIMIT ").push_bind(i64::from(limit));
    query
}

/// A GLOB pattern for keys that hold `text`: its `*`, `?` and `[` each in brackets, so
/// they stand for themselves.
fn glob_holding(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('*');
    for c in text.chars() {
        match c {
            '*' | '?' | '[' => pattern.extend(['[', c, ']']),
            c => pattern.push(c),
        }
    }
    pattern.push('*');
    pattern
}

/// Adds the filter's conditions, but its search (`keyset_query` adds that), to a query
/// that selects from `registrations r`.
pub(super) fn push_filter(query: &mut sqlx::QueryBuilder<'_, Db>, filter: &EntryFilter) {
    // An erased entry is in the statistics only (the dashboard's counts, which do not
    // filter), and its page says it was erased.
    query.push(" WHERE r.erased_at IS NULL");
    if let Some(channel) = filter.channel {
        query.push(" AND r.channel = ").push_bind(channel.as_str());
    }
    if let Some(status) = filter.status {
        query.push(" AND r.status = ").push_bind(status.as_str());
    }
    if let Some(distance) = filter.distance {
        query.push(" AND r.distance = ").push_bind(distance.as_str());
    }
    if let Some(nationality) = filter.nationality {
        query.push(" AND r.nationality = ").push_bind(nationality.code().to_owned());
    }
    if let Some(from) = filter.received_from {
        query.push(format!(" AND {RECEIVED_ON} >= ")).push_bind(from.to_string());
    }
    if let Some(to) = filter.received_to {
        query.push(format!(" AND {RECEIVED_ON} <= ")).push_bind(to.to_string());
    }
}

/// Counts the waiting positions of a page of entries: a waiting entry's position is how
/// many entries of its channel wait up to its place in the queue. Counted per entry in the
/// page's query, each count would read the queue from its start (a second per page with a
/// long queue). Here the page's waiting entries of a channel are taken in queue order and
/// each counts only the stretch of queue since the one before, from whichever end of the
/// queue is nearer: the newest entries are at its end, the next in line at its start,
/// and from the end a position is the channel's kept count of waiting entries less those
/// behind. A channel's stretches are counted in one statement, and all in one snapshot,
/// so the counts agree.
pub(super) async fn count_positions<'a>(
    read: &sqlx::Pool<Db>,
    rows: impl IntoIterator<Item = &'a mut EntryLineRow>,
) -> Result<(), StoreError> {
    let mut waiting: Vec<&mut EntryLineRow> = rows.into_iter().filter(|row| row.waitlist_order.is_some()).collect();
    if waiting.is_empty() {
        return Ok(());
    }
    waiting.sort_by(|a, b| (&a.edition, &a.channel, a.waitlist_order).cmp(&(&b.edition, &b.channel, b.waitlist_order)));
    let mut tx = begin_snapshot(read).await?;
    for queue in waiting.chunk_by_mut(|a, b| a.edition == b.edition && a.channel == b.channel) {
        let (edition, channel) = (queue[0].edition.clone(), queue[0].channel.clone());
        let orders: Vec<i64> = queue.iter().map(|row| row.waitlist_order.expect("only waiting rows")).collect();
        let (first, last) = (orders[0], orders[orders.len() - 1]);
        // Each end read from the queue's index (a MIN and MAX together would read the rows).
        let (start, end): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT (SELECT waitlist_order FROM registrations WHERE status = 'waitlisted' AND edition = $1 \
             AND channel = $2 ORDER BY waitlist_order LIMIT 1), (SELECT waitlist_order FROM registrations \
             WHERE status = 'waitlisted' AND edition = $1 AND channel = $2 ORDER BY waitlist_order DESC LIMIT 1)",
        )
        .bind(&edition)
        .bind(&channel)
        .fetch_one(&mut *tx)
        .await?;
        let (start, end) = (start.unwrap_or(first), end.unwrap_or(last));
        let positions = if end - last < first - start {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(entries), 0) AS BIGINT) FROM entry_counts WHERE status = 'waitlisted' \
                 AND edition = $1 AND channel = $2",
            )
            .bind(&edition)
            .bind(&channel)
            .fetch_one(&mut *tx)
            .await?;
            // From the end: those behind the last, then those behind each up to the next.
            let behind = orders.iter().copied().skip(1).chain([end]);
            let stretches: Vec<(i64, i64)> = orders.iter().copied().zip(behind).collect();
            let counts = count_waiting(&mut tx, &edition, &channel, &stretches).await?;
            let mut position = waiting - counts[counts.len() - 1];
            let mut positions = vec![0; orders.len()];
            for i in (0..orders.len()).rev() {
                positions[i] = position;
                if i > 0 {
                    position -= counts[i - 1];
                }
            }
            positions
        } else {
            // From the start: those up to the first, then those since each up to the next.
            let ahead = [start - 1].into_iter().chain(orders.iter().copied());
            let stretches: Vec<(i64, i64)> = ahead.zip(orders.iter().copied()).collect();
            let counts = count_waiting(&mut tx, &edition, &channel, &stretches).await?;
            counts
                .iter()
                .scan(0, |position, count| {
                    *position += count;
                    Some(*position)
                })
                .collect()
        };
        for (row, position) in queue.iter_mut().zip(positions) {
            row.waitlist_position = Some(position);
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The channel's waiting entries in each stretch of the queue, after its first place and
/// up to its second, in one statement.
async fn count_waiting(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: &str,
    stretches: &[(i64, i64)],
) -> Result<Vec<i64>, StoreError> {
    let mut query = sqlx::QueryBuilder::<Db>::new("WITH stretches (n, after_place, up_to) AS (");
    query.push_values(stretches.iter().enumerate(), |mut row, (n, (after, up_to))| {
        row.push_bind(n as i64).push_bind(*after).push_bind(*up_to);
    });
    query.push(") SELECT CAST((SELECT COUNT(*) FROM registrations WHERE status = 'waitlisted' AND edition = ");
    query.push_bind(edition).push(" AND channel = ").push_bind(channel);
    query.push(
        " AND waitlist_order > stretches.after_place AND waitlist_order <= stretches.up_to) AS BIGINT) \
         FROM stretches ORDER BY n",
    );
    Ok(query.build_query_scalar().persistent(false).fetch_all(&mut **tx).await?)
}

/// The waiting position of `row` in the export's snapshot of its channel's queue, which
/// is read when the export first meets the channel.
async fn snapshot_position(
    read: &sqlx::Pool<Db>,
    queues: &mut QueueSnapshot,
    row: &EntryLineRow,
) -> Result<Option<i64>, StoreError> {
    let Some(order) = row.waitlist_order else { return Ok(None) };
    if queues.queue(&row.edition, &row.channel).is_none() {
        let orders: Vec<i64> = sqlx::query_scalar(
            "SELECT waitlist_order FROM registrations WHERE status = 'waitlisted' AND edition = $1 \
             AND channel = $2 ORDER BY waitlist_order",
        )
        .bind(&row.edition)
        .bind(&row.channel)
        .fetch_all(read)
        .await?;
        queues.keep(&row.edition, &row.channel, orders);
    }
    Ok(queues.queue(&row.edition, &row.channel).map(|queue| QueueSnapshot::position_in(queue, order)))
}

impl Database {
    pub(crate) async fn list_entries(
        &self,
        filter: &EntryFilter,
        after: Option<EntryCursor>,
        limit: u32,
    ) -> Result<Vec<EntryLine>, StoreError> {
        let search = Search::of(&self.read, filter).await?;
        let mut query = keyset_query(ENTRY_LINE_COLUMNS, filter, search.as_ref(), after, limit);
        let mut rows: Vec<EntryLineRow> = query.build_query_as().persistent(false).fetch_all(&self.read).await?;
        count_positions(&self.read, &mut rows).await?;
        rows.into_iter().map(|row| row.open(&self.keys)).collect()
    }

    /// The entries of each status (of a channel), erased ones left out: from the counts
    /// the database keeps (`entry_counts`), not counted now.
    pub(crate) async fn count_by_status(&self, channel: Option<Channel>) -> Result<Vec<(Status, i64)>, StoreError> {
        let mut query =
            sqlx::QueryBuilder::new("SELECT status, CAST(SUM(entries) AS BIGINT) FROM entry_counts WHERE erased = 0");
        if let Some(channel) = channel {
            query.push(" AND channel = ").push_bind(channel.as_str());
        }
        query.push(" GROUP BY status HAVING SUM(entries) > 0");
        let rows: Vec<(String, i64)> = query.build_query_as().fetch_all(&self.read).await?;
        rows.into_iter().map(|(status, count)| Ok((status.parse().map_err(|e| corrupt("status", e))?, count))).collect()
    }

    pub(crate) async fn entry(
        &self,
        reference: &Reference,
        channel: Option<Channel>,
    ) -> Result<Option<EntryDetail>, StoreError> {
        let filter = EntryFilter { channel, ..EntryFilter::default() };
        let mut query = sqlx::QueryBuilder::new(format!("SELECT {ENTRY_DETAIL_COLUMNS} FROM registrations r"));
        push_filter(&mut query, &filter);
        query.push(" AND r.reference = ").push_bind(reference.as_str());
        let mut row: Option<EntryDetailRow> =
            query.build_query_as().persistent(false).fetch_optional(&self.read).await?;
        count_positions(&self.read, row.iter_mut().map(|row| &mut row.line)).await?;
        row.map(|row| row.open(&self.keys)).transpose()
    }

    pub(crate) async fn list_entry_details(
        &self,
        filter: &EntryFilter,
        after: Option<EntryCursor>,
        limit: u32,
        queues: &mut QueueSnapshot,
    ) -> Result<Vec<EntryDetail>, StoreError> {
        let search = Search::of(&self.read, filter).await?;
        let mut query = keyset_query(ENTRY_DETAIL_COLUMNS, filter, search.as_ref(), after, limit);
        let mut rows: Vec<EntryDetailRow> = query.build_query_as().persistent(false).fetch_all(&self.read).await?;
        for row in &mut rows {
            row.line.waitlist_position = snapshot_position(&self.read, queues, &row.line).await?;
        }
        rows.into_iter().map(|row| row.open(&self.keys)).collect()
    }

    pub(crate) async fn dashboard_counts(&self) -> Result<crate::DashboardCounts, StoreError> {
        // Every entry, erased ones too, from the counts the database keeps (`entry_counts`);
        // in one transaction, so the three agree.
        let mut tx = self.read.begin().await?;
        let by_channel_and_status: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT channel, status, CAST(SUM(entries) AS BIGINT) FROM entry_counts GROUP BY channel, status \
             HAVING SUM(entries) > 0 ORDER BY channel, status",
        )
        .fetch_all(&mut *tx)
        .await?;
        let by_distance: Vec<(String, i64)> = sqlx::query_as(
            "SELECT distance, CAST(SUM(entries) AS BIGINT) FROM entry_counts GROUP BY distance HAVING SUM(entries) > 0",
        )
        .fetch_all(&mut *tx)
        .await?;
        let by_nationality: Vec<(String, i64)> = sqlx::query_as(
            "SELECT nationality, CAST(SUM(entries) AS BIGINT) AS n FROM entry_counts GROUP BY nationality \
             HAVING SUM(entries) > 0 ORDER BY n DESC, nationality",
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(crate::DashboardCounts {
            by_channel_and_status: by_channel_and_status
                .into_iter()
                .map(|(channel, status, n)| {
                    Ok((
                        channel.parse().map_err(|e| corrupt("channel", e))?,
                        status.parse().map_err(|e| corrupt("status", e))?,
                        n,
                    ))
                })
                .collect::<Result<_, StoreError>>()?,
            by_distance: by_distance
                .into_iter()
                .map(|(distance, n)| Ok((distance.parse().map_err(|e| corrupt("distance", e))?, n)))
                .collect::<Result<_, StoreError>>()?,
            by_nationality: by_nationality
                .into_iter()
                .map(|(nationality, n)| Ok((nationality.parse().map_err(|e| corrupt("nationality", e))?, n)))
                .collect::<Result<_, StoreError>>()?,
        })
    }
}
