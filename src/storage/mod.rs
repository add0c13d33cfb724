//! Storage: one domain-shaped API over SQLite (embedded default) or PostgreSQL (scale-out),
//! chosen from the database URL at start-up.
//!
//! The SQL is written once: it sticks to what both dialects share (`$N` placeholders,
//! `returning`, `on conflict … do nothing`), and values are bound as Rust types that each
//! driver maps to its native column type (uuid/blob, timestamptz/text, jsonb/text). The
//! `dispatch!` macros below instantiate each query for both drivers, so the compiler checks
//! both, and the same test suite runs against both in CI. Schemas and migrations stay per
//! backend (`migrations/sqlite`, `migrations/postgres`), where the dialects really differ.

pub mod postgres;
pub mod sqlite;

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::assessment::{Assessment, Outcome};
use crate::domain::learner::{Learner, LearnerDoc};
use crate::domain::provider::{DidMethod, Provider, Role};
use crate::domain::referential::{AssessmentType, ProfileDef};
use crate::domain::route::Route;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage configuration: {0}")]
    Config(String),
    #[error("{0} already exists")]
    Duplicate(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("storage task failed: {0}")]
    Task(String),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone)]
pub enum Store {
    Sqlite(Backend<SqlitePool>),
    Postgres(Backend<PgPool>),
}

/// A pool and the turns its write transactions take. Writers queue on the semaphore, first
/// come first served, before they hold a connection: on SQLite (one turn) rather than on the
/// file lock, whose busy handler polls with growing sleeps so that under a burst some waiters
/// sleep past the busy timeout; on PostgreSQL (fewer turns than connections) rather than
/// inside a transaction waiting on a row lock, which would exhaust the pool and leave reads
/// and other writers timing out on it.
#[derive(Clone)]
pub struct Backend<P> {
    pool: P,
    writers: std::sync::Arc<tokio::sync::Semaphore>,
    changes: std::sync::Arc<Changes>,
    /// The PostgreSQL listener for other processes' changes, stopped before the pool closes.
    listener: Option<tokio::task::AbortHandle>,
}

/// How long a write waits for its turn before it is refused as busy (the same bound as for a
/// pool connection): a queue that long means the store is overloaded, not slow.
const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

impl<P> Backend<P> {
    fn new(pool: P, turns: usize) -> Self {
        Self {
            pool,
            writers: std::sync::Arc::new(tokio::sync::Semaphore::new(turns)),
            changes: std::sync::Arc::default(),
            listener: None,
        }
    }

    async fn turn(&self) -> StoreResult<Turn> {
        let wait = std::sync::Arc::clone(&self.writers).acquire_owned();
        match tokio::time::timeout(TURN_WAIT, wait).await {
            Ok(permit) => Ok(Turn {
                _permit: permit.map_err(task_error)?,
                changes: std::sync::Arc::clone(&self.changes),
                published: false,
            }),
            Err(_) => Err(StoreError::Task(
                "no write turn within 15 s: the store is overloaded".into(),
            )),
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.backend())
    }
}

/// A write transaction and its writer turn, given back when it ends.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>, Turn),
    Postgres(sqlx::Transaction<'static, Postgres>, Turn),
}

/// A writer's turn, and whether its transaction changes what verifiers may cache.
pub struct Turn {
    _permit: tokio::sync::OwnedSemaphorePermit,
    changes: std::sync::Arc<Changes>,
    published: bool,
}

/// Runs `$body` with `$c` bound to the pool of whichever backend is active.
macro_rules! on_pool {
    ($store:expr, $c:ident => $body:expr) => {
        match $store {
            $crate::storage::Store::Sqlite(s) => {
                let $c = &s.pool;
                $body
            }
            $crate::storage::Store::Postgres(s) => {
                let $c = &s.pool;
                $body
            }
        }
    };
}

/// Runs `$body` with `$c` bound to the transaction's connection.
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::storage::Tx::Sqlite(t, _) => {
                let $c = &mut **t;
                $body
            }
            $crate::storage::Tx::Postgres(t, _) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Runs `$body` with `$c` bound to the connection of a write transaction of its own, so that
