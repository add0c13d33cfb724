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
}

/// How long a write waits for its turn before it is refused as busy (the same bound as for a
/// pool connection): a queue that long means the store is overloaded, not slow.
const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

impl<P> Backend<P> {
    fn new(pool: P, turns: usize) -> Self {
        Self {
            pool,
            writers: std::sync::Arc::new(tokio::sync::Semaphore::new(turns)),
        }
    }

    async fn turn(&self) -> StoreResult<Turn> {
        let wait = std::sync::Arc::clone(&self.writers).acquire_owned();
        match tokio::time::timeout(TURN_WAIT, wait).await {
            Ok(turn) => turn.map_err(task_error),
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

type Turn = tokio::sync::OwnedSemaphorePermit;

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

mod europass;
mod learner_access;
mod oid4vci;
mod portability;
mod status;
mod web;
pub use europass::{SealAnchorRecord, SealRecord};
pub use learner_access::{AccessRecord, NewAccess};
pub use oid4vci::{NewOffer, OfferRecord, Redemption};
pub use portability::{
    EquivalenceRecord, NewEquivalence, NewRecognition, RecognitionRecord, TrustedIssuerRecord,
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
        })
    }
}

const ASSESSMENT_SELECT: &str = "select a.id, a.learner_id, p.code as profile_code, p.version as profile_version, \
     u.code as unit_code, a.assessed_on, a.outcome, a.assessor, a.assessment_type, a.remediation_note, a.credential_id \
     from assessments a join units u on u.id = a.unit_id join profiles p on p.id = u.profile_id";

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
}

/// A unit credential of a learner, located in the referential.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeldUnit {
    pub credential_id: Uuid,
    pub profile_code: String,
    pub profile_version: i32,
    pub unit_code: String,
    /// For a recognition credential: the foreign credential it recognises (id, digest of
    /// the exact bytes submitted, media type).
    pub foreign_id: Option<String>,
    pub foreign_digest: Option<String>,
    pub foreign_media_type: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LearnerHeldUnit {
    learner_id: Uuid,
    #[sqlx(flatten)]
    unit: HeldUnit,
}

