//! PostgreSQL backend: the scale-out store. Several unitcred processes may share one database;
//! every uniqueness guarantee (one credential per learner and unit, idempotency keys) is a
//! database constraint, never an in-process check.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::StoreError;

/// Connections in the pool: one listens for other processes' changes (`changes.rs`); write
/// transactions may hold all but a few of the others, which stay for reads.
const CONNECTIONS: u32 = 17;
pub const WRITE_TURNS: usize = CONNECTIONS as usize - 5;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub async fn open(url: &str) -> Result<PgPool, StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(CONNECTIONS)
        .acquire_timeout(Duration::from_secs(15))
        .after_release(super::release_hook)
        .connect(url)
        .await?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| StoreError::Config(format!("PostgreSQL migrations failed: {e}")))?;
    Ok(pool)
}
