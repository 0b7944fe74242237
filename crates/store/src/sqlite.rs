//! The SQLite backend: one file, one write connection, group commit.
//!
//! Every write goes through one connection in `BEGIN IMMEDIATE` transactions, so writes
//! queue in the process instead of failing with "database is locked", and a transaction
//! that counts places cannot be interleaved by another write. WAL and `synchronous=FULL`
//! make a committed entry survive a power cut; pages read through read-only connections.

use std::str::FromStr;
use std::time::Duration;

use pim_domain::Channel;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

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

pub(crate) type Db = sqlx::Sqlite;

static MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");

/// The UTC date an entry was received, as `YYYY-MM-DD`: stored times are UTC RFC 3339
/// text, whose first ten characters are the date.
const RECEIVED_ON: &str = "substr(r.created_at, 1, 10)";

/// The operators' search by name or email goes through the trigram index
/// `registrations_search` (FTS5, migration 25).
const NAME_SEARCH: crate::NameSearch = crate::NameSearch::Trigrams;

/// Nothing to add to the outbox claim: the IMMEDIATE transaction already excludes other
/// dispatchers.
const SKIP_CLAIMED: &str = "";

/// A transaction that may write: IMMEDIATE takes the write lock at once, so it never fails
/// midway to upgrade from reading.
async fn begin_write(pool: &SqlitePool) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// The writer's transaction for a batch of registrations: as any write.
async fn begin_batch(pool: &SqlitePool, _durability: Durability) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    begin_write(pool).await
}

/// Nothing to wait for: with `synchronous=FULL`, a COMMIT returns once the disk has it.
async fn wait_until_durable(_pool: &SqlitePool) -> Result<(), String> {
    Ok(())
}

/// A read whose statements all see the database at one moment (in WAL mode, every read
/// transaction does).
async fn begin_snapshot(pool: &SqlitePool) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    pool.begin().await
}

/// After an erasure: moves every page out of the write-ahead log and truncates it, so
/// that the erased values' old page versions are not left in the `-wal` file (deleted
/// content in the database file itself is zeroed: `secure_delete`).
async fn forget_erased(pool: &SqlitePool) -> Result<(), StoreError> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
    Ok(())
}

/// Whether the write connection can begin a transaction. When a COMMIT fails for want
/// of disk (`SQLITE_FULL`), SQLite rolls the transaction back itself; sqlx's own ROLLBACK
/// then fails, and sqlx believes the transaction still open, so that every later BEGIN
/// on that connection would fail until `pim` restarts. Such a connection is replaced.
async fn still_usable(connection: &mut sqlx::SqliteConnection) -> sqlx::Result<bool> {
    use sqlx::Connection;
    if connection.is_in_transaction() {
        // A dropped transaction's ROLLBACK is queued on the connection's worker: once the
        // ping after it has come back, the ROLLBACK has run.
        connection.ping().await?;
    }
    Ok(!connection.is_in_transaction())
}

/// Nothing to do: an IMMEDIATE transaction on the only write connection already excludes
/// every other write, places included.
async fn lock_places(_tx: &mut sqlx::Transaction<'_, Db>, _edition: &str, _channel: Channel) -> Result<(), StoreError> {
    Ok(())
}

/// Creates a missing database file readable and writable by its owner only: it holds
/// passports. SQLite gives its `-wal` and `-shm` files the same mode.
fn create_owner_only(path: &std::path::Path) -> Result<(), StoreError> {
    if path.as_os_str().is_empty() || path.as_os_str() == ":memory:" || path.exists() {
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    match file.open(path) {
        Ok(_) => Ok(()),
        // Another process created it meanwhile: it is theirs to have made right.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(StoreError::Database(sqlx::Error::Io(error))),
    }
}

#[derive(Clone)]
pub(crate) struct SqliteStore {
    pub(crate) db: Database,
    /// The task that writes registrations in groups, through the write connection.
    writer: Writer,
}

impl SqliteStore {
    pub(crate) async fn open(url: &str, keys: std::sync::Arc<crate::DataKeys>) -> Result<SqliteStore, StoreError> {
        let url = if url.contains(':') { url.to_owned() } else { format!("sqlite://{url}") };
        let options = SqliteConnectOptions::from_str(&url)
            .map_err(|e| StoreError::BadUrl(format!("{url}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before it is acknowledged, power cut or not.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            // Deleted and overwritten content is zeroed, not left in free space: an erased
            // passport must not be found in the file.
            .pragma("secure_delete", "ON")
            .foreign_keys(true);
        create_owner_only(options.get_filename())?;
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .before_acquire(|connection, _| Box::pin(async move { still_usable(connection).await }))
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options.read_only(true))
            .await?;
        let writer = Writer::start(write.clone(), Durability::AtCommit)?;
        Ok(SqliteStore { db: Database { write, read, keys }, writer })
    }

    pub(crate) async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATIONS.run(&self.db.write).await?;
        self.session_store().migrate().await?;
        Ok(())
    }

    pub(crate) fn session_store(&self) -> tower_sessions_sqlx_store::SqliteStore {
        tower_sessions_sqlx_store::SqliteStore::new(self.db.write.clone())
            .with_table_name("operator_sessions")
            .expect("a valid table name")
    }

    /// Hands the registration to the writer task, which commits it with others that
    /// arrived meanwhile, and waits for the outcome: `Ok` means committed.
    pub(crate) async fn record_registration(&self, new: &NewRegistration<'_>) -> Result<Recorded, StoreError> {
        self.writer.record(PendingRegistration::new(new, &self.db.keys)).await
    }
}
