//! Portability storage: the trust registry, recognition tables, recognitions.

use serde::Serialize;
use serde_json::Value;
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Store, StoreError, StoreResult, Tx, unique_violation};
use crate::domain::trust::IssuerEntry;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TrustedIssuerRecord {
    pub did: String,
    #[sqlx(json)]
    pub entry: IssuerEntry,
    pub source: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub updated_at: OffsetDateTime,
}

/// One line of a profile's recognition table.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EquivalenceRecord {
    #[serde(skip)]
    pub profile_id: Uuid,
    pub achievement_id: String,
    /// Empty: any version.
    pub achievement_version: String,
    pub unit_code: String,
    pub note: Option<String>,
    pub created_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
}

pub struct NewEquivalence {
    pub achievement_id: String,
    pub achievement_version: String,
    pub unit_code: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RecognitionRecord {
    pub id: Uuid,
    pub learner_id: Uuid,
    pub status: String,
    pub foreign_credential_id: Option<String>,
    pub foreign_issuer: Option<String>,
    pub foreign_achievement_id: Option<String>,
    pub foreign_achievement_version: Option<String>,
    pub media_type: String,
    pub digest: String,
    #[sqlx(json)]
    pub verification: Value,
    pub profile_code: Option<String>,
    pub profile_version: Option<i32>,
    pub unit_code: Option<String>,
    /// `equivalence_table` or `manual`.
    pub basis: Option<String>,
    pub refusal_code: Option<String>,
    pub reason: Option<String>,
    pub submitted_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub submitted_at: OffsetDateTime,
    pub decided_by: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub decided_at: Option<OffsetDateTime>,
    /// The recognition credential issued when accepted.
    pub credential_id: Option<Uuid>,
}

const RECOGNITION_SELECT: &str = "select r.id, r.learner_id, r.status, r.foreign_credential_id, r.foreign_issuer, \
     r.foreign_achievement_id, r.foreign_achievement_version, r.media_type, r.digest, r.verification, \
     p.code as profile_code, p.version as profile_version, r.unit_code, r.basis, r.refusal_code, r.reason, \
     r.submitted_by, r.submitted_at, r.decided_by, r.decided_at, r.credential_id \
     from recognitions r left join profiles p on p.id = r.profile_id";

pub struct NewRecognition<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub learner_id: Uuid,
    pub body: &'a [u8],
    pub media_type: &'a str,
    pub digest: &'a str,
    pub foreign_credential_id: Option<&'a str>,
    pub foreign_issuer: Option<&'a str>,
    pub foreign_achievement_id: Option<&'a str>,
    pub foreign_achievement_version: Option<&'a str>,
    pub verification: &'a Value,
    pub profile_id: Option<Uuid>,
    pub unit_code: Option<&'a str>,
    pub basis: Option<&'a str>,
    /// `Some((code, reason))` when refused outright.
    pub refusal: Option<(&'a str, &'a str)>,
    pub submitted_by: &'a str,
    pub submitted_at: OffsetDateTime,
}

impl Store {
    pub async fn trusted_issuer(&self, did: &str) -> StoreResult<Option<(IssuerEntry, String)>> {
        let sql = "select did, entry, source, updated_at from trusted_issuers where did = $1";
        let r: Option<TrustedIssuerRecord> =
            on_pool!(self, p => sqlx::query_as(sql).bind(did).fetch_optional(p).await)?;
        Ok(r.map(|r| (r.entry, r.source)))
    }

