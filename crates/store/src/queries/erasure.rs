//! Erasure: an edition's documents and personal data once the policy's retention is over,
//! in batches that each commit on their own (so a run can stop anywhere and the next one
//! goes on), and one entry at its runner's request.

use pim_domain::{HistoryAction, RetentionRule, age_band};
use time::{Date, OffsetDateTime};

use super::super::{Db, begin_write, forget_erased};
use crate::{ErasedBatch, Erasure, RetentionPlan, RetentionReport, StoreError, utc};

use super::*;

/// What an erased date becomes: no code reads an erased entry's dates (see migration 20).
const ERASED_DATE: Date = match Date::from_calendar_date(1, time::Month::January, 1) {
    Ok(date) => date,
    Err(_) => panic!("1 January of year 1 is a date"),
};

/// Who erases: the retention rule (its description) or the runner.
pub(crate) struct Eraser<'a> {
    pub(crate) actor: &'a str,
    pub(crate) action: HistoryAction,
    /// What `erased_under` records: the rule, or the runner's request.
    pub(crate) under: &'a str,
}

/// Pushes `(1, 2, 3)` for `ids`.
fn push_ids(query: &mut sqlx::QueryBuilder<'_, Db>, ids: &[i64]) {
    query.push(" (");
    let mut list = query.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    query.push(")");
}

async fn execute_for_ids(tx: &mut sqlx::Transaction<'_, Db>, statement: &str, ids: &[i64]) -> Result<u64, StoreError> {
    let mut query = sqlx::QueryBuilder::new(statement);
    push_ids(&mut query, ids);
    Ok(query.build().persistent(false).execute(&mut **tx).await?.rows_affected())
}

/// Blanks the personal fields of `entries` (id, status, date of birth) that are not erased
/// yet, and every trace of them elsewhere: documents, status links, the notes of their
/// history, their emails' contents and errors. Returns how many were erased.
async fn erase_entries(
    tx: &mut sqlx::Transaction<'_, Db>,
    entries: &[(i64, String, Date)],
    race_day: Date,
    eraser: &Eraser<'_>,
    at: OffsetDateTime,
) -> Result<u64, StoreError> {
    let mut erased = Vec::with_capacity(entries.len());
    let mut audit = Vec::with_capacity(entries.len());
    for (id, status, date_of_birth) in entries {
        let done = sqlx::query(
            "UPDATE registrations SET given_name = '', family_name = '', email = '', search_key = '', \
               date_of_birth = $1, passport_number = '', passport_expiry = $1, passport_key = NULL, \
               emergency_contact_name = '', emergency_contact_phone = '', qualifying_date = NULL, \
               qualifying_race = NULL, qualifying_evidence_url = NULL, email_confirmation_hash = NULL, \
               status_token_hash = 'erased-' || CAST(id AS TEXT), erasure_request_hash = NULL, data_key_version = -1, \
               age_band = $2, \
               erased_at = $3, erased_under = $4, updated_at = $3, version = version + 1 \
             WHERE id = $5 AND erased_at IS NULL",
        )
        .bind(ERASED_DATE)
        .bind(age_band(*date_of_birth, race_day))
        .bind(at)
        .bind(eraser.under)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if done == 1 {
            erased.push(*id);
            let line = Audit {
                actor: eraser.actor,
                action: eraser.action,
                from: Some(status),
                to: status,
                note: None,
                internal_note: None,
            };
            audit.push(AuditEntry::new(*id, line, at));
        }
    }
    if erased.is_empty() {
        return Ok(0);
    }
    execute_for_ids(tx, "DELETE FROM documents WHERE registration_id IN", &erased).await?;
    execute_for_ids(tx, "DELETE FROM status_links WHERE registration_id IN", &erased).await?;
    execute_for_ids(tx, "UPDATE audit_log SET note = NULL, internal_note = NULL WHERE registration_id IN", &erased)
        .await?;
    // An email not yet sent can no longer be: its address is gone.
    execute_for_ids(
        tx,
        "UPDATE outbox SET status = 'failed', last_error = 'not sent: the entry was erased', lease_until_ms = NULL, \
           leased_by = NULL WHERE status = 'pending' AND registration_id IN",
        &erased,
    )
    .await?;
    execute_for_ids(
        tx,
        "UPDATE outbox SET payload = '{}', last_error = CASE WHEN status = 'failed' \
           THEN 'not sent: the entry was erased' END WHERE registration_id IN",
        &erased,
    )
    .await?;
    write_audit(tx, &audit).await?;
    Ok(erased.len() as u64)
}

