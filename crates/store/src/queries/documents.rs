//! Documents: runners' uploads (with an answer or from the checklist), operators' views
//! (each audited) and reviews.

use pim_domain::{DocumentKind, DocumentStatus, HistoryAction, Reference};
use time::OffsetDateTime;

use super::super::{Db, begin_write};
use super::review::apply_review_in;
use super::*;
use crate::{DocumentFile, DocumentLine, DocumentReview, DocumentUpload, DocumentView, NewDocument, ReviewChange};
use crate::{StoreError, utc};

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: i64,
    kind: String,
    content_type: String,
    file_name: String,
    size_bytes: i64,
    status: String,
    reason: Option<String>,
    reviewed_by: Option<String>,
    created_at: OffsetDateTime,
}

const DOCUMENT_COLUMNS: &str =
    "d.id, d.kind, d.content_type, d.file_name, d.size_bytes, d.status, d.reason, d.reviewed_by, d.created_at";

impl TryFrom<DocumentRow> for DocumentLine {
    type Error = StoreError;

    fn try_from(row: DocumentRow) -> Result<Self, Self::Error> {
        Ok(DocumentLine {
            id: row.id,
            kind: row.kind.parse().map_err(|e| corrupt("document kind", e))?,
            file_type: pim_domain::FileType::from_content_type(&row.content_type)
                .ok_or_else(|| corrupt("document type", &row.content_type))?,
            file_name: row.file_name,
            size_bytes: u64::try_from(row.size_bytes).map_err(|e| corrupt("document size", e))?,
            status: row.status.parse().map_err(|e| corrupt("document status", e))?,
            reason: row.reason,
            reviewed_by: row.reviewed_by,
            uploaded_at: row.created_at,
        })
    }
}

/// What an audit line says of a document: its name and the file's.
fn describe(kind: DocumentKind, file_name: &str) -> String {
    format!("{}: {file_name}", kind.label())
}