/// a single-statement write takes its turn with the others (see `Backend`) instead of racing
/// them for the database's lock.
macro_rules! on_writer {
    ($store:expr, $c:ident => $body:expr) => {
        async {
            let mut tx = $store.begin().await?;
            let out = on_tx!(&mut tx, $c => $body)?;
            tx.commit().await?;
            Ok::<_, $crate::storage::StoreError>(out)
        }
        .await
    };
}

mod api_credentials;
mod awards;
mod changes;
mod credentials;
mod europass;
mod learner_access;
mod learners;
mod oid4vci;
mod portability;
mod providers;
mod referential;
mod routes;
mod status;
mod web;
pub use api_credentials::{ApiCredentialRecord, ChallengeRecord, ChallengeUse, NewApiCredential};
pub use changes::Changes;
pub use credentials::{HeldUnit, RevokedUnit};
pub use europass::{SealAnchorRecord, SealRecord};
pub use learner_access::{AccessRecord, NewAccess};
pub use oid4vci::{NewOffer, OfferRecord, Redemption};
pub use portability::{
    EquivalenceRecord, NewEquivalence, NewRecognition, RecognitionRecord, TrustedIssuerRecord,
};
pub use routes::{
    DecisionRecord, NewPortfolioItem, NewWorkplaceResult, PlacementRecord, PortfolioItem,
    ProcedureRecord, WorkplaceResult,
};
pub use status::{LIST_BITS, LIST_CAPACITY, PublishedList, ReviewRecord, StatusSlot};
pub use web::{ImportJob, MAX_FAILED_LOGINS, NewStaff, SessionOwner, StaffLogin, StaffRecord};

type HookFuture<'c> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, sqlx::Error>> + Send + 'c>>;

/// The pools' `after_release` hook: a connection goes back into the pool only outside any
/// transaction. A dropped `Transaction` queues its ROLLBACK; the ping runs behind it, so the
/// depth read afterwards is the real one. A connection still inside a transaction (which no
/// code path should leave, see `Store::begin`) is closed, which rolls it back, instead of
/// being handed to the next request with the write lock held.
fn release_hook<C: sqlx::Connection>(
    conn: &mut C,
    _: sqlx::pool::PoolConnectionMetadata,
) -> HookFuture<'_> {
    Box::pin(async move {
        if conn.is_in_transaction() {
            conn.ping().await?;
        }
        if conn.is_in_transaction() {
            tracing::warn!("a pooled connection was still inside a transaction: closed");
            return Ok(false);
        }
        Ok(true)
    })
}

fn task_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Task(e.to_string())
}

fn unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

fn json<T: DeserializeOwned>(j: Json<T>) -> T {
    j.0
}

#[derive(sqlx::FromRow)]
struct ProviderRow {
    id: Uuid,
    slug: String,
    name: String,
    country_code: String,
    url: Option<String>,
    did_method: String,
    did: String,
    quality_assurance: Option<String>,
}

impl ProviderRow {
    fn into_domain(self) -> StoreResult<Provider> {
        Ok(Provider {
            id: self.id,
            slug: self.slug,
            name: self.name,
            country_code: self.country_code,
            url: self.url,
            did_method: DidMethod::parse(&self.did_method)
                .ok_or_else(|| StoreError::Corrupt(format!("did_method {}", self.did_method)))?,
            did: self.did,
            quality_assurance: self.quality_assurance,
        })
    }
}

#[derive(sqlx::FromRow)]
struct AuthRow {
    #[sqlx(flatten)]
    provider: ProviderRow,
    role: String,
    label: String,
    company_id: Option<Uuid>,
}

/// Who an API token speaks for.
pub struct TokenOwner {
    pub provider: Provider,
    pub role: Role,
    pub label: String,
    /// A tutor's company.
    pub company_id: Option<Uuid>,
}

const PROVIDER_COLUMNS: &str =
    "id, slug, name, country_code, url, did_method, did, quality_assurance";

