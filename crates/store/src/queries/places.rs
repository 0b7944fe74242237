//! Places and the waiting list: the counts the domain's engine decides from, and promotions.

use pim_domain::{
    Channel, Distance, EmailKind, EmailPayload, HistoryAction, Places, Quota, QuotaScope, Reference, Status,
};
use time::OffsetDateTime;

use super::super::{Db, begin_write, lock_places};
use crate::{QuotaChanged, QuotaLine};
use crate::{StoreError, utc};

use super::*;

/// The channel's places in force: the policy's, with the secretariat's changes.
pub(super) async fn quota_in_force(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
    policy: &Quota,
) -> Result<Quota, StoreError> {
    let changes: Vec<(String, i64)> =
        sqlx::query_as(QUOTA_CHANGES).bind(edition).bind(channel.as_str()).fetch_all(&mut **tx).await?;
    with_changes(policy, changes)
}

/// The quota changes of a channel ($1 edition, $2 channel): scope and places.
const QUOTA_CHANGES: &str = "SELECT scope, places FROM quota_changes WHERE edition = $1 AND channel = $2";

/// The policy's quota with the operators' changes applied.
fn with_changes(policy: &Quota, changes: Vec<(String, i64)>) -> Result<Quota, StoreError> {
    changes.into_iter().try_fold(policy.clone(), |quota, (scope, places)| {
        let scope: QuotaScope = scope.parse().map_err(|e| corrupt("quota scope", e))?;
        Ok(quota.with_limit(scope, non_negative("quota", places)?))
    })
}

/// The places held in a channel, by race, for the domain's engine: from the counts the
/// database keeps (`entry_counts`), which its triggers change in the transaction of each
/// change, so that a batch of registrations reads them without counting the channel.
pub(super) async fn held_by_race(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
) -> Result<Vec<(Distance, u64)>, StoreError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as(&held_by_race_sql()).bind(edition).bind(channel.as_str()).fetch_all(&mut **tx).await?;
    by_race(rows)
}

/// The places held in a channel ($1 edition, $2 channel), by race: race and count.
fn held_by_race_sql() -> String {
    format!(
        "SELECT distance, CAST(SUM(entries) AS BIGINT) FROM entry_counts WHERE edition = $1 AND channel = $2 \
         AND {HOLDS_PLACE} GROUP BY distance"
    )
}

/// The entries waiting in a channel ($1 edition, $2 channel), by race: race and count.
const WAITING_BY_RACE: &str = "SELECT distance, CAST(SUM(entries) AS BIGINT) FROM entry_counts \
     WHERE edition = $1 AND channel = $2 AND status = 'waitlisted' GROUP BY distance";

/// The `waitlist_order` of a channel's last entry waiting ($1 edition, $2 channel), read
/// at the end of the waiting list's index.
const LAST_IN_QUEUE: &str = "SELECT waitlist_order FROM registrations WHERE edition = $1 AND channel = $2 \
     AND status = 'waitlisted' ORDER BY waitlist_order DESC LIMIT 1";

/// What a batch of registrations needs of a channel's places, in one statement (each is
/// a round trip, and the batch reads this while it holds the place lock that the next
/// batch waits for): the quota in force, the places held and waiting by race, and the
/// `waitlist_order` of the last entry waiting (0 if none).
pub(super) async fn batch_places(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
    policy: &Quota,
) -> Result<(Places, i64), StoreError> {
    // Each part's rows, tagged with the part they answer.
    let sql = format!(
        "SELECT 'quota', scope, places FROM ({QUOTA_CHANGES}) AS quota \
         UNION ALL SELECT 'held', held.* FROM ({held}) AS held \
         UNION ALL SELECT 'waiting', waiting.* FROM ({WAITING_BY_RACE}) AS waiting \
         UNION ALL SELECT 'last', '', COALESCE(({LAST_IN_QUEUE}), 0)",
        held = held_by_race_sql()
    );
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as(&sql).bind(edition).bind(channel.as_str()).fetch_all(&mut **tx).await?;
    let (mut changes, mut held, mut waiting, mut last_in_queue) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for (part, key, n) in rows {
        match part.as_str() {
            "quota" => changes.push((key, n)),
            "held" => held.push((key, n)),
            "waiting" => waiting.push((key, n)),
            _ => last_in_queue = n,
        }
    }
    let places = Places::new(with_changes(policy, changes)?, by_race(held)?, by_race(waiting)?);
    Ok((places, last_in_queue))
}

