//! A throw-away database for one test, on the backend the test run asks for:
//!
//! - `PIM_TEST_BACKEND` unset or `sqlite`: a new SQLite file;
//! - `PIM_TEST_BACKEND=postgres`: a new database on the PostgreSQL server that
//!   `PIM_TEST_POSTGRES_URL` names (any database of it; the user must be allowed to
//!   create databases), dropped when the test ends, even by a panic.
//!
//! So one suite runs against both backends: `cargo test` alone uses SQLite, and the same
//! tests run again on PostgreSQL with `PIM_TEST_BACKEND=postgres`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Connection, Executor};

/// The variable that picks the backend of a test run.
pub const BACKEND_VARIABLE: &str = "PIM_TEST_BACKEND";
/// The PostgreSQL server for throw-away databases.
pub const POSTGRES_VARIABLE: &str = "PIM_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend this test run asks for.
    pub fn of_this_run() -> Backend {
        match std::env::var(BACKEND_VARIABLE).as_deref() {
            Err(_) | Ok("") | Ok("sqlite") => Backend::Sqlite,
            Ok("postgres") => Backend::Postgres,
            Ok(other) => panic!("{BACKEND_VARIABLE}={other}: expected sqlite or postgres"),
        }
    }
}

/// Set to `required`, a run without a PostgreSQL server fails instead of skipping the
/// PostgreSQL tests (`.ci/run` sets it, as it does for the browser tests).
pub const REQUIRED_VARIABLE: &str = "PIM_POSTGRES_TESTS";

/// The PostgreSQL server for tests, if the run names one. Panics if none is named while
/// PostgreSQL tests are required.
pub fn postgres_server() -> Option<String> {
    server_for(std::env::var(POSTGRES_VARIABLE).ok(), std::env::var(REQUIRED_VARIABLE).ok())
        .unwrap_or_else(|missing| panic!("{missing}"))
}

