//! Bounded heavy work. Verifying a credential and unpacking an upload are CPU work whose cost
//! grows with the input; run inline they would hold the async workers that every other
//! request (health checks, sign-in) needs. They run here instead: on the blocking pool, at
//! most as many at a time as there are cores, each holding its permit until it is done even
//! if the request that asked for it is gone.
//!
//! Small work of bounded cost (a verification of an ordinary credential, a fraction of a
//! millisecond) may instead run on the request's own task, on all but one async worker at a
//! time: the hand-over to the blocking pool and back (two thread wake-ups) costs about a third
//! of such a verification, and one worker always stays free for everything else.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;

pub struct Offload {
    permits: Arc<Semaphore>,
    /// Small work running on async workers: one fewer than the workers (none on one core).
    inline: Semaphore,
}

#[derive(Debug, thiserror::Error)]
#[error("offloaded work did not complete: {0}")]
pub struct OffloadError(String);

impl Offload {
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            inline: Semaphore::new(concurrency.saturating_sub(1)),
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

    /// Runs small `work` on this task when an async worker may be spared for it, else as
    /// [`Offload::run`]. Its cost must stay within a millisecond or so: it holds a worker.
    pub async fn run_small<F, T>(&self, work: F) -> Result<T, OffloadError>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        match self.inline.try_acquire() {
            Ok(_permit) => Ok(work.await),
            Err(_) => self.run(work).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Offload;

    fn thread() -> std::thread::ThreadId {
        std::thread::current().id()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn small_work_runs_here_on_all_but_one_worker() {
        let offload = Offload::new(2);
        let here = thread();
        // One worker may be spared: the first small work runs on this task's thread.
        let ran = offload.run_small(async { thread() }).await.unwrap();
        assert_eq!(ran, here);
        // While it is taken, small work goes to the blocking pool like any other.
        let _busy = offload.inline.try_acquire().unwrap();
        let ran = offload.run_small(async { thread() }).await.unwrap();
        assert_ne!(ran, here);
        // On one core nothing runs inline.
        let single = Offload::new(1);
        assert_ne!(single.run_small(async { thread() }).await.unwrap(), here);
    }
}
