//! The SQLite and PostgreSQL migrations give the same tables and columns, each with the
//! same nullability and a matching type. Runs against a throw-away PostgreSQL database
//! when `PIM_TEST_POSTGRES_URL` is set (`.ci/run` sets it); without it, says so and skips.

use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::sqlite::SqlitePool;

/// (table, column, nullable, type family) for every column of the schema.
type Columns = BTreeSet<(String, String, bool, &'static str)>;

fn migrations(backend: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations").join(backend)
}

/// Both backends' types, as one family: whole numbers, text (SQLite keeps dates and times
/// as text where PostgreSQL has its own types), or bytes.
fn family(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "whole number",
        "text" | "date" | "timestamp with time zone" => "text, date or time",
        "blob" | "bytea" => "bytes",
        other => panic!("a column type the schemas should not use: {other}"),
    }
}

async fn sqlite_columns() -> Columns {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema-sqlite.db");
    let _ = std::fs::remove_file(&path);
    let pool = SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.unwrap();
    Migrator::new(migrations("sqlite")).await.unwrap().run(&pool).await.unwrap();
    // The search index is each backend's own: on SQLite an FTS5 table and its shadow
    // tables (`registrations_search*`), on PostgreSQL an index.
    let rows: Vec<(String, String, bool, i64, String)> = sqlx::query_as(
        "SELECT t.name, c.name, c.\"notnull\", c.pk, c.type FROM sqlite_master t, pragma_table_info(t.name) c \
         WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.name <> '_sqlx_migrations' \
         AND t.name NOT LIKE 'registrations\\_search%' ESCAPE '\\'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    // A primary key is never null, whatever SQLite's table_info says of it.
    rows.into_iter()
        .map(|(table, column, not_null, pk, kind)| (table, column, !not_null && pk == 0, family(&kind)))
        .collect()
}

async fn postgres_columns(admin_url: &str) -> Columns {
    let admin = PgPool::connect(admin_url).await.expect("PIM_TEST_POSTGRES_URL is set, so PostgreSQL must answer");
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let database = format!("pim_schema_{}_{nanos}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE {database}")).execute(&admin).await.unwrap();
    let options = PgConnectOptions::from_str(admin_url).unwrap().database(&database);
    let pool = PgPool::connect_with(options).await.unwrap();
    Migrator::new(migrations("postgres")).await.unwrap().run(&pool).await.unwrap();
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)")).execute(&admin).await.unwrap();
    rows.into_iter().map(|(table, column, nullable, kind)| (table, column, nullable == "YES", family(&kind))).collect()
}

#[tokio::test]
async fn sqlite_and_postgresql_have_the_same_tables_and_columns() {
    let Some(admin_url) = pim_test_database::postgres_server() else {
        eprintln!("PIM_TEST_POSTGRES_URL is not set: the PostgreSQL schema was not compared");
        return;
    };
    let sqlite = sqlite_columns().await;
    let postgres = postgres_columns(&admin_url).await;
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
    assert!(sqlite.iter().any(|(table, column, ..)| table == "quota_changes" && column == "places"));
}