    pub async fn trusted_issuer_records(&self) -> StoreResult<Vec<TrustedIssuerRecord>> {
        let sql = "select did, entry, source, updated_at from trusted_issuers order by did";
        Ok(on_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await)?)
    }

    /// Stores a registry's entries under `source`, replacing what that source said before
    /// (an issuer the new file no longer lists is removed). Returns (stored, removed).
    pub async fn replace_registry(
        &self,
        source: &str,
        entries: &[IssuerEntry],
        at: OffsetDateTime,
    ) -> StoreResult<(usize, u64)> {
        let mut tx = self.begin().await?;
        tx.mark_published().await?;
        let keys: Vec<String> = entries.iter().flat_map(IssuerEntry::keys).collect();
        let existing: Vec<String> = on_tx!(&mut tx, c => sqlx::query_scalar("select did from trusted_issuers where source = $1")
            .bind(source).fetch_all(c).await)?;
        let mut removed = 0;
        for did in existing.iter().filter(|d| !keys.contains(d)) {
            removed += on_tx!(&mut tx, c => sqlx::query("delete from trusted_issuers where did = $1").bind(did)
                .execute(c).await.map(|r| r.rows_affected()))?;
        }
        for e in entries {
            tx.upsert_trusted_issuer(e, source, at).await?;
        }
        tx.commit().await?;
        Ok((entries.len(), removed))
    }

    pub async fn put_trusted_issuer(
        &self,
        entry: &IssuerEntry,
        source: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.upsert_trusted_issuer(entry, source, at).await?;
        tx.commit().await
    }

    pub async fn delete_trusted_issuer(&self, did: &str) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        tx.mark_published().await?;
        let n = on_tx!(&mut tx, c => sqlx::query("delete from trusted_issuers where did = $1").bind(did)
            .execute(c).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(n > 0)
    }

    pub async fn recognition_table(
        &self,
        provider_id: Uuid,
        profile_id: Uuid,
    ) -> StoreResult<Vec<EquivalenceRecord>> {
        let sql = "select profile_id, achievement_id, achievement_version, unit_code, note, created_by, created_at \
                   from recognition_equivalences where provider_id = $1 and profile_id = $2 \
                   order by achievement_id, achievement_version";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(profile_id).fetch_all(p).await)?,
        )
    }

    /// The provider's recognition lines for a foreign achievement, exact version first.
    pub async fn equivalences_for(
        &self,
        provider_id: Uuid,
        achievement_id: &str,
        version: &str,
    ) -> StoreResult<Vec<EquivalenceRecord>> {
        let sql = "select profile_id, achievement_id, achievement_version, unit_code, note, created_by, created_at \
                   from recognition_equivalences where provider_id = $1 and achievement_id = $2 \
                   and (achievement_version = $3 or achievement_version = '') \
                   order by achievement_version desc, created_at";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(achievement_id).bind(version)
            .fetch_all(p).await)?,
        )
    }

    /// Stores a submitted recognition; `Duplicate` if the same credential is already proposed
    /// or accepted for this learner.
    pub async fn insert_recognition(&self, r: &NewRecognition<'_>) -> StoreResult<()> {
        let sql = "insert into recognitions (id, provider_id, learner_id, body, media_type, digest, \
                   foreign_credential_id, foreign_issuer, foreign_achievement_id, foreign_achievement_version, \
                   verification, profile_id, unit_code, basis, status, refusal_code, reason, submitted_by, \
                   submitted_at, decided_by, decided_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
                   $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)";
        let (status, code, reason) = match r.refusal {
            Some((code, reason)) => ("refused", Some(code), Some(reason)),
            None => ("proposed", None, None),
        };
        let decided = r.refusal.map(|_| ("verifier", r.submitted_at));
        let done = on_writer!(self, p => sqlx::query(sql).bind(r.id).bind(r.provider_id).bind(r.learner_id)
            .bind(r.body).bind(r.media_type).bind(r.digest).bind(r.foreign_credential_id).bind(r.foreign_issuer)
            .bind(r.foreign_achievement_id).bind(r.foreign_achievement_version).bind(Json(r.verification))
            .bind(r.profile_id).bind(r.unit_code).bind(r.basis).bind(status).bind(code).bind(reason)
            .bind(r.submitted_by).bind(r.submitted_at).bind(decided.map(|d| d.0)).bind(decided.map(|d| d.1))
            .execute(p).await.map(|r| r.rows_affected()));
        match done {
            Ok(_) => Ok(()),
            Err(StoreError::Sqlx(e)) if unique_violation(&e) => {
                Err(StoreError::Duplicate("recognition"))
            }
            Err(e) => Err(e),
        }
    }

    /// The open (proposed or accepted) recognition of these exact bytes for the learner.
    pub async fn open_recognition(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
        digest: &str,
    ) -> StoreResult<Option<RecognitionRecord>> {
        let sql = format!(
            "{RECOGNITION_SELECT} where r.provider_id = $1 and r.learner_id = $2 and r.digest = $3 \
             and r.status <> 'refused'"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(learner_id).bind(digest)
            .fetch_optional(p).await)?,
        )
    }

    pub async fn recognition(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<RecognitionRecord>> {
        let sql = format!("{RECOGNITION_SELECT} where r.provider_id = $1 and r.id = $2");
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id).fetch_optional(p).await)?,
        )
    }

    pub async fn recognitions(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<RecognitionRecord>> {
        let sql = format!(
            "{RECOGNITION_SELECT} where r.provider_id = $1 and r.learner_id = $2 order by r.submitted_at, r.id"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(learner_id).fetch_all(p).await)?,
        )
    }

    pub async fn recognition_body(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<Vec<u8>>> {
        let sql = "select body from recognitions where provider_id = $1 and id = $2";
        Ok(
            on_pool!(self, p => sqlx::query_scalar(sql).bind(provider_id).bind(id).fetch_optional(p).await)?,
        )
    }

    /// The exact bytes of a submitted foreign credential, for checking a qualification
    /// credential's parts.
    pub async fn recognised_credential_bytes(
        &self,
        foreign_id: &str,
    ) -> StoreResult<Option<Vec<u8>>> {
        let sql = "select body from recognitions where foreign_credential_id = $1 and status = 'accepted' \
                   order by submitted_at limit 1";
        Ok(on_pool!(self, p => sqlx::query_scalar(sql).bind(foreign_id).fetch_optional(p).await)?)
    }
}

