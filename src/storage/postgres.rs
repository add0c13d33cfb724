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

    /// One column of `rows`, as the array bound for it.
    fn column<'a, T, U>(rows: &'a [T], value: impl Fn(&'a T) -> U) -> Vec<U> {
        rows.iter().map(value).collect()
    }

    /// Returns the ids stored (one the unique indexes refuse is skipped).
    pub async fn credentials(
        c: &mut PgConnection,
        creds: &[NewCredential<'_>],
    ) -> Result<Vec<Uuid>> {
        sqlx::query_scalar(
            "insert into credentials (id, provider_id, learner_id, kind, unit_id, profile_id, key_ref, \
             issued_at, status_list, status_index) \
             select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::uuid[], \
             $7::text[], $8::timestamptz[], $9::int4[], $10::int4[]) on conflict do nothing returning id",
        )
        .bind(column(creds, |c| c.id))
        .bind(column(creds, |c| c.provider_id))
        .bind(column(creds, |c| c.learner_id))
        .bind(column(creds, |c| c.kind))
        .bind(column(creds, |c| c.unit_id))
        .bind(column(creds, |c| c.profile_id))
        .bind(column(creds, |c| c.key_ref))
        .bind(column(creds, |c| c.issued_at))
        .bind(column(creds, |c| c.status.list))
        .bind(column(creds, |c| c.status.index))
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
        .bind(column(docs, |(id, _)| *id))
        .bind(column(docs, |(_, d)| d.format.as_str()))
        .bind(column(docs, |(_, d)| d.media_type.as_str()))
        .bind(column(docs, |(_, d)| d.body.as_slice()))
        .execute(c)
        .await
        .map(|_| ())
    }

    /// Returns the ids inserted (a row whose import key is already recorded is skipped).
    pub async fn assessments(
        c: &mut PgConnection,
        rows: &[NewAssessmentRow<'_>],
    ) -> Result<Vec<Uuid>> {
        sqlx::query_scalar(
            "insert into assessments (id, provider_id, learner_id, unit_id, assessed_on, outcome, assessor, \
             assessment_type, remediation_note, created_at, import_key, credential_id) \
             select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::text[], \
             $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::bytea[], $12::uuid[]) \
             on conflict do nothing returning id",
        )
        .bind(column(rows, |a| a.id))
        .bind(column(rows, |a| a.provider_id))
        .bind(column(rows, |a| a.learner_id))
        .bind(column(rows, |a| a.unit_id))
        .bind(column(rows, |a| a.assessed_on))
        .bind(column(rows, |a| a.outcome.as_str()))
        .bind(column(rows, |a| a.assessor))
        .bind(column(rows, |a| a.assessment_type.as_str()))
        .bind(column(rows, |a| a.remediation_note))
        .bind(column(rows, |a| a.created_at))
        .bind(column(rows, |a| a.import_key))
        .bind(column(rows, |a| a.credential_id))
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
        .bind(column(rows, |r| r.seq))
        .bind(column(rows, |r| r.at))
        .bind(column(rows, |r| r.actor.as_str()))
        .bind(column(rows, |r| r.action.as_str()))
        .bind(column(rows, |r| r.subject.as_deref()))
        .bind(column(rows, |r| r.detail.as_str()))
        .bind(column(rows, |r| r.prev_hash.as_slice()))
        .bind(column(rows, |r| r.hash.as_slice()))
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
