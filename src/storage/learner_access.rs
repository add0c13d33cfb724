//! Learner access codes: stored by hash, expiring, revocable.

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{PROVIDER_COLUMNS, ProviderRow, Store, StoreResult};
use crate::domain::provider::Provider;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AccessRecord {
    pub id: Uuid,
    pub learner_id: Uuid,
    pub label: String,
    pub created_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub expires_at: OffsetDateTime,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub revoked_at: Option<OffsetDateTime>,
}

const ACCESS_COLUMNS: &str =
    "id, learner_id, label, created_by, created_at, expires_at, revoked_at";

#[derive(sqlx::FromRow)]
struct AccessRow {
    #[sqlx(flatten)]
    provider: ProviderRow,
    learner_id: Uuid,
    expires_at: OffsetDateTime,
}

pub struct NewAccess<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub learner_id: Uuid,
    pub token_hash: &'a [u8],
    pub label: &'a str,
    pub created_by: &'a str,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

impl Store {
    pub async fn insert_learner_access(&self, a: &NewAccess<'_>) -> StoreResult<()> {
        let sql = "insert into learner_access (id, provider_id, learner_id, token_hash, label, created_by, \
                   created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8)";
        on_writer!(self, p => sqlx::query(sql).bind(a.id).bind(a.provider_id).bind(a.learner_id).bind(a.token_hash)
            .bind(a.label).bind(a.created_by).bind(a.created_at).bind(a.expires_at)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn learner_accesses(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<AccessRecord>> {
        let sql = format!(
            "select {ACCESS_COLUMNS} from learner_access where provider_id = $1 and learner_id = $2 \
             order by created_at, id"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(learner_id).fetch_all(p).await)?,
        )
    }

    /// Revokes one of the provider's access codes; `None` if there is no such code.
    pub async fn revoke_learner_access(
        &self,
        provider_id: Uuid,
        id: Uuid,
        at: OffsetDateTime,
    ) -> StoreResult<Option<AccessRecord>> {
        let sql = "update learner_access set revoked_at = coalesce(revoked_at, $3) where provider_id = $1 and id = $2";
        let n = on_writer!(self, p => sqlx::query(sql).bind(provider_id).bind(id).bind(at)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Ok(None);
        }
        let sql = format!("select {ACCESS_COLUMNS} from learner_access where id = $1");
        Ok(on_writer!(self, p => sqlx::query_as(sql.as_str()).bind(id).fetch_optional(p).await)?)
    }

    /// The provider and learner behind a live access code at `now`.
    pub async fn authenticate_learner(
        &self,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> StoreResult<Option<(Provider, Uuid)>> {
        let sql = format!(
            "select {}, a.learner_id, a.expires_at from learner_access a join providers p on p.id = a.provider_id \
             where a.token_hash = $1 and a.revoked_at is null",
            PROVIDER_COLUMNS
                .split(", ")
                .map(|c| format!("p.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let row: Option<AccessRow> = on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(token_hash).fetch_optional(p).await)?;
        match row {
            Some(r) if r.expires_at > now => Ok(Some((r.provider.into_domain()?, r.learner_id))),
            _ => Ok(None),
        }
    }
}
