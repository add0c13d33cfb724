//! Bounded heavy work. Verifying a credential and unpacking an upload are CPU work whose cost
//! grows with the input; run inline they would hold the async workers that every other
//! request (health checks, sign-in) needs. They run here instead: on the blocking pool, at
//! most as many at a time as there are cores, each holding its permit until it is done even
//! if the request that asked for it is gone.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;

pub struct Offload {
    permits: Arc<Semaphore>,
}

#[derive(Debug, thiserror::Error)]
#[error("offloaded work did not complete: {0}")]
pub struct OffloadError(String);

impl Offload {
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    /// One permit per core.
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    /// Runs `work` on the blocking pool once a permit is free. The permit moves into the task,
    /// so work whose caller has gone still counts until it ends.
    pub async fn run<F, T>(&self, work: F) -> Result<T, OffloadError>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|e| OffloadError(e.to_string()))?;
        let handle = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            handle.block_on(work)
        })
        .await
        .map_err(|e| OffloadError(e.to_string()))
    }
}