/// Counts by race as the database gives them.
pub(super) fn by_race(rows: Vec<(String, i64)>) -> Result<Vec<(Distance, u64)>, StoreError> {
    rows.into_iter()
        .map(|(distance, n)| {
            let n = u64::try_from(n).map_err(|_| corrupt("count", format!("{n} is negative")))?;
            Ok((distance.parse().map_err(|e| corrupt("distance", e))?, n))
        })
        .collect()
}

/// The channel's waiting entries, next in line first: id and race.
pub(super) async fn waiting_entries(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
) -> Result<Vec<(i64, Distance)>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, distance FROM registrations WHERE edition = $1 AND channel = $2 AND status = 'waitlisted' \
         ORDER BY waitlist_order, id",
    )
    .bind(edition)
    .bind(channel.as_str())
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter().map(|(id, distance)| Ok((id, distance.parse().map_err(|e| corrupt("distance", e))?))).collect()
}

/// How many entries of the channel wait, by race: from the kept counts, like
/// `held_by_race`, since a rush makes the list long.
pub(super) async fn waiting_by_race(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
) -> Result<Vec<(Distance, u64)>, StoreError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as(WAITING_BY_RACE).bind(edition).bind(channel.as_str()).fetch_all(&mut **tx).await?;
    by_race(rows)
}

/// The domain's engine counts an entry stored with `status`.
pub(super) fn count_in(places: &mut Places, status: Status, distance: Distance) {
    if status == Status::Waitlisted {
        places.wait(distance);
    } else if status.holds_place() {
        places.take(distance);
    }
}

/// Gives the channel's free places to the entries waiting, next in line first, skipping
/// those whose race is full; each is audited and emailed. Runs inside the transaction
/// that freed the places. Returns the entries promoted (id and reference), in order.
pub(super) async fn promote_waiting(
    tx: &mut sqlx::Transaction<'_, Db>,
    edition: &str,
    channel: Channel,
    policy: &Quota,
    at: OffsetDateTime,
) -> Result<Vec<(i64, Reference)>, StoreError> {
    let quota = quota_in_force(tx, edition, channel, policy).await?;
    let mut places = Places::new(quota, held_by_race(tx, edition, channel).await?, []);
    // The domain chooses; this only writes what it chose.
    let chosen = places.promote(waiting_entries(tx, edition, channel).await?);
    let mut promoted = Vec::new();
    for id in chosen {
        let reference: String = sqlx::query_scalar(
            "UPDATE registrations SET status = 'submitted', waitlist_order = NULL, version = version + 1, \
             updated_at = $1 WHERE id = $2 RETURNING reference",
        )
        .bind(at)
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        insert_audit(
            tx,
            id,
            Audit {
                actor: "system",
                action: HistoryAction::Promoted,
                from: Some("waitlisted"),
                to: "submitted",
                note: Some("a place became free"),
                internal_note: None,
            },
            at,
        )
        .await?;
        queue_email(tx, id, EmailKind::Promoted, &EmailPayload::default(), at).await?;
        tracing::info!(registration_id = id, "promoted from the waiting list");
        promoted.push((id, reference.parse().map_err(|e| corrupt("reference", e))?));
    }
    Ok(promoted)
}