/// One audit log entry as stored (see `crate::services::audit`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// A provider key as stored: the private half sealed under the master key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRecord {
    pub id: Uuid,
    pub key_ref: String,
    pub public_key: Vec<u8>,
    pub sealed_secret: Vec<u8>,
    pub active: bool,
    pub created_at: OffsetDateTime,
    /// When a rotation replaced it; it still verifies what it signed.
    pub retired_at: Option<OffsetDateTime>,
    /// Signatures made from this time on are not to be trusted.
    pub compromised_since: Option<OffsetDateTime>,
    pub compromise_reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StoredProfile {
    pub id: Uuid,
    pub def: ProfileDef,
    pub locked: bool,
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: Uuid,
    document: Json<ProfileDef>,
    locked: bool,
}

#[derive(sqlx::FromRow)]
struct LearnerRow {
    id: Uuid,
    document: Json<LearnerDoc>,
    subject_salt: String,
}

impl From<LearnerRow> for Learner {
    fn from(r: LearnerRow) -> Self {
        Learner {
            id: r.id,
            doc: json(r.document),
            subject_salt: r.subject_salt,
        }
    }
}

#[derive(sqlx::FromRow)]
struct AssessmentRow {
    id: Uuid,
    learner_id: Uuid,
    profile_code: String,
    profile_version: i32,
    unit_code: String,
    assessed_on: Date,
    outcome: String,
    assessor: String,
    assessment_type: String,
    remediation_note: Option<String>,
    credential_id: Option<Uuid>,
    route: Option<Json<Route>>,
}

impl AssessmentRow {
    fn into_domain(self) -> StoreResult<Assessment> {
        let assessment_type: AssessmentType =
            serde_json::from_value(serde_json::Value::String(self.assessment_type.clone()))
                .map_err(|_| {
                    StoreError::Corrupt(format!("assessment_type {}", self.assessment_type))
                })?;
        Ok(Assessment {
            id: self.id,
            learner_id: self.learner_id,
            profile_code: self.profile_code,
            profile_version: u32::try_from(self.profile_version).unwrap_or_default(),
            unit_code: self.unit_code,
            assessed_on: self.assessed_on,
            outcome: Outcome::parse(&self.outcome)
                .ok_or_else(|| StoreError::Corrupt(format!("outcome {}", self.outcome)))?,
            assessor: self.assessor,
            assessment_type,
            remediation_note: self.remediation_note,
            credential_id: self.credential_id,
            route: self.route.map(json),
        })
    }
}

const ASSESSMENT_SELECT: &str = "select a.id, a.learner_id, p.code as profile_code, p.version as profile_version, \
     u.code as unit_code, a.assessed_on, a.outcome, a.assessor, a.assessment_type, a.remediation_note, a.credential_id, \
     a.route from assessments a join units u on u.id = a.unit_id join profiles p on p.id = u.profile_id";

/// Summary of an issued credential (its signed documents are fetched separately).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CredentialRecord {
    pub id: Uuid,
    pub learner_id: Uuid,
    pub kind: String,
    pub unit_id: Option<Uuid>,
    pub profile_id: Uuid,
    pub key_ref: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub issued_at: OffsetDateTime,
    /// `active`, `suspended` or `revoked`.
    pub status: String,
    pub status_reason: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub status_changed_at: Option<OffsetDateTime>,
    pub status_list: Option<i32>,
    pub status_index: Option<i32>,
}

const CREDENTIAL_COLUMNS: &str = "id, learner_id, kind, unit_id, profile_id, key_ref, issued_at, \
     status, status_reason, status_changed_at, status_list, status_index";

/// One signed rendering of a credential, exactly as signed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CredentialDocument {
    pub format: String,
    pub media_type: String,
    pub body: Vec<u8>,
}

pub struct NewCredential<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub learner_id: Uuid,
    pub kind: &'static str,
    pub unit_id: Option<Uuid>,
    pub profile_id: Uuid,
    pub key_ref: &'a str,
    pub issued_at: OffsetDateTime,
    /// Reserved with `Store::reserve_status_slots` before the credential was signed.
    pub status: StatusSlot,
    pub documents: Vec<CredentialDocument>,
}

