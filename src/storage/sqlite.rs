//! SQLite backend: the embedded default. One file, WAL journal so readers never wait for the
//! writer, a busy timeout so concurrent writers queue instead of failing, and `BEGIN IMMEDIATE`
//! transactions (see `Store::begin`) so a transaction that reads before it writes cannot be
//! refused a lock upgrade half-way through.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::StoreError;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub async fn open(url: &str) -> Result<SqlitePool, StoreError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // A signed credential is ~5 KB: with 8 KiB pages it fits in one page instead of
        // spilling to an overflow chain (applies to databases created from now on).
        .page_size(8192)
        // 16 MiB of pages per connection (eight of them): a bulk import's chunk stays in
        // memory rather than spilling to the WAL, and the process stays small.
        .pragma("cache_size", "-16384")
        // The savepoints of a group commit journal in memory, not in a temporary file.
        .pragma("temp_store", "memory");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(15))
        .after_release(super::release_hook)
        .connect_with(options)
        .await?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| StoreError::Config(format!("SQLite migrations failed: {e}")))?;
    Ok(pool)
}