/// Takes the places of the channel of the entry `reference`, if it exists (see
/// `lock_places`): before a review or promotion reads or changes them.
pub(super) async fn lock_places_of(
    tx: &mut sqlx::Transaction<'_, Db>,
    reference: &Reference,
    channel: Channel,
) -> Result<(), StoreError> {
    let edition: Option<String> = sqlx::query_scalar("SELECT edition FROM registrations WHERE reference = $1")
        .bind(reference.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(edition) = edition {
        lock_places(tx, &edition, channel).await?;
    }
    Ok(())
}

impl Database {
    #[tracing::instrument(skip_all, fields(channel = change.channel.as_str(), scope = change.scope.as_str()))]
    pub(crate) async fn set_quota(&self, change: &crate::QuotaChange<'_>) -> Result<QuotaChanged, StoreError> {
        let at = utc(change.at);
        let channel = change.channel;
        let mut tx = begin_write(&self.write).await?;
        lock_places(&mut tx, change.edition, channel).await?;
        let before = quota_in_force(&mut tx, change.edition, channel, change.policy).await?.limit(change.scope);
        match change.places {
            Some(places) => sqlx::query(
                "INSERT INTO quota_changes (edition, channel, scope, places, changed_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (edition, channel, scope) \
                 DO UPDATE SET places = excluded.places, changed_by = excluded.changed_by, updated_at = excluded.updated_at",
            )
            .bind(change.edition)
            .bind(channel.as_str())
            .bind(change.scope.as_str())
            .bind(i64::from(places))
            .bind(change.actor)
            .bind(at),
            None => sqlx::query("DELETE FROM quota_changes WHERE edition = $1 AND channel = $2 AND scope = $3")
                .bind(change.edition)
                .bind(channel.as_str())
                .bind(change.scope.as_str()),
        }
        .execute(&mut *tx)
        .await?;
        let after = quota_in_force(&mut tx, change.edition, channel, change.policy).await?.limit(change.scope);
        let promoted: Vec<Reference> = promote_waiting(&mut tx, change.edition, channel, change.policy, at)
            .await?
            .into_iter()
            .map(|(_, reference)| reference)
            .collect();
        let shown = |places: Option<u32>| places.map_or("no limit".to_owned(), |n| n.to_string());
        let detail = format!(
            "{} {}: {} -> {}{}; {} promoted",
            channel.as_str(),
            change.scope.as_str(),
            shown(before),
            shown(after),
            if change.places.is_none() { " (the policy's)" } else { "" },
            promoted.len()
        );
        insert_operator_audit(&mut *tx, change.actor, "quota_changed", &detail, at).await?;
        tx.commit().await?;
        tracing::info!(%detail, "quota changed");
        Ok(QuotaChanged { before, after, promoted })
    }

    pub(crate) async fn quota_lines(
        &self,
        edition: &str,
        channel: Channel,
        policy: &Quota,
    ) -> Result<Vec<QuotaLine>, StoreError> {
        // Read in one transaction so the numbers agree with each other.
        let mut tx = self.read.begin().await?;
        let quota = quota_in_force(&mut tx, edition, channel, policy).await?;
        let places = Places::new(
            quota,
            held_by_race(&mut tx, edition, channel).await?,
            waiting_by_race(&mut tx, edition, channel).await?,
        );
        let changes: Vec<(String, String, OffsetDateTime)> = sqlx::query_as(
            "SELECT scope, changed_by, updated_at FROM quota_changes WHERE edition = $1 AND channel = $2",
        )
        .bind(edition)
        .bind(channel.as_str())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(QuotaScope::ALL
            .into_iter()
            .map(|scope| {
                let (held, waiting) = match scope {
                    QuotaScope::Total => (places.held_total(), places.waiting_total()),
                    QuotaScope::Race(distance) => (places.held_in(distance), places.waiting_in(distance)),
                };
                QuotaLine {
                    channel,
                    scope,
                    policy_places: policy.limit(scope),
                    places: places.quota().limit(scope),
                    changed: changes
                        .iter()
                        .find(|(changed, _, _)| changed == scope.as_str())
                        .map(|(_, by, at)| (by.clone(), *at)),
                    held: i64::try_from(held).unwrap_or(i64::MAX),
                    waiting: i64::try_from(waiting).unwrap_or(i64::MAX),
                }
            })
            .collect())
    }
}
