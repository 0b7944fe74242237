//! The PostgreSQL backend: several `pim serve` instances on one database.
//!
//! Each instance's writer task commits its registrations in groups; reviews and quota
//! changes are transactions of their own. Every transaction that counts or changes a
//! channel's places first locks the channel's row in `place_locks` (`SELECT ... FOR
//! UPDATE`), so the counts it reads stay true until it commits, on whichever instance it
//! runs. Dispatchers claim emails with `FOR UPDATE SKIP LOCKED`, so
//! any number of them share the outbox without sending one email twice.

use std::time::Duration;

use pim_domain::Channel;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use time::OffsetDateTime;

use crate::pending::PendingRegistration;
use crate::{NewRegistration, Recorded, StoreError};

// Each backend compiles the shared SQL with its own `Db` and dialect items below.
#[allow(clippy::duplicate_mod)]
#[path = "queries/mod.rs"]
mod queries;
#[allow(clippy::duplicate_mod)]
#[path = "writer.rs"]
mod writer;
pub(crate) use queries::Database;
use writer::{Durability, Writer};

pub(crate) type Db = sqlx::Postgres;

static MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// Connections per instance: a registration holds one while it waits for its channel.
const POOL_SIZE: u32 = 16;

/// The advisory lock instances take turns under to create the sessions table.
const SESSION_TABLE_LOCK: i64 = 0x5049_4d53; // "PIMS"

/// The UTC date an entry was received, as `YYYY-MM-DD`.
const RECEIVED_ON: &str = "to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";

/// The operators' search by name or email is a `LIKE` on the search key, which pg_trgm's
/// index serves where it is installed (migration 25), and the planner weighs against
/// reading the newest entries first.
const NAME_SEARCH: crate::NameSearch = crate::NameSearch::Like;

/// Emails another dispatcher is claiming right now are passed over, not waited for.
const SKIP_CLAIMED: &str = "FOR UPDATE SKIP LOCKED";

async fn begin_write(pool: &PgPool) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    pool.begin().await
}

/// The writer's transaction for a batch of registrations. With
/// [`Durability::AfterCommit`], its COMMIT returns once the commit is in the write-ahead
/// log, before the log's flush to disk, and so releases the channel's place lock (which
/// the next batch, of this instance or another, waits for) without holding it through
/// the flush; nobody is answered before [`wait_until_durable`] has seen the flush.
async fn begin_batch(pool: &PgPool, durability: Durability) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    match durability {
        Durability::AtCommit => pool.begin().await,
        Durability::AfterCommit => pool.begin_with("BEGIN; SET LOCAL synchronous_commit TO off").await,
    }
}

/// Returns once everything committed before the call is on disk: a transactional WAL
/// message is a commit that waits for its flush (`synchronous_commit` stays on outside
/// the writer's batches), and the log is flushed in order, so every earlier commit is
/// flushed with it. Bounded in time: a database that stops answering fails the wait.
async fn wait_until_durable(pool: &PgPool) -> Result<(), String> {
    let flushed = sqlx::query(FLUSH_BARRIER).execute(pool);
    match tokio::time::timeout(DURABLE_WITHIN, flushed).await {
        Ok(done) => done.map(drop).map_err(|e| e.to_string()),
        Err(_) => Err(format!("no flush within {DURABLE_WITHIN:?}")),
    }
}

/// The statement [`wait_until_durable`] runs (a message no logical decoder reads).
const FLUSH_BARRIER: &str = "SELECT pg_logical_emit_message(true, 'pim', 'registrations durable')";

/// How long a batch waits for its flush before its requests are told it is unconfirmed.
const DURABLE_WITHIN: Duration = Duration::from_secs(10);

