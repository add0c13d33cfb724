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

/// Many rows in one statement, as one array per column expanded by `unnest`: the statement
/// text and its plan are the same whatever the number of rows, and the values travel in
/// binary, so a chunk of a cohort import costs PostgreSQL a fraction of the equivalent
/// multi-row `values` list (thousands of parameters, planned afresh for each new length).
pub(super) mod bulk {
    use sqlx::PgConnection;
    use time::OffsetDateTime;
    use uuid::Uuid;

    use crate::storage::{AuditRow, CredentialDocument, NewAssessmentRow, NewCredential};

    type Result<T> = std::result::Result<T, sqlx::Error>;

    /// Returns the ids stored (one the unique indexes refuse is skipped).
    pub async fn credentials(
        c: &mut PgConnection,
        creds: &[NewCredential<'_>],
    ) -> Result<Vec<Uuid>> {
        let column = |f: fn(&NewCredential) -> Uuid| creds.iter().map(f).collect::<Vec<_>>();
        sqlx::query_scalar(
            "insert into credentials (id, provider_id, learner_id, kind, unit_id, profile_id, key_ref, \
             issued_at, status_list, status_index) \
             select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::uuid[], \
             $7::text[], $8::timestamptz[], $9::int4[], $10::int4[]) on conflict do nothing returning id",
        )
        .bind(column(|c| c.id))
        .bind(column(|c| c.provider_id))
        .bind(column(|c| c.learner_id))
        .bind(creds.iter().map(|c| c.kind).collect::<Vec<_>>())
        .bind(creds.iter().map(|c| c.unit_id).collect::<Vec<_>>())
        .bind(column(|c| c.profile_id))
        .bind(creds.iter().map(|c| c.key_ref).collect::<Vec<_>>())
        .bind(creds.iter().map(|c| c.issued_at).collect::<Vec<_>>())
        .bind(creds.iter().map(|c| c.status.list).collect::<Vec<_>>())
        .bind(creds.iter().map(|c| c.status.index).collect::<Vec<_>>())
        .fetch_all(c)
        .await
    }

    pub async fn documents(
        c: &mut PgConnection,
        docs: &[(Uuid, &CredentialDocument)],
    ) -> Result<()> {
        sqlx::query(
            "insert into credential_documents (credential_id, format, media_type, body) \
             select * from unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[])",
        )
        .bind(docs.iter().map(|(id, _)| *id).collect::<Vec<_>>())
        .bind(
            docs.iter()
                .map(|(_, d)| d.format.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(
            docs.iter()
                .map(|(_, d)| d.media_type.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(
            docs.iter()
                .map(|(_, d)| d.body.as_slice())
                .collect::<Vec<_>>(),
        )
        .execute(c)
        .await
        .map(|_| ())
    }

    /// Returns the ids inserted (a row whose import key is already recorded is skipped).
    pub async fn assessments(
        c: &mut PgConnection,
        rows: &[NewAssessmentRow<'_>],
    ) -> Result<Vec<Uuid>> {
        let column = |f: fn(&NewAssessmentRow) -> Uuid| rows.iter().map(f).collect::<Vec<_>>();
        sqlx::query_scalar(
            "insert into assessments (id, provider_id, learner_id, unit_id, assessed_on, outcome, assessor, \
             assessment_type, remediation_note, created_at, import_key, credential_id) \
             select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::text[], \
             $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::bytea[], $12::uuid[]) \
             on conflict do nothing returning id",
        )
        .bind(column(|a| a.id))
        .bind(column(|a| a.provider_id))
        .bind(column(|a| a.learner_id))
        .bind(column(|a| a.unit_id))
        .bind(rows.iter().map(|a| a.assessed_on).collect::<Vec<_>>())
        .bind(rows.iter().map(|a| a.outcome.as_str()).collect::<Vec<_>>())
        .bind(rows.iter().map(|a| a.assessor).collect::<Vec<_>>())
        .bind(rows.iter().map(|a| a.assessment_type.as_str()).collect::<Vec<_>>())
        .bind(rows.iter().map(|a| a.remediation_note).collect::<Vec<_>>())
        .bind(rows.iter().map(|a| a.created_at).collect::<Vec<_>>())
        .bind(rows.iter().map(|a| a.import_key).collect::<Vec<_>>())
        .bind(rows.iter().map(|a| a.credential_id).collect::<Vec<_>>())
        .fetch_all(c)
        .await
    }

    pub async fn audit_rows(
        c: &mut PgConnection,
        provider_id: Uuid,
        rows: &[AuditRow],
    ) -> Result<()> {
        sqlx::query(
            "insert into audit_log (provider_id, seq, at, actor, action, subject, detail, prev_hash, hash) \
             select $1, * from unnest($2::int8[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], \
             $7::text[], $8::bytea[], $9::bytea[])",
        )
        .bind(provider_id)
        .bind(rows.iter().map(|r| r.seq).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.at).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.actor.as_str()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.subject.as_deref()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.detail.as_str()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.prev_hash.as_slice()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.hash.as_slice()).collect::<Vec<_>>())
        .execute(c)
        .await
        .map(|_| ())
    }

    /// Returns the indexes reserved (one already taken is skipped).
    pub async fn status_slots(
        c: &mut PgConnection,
        provider_id: Uuid,
        list: i32,
        picks: &[i32],
        now: OffsetDateTime,
    ) -> Result<Vec<i32>> {
        sqlx::query_scalar(
            "insert into status_slots (provider_id, list_no, idx, reserved_at) \
             select $1, $2, unnest($3::int4[]), $4 on conflict do nothing returning idx",
        )
        .bind(provider_id)
        .bind(list)
        .bind(picks)
        .bind(now)
        .fetch_all(c)
        .await
    }
}