/// Stores `documents` for the entry `registration_id` (in status `status`), audited; a
/// checklist document replaces the earlier one of its kind, whose bytes go.
async fn insert_documents(
    tx: &mut sqlx::Transaction<'_, Db>,
    keys: &DataKeys,
    registration_id: i64,
    status: &str,
    documents: &[NewDocument<'_>],
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    for document in documents {
        if document.kind != DocumentKind::Attachment {
            sqlx::query("DELETE FROM documents WHERE registration_id = $1 AND kind = $2")
                .bind(registration_id)
                .bind(document.kind.as_str())
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO documents (registration_id, kind, content_type, file_name, size_bytes, content, status, \
               created_at, updated_at, data_key_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
        )
        .bind(registration_id)
        .bind(document.kind.as_str())
        .bind(document.file_type.content_type())
        .bind(document.file_name)
        .bind(i64::try_from(document.bytes.len()).map_err(|e| corrupt("document size", e))?)
        .bind(keys.seal(Sealed::Document, document.bytes))
        .bind(DocumentStatus::Received.as_str())
        .bind(at)
        .bind(i64::from(keys.newest_version()))
        .execute(&mut **tx)
        .await?;
        let note = describe(document.kind, document.file_name);
        let audit = Audit {
            actor: "runner",
            action: HistoryAction::DocumentUploaded,
            from: Some(status),
            to: status,
            note: Some(&note),
            internal_note: None,
        };
        insert_audit(tx, registration_id, audit, at).await?;
    }
    Ok(())
}

impl Database {
    /// The runner's answer to a request for information and the files sent with it.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn answer(&self, change: &ReviewChange<'_>, files: &[NewDocument<'_>]) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.write).await?;
        let id = apply_review_in(&mut tx, change).await?;
        insert_documents(&mut tx, &self.keys, id, change.to.as_str(), files, utc(change.at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Documents from the checklist; `NotFound` once the entry has ended.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn upload_documents(&self, upload: &DocumentUpload<'_>) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.write).await?;
        // An entry still open: the statuses that hold the passport.
        let entry: Option<(i64, String)> =
            sqlx::query_as(&format!("SELECT id, status FROM registrations WHERE reference = $1 AND {HOLDS_PASSPORT}"))
                .bind(upload.reference.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some((id, status)) = entry else { return Err(StoreError::NotFound) };
        insert_documents(&mut tx, &self.keys, id, &status, upload.documents, utc(upload.at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The entry's documents, oldest first, without their bytes.
    pub(crate) async fn documents(&self, reference: &Reference) -> Result<Vec<DocumentLine>, StoreError> {
        let rows: Vec<DocumentRow> = sqlx::query_as(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents d JOIN registrations r ON r.id = d.registration_id \
             WHERE r.reference = $1 ORDER BY d.id"
        ))
        .bind(reference.as_str())
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(DocumentLine::try_from).collect()
    }

    /// A document's bytes for an operator in scope, the view audited in the same
    /// transaction: no view without its trace. `None` outside the scope.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn open_document(&self, view: &DocumentView<'_>) -> Result<Option<DocumentFile>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            line: DocumentRow,
            content: Vec<u8>,
            registration_id: i64,
            registration_status: String,
        }
        let at = utc(view.at);
        let mut tx = begin_write(&self.write).await?;
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {DOCUMENT_COLUMNS}, d.content, r.id AS registration_id, r.status AS registration_status \
             FROM documents d JOIN registrations r ON r.id = d.registration_id \
             WHERE d.id = $1 AND r.reference = $2 AND ($3 IS NULL OR r.channel = $3)"
        ))
        .bind(view.document_id)
        .bind(view.reference.as_str())
        .bind(view.channel.map(|c| c.as_str()))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let line = DocumentLine::try_from(row.line)?;
        let note = describe(line.kind, &line.file_name);
        let audit = Audit {
            actor: view.actor,
            action: HistoryAction::DocumentViewed,
            from: Some(&row.registration_status),
            to: &row.registration_status,
            note: Some(&note),
            internal_note: None,
        };
        insert_audit(&mut tx, row.registration_id, audit, at).await?;
        tx.commit().await?;
        let bytes = self.keys.open(Sealed::Document, &row.content)?;
        Ok(Some(DocumentFile { line, bytes }))
    }

    /// Accepts a document or asks for it again, audited and (for a refusal) emailed.
    /// `NotFound` outside the channel; `Changed` when the document already stands so.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn review_document(&self, review: &DocumentReview<'_>) -> Result<(), StoreError> {
        let at = utc(review.at);
        let mut tx = begin_write(&self.write).await?;
        let found: Option<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT r.id, r.status, d.kind, d.file_name, d.status FROM documents d \
             JOIN registrations r ON r.id = d.registration_id WHERE d.id = $1 AND r.reference = $2 AND r.channel = $3",
        )
        .bind(review.document_id)
        .bind(review.reference.as_str())
        .bind(review.channel.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((registration_id, status, kind, file_name, document_status)) = found else {
            return Err(StoreError::NotFound);
        };
        // A refused document stays refused until the runner sends a new one.
        if document_status == review.to.as_str() || document_status == DocumentStatus::Refused.as_str() {
            return Err(StoreError::Changed);
        }
        sqlx::query(
            "UPDATE documents SET status = $1, reason = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(review.to.as_str())
        .bind(review.reason)
        .bind(review.actor)
        .bind(at)
        .bind(review.document_id)
        .execute(&mut *tx)
        .await?;
        let kind: DocumentKind = kind.parse().map_err(|e| corrupt("document kind", e))?;
        let (action, note) = match review.to {
            DocumentStatus::Refused => {
                let reason = review.reason.unwrap_or_default();
                (HistoryAction::DocumentRefused, format!("{}: {reason}", kind.label()))
            }
            _ => (HistoryAction::DocumentAccepted, describe(kind, &file_name)),
        };
        let audit = Audit {
            actor: review.actor,
            action,
            from: Some(&status),
            to: &status,
            note: Some(&note),
            internal_note: None,
        };
        insert_audit(&mut tx, registration_id, audit, at).await?;
        if let Some(token) = review.added_status_link {
            add_status_link(&mut tx, registration_id, token, at).await?;
        }
        if let Some(email) = review.email {
            queue_email(&mut tx, registration_id, email.kind, email.payload, at).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
