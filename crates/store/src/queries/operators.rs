//! Operators: their accounts, passwords, sign-in failures and the audit of their management.

use std::time::Duration;

use pim_domain::Organisation;
use time::OffsetDateTime;

use super::super::Db;
use crate::{Operator, PasswordChosenBy, StoreError, from_unix_ms, unix_ms, utc};

use super::*;

/// The stored flag for a password someone else chose.
pub(super) fn change_required(chosen_by: PasswordChosenBy) -> i64 {
    i64::from(chosen_by == PasswordChosenBy::SomeoneElse)
}

#[derive(sqlx::FromRow)]
pub(super) struct OperatorRow {
    pub(super) id: i64,
    pub(super) email: String,
    pub(super) organisation: String,
    pub(super) password_hash: String,
    pub(super) disabled_at: Option<OffsetDateTime>,
    pub(super) password_change_required: i64,
}

impl TryFrom<OperatorRow> for Operator {
    type Error = StoreError;

    fn try_from(row: OperatorRow) -> Result<Self, Self::Error> {
        Ok(Operator {
            id: row.id,
            email: row.email,
            organisation: row.organisation.parse().map_err(|e| corrupt("organisation", e))?,
            password_hash: row.password_hash,
            disabled: row.disabled_at.is_some(),
            password_change_required: row.password_change_required != 0,
        })
    }
}

/// Writes one line of the operators' audit, on its own or inside a change's transaction.
pub(super) async fn insert_operator_audit<'c>(
    executor: impl sqlx::Executor<'c, Database = Db>,
    actor: &str,
    action: &str,
    detail: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO operator_audit (actor, action, detail, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(actor)
    .bind(action)
    .bind(detail)
    .bind(at)
    .execute(executor)
    .await?;
    Ok(())
}

pub(super) const OPERATOR_COLUMNS: &str =
    "id, email, organisation, password_hash, disabled_at, password_change_required";

impl Database {
    pub(crate) async fn audit_operator_action(
        &self,
        actor: &str,
        action: &str,
        detail: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        insert_operator_audit(&self.write, actor, action, detail, utc(now)).await
    }

    pub(crate) async fn add_operator(
        &self,
        email: &str,
        organisation: Organisation,
        password_hash: &str,
        chosen_by: PasswordChosenBy,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let inserted = sqlx::query_scalar(
            "INSERT INTO operators (email, organisation, password_hash, password_change_required, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(email)
        .bind(organisation.as_str())
        .bind(password_hash)
        .bind(change_required(chosen_by))
        .bind(utc(now))
        .fetch_one(&self.write)
        .await;
        match inserted {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::DuplicateOperator),
            other => Ok(other?),
        }
    }

    pub(crate) async fn operator_where(&self, condition: &str, value: &str) -> Result<Option<Operator>, StoreError> {
        let row: Option<OperatorRow> =
            sqlx::query_as(&format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE {condition}"))
                .bind(value)
                .fetch_optional(&self.read)
                .await?;
        row.map(Operator::try_from).transpose()
    }

    pub(crate) async fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        let rows: Vec<OperatorRow> =
            sqlx::query_as(&format!("SELECT {OPERATOR_COLUMNS} FROM operators ORDER BY organisation, email"))
                .fetch_all(&self.read)
                .await?;
        rows.into_iter().map(Operator::try_from).collect()
    }

    pub(crate) async fn sign_in_wait(
        &self,
        email: &str,
        address: &str,
        now: OffsetDateTime,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        let until: Option<i64> = sqlx::query_scalar(
            "SELECT next_attempt_at_ms FROM sign_in_failures WHERE email = $1 AND address = $2 AND next_attempt_at_ms > $3",
        )
        .bind(email)
        .bind(address)
        .bind(unix_ms(now))
        .fetch_optional(&self.read)
        .await?;
        Ok(until.and_then(from_unix_ms))
    }

    pub(crate) async fn record_sign_in_failure(
        &self,
        email: &str,
        address: &str,
        now: OffsetDateTime,
        forget_after: Duration,
        wait_after: fn(u32) -> Duration,
    ) -> Result<u32, StoreError> {
        let failures: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_failures (email, address, failures, next_attempt_at_ms, last_failure_at_ms) \
             VALUES ($1, $2, 1, $3, $3) \
             ON CONFLICT (email, address) DO UPDATE SET \
               failures = CASE WHEN sign_in_failures.last_failure_at_ms < $4 THEN 1 ELSE sign_in_failures.failures + 1 END, \
               last_failure_at_ms = $3 \
             RETURNING failures",
        )
        .bind(email)
        .bind(address)
        .bind(unix_ms(now))
        .bind(unix_ms(now - forget_after))
        .fetch_one(&self.write)
        .await?;
        let failures = u32::try_from(failures).unwrap_or(u32::MAX);
        sqlx::query("UPDATE sign_in_failures SET next_attempt_at_ms = $3 WHERE email = $1 AND address = $2")
            .bind(email)
            .bind(address)
            .bind(unix_ms(now + wait_after(failures)))
            .execute(&self.write)
            .await?;
        Ok(failures)
    }

    pub(crate) async fn clear_sign_in_failures(&self, email: &str, address: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 AND address = $2")
            .bind(email)
            .bind(address)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub(crate) async fn forget_sign_in_failures(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        let done =
            sqlx::query("DELETE FROM sign_in_failures WHERE last_failure_at_ms < $1 AND next_attempt_at_ms < $1")
                .bind(unix_ms(before))
                .execute(&self.write)
                .await?;
        Ok(done.rows_affected())
    }

    pub(crate) async fn set_operator_disabled(
        &self,
        id: i64,
        disabled: bool,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE operators SET disabled_at = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(disabled.then_some(utc(now)))
            .bind(utc(now))
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub(crate) async fn set_operator_password(
        &self,
        id: i64,
        password_hash: &str,
        chosen_by: PasswordChosenBy,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE operators SET password_hash = $2, password_change_required = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(password_hash)
        .bind(change_required(chosen_by))
        .bind(utc(now))
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
