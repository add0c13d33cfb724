//! Group commit: concurrent issuing requests share one write transaction.
//!
//! Each request prepares what it can outside any lock (reads, the credential built and
//! signed) and hands the committer a job: the writes that must happen atomically (idempotency
//! claim, assessment, credential with its status entry and documents, any award it triggers,
//! the idempotency answer). One task per process takes the jobs queued at that moment (up to
//! [`MAX_BATCH`]), opens one transaction, runs each job in a savepoint of its own (a job that
//! fails is rolled back alone and answered with its error), appends the audit entries of the
//! jobs that succeeded, commits, and only then answers each request. Nothing is acknowledged
//! before the commit that makes it durable; a job waits at most for the batch before it.
//!
//! Jobs run one after the other inside the transaction and see each other's writes, so
//! idempotency keys and the one-credential-per-unit rule hold exactly as with a transaction
//! each; between batches in flight at once (PostgreSQL) or on other processes, the
//! database's constraints and row locks hold them, as between single transactions. On
//! PostgreSQL the rows a batch locks are taken in one order whatever the jobs (the learners
//! sorted, then per job the profile and status rows, the audit heads last), as a transaction
//! each takes them, so batches of several processes queue instead of deadlocking.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::storage::{Store, Tx};

use super::Recorded;

/// Jobs in one transaction at most: enough to amortise a commit, few enough that the first
/// job's answer does not wait long for the last one's work.
pub const MAX_BATCH: usize = 64;

/// A request's writes, run inside the batch's transaction.
pub type Work = Box<
    dyn for<'t> FnOnce(&'t mut Tx) -> Pin<Box<dyn Future<Output = ApiResult<Done>> + Send + 't>>
        + Send,
>;

/// What a job did: its answer, and the audit entries to append once every job has run.
pub struct Done {
    pub recorded: Recorded,
    pub provider_id: Uuid,
    pub at: OffsetDateTime,
    pub events: Vec<audit::Event>,
}

struct Job {
    /// The learner whose row the job locks (PostgreSQL), taken in order before any job runs.
    learner_id: Uuid,
    work: Work,
    answer: oneshot::Sender<ApiResult<Recorded>>,
}

/// The queue to this process's committer.
pub struct GroupCommit {
    jobs: mpsc::UnboundedSender<Job>,
}

impl GroupCommit {
    /// Starts the committer over `store`; it stops when the last handle is dropped.
    pub fn start(store: Store) -> Self {
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(committer(store, queue));
        Self { jobs }
    }

    /// Runs `work` in the next batch; answers once that batch has committed.
    pub async fn run(&self, learner_id: Uuid, work: Work) -> ApiResult<Recorded> {
        let (answer, answered) = oneshot::channel();
        let job = Job {
            learner_id,
            work,
            answer,
        };
        self.jobs
            .send(job)
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("the committer has stopped")))?;
        answered
            .await
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("the batch was dropped")))?
    }
}

/// Takes the queued jobs a batch at a time, with as many batches in flight as the store has
/// writers: one on SQLite, whose writer is serial anyway; a few on PostgreSQL, so that one
/// batch's round trips to the server overlap another's. A job whose learner is in a batch in
/// flight waits for the next batch formed after that one ends, rather than in the database
/// on the learner's row lock: requests for one learner in quick succession (a teacher
/// recording a learner's units one after the other) would otherwise serialise whole batches.
async fn committer(store: Store, mut queue: mpsc::UnboundedReceiver<Job>) {
    let turns = Arc::new(tokio::sync::Semaphore::new(store.concurrent_batches()));
    let in_flight: Arc<Mutex<HashSet<Uuid>>> = Arc::default();
    let ended = Arc::new(tokio::sync::Notify::new());
    let mut waiting: VecDeque<Job> = VecDeque::new();
    let mut open = true;
    loop {
        let Ok(turn) = Arc::clone(&turns).acquire_owned().await else {
            return;
        };
        let jobs = loop {
            while let Ok(job) = queue.try_recv() {
                waiting.push_back(job);
            }
            let jobs = take_ready(&mut waiting, &in_flight);
            if !jobs.is_empty() {
                break jobs;
            }
            if !open && waiting.is_empty() {
                return;
            }
            tokio::select! {
                job = queue.recv(), if open => match job {
                    Some(job) => waiting.push_back(job),
                    None => open = false,
                },
                () = ended.notified() => {}
            }
        };
        let learners: Vec<Uuid> = jobs.iter().map(|j| j.learner_id).collect();
        let (store, in_flight, ended) = (store.clone(), Arc::clone(&in_flight), Arc::clone(&ended));
        // In a task of its own, so that a panic in one job fails its batch, not the committer.
        tokio::spawn(async move {
            // Whatever becomes of the batch, its learners and its turn are free again when the
            // task ends.
            let _release = Release {
                learners,
                in_flight,
                ended,
                _turn: turn,
            };
            commit_batch(store, jobs).await;
        });
    }
}

