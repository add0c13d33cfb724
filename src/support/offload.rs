//! Bounded heavy work. Verifying a credential and unpacking an upload are CPU work whose cost
//! grows with the input; run inline they would hold the async workers that every other
//! request (health checks, sign-in) needs. They run here instead: on the blocking pool, at
//! most as many at a time as there are cores, each holding its permit until it is done even
//! if the request that asked for it is gone.
//!
//! Small work (a verification of an ordinary credential, a fraction of a millisecond) may
//! instead run on the request's own task, on all but one async worker at a time: the hand-over
//! to the blocking pool and back (two thread wake-ups) costs about a third of such a
//! verification, and one worker always stays free for everything else. Whether it is small is
//! measured, not assumed: while its recent runs average more than [`INLINE_LIMIT`] (a slow
//! machine, a debug build, remote documents to fetch), it goes to the pool like the rest.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

pub struct Offload {
    permits: Arc<Semaphore>,
    /// Small work running on async workers: one fewer than the workers (none on one core).
    inline: Semaphore,
    /// The recent cost of small work, in µs: a moving average over about eight runs.
    small_cost: Arc<AtomicU64>,
}

/// Small work runs inline while its recent runs average less than this.
pub const INLINE_LIMIT: Duration = Duration::from_millis(1);

fn note(average: &AtomicU64, took: Duration) {
    let took = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
    let old = average.load(Ordering::Relaxed);
    average.store(old - old / 8 + took / 8, Ordering::Relaxed);
}

#[derive(Debug, thiserror::Error)]
#[error("offloaded work did not complete: {0}")]
pub struct OffloadError(String);

impl Offload {
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            inline: Semaphore::new(concurrency.saturating_sub(1)),
            small_cost: Arc::default(),
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
        self.on_pool(work, None).await
    }

    async fn on_pool<F, T>(&self, work: F, cost: Option<Arc<AtomicU64>>) -> Result<T, OffloadError>
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
            let started = Instant::now();
            let out = handle.block_on(work);
            if let Some(cost) = cost {
                note(&cost, started.elapsed());
            }
            out
        })
        .await
        .map_err(|e| OffloadError(e.to_string()))
    }

    /// Runs small `work` on this task when an async worker may be spared for it and such work
    /// has lately been small, else as [`Offload::run`].
    pub async fn run_small<F, T>(&self, work: F) -> Result<T, OffloadError>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let small = self.small_cost.load(Ordering::Relaxed) < INLINE_LIMIT.as_micros() as u64;
        match self.inline.try_acquire() {
            Ok(_permit) if small => {
                let started = Instant::now();
                let out = work.await;
                note(&self.small_cost, started.elapsed());
                Ok(out)
            }
            _ => self.on_pool(work, Some(Arc::clone(&self.small_cost))).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{INLINE_LIMIT, Offload};

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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_that_has_lately_been_slow_goes_to_the_pool_until_it_is_small_again() {
        let offload = Offload::new(2);
        let here = thread();
        let slow = || async {
            std::thread::sleep(INLINE_LIMIT * 3);
            thread()
        };
        // Slow runs raise the average above the limit: from then on, the pool.
        let mut ran_here = 0;
        for _ in 0..8 {
            ran_here += usize::from(offload.run_small(slow()).await.unwrap() == here);
        }
        assert!(ran_here < 8, "it never left this task");
        assert_ne!(offload.run_small(async { thread() }).await.unwrap(), here);
        // Quick runs on the pool bring the average down again.
        for _ in 0..64 {
            offload.run_small(async { thread() }).await.unwrap();
        }
        assert_eq!(offload.run_small(async { thread() }).await.unwrap(), here);
    }
}