/// The server from the two variables' values, or why the tests cannot go on without one.
fn server_for(url: Option<String>, required: Option<String>) -> Result<Option<String>, String> {
    match url.filter(|url| !url.is_empty()) {
        Some(url) => Ok(Some(url)),
        None if required.as_deref() == Some("required") => Err(format!(
            "{REQUIRED_VARIABLE}=required, but {POSTGRES_VARIABLE} is not set: name a PostgreSQL server, \
             e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )),
        None => Ok(None),
    }
}

/// A database of one test's own; gone when this is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    place: Place,
}

#[derive(Debug)]
enum Place {
    File(PathBuf),
    Server { server: String, name: String },
}

impl TestDatabase {
    /// A new, empty database on this run's backend; SQLite files go under `dir`.
    pub async fn create(dir: &Path, label: &str) -> TestDatabase {
        match Backend::of_this_run() {
            Backend::Sqlite => TestDatabase::sqlite(dir, label),
            Backend::Postgres => {
                let server = postgres_server().unwrap_or_else(|| {
                    panic!("{BACKEND_VARIABLE}=postgres needs {POSTGRES_VARIABLE}, e.g. postgres://postgres@127.0.0.1:5432/postgres")
                });
                TestDatabase::postgres(&server, label).await
            }
        }
    }

    /// A new SQLite file under `dir`, whatever the run's backend.
    pub fn sqlite(dir: &Path, label: &str) -> TestDatabase {
        let path = dir.join(format!("{label}-{}.db", unique_suffix()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        TestDatabase { url: format!("sqlite://{}", path.display()), place: Place::File(path) }
    }

    /// A new database on the PostgreSQL server at `server`, whatever the run's backend.
    pub async fn postgres(server: &str, label: &str) -> TestDatabase {
        TestDatabase::try_postgres(server, label)
            .await
            .unwrap_or_else(|e| panic!("cannot create a test database on the PostgreSQL at {server}: {e}"))
    }

    /// As [`TestDatabase::postgres`], for callers that report the failure themselves
    /// (`pim bench`).
    pub async fn try_postgres(server: &str, label: &str) -> Result<TestDatabase, sqlx::Error> {
        let label: String =
            label.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        let name = format!("pim_test_{label}_{}", unique_suffix());
        let mut admin = sqlx::PgConnection::connect(server).await?;
        admin.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await?;
        admin.close().await.ok();
        let url = with_database(server, &name);
        Ok(TestDatabase { url, place: Place::Server { server: server.to_owned(), name } })
    }

    /// The URL to give `Store::open` or `pim --database`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.place, Place::Server { .. })
    }

    /// The SQLite file, for tests of SQLite's own settings.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.place {
            Place::File(path) => Some(path),
            Place::Server { .. } => None,
        }
    }

    /// Runs `sql` through a new, independent connection and returns its rows. Columns are
    /// read as text, whole numbers and the like (`sqlx::any`): cast times to text.
    pub async fn rows(&self, sql: &str) -> Vec<AnyRow> {
        sqlx::any::install_default_drivers();
        let pool =
            AnyPoolOptions::new().max_connections(1).connect(&self.url).await.expect("connect to the test database");
        let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        pool.close().await;
        rows
    }

    /// One whole number from `sql`.
    pub async fn number(&self, sql: &str) -> i64 {
        use sqlx::Row;
        self.rows(sql).await.first().map(|row| row.get::<i64, _>(0)).expect("one row")
    }

    /// Every byte the database holds, as a thief with the disk or a backup would read it:
    /// the SQLite file and its write-ahead log, or everything `pg_dump` writes out.
    pub async fn raw_contents(&self) -> Vec<u8> {
        match &self.place {
            Place::File(path) => {
                let mut bytes = std::fs::read(path).expect("read the SQLite file");
                bytes.extend(std::fs::read(format!("{}-wal", path.display())).unwrap_or_default());
                bytes
            }
            Place::Server { .. } => {
                let dump = std::process::Command::new("pg_dump")
                    .arg("--dbname")
                    .arg(&self.url)
                    .output()
                    .expect("run pg_dump (PostgreSQL's client tools)");
                assert!(dump.status.success(), "pg_dump: {}", String::from_utf8_lossy(&dump.stderr));
                dump.stdout
            }
        }
    }

    /// Runs statements (`;`-separated) through a new connection.
    pub async fn execute(&self, sql: &str) {
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(&self.url).await.expect("connect to the test database");
        connection.execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        connection.close().await.ok();
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.place {
            Place::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Place::Server { server, name } => {
                // Drop may run inside the test's runtime, where blocking on another is
                // not allowed: a thread of its own does it.
                let (server, database) = (server.clone(), name.clone());
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                    runtime.block_on(async {
                        let mut admin = sqlx::PgConnection::connect(&server).await?;
                        // FORCE ends the connections the test's pools still hold.
                        let drop = format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                        admin.execute(drop.as_str()).await?;
                        admin.close().await
                    })?;
                    Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
                })
                .join();
                if !matches!(dropped, Ok(Ok(()))) {
                    eprintln!("could not drop the test database {name}: {dropped:?}");
                }
            }
        }
    }
}

/// Unique within the run (a counter) and between runs (the process id).
fn unique_suffix() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst))
}

/// `server` with its database replaced by `name`, query kept.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = server.split_once('?').map_or((server, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_end..].find('/').map_or(base.len(), |i| authority_end + i);
    let mut url = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::{server_for, with_database};

    #[test]
    fn without_a_server_the_postgres_tests_skip_unless_they_are_required() {
        assert_eq!(server_for(None, None), Ok(None));
        assert_eq!(server_for(Some(String::new()), None), Ok(None));
        assert!(server_for(None, Some("required".into())).is_err());
        assert_eq!(server_for(Some("postgres://x".into()), Some("required".into())), Ok(Some("postgres://x".into())));
    }

    #[test]
    fn the_database_of_a_server_url_is_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(with_database("postgres://u:p@h/db?sslmode=disable", "t1"), "postgres://u:p@h/t1?sslmode=disable");
        assert_eq!(with_database("postgres://h:5432", "t1"), "postgres://h:5432/t1");
    }
}