pub struct NewAssessmentRow<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub learner_id: Uuid,
    pub unit_id: Uuid,
    pub assessed_on: Date,
    pub outcome: Outcome,
    pub assessor: &'a str,
    pub assessment_type: AssessmentType,
    pub remediation_note: Option<&'a str>,
    pub created_at: OffsetDateTime,
    /// Content key of a row imported from a result file (see `crate::services::import`).
    pub import_key: Option<&'a [u8]>,
    /// The credential this attempt issued, when it is already stored.
    pub credential_id: Option<Uuid>,
    /// Validation of prior learning or work-based; `None` for the school's own assessment.
    pub route: Option<&'a Route>,
}

#[derive(sqlx::FromRow)]
struct LearnerHeldUnit {
    learner_id: Uuid,
    #[sqlx(flatten)]
    unit: HeldUnit,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AwardRecord {
    pub id: Uuid,
    pub learner_id: Uuid,
    pub profile_id: Uuid,
    pub status: String,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub decided_at: Option<OffsetDateTime>,
    pub credential_id: Option<Uuid>,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
}

const AWARD_COLUMNS: &str =
    "id, learner_id, profile_id, status, decided_by, reason, decided_at, credential_id, created_at";

/// What happened when a request claimed an idempotency key.
pub enum IdempotencyClaim {
    /// First use: go ahead, then `complete_idempotency` in the same transaction.
    Fresh,
    /// Already done: replay this response.
    Replay { status: u16, body: Vec<u8> },
    /// The key was used for a different request.
    Mismatch,
}

impl Store {
    /// Chooses the backend from the URL scheme; anything else is refused with the list of
    /// accepted schemes (a bare path is not silently taken for SQLite).
    pub async fn connect(url: &str) -> StoreResult<Self> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Self::Sqlite(Backend::new(sqlite::open(url).await?, 1))),
            Some("postgres" | "postgresql") => {
                let mut backend = Backend::new(postgres::open(url).await?, postgres::WRITE_TURNS);
                backend.listener = Some(changes::listen(
                    backend.pool.clone(),
                    std::sync::Arc::clone(&backend.changes),
                ));
                Ok(Self::Postgres(backend))
            }
            _ => Err(StoreError::Config(
                "database URL must start with sqlite:, postgres: or postgresql:".to_owned(),
            )),
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    /// Opens a write transaction. The BEGIN runs in a task of its own: if the caller's future
    /// is dropped while it waits (a client hanging up), the task still ends with a
    /// `Transaction` that rolls back on drop. Awaited inline, sqlx-sqlite can be cancelled
    /// after its BEGIN ran but before the guard exists, which would hand the pool a
    /// connection that holds the write lock forever (see also the pools' release hooks).
    pub async fn begin(&self) -> StoreResult<Tx> {
        let store = self.clone();
        let task = tokio::spawn(async move {
            Ok::<_, StoreError>(match store {
                // IMMEDIATE takes the write lock up front; see the sqlite module docs.
                Self::Sqlite(s) => {
                    let turn = s.turn().await?;
                    Tx::Sqlite(s.pool.begin_with("BEGIN IMMEDIATE").await?, turn)
                }
                Self::Postgres(s) => {
                    let turn = s.turn().await?;
                    Tx::Postgres(s.pool.begin().await?, turn)
                }
            })
        });
        task.await.map_err(task_error)?
    }

    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, p => sqlx::query("select 1").execute(p).await.map(|_| ()).map_err(Into::into))
    }

    pub async fn close(&self) {
        if let Self::Postgres(Backend {
            listener: Some(l), ..
        }) = self
        {
            l.abort();
        }
        on_pool!(self, p => p.close().await)
    }

    /// How many group-commit batches may write at once: SQLite has one writer; PostgreSQL
    /// takes a few, leaving write turns for everything else.
    pub fn concurrent_batches(&self) -> usize {
        match self {
            Self::Sqlite(_) => 1,
            Self::Postgres(_) => 4,
        }
    }

    /// What verifiers may cache has changed this many times (see [`Changes`]).
    pub fn generation(&self) -> u64 {
        match self {
            Self::Sqlite(s) => s.changes.generation(),
            Self::Postgres(s) => s.changes.generation(),
        }
    }
}