impl Tx {
    async fn upsert_trusted_issuer(
        &mut self,
        entry: &IssuerEntry,
        source: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        self.mark_published().await?;
        let sql = "insert into trusted_issuers (did, entry, source, updated_at) values ($1, $2, $3, $4) \
                   on conflict (did) do update set entry = excluded.entry, source = excluded.source, \
                   updated_at = excluded.updated_at";
        // An issuer known by a DID and by its e-seal's eIDAS identifier has a row under each.
        for key in entry.keys() {
            on_tx!(self, c => sqlx::query(sql).bind(&key).bind(Json(entry)).bind(source).bind(at)
                .execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    pub async fn replace_recognition_table(
        &mut self,
        provider_id: Uuid,
        profile_id: Uuid,
        lines: &[NewEquivalence],
        by: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        on_tx!(self, c => sqlx::query("delete from recognition_equivalences where provider_id = $1 and profile_id = $2")
            .bind(provider_id).bind(profile_id).execute(c).await.map(|r| r.rows_affected()))?;
        let sql = "insert into recognition_equivalences (id, provider_id, profile_id, achievement_id, \
                   achievement_version, unit_code, note, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        for l in lines {
            on_tx!(self, c => sqlx::query(sql).bind(Uuid::now_v7()).bind(provider_id).bind(profile_id)
                .bind(&l.achievement_id).bind(&l.achievement_version).bind(&l.unit_code).bind(&l.note)
                .bind(by).bind(at).execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// Locks the recognition for its decision and returns its status.
    pub async fn lock_recognition(
        &mut self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<String>> {
        let sql = self.for_update(
            "select status from recognitions where provider_id = $1 and id = $2".to_owned(),
        );
        Ok(
            on_tx!(self, c => sqlx::query_scalar(sql.as_str()).bind(provider_id).bind(id)
            .fetch_optional(c).await)?,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn decide_recognition(
        &mut self,
        id: Uuid,
        status: &str,
        refusal_code: Option<&str>,
        profile_id: Option<Uuid>,
        unit_code: Option<&str>,
        basis: Option<&str>,
        reason: &str,
        by: &str,
        at: OffsetDateTime,
        credential_id: Option<Uuid>,
    ) -> StoreResult<()> {
        let sql = "update recognitions set status = $2, refusal_code = $3, profile_id = coalesce($4, profile_id), \
                   unit_code = coalesce($5, unit_code), basis = coalesce($6, basis), reason = $7, decided_by = $8, \
                   decided_at = $9, credential_id = $10 where id = $1";
        on_tx!(self, c => sqlx::query(sql).bind(id).bind(status).bind(refusal_code).bind(profile_id).bind(unit_code)
            .bind(basis).bind(reason).bind(by).bind(at).bind(credential_id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
