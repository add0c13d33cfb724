//! Europass storage: each provider's electronic seals (certificate chain and sealed private
//! key, with their history) and the seal certification authorities this server trusts.

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{PROVIDER_COLUMNS, ProviderRow, Store, StoreResult, Tx};
use crate::domain::provider::Provider;

/// A provider's e-seal as stored. `sealed_key` is the PKCS#8 private key sealed under the
/// master key; it never leaves the keyring in clear and is never serialized.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SealRecord {
    pub id: Uuid,
    pub sha256: String,
    pub alg: String,
    pub chain_pem: String,
    #[serde(skip)]
    pub sealed_key: Vec<u8>,
    pub organization_identifier: String,
    pub subject: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub not_before: OffsetDateTime,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub not_after: OffsetDateTime,
    pub active: bool,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub retired_at: Option<OffsetDateTime>,
}

const SEAL_COLUMNS: &str = "id, sha256, alg, chain_pem, sealed_key, organization_identifier, subject, \
     not_before, not_after, active, created_at, retired_at";

/// A CA whose seals this server trusts.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SealAnchorRecord {
    pub sha256: String,
    pub pem: String,
    pub subject: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub not_after: OffsetDateTime,
    pub source: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub added_at: OffsetDateTime,
}

impl Store {
    /// Every seal of a provider, oldest first.
    pub async fn seals(&self, provider_id: Uuid) -> StoreResult<Vec<SealRecord>> {
        let sql = format!(
            "select {SEAL_COLUMNS} from seal_certificates where provider_id = $1 order by created_at, id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).fetch_all(p).await)?)
    }

    /// The seal that seals now, if the provider has one.
    pub async fn active_seal(&self, provider_id: Uuid) -> StoreResult<Option<SealRecord>> {
        let sql = format!(
            "select {SEAL_COLUMNS} from seal_certificates where provider_id = $1 and active \
             order by created_at desc limit 1"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).fetch_optional(p).await)?,
        )
    }

    /// The provider of this server whose seals (current or past) name this organisation.
    pub async fn provider_by_seal_organization(
        &self,
        organization_identifier: &str,
    ) -> StoreResult<Option<Provider>> {
        let columns = PROVIDER_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "select {columns} from providers p where exists (select 1 from seal_certificates s \
             where s.provider_id = p.id and s.organization_identifier = $1) limit 1"
        );
        let row: Option<ProviderRow> = on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(organization_identifier).fetch_optional(p).await)?;
        row.map(ProviderRow::into_domain).transpose()
    }

    /// The provider that issued a credential (for public links, which name only the id).
    pub async fn credential_issuer(&self, credential_id: Uuid) -> StoreResult<Option<Provider>> {
        let columns = PROVIDER_COLUMNS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "select {columns} from providers p join credentials c on c.provider_id = p.id where c.id = $1"
        );
        let row: Option<ProviderRow> = on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(credential_id).fetch_optional(p).await)?;
        row.map(ProviderRow::into_domain).transpose()
    }

    pub async fn seal_anchors(&self) -> StoreResult<Vec<SealAnchorRecord>> {
        let sql = "select sha256, pem, subject, not_after, source, added_at from seal_trust_anchors \
                   order by source, subject";
        Ok(on_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await)?)
    }

    /// Stores anchors under `source`, replacing what that source said before. Returns how
    /// many were stored and how many of the source's earlier anchors were removed.
    pub async fn replace_seal_anchors(
        &self,
        source: &str,
        anchors: &[SealAnchorRecord],
        replace: bool,
    ) -> StoreResult<(usize, u64)> {
        let mut tx = self.begin().await?;
        tx.mark_published().await?;
        let mut removed = 0;
        if replace {
            removed = on_tx!(&mut tx, c => sqlx::query("delete from seal_trust_anchors where source = $1")
                .bind(source).execute(c).await.map(|r| r.rows_affected()))?;
        }
        let sql = "insert into seal_trust_anchors (sha256, pem, subject, not_after, source, added_at) \
                   values ($1, $2, $3, $4, $5, $6) on conflict (sha256) do update set source = excluded.source, \
                   added_at = excluded.added_at";
        for a in anchors {
            on_tx!(&mut tx, c => sqlx::query(sql).bind(&a.sha256).bind(&a.pem).bind(&a.subject)
                .bind(a.not_after).bind(source).bind(a.added_at).execute(c).await.map(|r| r.rows_affected()))?;
        }
        tx.commit().await?;
        // An anchor that was listed again is not counted as removed.
        Ok((anchors.len(), removed.saturating_sub(anchors.len() as u64)))
    }

    pub async fn delete_seal_anchor(&self, sha256: &str) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        tx.mark_published().await?;
        let n = on_tx!(&mut tx, c => sqlx::query("delete from seal_trust_anchors where sha256 = $1")
            .bind(sha256).execute(c).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(n > 0)
    }
}

impl Tx {
    /// Installs a seal as the provider's active one; the previous ones are retired (kept).
    /// Installing the active certificate again changes nothing and returns false.
    pub async fn install_seal(
        &mut self,
        provider_id: Uuid,
        seal: &SealRecord,
    ) -> StoreResult<bool> {
        self.mark_published().await?;
        let current: Option<String> = on_tx!(self, c => sqlx::query_scalar(
            "select sha256 from seal_certificates where provider_id = $1 and active")
            .bind(provider_id).fetch_optional(c).await)?;
        if current.as_deref() == Some(seal.sha256.as_str()) {
            return Ok(false);
        }
        on_tx!(self, c => sqlx::query("update seal_certificates set active = false, retired_at = $2 \
                                       where provider_id = $1 and active")
            .bind(provider_id).bind(seal.created_at).execute(c).await.map(|r| r.rows_affected()))?;
        // A certificate installed before (and since retired) becomes active again.
        let again = on_tx!(self, c => sqlx::query("update seal_certificates set active = true, retired_at = null, \
                                                   sealed_key = $3 where provider_id = $1 and sha256 = $2")
            .bind(provider_id).bind(&seal.sha256).bind(&seal.sealed_key).execute(c).await.map(|r| r.rows_affected()))?;
        if again == 0 {
            let sql = format!(
                "insert into seal_certificates (provider_id, {SEAL_COLUMNS}) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
            );
            on_tx!(self, c => sqlx::query(sql.as_str()).bind(provider_id).bind(seal.id).bind(&seal.sha256)
                .bind(&seal.alg).bind(&seal.chain_pem).bind(&seal.sealed_key).bind(&seal.organization_identifier)
                .bind(&seal.subject).bind(seal.not_before).bind(seal.not_after).bind(true).bind(seal.created_at)
                .bind(None::<OffsetDateTime>).execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(true)
    }
}