const HELD_UNITS: &str = "select c.id as credential_id, p.code as profile_code, p.version as profile_version, \
     u.code as unit_code, r.foreign_credential_id as foreign_id, r.digest as foreign_digest, \
     r.media_type as foreign_media_type from credentials c join units u on u.id = c.unit_id \
     join profiles p on p.id = c.profile_id left join recognitions r on r.credential_id = c.id \
     where c.provider_id = $1 and c.learner_id = $2 and c.kind = 'unit' and c.status <> 'revoked' order by c.issued_at, c.id";

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
            Some("postgres" | "postgresql") => Ok(Self::Postgres(Backend::new(
                postgres::open(url).await?,
                postgres::WRITE_TURNS,
            ))),
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
        on_pool!(self, p => p.close().await)
    }

    // ---- providers, tokens and keys ----

    pub async fn provider_by_slug(&self, slug: &str) -> StoreResult<Option<Provider>> {
        let sql = format!("select {PROVIDER_COLUMNS} from providers where slug = $1");
        let row: Option<ProviderRow> =
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(slug).fetch_optional(p).await)?;
        row.map(ProviderRow::into_domain).transpose()
    }

    pub async fn provider_by_did(&self, did: &str) -> StoreResult<Option<Provider>> {
        let sql = format!("select {PROVIDER_COLUMNS} from providers where did = $1");
        let row: Option<ProviderRow> =
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(did).fetch_optional(p).await)?;
        row.map(ProviderRow::into_domain).transpose()
    }

    pub async fn providers(&self) -> StoreResult<Vec<Provider>> {
        let sql = format!("select {PROVIDER_COLUMNS} from providers order by slug");
        let rows: Vec<ProviderRow> =
            on_pool!(self, p => sqlx::query_as(sql.as_str()).fetch_all(p).await)?;
        rows.into_iter().map(ProviderRow::into_domain).collect()
    }

    /// The provider and role behind an API token hash, if the token is live.
    /// The provider, role and label of a live token.
    pub async fn authenticate(
        &self,
        token_hash: &[u8],
    ) -> StoreResult<Option<(Provider, Role, String)>> {
        let sql = format!(
            "select {}, t.role, t.label from api_tokens t join providers p on p.id = t.provider_id \
             where t.token_hash = $1 and t.revoked_at is null",
            PROVIDER_COLUMNS
                .split(", ")
                .map(|c| format!("p.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let row: Option<AuthRow> = on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(token_hash).fetch_optional(p).await)?;
        let Some(AuthRow {
            provider,
            role,
            label,
        }) = row
        else {
            return Ok(None);
        };
        let provider = provider.into_domain()?;
        let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?;
        Ok(Some((provider, role, label)))
    }

    pub async fn audit_rows(&self, provider_id: Uuid) -> StoreResult<Vec<AuditRow>> {
        let sql = "select seq, at, actor, action, subject, detail, prev_hash, hash from audit_log \
                   where provider_id = $1 order by seq";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?)
    }

    pub async fn audit_head(&self, provider_id: Uuid) -> StoreResult<Option<(i64, Vec<u8>)>> {
        let sql = "select seq, hash from audit_heads where provider_id = $1";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_optional(p).await)?)
    }

    pub async fn keys(&self, provider_id: Uuid) -> StoreResult<Vec<KeyRecord>> {
        let sql = "select id, key_ref, public_key, sealed_secret, active, created_at, retired_at, \
                   compromised_since, compromise_reason from provider_keys where provider_id = $1 order by created_at";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?)
    }

    // ---- referential ----

    pub async fn profile(
        &self,
        provider_id: Uuid,
        code: &str,
        version: u32,
    ) -> StoreResult<Option<StoredProfile>> {
        let sql = "select id, document, locked from profiles where provider_id = $1 and code = $2 and version = $3";
        let row: Option<ProfileRow> = on_pool!(self, p => sqlx::query_as(sql)
            .bind(provider_id).bind(code).bind(version as i32).fetch_optional(p).await)?;
        Ok(row.map(|r| StoredProfile {
            id: r.id,
            def: json(r.document),
            locked: r.locked,
        }))
    }

    pub async fn profile_by_id(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<StoredProfile>> {
        let sql = "select id, document, locked from profiles where provider_id = $1 and id = $2";
        let row: Option<ProfileRow> = on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|r| StoredProfile {
            id: r.id,
            def: json(r.document),
            locked: r.locked,
        }))
    }

    pub async fn profiles(&self, provider_id: Uuid) -> StoreResult<Vec<StoredProfile>> {
        let sql = "select id, document, locked from profiles where provider_id = $1 order by code, version";
        let rows: Vec<ProfileRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| StoredProfile {
                id: r.id,
                def: json(r.document),
                locked: r.locked,
            })
            .collect())
    }

    /// Unit ids of a profile, keyed by unit code.
    pub async fn unit_id(&self, profile_id: Uuid, code: &str) -> StoreResult<Option<Uuid>> {
        let sql = "select id from units where profile_id = $1 and code = $2";
        Ok(
            on_pool!(self, p => sqlx::query_scalar(sql).bind(profile_id).bind(code).fetch_optional(p).await)?,
        )
    }

    // ---- learners ----

    pub async fn learner(&self, provider_id: Uuid, id: Uuid) -> StoreResult<Option<Learner>> {
        let sql =
            "select id, document, subject_salt from learners where provider_id = $1 and id = $2";
        let row: Option<LearnerRow> = on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(id).fetch_optional(p).await)?;
        Ok(row.map(Into::into))
    }

    pub async fn learners(
        &self,
        provider_id: Uuid,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<Learner>> {
        let sql = "select id, document, subject_salt from learners where provider_id = $1 \
                   order by created_at, id limit $2 offset $3";
        let rows: Vec<LearnerRow> = on_pool!(self, p => sqlx::query_as(sql)
            .bind(provider_id).bind(limit).bind(offset).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn insert_learner(
        &self,
        provider_id: Uuid,
        learner: &Learner,
        created_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql = "insert into learners (id, provider_id, document, subject_salt, created_at) values ($1, $2, $3, $4, $5)";
        on_writer!(self, p => sqlx::query(sql).bind(learner.id).bind(provider_id).bind(Json(&learner.doc))
            .bind(&learner.subject_salt).bind(created_at).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Every learner of a provider (result imports resolve a whole file against them).
    pub async fn all_learners(&self, provider_id: Uuid) -> StoreResult<Vec<Learner>> {
        let sql = "select id, document, subject_salt from learners where provider_id = $1";
        let rows: Vec<LearnerRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    // ---- assessments and credentials ----

    pub async fn assessments(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<Assessment>> {
        let sql = format!(
            "{ASSESSMENT_SELECT} where a.provider_id = $1 and a.learner_id = $2 order by a.assessed_on, a.created_at, a.id"
        );
        let rows: Vec<AssessmentRow> = on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(learner_id).fetch_all(p).await)?;
        rows.into_iter().map(AssessmentRow::into_domain).collect()
    }

    pub async fn credential(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<CredentialRecord>> {
        let sql = format!(
            "select {CREDENTIAL_COLUMNS} from credentials where provider_id = $1 and id = $2"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(id).fetch_optional(p).await)?)
    }

    pub async fn credentials(
        &self,
        provider_id: Uuid,
        learner_id: Option<Uuid>,
    ) -> StoreResult<Vec<CredentialRecord>> {
        let sql = format!(
            "select {CREDENTIAL_COLUMNS} from credentials where provider_id = $1 \
             and ($2 is null or learner_id = $2) order by issued_at, id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(learner_id).fetch_all(p).await)?)
    }

    pub async fn credential_document(
        &self,
        credential_id: Uuid,
        format: &str,
    ) -> StoreResult<Option<CredentialDocument>> {
        let sql = "select format, media_type, body from credential_documents where credential_id = $1 and format = $2";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(credential_id).bind(format).fetch_optional(p).await)?,
        )
    }

    /// Stores another signed form of a credential unless that form is already stored.
    pub async fn insert_credential_document(
        &self,
        credential_id: Uuid,
        doc: &CredentialDocument,
    ) -> StoreResult<()> {
        let sql = "insert into credential_documents (credential_id, format, media_type, body) \
                   values ($1, $2, $3, $4) on conflict do nothing";
        on_writer!(self, p => sqlx::query(sql).bind(credential_id).bind(&doc.format).bind(&doc.media_type)
            .bind(&doc.body).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn held_units(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<HeldUnit>> {
        Ok(
            on_pool!(self, p => sqlx::query_as(HELD_UNITS).bind(provider_id).bind(learner_id).fetch_all(p).await)?,
        )
    }

    pub async fn awards(
        &self,
        provider_id: Uuid,
        status: Option<&str>,
    ) -> StoreResult<Vec<AwardRecord>> {
        let sql = format!(
            "select {AWARD_COLUMNS} from awards where provider_id = $1 and ($2 is null or status = $2) order by created_at, id"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(status).fetch_all(p).await)?,
        )
    }

    pub async fn award_for(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
        profile_id: Uuid,
    ) -> StoreResult<Option<AwardRecord>> {
        let sql = format!(
            "select {AWARD_COLUMNS} from awards where provider_id = $1 and learner_id = $2 and profile_id = $3 \
             order by created_at desc, id desc limit 1"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(learner_id).bind(profile_id)
            .fetch_optional(p).await)?,
        )
    }

    /// (learner, unit) of every unit credential of a provider.
    pub async fn unit_credential_keys(&self, provider_id: Uuid) -> StoreResult<Vec<(Uuid, Uuid)>> {
        let sql = "select learner_id, unit_id from credentials where provider_id = $1 and kind = 'unit' and status <> 'revoked'";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?)
    }

    /// Code and id of every unit of a stored profile.
    pub async fn unit_ids(&self, profile_id: Uuid) -> StoreResult<Vec<(String, Uuid)>> {
        let sql = "select code, id from units where profile_id = $1";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(profile_id).fetch_all(p).await)?)
    }

    pub async fn count_credentials(&self, provider_id: Uuid) -> StoreResult<i64> {
        let sql = "select count(*) from credentials where provider_id = $1";
        Ok(on_pool!(self, p => sqlx::query_scalar(sql).bind(provider_id).fetch_one(p).await)?)
    }
}

impl Tx {
    /// Commits in a task of its own, so that a dropped caller cannot leave the COMMIT
    /// half-sent: it either completes or the transaction rolls back, never neither.
    pub async fn commit(self) -> StoreResult<()> {
        let task = tokio::spawn(async move {
            match self {
                Tx::Sqlite(t, _turn) => t.commit().await,
                Tx::Postgres(t, _turn) => t.commit().await,
            }
        });
        task.await.map_err(task_error)??;
        Ok(())
    }

    /// Serialises writers per learner. SQLite transactions are already serial (BEGIN
    /// IMMEDIATE); on PostgreSQL the row lock makes a second transaction that completes the
    /// same learner's qualification wait and then see the first one's units.
    pub async fn lock_learner(&mut self, learner_id: Uuid) -> StoreResult<()> {
        if let Tx::Postgres(t, _) = self {
            sqlx::query("select id from learners where id = $1 for update")
                .bind(learner_id)
                .fetch_optional(&mut **t)
                .await?;
        }
        Ok(())
    }

    pub async fn held_units(
        &mut self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<HeldUnit>> {
        Ok(
            on_tx!(self, c => sqlx::query_as(HELD_UNITS).bind(provider_id).bind(learner_id).fetch_all(c).await)?,
        )
    }

    /// `held_units` for many learners of a provider at once, keyed by learner.
    pub async fn held_units_of(
        &mut self,
        provider_id: Uuid,
        learners: &[Uuid],
    ) -> StoreResult<HashMap<Uuid, Vec<HeldUnit>>> {
        let mut out: HashMap<Uuid, Vec<HeldUnit>> = HashMap::new();
        for part in learners.chunks(1000) {
            let rows: Vec<LearnerHeldUnit> = on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "select c.learner_id, c.id as credential_id, p.code as profile_code, p.version as profile_version, \
                     u.code as unit_code, r.foreign_credential_id as foreign_id, r.digest as foreign_digest, \
                     r.media_type as foreign_media_type from credentials c join units u on u.id = c.unit_id \
                     join profiles p on p.id = c.profile_id left join recognitions r on r.credential_id = c.id where c.kind = 'unit' and c.status <> 'revoked' and c.provider_id = ",
                );
                qb.push_bind(provider_id).push(" and c.learner_id in (");
                let mut ids = qb.separated(", ");
                for id in part {
                    ids.push_bind(*id);
                }
                qb.push(") order by c.issued_at, c.id");
                qb.build_query_as().fetch_all(c).await
            })?;
            for r in rows {
                out.entry(r.learner_id).or_default().push(r.unit);
            }
        }
        Ok(out)
    }

    /// Which of these learners already hold a qualification credential, and for which profile.
    pub async fn qualification_holders(
        &mut self,
        provider_id: Uuid,
        learners: &[Uuid],
    ) -> StoreResult<HashSet<(Uuid, Uuid)>> {
        let mut out = HashSet::new();
        for part in learners.chunks(1000) {
            let rows: Vec<(Uuid, Uuid)> = on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "select learner_id, profile_id from credentials where kind = 'qualification' and status <> 'revoked' and provider_id = ",
                );
                qb.push_bind(provider_id).push(" and learner_id in (");
                let mut ids = qb.separated(", ");
                for id in part {
                    ids.push_bind(*id);
                }
                qb.push(")");
                qb.build_query_as().fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// The stored bodies of many credentials in one format.
    pub async fn credential_bodies(
        &mut self,
        ids: &[Uuid],
        format: &str,
    ) -> StoreResult<HashMap<Uuid, Vec<u8>>> {
        let mut out = HashMap::new();
        for part in ids.chunks(1000) {
            let rows: Vec<(Uuid, Vec<u8>)> = on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "select credential_id, body from credential_documents where format = ",
                );
                qb.push_bind(format).push(" and credential_id in (");
                let mut list = qb.separated(", ");
                for id in part {
                    list.push_bind(*id);
                }
                qb.push(")");
                qb.build_query_as().fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    pub async fn credential_body(
        &mut self,
        credential_id: Uuid,
        format: &str,
    ) -> StoreResult<Vec<u8>> {
        let sql = "select body from credential_documents where credential_id = $1 and format = $2";
        Ok(
            on_tx!(self, c => sqlx::query_scalar(sql).bind(credential_id).bind(format).fetch_one(c).await)?,
        )
    }

    pub async fn award(&mut self, provider_id: Uuid, id: Uuid) -> StoreResult<Option<AwardRecord>> {
        let sql = format!("select {AWARD_COLUMNS} from awards where provider_id = $1 and id = $2");
        Ok(
            on_tx!(self, c => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id).fetch_optional(c).await)?,
        )
    }

    /// Opens an award; false if the learner already has one for this profile version.
    /// Records many issued awards (learner, profile, credential) in one statement.
    pub async fn insert_issued_awards(
        &mut self,
        provider_id: Uuid,
        awards: &[(Uuid, Uuid, Uuid)],
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        for part in awards.chunks(1000) {
            on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "insert into awards (id, provider_id, learner_id, profile_id, status, credential_id, created_at) ",
                );
                qb.push_values(part, |mut b, (learner, profile, credential)| {
                    b.push_bind(Uuid::new_v4()).push_bind(provider_id).push_bind(*learner).push_bind(*profile)
                        .push_bind("issued").push_bind(*credential).push_bind(now);
                });
                qb.push(" on conflict do nothing");
                qb.build().execute(c).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    pub async fn insert_award(
        &mut self,
        provider_id: Uuid,
        learner_id: Uuid,
        profile_id: Uuid,
        status: &str,
        credential_id: Option<Uuid>,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let sql = "insert into awards (id, provider_id, learner_id, profile_id, status, credential_id, created_at) \
                   values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing";
        let done = on_tx!(self, c => sqlx::query(sql).bind(Uuid::new_v4()).bind(provider_id).bind(learner_id)
            .bind(profile_id).bind(status).bind(credential_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Records a jury decision on a pending award; false if it was no longer pending.
    pub async fn decide_award(
        &mut self,
        id: Uuid,
        status: &str,
        decided_by: &str,
        reason: Option<&str>,
        credential_id: Option<Uuid>,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let sql = "update awards set status = $1, decided_by = $2, reason = $3, credential_id = $4, decided_at = $5 \
                   where id = $6 and status = 'pending'";
        let done = on_tx!(self, c => sqlx::query(sql).bind(status).bind(decided_by).bind(reason).bind(credential_id)
            .bind(now).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    pub async fn insert_provider(
        &mut self,
        p: &Provider,
        created_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql = "insert into providers (id, slug, name, country_code, url, did_method, did, quality_assurance, created_at) \
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing";
        let done = on_tx!(self, c => sqlx::query(sql).bind(p.id).bind(&p.slug).bind(&p.name).bind(&p.country_code)
            .bind(&p.url).bind(p.did_method.as_str()).bind(&p.did).bind(&p.quality_assurance).bind(created_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::Duplicate("provider"));
        }
        Ok(())
    }

    pub async fn insert_token(
        &mut self,
        provider_id: Uuid,
        token_hash: &[u8],
        role: Role,
        label: &str,
        created_at: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        let sql = "insert into api_tokens (id, provider_id, token_hash, role, label, created_at) values ($1, $2, $3, $4, $5, $6)";
        on_tx!(self, c => sqlx::query(sql).bind(id).bind(provider_id).bind(token_hash).bind(role.as_str())
            .bind(label).bind(created_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(id)
    }

    /// The provider's chain head (0 and 32 zero bytes before the first entry), locked until
    /// the transaction ends.
    pub async fn lock_audit_head(&mut self, provider_id: Uuid) -> StoreResult<(i64, Vec<u8>)> {
        // Create the head if missing, then lock it: concurrent appenders queue on this row.
        on_tx!(self, c => sqlx::query("insert into audit_heads (provider_id, seq, hash) values ($1, 0, $2) \
                                       on conflict do nothing")
            .bind(provider_id).bind(vec![0u8; 32]).execute(c).await.map(|r| r.rows_affected()))?;
        let row: (i64, Vec<u8>) = match self {
            Tx::Sqlite(t, _) => {
                sqlx::query_as("select seq, hash from audit_heads where provider_id = $1")
                    .bind(provider_id)
                    .fetch_one(&mut **t)
                    .await?
            }
            Tx::Postgres(t, _) => {
                sqlx::query_as(
                    "select seq, hash from audit_heads where provider_id = $1 for update",
                )
                .bind(provider_id)
                .fetch_one(&mut **t)
                .await?
            }
        };
        Ok(row)
    }

    pub async fn set_audit_head(
        &mut self,
        provider_id: Uuid,
        seq: i64,
        hash: &[u8],
    ) -> StoreResult<()> {
        on_tx!(self, c => sqlx::query("update audit_heads set seq = $2, hash = $3 where provider_id = $1")
            .bind(provider_id).bind(seq).bind(hash).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn insert_audit_rows(
        &mut self,
        provider_id: Uuid,
        rows: &[AuditRow],
    ) -> StoreResult<()> {
        for part in rows.chunks(1000) {
            on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "insert into audit_log (provider_id, seq, at, actor, action, subject, detail, prev_hash, hash) ",
                );
                qb.push_values(part, |mut b, r| {
                    b.push_bind(provider_id).push_bind(r.seq).push_bind(r.at).push_bind(r.actor.as_str())
                        .push_bind(r.action.as_str()).push_bind(r.subject.as_deref()).push_bind(r.detail.as_str())
                        .push_bind(r.prev_hash.as_slice()).push_bind(r.hash.as_slice());
                });
                qb.build().execute(c).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Serialises key changes of one provider (a no-op on SQLite, whose writers are serial).
    pub async fn lock_provider(&mut self, provider_id: Uuid) -> StoreResult<()> {
        if let Tx::Postgres(t, _) = self {
            sqlx::query("select id from providers where id = $1 for update")
                .bind(provider_id)
                .fetch_optional(&mut **t)
                .await?;
        }
        Ok(())
    }

    /// Stops the active key(s) signing; they stay published.
    pub async fn retire_active_keys(
        &mut self,
        provider_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        on_tx!(self, c => sqlx::query("update provider_keys set active = false, retired_at = $2 \
                                       where provider_id = $1 and active")
            .bind(provider_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Marks a key compromised; false if there is no such key or it already is.
    pub async fn mark_key_compromised(
        &mut self,
        provider_id: Uuid,
        key_ref: &str,
        since: OffsetDateTime,
        reason: &str,
    ) -> StoreResult<bool> {
        let n = on_tx!(self, c => sqlx::query("update provider_keys set compromised_since = $3, compromise_reason = $4 \
                                               where provider_id = $1 and key_ref = $2 and compromised_since is null")
            .bind(provider_id).bind(key_ref).bind(since).bind(reason).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    pub async fn insert_key(&mut self, provider_id: Uuid, key: &KeyRecord) -> StoreResult<()> {
        let sql = "insert into provider_keys (id, provider_id, key_ref, public_key, sealed_secret, active, created_at) \
                   values ($1, $2, $3, $4, $5, $6, $7)";
        on_tx!(self, c => sqlx::query(sql).bind(key.id).bind(provider_id).bind(&key.key_ref).bind(&key.public_key)
            .bind(&key.sealed_secret).bind(key.active).bind(key.created_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Inserts a profile version and its units. A version that already exists is a duplicate.
    pub async fn insert_profile(
        &mut self,
        provider_id: Uuid,
        def: &ProfileDef,
        now: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        let sql = "insert into profiles (id, provider_id, code, version, document, locked, created_at, updated_at) \
                   values ($1, $2, $3, $4, $5, false, $6, $6) on conflict do nothing";
        let done = on_tx!(self, c => sqlx::query(sql).bind(id).bind(provider_id).bind(&def.code)
            .bind(def.version as i32).bind(Json(def)).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::Duplicate("profile version"));
        }
        self.upsert_units(provider_id, id, def).await?;
        Ok(id)
    }

    /// Replaces an unlocked profile version. Units keep their ids by code, so assessments
    /// already recorded stay attached; removing a unit that has assessments is refused.
    pub async fn replace_profile(
        &mut self,
        provider_id: Uuid,
        profile_id: Uuid,
        def: &ProfileDef,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let sql = "update profiles set document = $1, updated_at = $2 where id = $3 and provider_id = $4 and locked = false";
        let done = on_tx!(self, c => sqlx::query(sql).bind(Json(def)).bind(now).bind(profile_id).bind(provider_id)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Ok(false);
        }
        let codes: Vec<String> = def.units.iter().map(|u| u.code.clone()).collect();
        let existing: Vec<(Uuid, String)> = on_tx!(self, c => sqlx::query_as("select id, code from units where profile_id = $1")
            .bind(profile_id).fetch_all(c).await)?;
        for (unit_id, code) in existing
            .into_iter()
            .filter(|(_, code)| !codes.contains(code))
        {
            let used: i64 = on_tx!(self, c => sqlx::query_scalar("select count(*) from assessments where unit_id = $1")
                .bind(unit_id).fetch_one(c).await)?;
            if used > 0 {
                return Err(StoreError::Conflict(format!(
                    "unit {code} has assessments and cannot be removed; keep it or publish a new version"
                )));
            }
            on_tx!(self, c => sqlx::query("delete from units where id = $1").bind(unit_id).execute(c).await.map(|r| r.rows_affected()))?;
        }
        self.upsert_units(provider_id, profile_id, def).await?;
        Ok(true)
    }

    async fn upsert_units(
        &mut self,
        provider_id: Uuid,
        profile_id: Uuid,
        def: &ProfileDef,
    ) -> StoreResult<()> {
        for (position, unit) in def.units.iter().enumerate() {
            let sql = "insert into units (id, provider_id, profile_id, code, position, document) values ($1, $2, $3, $4, $5, $6) \
                       on conflict (profile_id, code) do update set position = excluded.position, document = excluded.document";
            on_tx!(self, c => sqlx::query(sql).bind(Uuid::new_v4()).bind(provider_id).bind(profile_id).bind(&unit.code)
                .bind(position as i32).bind(Json(unit)).execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// A profile version becomes immutable the moment a credential refers to it.
    pub async fn lock_profile(&mut self, profile_id: Uuid) -> StoreResult<()> {
        on_tx!(self, c => sqlx::query("update profiles set locked = true where id = $1 and locked = false")
            .bind(profile_id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn claim_idempotency(
        &mut self,
        provider_id: Uuid,
        key: &str,
        request_hash: &[u8],
        now: OffsetDateTime,
    ) -> StoreResult<IdempotencyClaim> {
        // On PostgreSQL a concurrent claim of the same key waits here until the first
        // transaction commits (then sees its response) or rolls back (then proceeds).
        let sql = "insert into idempotency_keys (provider_id, idem_key, request_hash, status, response, created_at) \
                   values ($1, $2, $3, 0, $4, $5) on conflict do nothing";
        let done = on_tx!(self, c => sqlx::query(sql).bind(provider_id).bind(key).bind(request_hash)
            .bind(Vec::<u8>::new()).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        if done == 1 {
            return Ok(IdempotencyClaim::Fresh);
        }
        let sql = "select request_hash, status, response from idempotency_keys where provider_id = $1 and idem_key = $2";
        let (hash, status, body): (Vec<u8>, i32, Vec<u8>) =
            on_tx!(self, c => sqlx::query_as(sql).bind(provider_id).bind(key).fetch_one(c).await)?;
        if hash != request_hash {
            return Ok(IdempotencyClaim::Mismatch);
        }
        Ok(IdempotencyClaim::Replay {
            status: u16::try_from(status).unwrap_or(500),
            body,
        })
    }

    pub async fn complete_idempotency(
        &mut self,
        provider_id: Uuid,
        key: &str,
        status: u16,
        body: &[u8],
    ) -> StoreResult<()> {
        let sql = "update idempotency_keys set status = $1, response = $2 where provider_id = $3 and idem_key = $4";
        on_tx!(self, c => sqlx::query(sql).bind(i32::from(status)).bind(body).bind(provider_id).bind(key)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Returns false (and writes nothing) when an imported row with the same key exists.
    pub async fn insert_assessment(&mut self, a: &NewAssessmentRow<'_>) -> StoreResult<bool> {
        let sql = "insert into assessments (id, provider_id, learner_id, unit_id, assessed_on, outcome, assessor, \
                   assessment_type, remediation_note, created_at, import_key, credential_id) \
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict do nothing";
        let n = on_tx!(self, c => sqlx::query(sql).bind(a.id).bind(a.provider_id).bind(a.learner_id).bind(a.unit_id)
            .bind(a.assessed_on).bind(a.outcome.as_str()).bind(a.assessor).bind(a.assessment_type.as_str())
            .bind(a.remediation_note).bind(a.created_at).bind(a.import_key).bind(a.credential_id)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Inserts many assessments in one statement; returns the ids inserted. A row whose import
    /// key is already recorded is skipped, as in `insert_assessment`.
    pub async fn insert_assessments(
        &mut self,
        rows: &[NewAssessmentRow<'_>],
    ) -> StoreResult<HashSet<Uuid>> {
        if rows.is_empty() {
            return Ok(HashSet::new());
        }
        let head = "insert into assessments (id, provider_id, learner_id, unit_id, assessed_on, outcome, assessor, \
                    assessment_type, remediation_note, created_at, import_key, credential_id) ";
        let ids: Vec<Uuid> = on_tx!(self, c => {
            let mut qb = sqlx::QueryBuilder::new(head);
            qb.push_values(rows, |mut b, a| {
                b.push_bind(a.id).push_bind(a.provider_id).push_bind(a.learner_id).push_bind(a.unit_id)
                    .push_bind(a.assessed_on).push_bind(a.outcome.as_str()).push_bind(a.assessor)
                    .push_bind(a.assessment_type.as_str()).push_bind(a.remediation_note)
                    .push_bind(a.created_at).push_bind(a.import_key).push_bind(a.credential_id);
            });
            qb.push(" on conflict do nothing returning id");
            qb.build_query_scalar().fetch_all(c).await
        })?;
        Ok(ids.into_iter().collect())
    }

    /// Stores many credentials with their documents in three statements; returns the ids
    /// stored. One the unique indexes refuse (unit or qualification already held) is skipped.
    pub async fn insert_credentials(
        &mut self,
        creds: &[NewCredential<'_>],
    ) -> StoreResult<HashSet<Uuid>> {
        if creds.is_empty() {
            return Ok(HashSet::new());
        }
        let head = "insert into credentials (id, provider_id, learner_id, kind, unit_id, profile_id, key_ref, issued_at, \
                    status_list, status_index) ";
        let ids: Vec<Uuid> = on_tx!(self, c => {
            let mut qb = sqlx::QueryBuilder::new(head);
            qb.push_values(creds, |mut b, cred| {
                b.push_bind(cred.id).push_bind(cred.provider_id).push_bind(cred.learner_id).push_bind(cred.kind)
                    .push_bind(cred.unit_id).push_bind(cred.profile_id).push_bind(cred.key_ref)
                    .push_bind(cred.issued_at).push_bind(cred.status.list).push_bind(cred.status.index);
            });
            qb.push(" on conflict do nothing returning id");
            qb.build_query_scalar().fetch_all(c).await
        })?;
        let stored: HashSet<Uuid> = ids.into_iter().collect();
        let docs: Vec<(Uuid, &CredentialDocument)> = creds
            .iter()
            .filter(|c| stored.contains(&c.id))
            .flat_map(|c| c.documents.iter().map(move |d| (c.id, d)))
            .collect();
        // Four parameters per document: stay far below either driver's limit per statement.
        for part in docs.chunks(1000) {
            on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "insert into credential_documents (credential_id, format, media_type, body) ",
                );
                qb.push_values(part, |mut b, (id, d)| {
                    b.push_bind(*id).push_bind(d.format.as_str()).push_bind(d.media_type.as_str())
                        .push_bind(d.body.as_slice());
                });
                qb.build().execute(c).await.map(|_| ())
            })?;
        }
        Ok(stored)
    }

    pub async fn link_assessment(
        &mut self,
        assessment_id: Uuid,
        credential_id: Uuid,
    ) -> StoreResult<()> {
        on_tx!(self, c => sqlx::query("update assessments set credential_id = $1 where id = $2")
            .bind(credential_id).bind(assessment_id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn unit_credential_id(
        &mut self,
        learner_id: Uuid,
        unit_id: Uuid,
    ) -> StoreResult<Option<Uuid>> {
        let sql = "select id from credentials where learner_id = $1 and unit_id = $2 and kind = 'unit' and status <> 'revoked'";
        Ok(
            on_tx!(self, c => sqlx::query_scalar(sql).bind(learner_id).bind(unit_id).fetch_optional(c).await)?,
        )
    }

    /// Stores a credential with all its signed renderings, or nothing: returns false (and
    /// writes nothing) when the learner already holds a credential for that unit.
    pub async fn insert_credential(&mut self, cred: &NewCredential<'_>) -> StoreResult<bool> {
        let sql = "insert into credentials (id, provider_id, learner_id, kind, unit_id, profile_id, key_ref, issued_at, \
                   status_list, status_index) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing";
        let done = on_tx!(self, c => sqlx::query(sql).bind(cred.id).bind(cred.provider_id).bind(cred.learner_id)
            .bind(cred.kind).bind(cred.unit_id).bind(cred.profile_id).bind(cred.key_ref).bind(cred.issued_at)
            .bind(cred.status.list).bind(cred.status.index)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Ok(false);
        }
        for doc in &cred.documents {
            let sql = "insert into credential_documents (credential_id, format, media_type, body) values ($1, $2, $3, $4)";
            on_tx!(self, c => sqlx::query(sql).bind(cred.id).bind(&doc.format).bind(&doc.media_type).bind(&doc.body)
                .execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(true)
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