impl Database {
    /// Erases the personal data of the next batch of the edition's entries not erased yet.
    pub(crate) async fn erase_personal_data(
        &self,
        edition: &str,
        race_day: Date,
        eraser: &Eraser<'_>,
        at: OffsetDateTime,
        limit: i64,
    ) -> Result<ErasedBatch, StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let entries: Vec<(i64, String, Date)> = sqlx::query_as(
            "SELECT id, status, date_of_birth FROM registrations WHERE edition = $1 AND erased_at IS NULL \
             ORDER BY id LIMIT $2",
        )
        .bind(edition)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let entries_erased = erase_entries(&mut tx, &entries, race_day, eraser, at).await?;
        tx.commit().await?;
        Ok(ErasedBatch { entries: entries_erased, documents: 0, more: entries.len() as i64 == limit })
    }

    /// Deletes the documents of the next batch of the edition's entries that have some.
    pub(crate) async fn erase_documents(
        &self,
        edition: &str,
        actor: &str,
        at: OffsetDateTime,
        limit: i64,
    ) -> Result<ErasedBatch, StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let entries: Vec<(i64, String)> = sqlx::query_as(
            "SELECT r.id, r.status FROM registrations r WHERE r.edition = $1 \
               AND EXISTS (SELECT 1 FROM documents d WHERE d.registration_id = r.id) ORDER BY r.id LIMIT $2",
        )
        .bind(edition)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        if entries.is_empty() {
            tx.commit().await?;
            return Ok(ErasedBatch { entries: 0, documents: 0, more: false });
        }
        let ids: Vec<i64> = entries.iter().map(|(id, _)| *id).collect();
        let documents = execute_for_ids(&mut tx, "DELETE FROM documents WHERE registration_id IN", &ids).await?;
        let audit: Vec<AuditEntry> = entries
            .iter()
            .map(|(id, status)| {
                let line = Audit {
                    actor,
                    action: HistoryAction::DocumentsErased,
                    from: Some(status),
                    to: status,
                    note: None,
                    internal_note: None,
                };
                AuditEntry::new(*id, line, at)
            })
            .collect();
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(ErasedBatch { entries: ids.len() as u64, documents, more: entries.len() as i64 == limit })
    }

    /// Records the runner's request to erase the entry `reference` and queues the email
    /// whose link (`token`) confirms it; a new request replaces the link of an earlier one.
    /// False when the entry is already erased.
    pub(crate) async fn request_erasure(
        &self,
        reference: &pim_domain::Reference,
        token: &pim_domain::StatusToken,
        payload: &pim_domain::EmailPayload,
        at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let at = utc(at);
        let mut tx = begin_write(&self.write).await?;
        let requested: Option<(i64, String)> = sqlx::query_as(
            "UPDATE registrations SET erasure_request_hash = $1, erasure_requested_at = $2 \
             WHERE reference = $3 AND erased_at IS NULL RETURNING id, status",
        )
        .bind(token.hash())
        .bind(at)
        .bind(reference.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, status)) = requested else { return Ok(false) };
        let audit = Audit {
            actor: "runner",
            action: HistoryAction::ErasureRequested,
            from: Some(&status),
            to: &status,
            note: None,
            internal_note: None,
        };
        insert_audit(&mut tx, id, audit, at).await?;
        queue_email(&mut tx, id, pim_domain::EmailKind::ErasureRequested, payload, at).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The entry whose erasure link carries `token`, if it was asked for after
    /// `requested_after` and the entry is not erased yet.
    pub(crate) async fn find_by_erasure_request(
        &self,
        token: &pim_domain::StatusToken,
        requested_after: OffsetDateTime,
    ) -> Result<Option<pim_domain::RegistrationSummary>, StoreError> {
        let row: Option<SummaryRow> = sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM registrations r WHERE r.erasure_request_hash = $1 \
               AND r.erasure_requested_at > $2 AND r.erased_at IS NULL"
        ))
        .bind(token.hash())
        .bind(utc(requested_after))
        .fetch_optional(&self.write)
        .await?;
        row.map(pim_domain::RegistrationSummary::try_from).transpose()
    }

    /// Erases the entry whose erasure link carries `token` (asked for after
    /// `requested_after`): true if it did. The caller has released its place first.
    pub(crate) async fn erase_at_runners_request(
        &self,
        token: &pim_domain::StatusToken,
        requested_after: OffsetDateTime,
        race_day: Date,
        at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let entry: Option<(i64, String, Date)> = sqlx::query_as(
            "SELECT id, status, date_of_birth FROM registrations WHERE erasure_request_hash = $1 \
               AND erasure_requested_at > $2 AND erased_at IS NULL",
        )
        .bind(token.hash())
        .bind(utc(requested_after))
        .fetch_optional(&mut *tx)
        .await?;
        let eraser =
            Eraser { actor: "runner", action: HistoryAction::ErasedAtRunnersRequest, under: crate::RUNNERS_REQUEST };
        let erased = erase_entries(&mut tx, entry.as_slice(), race_day, &eraser, utc(at)).await?;
        tx.commit().await?;
        if erased > 0 {
            forget_erased(&self.write).await?;
        }
        Ok(erased > 0)
    }

    /// When and why the entry `reference` (of `channel`, if given) was erased, if it was.
    pub(crate) async fn erasure(
        &self,
        reference: &pim_domain::Reference,
        channel: Option<pim_domain::Channel>,
    ) -> Result<Option<Erasure>, StoreError> {
        let row: Option<(String, OffsetDateTime, String)> = sqlx::query_as(
            "SELECT channel, erased_at, erased_under FROM registrations WHERE reference = $1 AND erased_at IS NOT NULL",
        )
        .bind(reference.as_str())
        .fetch_optional(&self.read)
        .await?;
        Ok(row
            .filter(|(stored, _, _)| channel.is_none_or(|channel| channel.as_str() == stored))
            .map(|(_, at, under)| Erasure { at, under }))
    }

    /// Drops what operators searched for from the export lines of the operators' audit
    /// written before `before`: a search may be a runner's name.
    pub(crate) async fn scrub_operator_searches(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let lines: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, detail FROM operator_audit WHERE action = 'export' AND created_at < $1 AND detail LIKE '% q=%'",
        )
        .bind(before)
        .fetch_all(&mut *tx)
        .await?;
        let mut scrubbed = 0;
        for (id, detail) in lines {
            let Some(kept) = without_search(&detail) else { continue };
            sqlx::query("UPDATE operator_audit SET detail = $1 WHERE id = $2")
                .bind(kept)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            scrubbed += 1;
        }
        tx.commit().await?;
        Ok(scrubbed)
    }
}

