//! How a process learns that what verifiers may hold in memory changed: providers, their keys
//! and DID documents, credential status, the trust registry, seal certificates and anchors.
//!
//! A transaction that changes any of it says so ([`Tx::mark_published`]); when it commits,
//! this process's generation counter moves on. On PostgreSQL the transaction also sends
//! `NOTIFY unitcred_changes`, delivered at commit to every process listening on the database,
//! whose counter then moves on too. A cache keyed by the generation is thus invalidated at
//! once here and within a notification's delay elsewhere; caches also bound an entry's age
//! (see `services::published`), which holds even while a listener reconnects or for writes
//! made by another process on the same SQLite file (the CLI).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;

use super::{StoreResult, Tx};

/// The channel of the notifications.
pub const CHANNEL: &str = "unitcred_changes";

/// The generation of what verifiers may cache; any change moves it on.
#[derive(Debug, Default)]
pub struct Changes {
    generation: AtomicU64,
}

impl Changes {
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub(super) fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

impl Tx {
    /// Marks this transaction as changing what verifiers may cache (see the module docs).
    pub async fn mark_published(&mut self) -> StoreResult<()> {
        let turn = match self {
            Tx::Sqlite(_, turn) | Tx::Postgres(_, turn) => turn,
        };
        if std::mem::replace(&mut turn.published, true) {
            return Ok(());
        }
        if let Tx::Postgres(t, _) = self {
            sqlx::query("select pg_notify($1, '')")
                .bind(CHANNEL)
                .execute(&mut **t)
                .await?;
        }
        Ok(())
    }
}

/// Listens for other processes' changes until the pool closes. While not listening (start,
/// reconnection) a change may go unheard, so each (re)connection moves the generation on.
pub(super) fn listen(pool: PgPool, changes: Arc<Changes>) -> tokio::task::AbortHandle {
    tokio::spawn(async move {
        while !pool.is_closed() {
            if let Ok(mut listener) = PgListener::connect_with(&pool).await
                && listener.listen(CHANNEL).await.is_ok()
            {
                changes.bump();
                // `Ok(None)`: the connection was lost and is being re-established.
                while let Ok(heard) = listener.try_recv().await {
                    changes.bump();
                    if heard.is_none() && pool.is_closed() {
                        break;
                    }
                }
            }
            changes.bump();
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .abort_handle()
}
