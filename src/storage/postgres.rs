//! PostgreSQL backend: the scale-out store. Several unitcred processes may share one database;
//! every uniqueness guarantee (one credential per learner and unit, idempotency keys) is a
//! database constraint, never an in-process check.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use super::StoreError;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub async fn open(url: &str) -> Result<PgPool, StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(15))
        .connect(url)
        .await?;
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| StoreError::Config(format!("PostgreSQL migrations failed: {e}")))?;
    Ok(pool)
}