/// Up to [`MAX_BATCH`] waiting jobs, in arrival order, whose learners no batch in flight
/// holds; their learners are marked as held.
fn take_ready(waiting: &mut VecDeque<Job>, in_flight: &Mutex<HashSet<Uuid>>) -> Vec<Job> {
    let mut held = in_flight.lock().unwrap_or_else(|e| e.into_inner());
    let mut taken = Vec::new();
    let mut left = VecDeque::with_capacity(waiting.len());
    let mut mine = HashSet::new();
    for job in waiting.drain(..) {
        let free = mine.contains(&job.learner_id) || !held.contains(&job.learner_id);
        if free && taken.len() < MAX_BATCH {
            mine.insert(job.learner_id);
            taken.push(job);
        } else {
            left.push_back(job);
        }
    }
    *waiting = left;
    held.extend(mine);
    taken
}

/// Frees a batch's learners when dropped and wakes the committer, then gives back its turn.
struct Release {
    learners: Vec<Uuid>,
    in_flight: Arc<Mutex<HashSet<Uuid>>>,
    ended: Arc<tokio::sync::Notify>,
    _turn: tokio::sync::OwnedSemaphorePermit,
}

impl Drop for Release {
    fn drop(&mut self) {
        let mut held = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        for learner in &self.learners {
            held.remove(learner);
        }
        self.ended.notify_one();
    }
}

async fn commit_batch(store: Store, mut jobs: Vec<Job>) {
    jobs.sort_by_key(|j| j.learner_id);
    let learners: Vec<Uuid> = jobs.iter().map(|j| j.learner_id).collect();
    let mut tx = match begin_locked(&store, &learners).await {
        Ok(tx) => tx,
        Err(e) => return fail_all(jobs, &e),
    };
    let mut ran = Vec::with_capacity(jobs.len());
    let mut savepoint = Savepoint::None;
    for job in jobs {
        match run_one(&mut tx, &mut savepoint, job.work).await {
            Ok(done) => ran.push((job.answer, done)),
            Err(StepError::Job(e)) => {
                let _ = job.answer.send(Err(e));
            }
            Err(StepError::Store(e)) => {
                // The transaction itself is unusable: nothing of the batch is kept.
                let _ = job.answer.send(Err(e.into()));
                return fail_ran(ran);
            }
        }
    }
    // One append per provider, in the order the jobs ran.
    let mut providers: Vec<Uuid> = ran.iter().map(|(_, d)| d.provider_id).collect();
    providers.sort();
    providers.dedup();
    for provider_id in providers {
        let events: Vec<_> = ran
            .iter()
            .filter(|(_, d)| d.provider_id == provider_id)
            .flat_map(|(_, d)| d.events.iter().map(move |e| (d.at, e)))
            .collect();
        if let Err(e) = audit::append_timed(&mut tx, provider_id, &events).await {
            tracing::error!(error = %e, "audit entries of an issuance batch not appended");
            return fail_ran(ran);
        }
    }
    if let Err(e) = tx.commit().await {
        tracing::error!(error = %e, "issuance batch not committed");
        return fail_ran(ran);
    }
    for (answer, done) in ran {
        let _ = answer.send(Ok(done.recorded));
    }
}