/// How this server can make a batch durable: after its commit if the user may write a
/// WAL message (PostgreSQL lets every user by default, but an administrator may revoke
/// it), else at the commit itself, which holds the place lock through the flush.
async fn durability_allowed(pool: &PgPool) -> Result<Durability, StoreError> {
    match sqlx::query(FLUSH_BARRIER).execute(pool).await {
        Ok(_) => Ok(Durability::AfterCommit),
        Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some(INSUFFICIENT_PRIVILEGE) => {
            tracing::warn!(
                %error,
                "pg_logical_emit_message is not allowed: each batch of registrations holds its channel's places \
                 until its commit is flushed (slower with several instances)"
            );
            Ok(Durability::AtCommit)
        }
        Err(error) => Err(error.into()),
    }
}

/// PostgreSQL's SQLSTATE for a permission denied.
const INSUFFICIENT_PRIVILEGE: &str = "42501";

/// A read whose statements all see the database at one moment.
async fn begin_snapshot(pool: &PgPool) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await
}

/// After an erasure: nothing to do. Old row versions stay in the table's pages until
/// (auto)vacuum reclaims them; no query or dump sees them.
async fn forget_erased(_pool: &PgPool) -> Result<(), StoreError> {
    Ok(())
}

/// Locks the channel's places until the transaction ends; the row is made the first time
/// a channel of an edition is used.
async fn lock_places(tx: &mut sqlx::Transaction<'_, Db>, edition: &str, channel: Channel) -> Result<(), StoreError> {
    let lock = "SELECT channel FROM place_locks WHERE edition = $1 AND channel = $2 FOR UPDATE";
    let locked: Option<String> =
        sqlx::query_scalar(lock).bind(edition).bind(channel.as_str()).fetch_optional(&mut **tx).await?;
    if locked.is_none() {
        sqlx::query(
            "INSERT INTO place_locks (edition, channel, created_at, updated_at) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (edition, channel) DO NOTHING",
        )
        .bind(edition)
        .bind(channel.as_str())
        .bind(OffsetDateTime::now_utc())
        .execute(&mut **tx)
        .await?;
        sqlx::query(lock).bind(edition).bind(channel.as_str()).execute(&mut **tx).await?;
    }
    Ok(())
}

#[derive(Clone)]
pub(crate) struct PostgresStore {
    pub(crate) db: Database,
    /// The task that writes this instance's registrations in groups.
    writer: Writer,
}

impl PostgresStore {
    pub(crate) async fn open(url: &str, keys: std::sync::Arc<crate::DataKeys>) -> Result<PostgresStore, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            // Well within a request's time (15 s by default): while the database is away
            // (restarting, failing over), a request is told so with a 503, not left to
            // time out.
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| match e {
                sqlx::Error::Configuration(e) => StoreError::BadUrl(e.to_string()),
                e => StoreError::Database(e),
            })?;
        let writer = Writer::start(pool.clone(), durability_allowed(&pool).await?)?;
        Ok(PostgresStore { db: Database { write: pool.clone(), read: pool, keys }, writer })
    }

    /// Safe from several instances at once: sqlx's migrator holds an advisory lock, and
    /// the sessions table is made under another.
    pub(crate) async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATIONS.run(&self.db.write).await?;
        let mut turn = self.db.write.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock($1)").bind(SESSION_TABLE_LOCK).execute(&mut *turn).await?;
        let made = self.session_store().migrate().await;
        sqlx::query("SELECT pg_advisory_unlock($1)").bind(SESSION_TABLE_LOCK).execute(&mut *turn).await?;
        made?;
        Ok(())
    }

    pub(crate) fn session_store(&self) -> tower_sessions_sqlx_store::PostgresStore {
        tower_sessions_sqlx_store::PostgresStore::new(self.db.write.clone())
            .with_schema_name("public")
            .and_then(|store| store.with_table_name("operator_sessions"))
            .expect("valid names")
    }

    /// Hands the registration to this instance's writer task, which commits it with
    /// others that arrived meanwhile, and waits for the outcome: `Ok` means committed.
    pub(crate) async fn record_registration(&self, new: &NewRegistration<'_>) -> Result<Recorded, StoreError> {
        self.writer.record(PendingRegistration::new(new, &self.db.keys)).await
    }
}