impl Database {
    /// Erases, batch by batch, what `plan`'s retention makes due on its day, telling
    /// `progress` after each batch that erased something; then audits the run.
    pub(crate) async fn run_retention(
        &self,
        plan: &RetentionPlan<'_>,
        progress: &mut (dyn FnMut(RetentionRule, ErasedBatch) + Send),
    ) -> Result<RetentionReport, StoreError> {
        let RetentionPlan { edition, race_day, retention, today, at, entries_per_batch } = *plan;
        let limit = i64::from(entries_per_batch.max(1));
        let at = utc(at);
        let mut report = RetentionReport::default();
        let mut rules = Vec::new();
        if retention.is_due(RetentionRule::Documents, race_day, today) {
            let rule = retention.describe(RetentionRule::Documents, race_day);
            let actor = format!("retention ({rule})");
            loop {
                let batch = self.erase_documents(edition, &actor, at, limit).await?;
                report.documents.0 += batch.entries;
                report.documents.1 += batch.documents;
                if batch.entries > 0 {
                    progress(RetentionRule::Documents, batch);
                }
                if !batch.more {
                    break;
                }
            }
            rules.push(format!("{rule}: {} documents of {} entries", report.documents.1, report.documents.0));
        }
        if retention.is_due(RetentionRule::PersonalData, race_day, today) {
            let rule = retention.describe(RetentionRule::PersonalData, race_day);
            let actor = format!("retention ({rule})");
            let eraser = Eraser { actor: &actor, action: HistoryAction::PersonalDataErased, under: &rule };
            loop {
                let batch = self.erase_personal_data(edition, race_day, &eraser, at, limit).await?;
                report.personal_data += batch.entries;
                if batch.entries > 0 {
                    progress(RetentionRule::PersonalData, batch);
                }
                if !batch.more {
                    break;
                }
            }
            let due = retention.erases_from(RetentionRule::PersonalData, race_day).midnight().assume_utc();
            report.searches = self.scrub_operator_searches(due).await?;
            rules.push(format!("{rule}: {} entries, {} searches", report.personal_data, report.searches));
        }
        if report != RetentionReport::default() {
            let detail = format!("edition={edition} as_of={today} {}", rules.join("; "));
            self.audit_operator_action("retention", "retention_run", &detail, at).await?;
            forget_erased(&self.write).await?;
        }
        Ok(report)
    }
}

/// An export's audit detail with its search (`q=...`, up to the next ` full_passports=`)
/// replaced by `q=(erased)`; `None` when there was no search or it is already erased.
fn without_search(detail: &str) -> Option<String> {
    let (before, rest) = detail.split_once(" q=")?;
    let after = rest.find(" full_passports=").map_or("", |at| &rest[at..]);
    let search = &rest[..rest.len() - after.len()];
    if search.is_empty() || search == "(erased)" {
        return None;
    }
    Some(format!("{before} q=(erased){after}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_exports_search_is_erased_and_the_rest_kept() {
        let detail = "channel=all status= distance= nationality= from= to= q=Kim Jong full_passports=true";
        assert_eq!(
            super::without_search(detail).as_deref(),
            Some("channel=all status= distance= nationality= from= to= q=(erased) full_passports=true")
        );
        assert_eq!(super::without_search("channel=all q= full_passports=false"), None);
        assert_eq!(super::without_search("channel=all q=(erased) full_passports=false"), None);
    }
}