impl Tx {
    /// Commits in a task of its own, so that a dropped caller cannot leave the COMMIT
    /// half-sent: it either completes or the transaction rolls back, never neither.
    pub async fn commit(self) -> StoreResult<()> {
        let task = tokio::spawn(async move {
            let turn = match self {
                Tx::Sqlite(t, turn) => t.commit().await.map(|()| turn),
                Tx::Postgres(t, turn) => t.commit().await.map(|()| turn),
            }?;
            if turn.published {
                turn.changes.bump();
            }
            Ok::<_, sqlx::Error>(())
        });
        task.await.map_err(task_error)??;
        Ok(())
    }
}

/// Maps a unique violation to a typed duplicate, anything else to the raw error.
pub fn map_unique(e: sqlx::Error, what: &'static str) -> StoreError {
    if unique_violation(&e) {
        StoreError::Duplicate(what)
    } else {
        StoreError::Sqlx(e)
    }
}

impl Tx {
    /// Starts a savepoint: what follows can be undone alone ([`Tx::rollback_to_savepoint`])
    /// while the transaction goes on. Not nested: each is released or rolled back before the
    /// next.
    pub async fn savepoint(&mut self) -> StoreResult<()> {
        self.execute_raw("savepoint job").await
    }

    /// Releases the savepoint, keeping its writes, and opens the next: one round trip.
    pub async fn next_savepoint(&mut self) -> StoreResult<()> {
        self.execute_raw("release savepoint job; savepoint job")
            .await
    }

    /// Undoes the writes since the savepoint, which stays open (and empty).
    pub async fn rollback_to_savepoint(&mut self) -> StoreResult<()> {
        self.execute_raw("rollback to savepoint job").await
    }

    /// Statements without parameters, several at once if need be (PostgreSQL's simple query
    /// protocol; SQLite runs them in turn).
    async fn execute_raw(&mut self, sql: &'static str) -> StoreResult<()> {
        on_tx!(self, c => sqlx::Executor::execute(c, sql).await.map(|_| ()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn count(tx: &mut Tx) -> i64 {
        on_tx!(tx, c => sqlx::query_scalar::<_, i64>("select count(*) from job_writes").fetch_one(c).await)
            .unwrap()
    }

    async fn insert(tx: &mut Tx, n: i64) {
        let sql = "insert into job_writes (n) values ($1)";
        on_tx!(tx, c => sqlx::query(sql).bind(n).execute(c).await.map(|_| ())).unwrap();
    }

    /// The savepoints a group-commit batch runs its jobs in: kept writes survive the next
    /// savepoint, a rolled-back job leaves nothing and the savepoint usable for the next one.
    #[tokio::test]
    async fn jobs_savepoints_keep_and_undo_what_they_should() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let mut urls = vec![url];
        urls.extend(std::env::var("TEST_DATABASE_URL").ok());
        for url in urls {
            let store = Store::connect(&url).await.unwrap();
            let mut tx = store.begin().await.unwrap();
            tx.execute_raw("create temp table job_writes (n bigint)")
                .await
                .unwrap();
            let before = count(&mut tx).await;
            tx.savepoint().await.unwrap();
            insert(&mut tx, 1).await;
            tx.next_savepoint().await.unwrap();
            insert(&mut tx, 2).await;
            tx.rollback_to_savepoint().await.unwrap();
            assert_eq!(count(&mut tx).await, before + 1, "{url}");
            insert(&mut tx, 3).await;
            tx.rollback_to_savepoint().await.unwrap();
            insert(&mut tx, 4).await;
            tx.next_savepoint().await.unwrap();
            assert_eq!(count(&mut tx).await, before + 2, "{url}");
            drop(tx);
            store.close().await;
        }
    }
}