/// Answers the jobs that had run with the batch's failure: none of their writes was kept.
fn fail_ran(ran: Vec<(oneshot::Sender<ApiResult<Recorded>>, Done)>) {
    for (answer, _) in ran {
        let _ = answer.send(Err(ApiError::Internal(anyhow::anyhow!(
            "the transaction of this request's batch failed"
        ))));
    }
}

/// Opens the batch's transaction with its learners' rows locked, in order.
async fn begin_locked(store: &Store, learners: &[Uuid]) -> Result<Tx, crate::storage::StoreError> {
    let mut tx = store.begin().await?;
    tx.lock_learners(learners).await?;
    Ok(tx)
}

enum StepError {
    /// The job refused or failed; its savepoint was rolled back and the batch goes on.
    Job(ApiError),
    /// The transaction could not be rolled back to the savepoint.
    Store(crate::storage::StoreError),
}

/// The savepoint a job runs in, as the previous job left it.
enum Savepoint {
    /// No job has run yet.
    None,
    /// Holding the writes of the job that just succeeded: released as the next one opens.
    Kept,
    /// Rolled back, with nothing in it: the next job runs in it as it is.
    Clean,
}

async fn run_one(tx: &mut Tx, savepoint: &mut Savepoint, work: Work) -> Result<Done, StepError> {
    // One statement between two jobs, whatever the previous one did.
    match savepoint {
        Savepoint::None => tx.savepoint().await,
        Savepoint::Kept => tx.next_savepoint().await,
        Savepoint::Clean => Ok(()),
    }
    .map_err(StepError::Store)?;
    match work(tx).await {
        Ok(done) => {
            *savepoint = Savepoint::Kept;
            Ok(done)
        }
        Err(e) => {
            tx.rollback_to_savepoint().await.map_err(StepError::Store)?;
            *savepoint = Savepoint::Clean;
            Err(StepError::Job(e))
        }
    }
}

fn fail_all(jobs: Vec<Job>, e: &crate::storage::StoreError) {
    tracing::error!(error = %e, "issuance batch not started");
    for job in jobs {
        let _ = job.answer.send(Err(ApiError::Internal(anyhow::anyhow!(
            "no transaction for this request: {e}"
        ))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(learner: u128) -> Job {
        let (answer, _) = oneshot::channel();
        Job {
            learner_id: Uuid::from_u128(learner),
            work: Box::new(|_| Box::pin(async { unreachable!("not run here") })),
            answer,
        }
    }

    fn learners(jobs: &[Job]) -> Vec<u128> {
        jobs.iter().map(|j| j.learner_id.as_u128()).collect()
    }

    #[test]
    fn a_learner_in_flight_waits_for_the_next_batch_in_order() {
        let in_flight = Mutex::new(HashSet::from([Uuid::from_u128(2)]));
        let mut waiting: VecDeque<Job> = [1, 2, 1, 3, 2].into_iter().map(job).collect();
        let taken = take_ready(&mut waiting, &in_flight);
        assert_eq!(learners(&taken), [1, 1, 3]);
        assert_eq!(learners(waiting.make_contiguous()), [2, 2]);
        // Now held: 1 and 3 by the new batch, 2 still by the one in flight.
        assert!(take_ready(&mut waiting, &in_flight).is_empty());
        in_flight.lock().unwrap().remove(&Uuid::from_u128(2));
        assert_eq!(learners(&take_ready(&mut waiting, &in_flight)), [2, 2]);
        assert!(waiting.is_empty());
    }

    #[test]
    fn a_batch_takes_at_most_max_batch_jobs() {
        let in_flight = Mutex::new(HashSet::new());
        let mut waiting: VecDeque<Job> = (0..MAX_BATCH as u128 + 3).map(job).collect();
        assert_eq!(take_ready(&mut waiting, &in_flight).len(), MAX_BATCH);
        assert_eq!(waiting.len(), 3);
    }
}
