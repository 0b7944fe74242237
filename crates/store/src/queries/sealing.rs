//! The data keys in the database: their check values, the sealing of data stored in clear
//! before sealing existed, and re-sealing under the newest key (`pim keys rotate`).

use pim_domain::PassportNumber;

use super::super::begin_write;
use super::*;
use crate::pending::SealedFields;
use crate::{Resealed, utc};

/// Registrations sealed or re-sealed per transaction: each is a few small values.
const REGISTRATIONS_PER_BATCH: i64 = 500;
/// Documents per transaction: each may be megabytes.
const DOCUMENTS_PER_BATCH: i64 = 16;

impl Database {
    /// Recognises the data key: each key the database knows must be the one given, and a
    /// key that is not given must seal nothing any more. Keys the database does not know
    /// yet are recorded. A refusal changes nothing.
    pub(crate) async fn check_data_keys(&self) -> Result<(), StoreError> {
        let now = utc(time::OffsetDateTime::now_utc());
        let given = self.keys.check_values();
        let mut tx = begin_write(&self.write).await?;
        // Recorded first, so that two instances starting at once with different keys
        // cannot both be right: the second finds the first's check values.
        for (name, check_value) in &given {
            sqlx::query(
                "INSERT INTO data_keys (name, check_value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(check_value)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let known: Vec<(String, String)> =
            sqlx::query_as("SELECT name, check_value FROM data_keys ORDER BY name").fetch_all(&mut *tx).await?;
        for (name, check_value) in known {
            match given.iter().find(|(given_name, _)| *given_name == name) {
                Some((_, given_value)) if *given_value == check_value => {}
                Some(_) => {
                    return Err(StoreError::DataKey(format!(
                        "key {name} of the data key is not the key {name} this database was sealed with: start \
                         with the database's own data key (PIM_DATA_KEY or PIM_DATA_KEY_FILE); nothing was changed"
                    )));
                }
                None => {
                    let version: i64 = name.parse().map_err(|e| corrupt("data key name", e))?;
                    let sealing: bool = sqlx::query_scalar(
                        "SELECT EXISTS (SELECT 1 FROM registrations WHERE data_key_version = $1) \
                           OR EXISTS (SELECT 1 FROM documents WHERE data_key_version = $1)",
                    )
                    .bind(version)
                    .fetch_one(&mut *tx)
                    .await?;
                    if sealing {
                        return Err(StoreError::DataKey(format!(
                            "this database holds data sealed with key {name}, which the data key given does not \
                             hold: add it back (and run `pim keys rotate` before removing it); nothing was changed"
                        )));
                    }
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether any key's check value is recorded (false before the table exists).
    pub(crate) async fn knows_data_keys(&self) -> Result<bool, StoreError> {
        match sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM data_keys").fetch_one(&self.read).await {
            Ok(count) => Ok(count > 0),
            Err(sqlx::Error::Database(_)) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// Seals what was stored in clear before sealing existed, a batch per transaction:
    /// an interrupted start finishes at the next.
    pub(crate) async fn seal_data_in_clear(&self) -> Result<(), StoreError> {
        loop {
            let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT id, passport_number, emergency_contact_name, emergency_contact_phone FROM registrations \
                 WHERE data_key_version = 0 ORDER BY id LIMIT $1",
            )
            .bind(REGISTRATIONS_PER_BATCH)
            .fetch_all(&self.write)
            .await?;
            if rows.is_empty() {
                break;
            }
            let mut tx = begin_write(&self.write).await?;
            for (id, passport, name, phone) in rows {
                let passport: PassportNumber = passport.parse().map_err(|e| corrupt("passport", e))?;
                let sealed = SealedFields::from_clear(&self.keys, &passport, &name, &phone);
                update_sealed(&mut tx, id, &sealed, Some(&self.keys.passport_key(&passport)), None).await?;
            }
            tx.commit().await?;
        }
        let mut after_id = 0;
        while let Some(last_id) = self.reseal_documents(after_id, true).await?.last_id {
            after_id = last_id;
        }
        Ok(())
    }

    /// Re-seals, under the newest key, the registrations after `after_id` (by id, a batch)
    /// sealed under an older one. Each value is replaced only if unchanged since it was
    /// read, so a correction made meanwhile is never overwritten.
    pub(crate) async fn reseal_registrations(&self, after_id: i64) -> Result<Resealed, StoreError> {
        // Every key is at most the newest (the start's check); 0 is still in clear, which the
        // start seals.
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, passport_number, emergency_contact_name, emergency_contact_phone FROM registrations \
             WHERE id > $1 AND data_key_version BETWEEN 1 AND $2 ORDER BY id LIMIT $3",
        )
        .bind(after_id)
        .bind(i64::from(self.keys.newest_version()) - 1)
        .bind(REGISTRATIONS_PER_BATCH)
        .fetch_all(&self.read)
        .await?;
        let mut progress = Resealed { last_id: rows.last().map(|row| row.0), resealed: 0 };
        if rows.is_empty() {
            return Ok(progress);
        }
        let mut tx = begin_write(&self.write).await?;
        for (id, passport, name, phone) in rows {
            let keys = &self.keys;
            let passport_number: PassportNumber =
                keys.open_text(Sealed::PassportNumber, &passport)?.parse().map_err(|e| corrupt("passport", e))?;
            let sealed = SealedFields::from_clear(
                keys,
                &passport_number,
                &keys.open_text(Sealed::EmergencyContactName, &name)?,
                &keys.open_text(Sealed::EmergencyContactPhone, &phone)?,
            );
            let read = [passport.as_str(), name.as_str(), phone.as_str()];
            progress.resealed += update_sealed(&mut tx, id, &sealed, None, Some(read)).await?;
        }
        tx.commit().await?;
        Ok(progress)
    }

    /// Re-seals, under the newest key, the documents after `after_id` (by id, a batch)
    /// sealed under another key, or only those still in clear. A document's bytes never
    /// change once stored, so its key's number is enough to know it is still the one read.
    pub(crate) async fn reseal_documents(&self, after_id: i64, only_in_clear: bool) -> Result<Resealed, StoreError> {
        let newest = i64::from(self.keys.newest_version());
        // Every key is at most the newest (the start's check): older is below it.
        let below = if only_in_clear { 1 } else { newest };
        let rows: Vec<(i64, i64, Vec<u8>)> = sqlx::query_as(
            "SELECT id, CAST(data_key_version AS BIGINT), content FROM documents WHERE id > $1 AND data_key_version < $2 \
             ORDER BY id LIMIT $3",
        )
        .bind(after_id)
        .bind(below)
        .bind(DOCUMENTS_PER_BATCH)
        .fetch_all(&self.read)
        .await?;
        let mut progress = Resealed { last_id: rows.last().map(|row| row.0), resealed: 0 };
        if rows.is_empty() {
            return Ok(progress);
        }
        let mut tx = begin_write(&self.write).await?;
        for (id, version, content) in rows {
            let clear = if version == 0 { content } else { self.keys.open(Sealed::Document, &content)? };
            let done = sqlx::query(
                "UPDATE documents SET content = $1, data_key_version = $2 WHERE id = $3 AND data_key_version = $4",
            )
            .bind(self.keys.seal(Sealed::Document, &clear))
            .bind(newest)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?;
            progress.resealed += done.rows_affected();
        }
        tx.commit().await?;
        Ok(progress)
    }

    /// How many registrations and documents are sealed under a key older than the newest
    /// (or still in clear).
    pub(crate) async fn count_not_under_newest_key(&self) -> Result<(u64, u64), StoreError> {
        let newest = i64::from(self.keys.newest_version());
        let (registrations, documents): (i64, i64) = sqlx::query_as(
            // An erased entry (-1) holds nothing sealed.
            "SELECT (SELECT COUNT(*) FROM registrations WHERE data_key_version <> $1 AND data_key_version >= 0), \
                    (SELECT COUNT(*) FROM documents WHERE data_key_version <> $1)",
        )
        .bind(newest)
        .fetch_one(&self.read)
        .await?;
        Ok((registrations.unsigned_abs(), documents.unsigned_abs()))
    }
}

/// Writes a registration's sealed fields (and its passport key, when given), if its stored
/// values are still `read` (when given). The number of rows changed.
async fn update_sealed(
    tx: &mut sqlx::Transaction<'_, Db>,
    id: i64,
    sealed: &SealedFields,
    passport_key: Option<&str>,
    read: Option<[&str; 3]>,
) -> Result<u64, StoreError> {
    let mut update = sqlx::QueryBuilder::<Db>::new("UPDATE registrations SET passport_number = ");
    update
        .push_bind(sealed.passport_number.as_str())
        .push(", emergency_contact_name = ")
        .push_bind(sealed.emergency_contact_name.as_str())
        .push(", emergency_contact_phone = ")
        .push_bind(sealed.emergency_contact_phone.as_str())
        .push(", data_key_version = ")
        .push_bind(i64::from(sealed.data_key_version));
    if let Some(passport_key) = passport_key {
        update.push(", passport_key = ").push_bind(passport_key);
    }
    update.push(" WHERE id = ").push_bind(id);
    match read {
        None => update.push(" AND data_key_version = 0"),
        Some([passport, name, phone]) => update
            .push(" AND passport_number = ")
            .push_bind(passport)
            .push(" AND emergency_contact_name = ")
            .push_bind(name)
            .push(" AND emergency_contact_phone = ")
            .push_bind(phone),
    };
    Ok(update.build().persistent(false).execute(&mut **tx).await?.rows_affected())
}
