//! Credentials issued through the VC-API: any VC 2.0 credential an operator sent, stored as
//! signed, with its status index (see migration 0014).

use super::*;

/// A VC-API credential as recorded (the body apart).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApiCredentialRecord {
    pub id: Uuid,
    pub credential_id: Option<String>,
    pub format: String,
    pub status_purpose: Option<String>,
    pub status_list: Option<i32>,
    pub status_index: Option<i32>,
    /// `active`, `suspended` or `revoked`.
    pub status: String,
    pub status_reason: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub status_changed_at: Option<OffsetDateTime>,
    pub key_ref: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub issued_at: OffsetDateTime,
}

const API_CREDENTIAL_COLUMNS: &str = "id, credential_id, format, status_purpose, status_list, \
     status_index, status, status_reason, status_changed_at, key_ref, issued_at";

/// What is written when a credential is issued through the VC-API.
pub struct NewApiCredential<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub credential_id: Option<&'a str>,
    pub document: &'a CredentialDocument,
    pub status: Option<(&'a str, StatusSlot)>,
    pub key_ref: &'a str,
    pub issued_at: OffsetDateTime,
}

impl Store {
    /// The provider's VC-API credentials, oldest first.
    pub async fn api_credentials(
        &self,
        provider_id: Uuid,
    ) -> StoreResult<Vec<ApiCredentialRecord>> {
        let sql = format!(
            "select {API_CREDENTIAL_COLUMNS} from api_credentials where provider_id = $1 \
             order by issued_at, id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).fetch_all(p).await)?)
    }

    /// The exact signed bytes of a VC-API credential.
    pub async fn api_credential_body(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<Vec<u8>>> {
        let sql = "select body from api_credentials where provider_id = $1 and id = $2";
        Ok(
            on_pool!(self, p => sqlx::query_scalar(sql).bind(provider_id).bind(id).fetch_optional(p).await)?,
        )
    }
}

impl Tx {
    pub async fn insert_api_credential(&mut self, c: &NewApiCredential<'_>) -> StoreResult<()> {
        let (purpose, list, index) = match c.status {
            Some((purpose, slot)) => (Some(purpose), Some(slot.list), Some(slot.index)),
            None => (None, None, None),
        };
        let sql = "insert into api_credentials (id, provider_id, credential_id, format, media_type, \
                   body, status_purpose, status_list, status_index, key_ref, issued_at) \
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        on_tx!(self, t => sqlx::query(sql).bind(c.id).bind(c.provider_id).bind(c.credential_id)
            .bind(&c.document.format).bind(&c.document.media_type).bind(&c.document.body)
            .bind(purpose).bind(list).bind(index).bind(c.key_ref).bind(c.issued_at)
            .execute(t).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The VC-API credentials named `name` (their record id as `urn:uuid:…`, or their own
    /// `id`), rows locked until the transaction ends. More than one when several credentials
    /// were issued with the same `id`.
    pub async fn api_credentials_named_for_update(
        &mut self,
        provider_id: Uuid,
        name: &str,
    ) -> StoreResult<Vec<ApiCredentialRecord>> {
        let record = name
            .strip_prefix("urn:uuid:")
            .and_then(|u| Uuid::parse_str(u).ok());
        let sql = self.for_update(format!(
            "select {API_CREDENTIAL_COLUMNS} from api_credentials where provider_id = $1 \
             and (credential_id = $2 or id = $3) order by issued_at, id"
        ));
        Ok(
            on_tx!(self, t => sqlx::query_as(sql.as_str()).bind(provider_id).bind(name)
            .bind(record).fetch_all(t).await)?,
        )
    }

    /// Sets a VC-API credential's status and bumps its list's version (see
    /// `Tx::set_credential_status`).
    pub async fn set_api_credential_status(
        &mut self,
        provider_id: Uuid,
        id: Uuid,
        status: &str,
        reason: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        self.set_status_row("api_credentials", provider_id, id, status, reason, at)
            .await
    }
}

/// What became of a presentation's challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeUse {
    /// Not handed out here: the calling verifier keeps track of its own.
    NotOurs,
    /// Handed out here, for this domain, and now used up.
    Used,
    /// Handed out here and already answered by a presentation.
    Replayed,
    /// Handed out here, expired.
    Expired,
    /// Handed out here for another domain.
    OtherDomain,
}

impl Store {
    /// Records a challenge handed out for a presentation; expired ones are dropped first.
    pub async fn insert_challenge(
        &self,
        challenge: &str,
        domain: &str,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let sql = "delete from presentation_challenges where expires_at < $1";
        on_tx!(&mut tx, t => sqlx::query(sql).bind(now).execute(t).await.map(|r| r.rows_affected()))?;
        let sql = "insert into presentation_challenges (challenge, domain, created_at, expires_at) \
                   values ($1, $2, $3, $4)";
        on_tx!(&mut tx, t => sqlx::query(sql).bind(challenge).bind(domain).bind(now).bind(expires_at)
            .execute(t).await.map(|r| r.rows_affected()))?;
        tx.commit().await
    }

    /// Uses up a challenge if it was handed out here (once, for its domain, before it expires).
    pub async fn use_challenge(
        &self,
        challenge: &str,
        domain: Option<&str>,
        now: OffsetDateTime,
    ) -> StoreResult<ChallengeUse> {
        let mut tx = self.begin().await?;
        let sql = tx.for_update(
            "select domain, expires_at, used_at from presentation_challenges where challenge = $1"
                .to_owned(),
        );
        let row: Option<(String, OffsetDateTime, Option<OffsetDateTime>)> = on_tx!(&mut tx, t => sqlx::query_as(sql.as_str()).bind(challenge).fetch_optional(t).await)?;
        let outcome = match row {
            None => ChallengeUse::NotOurs,
            Some((_, _, Some(_))) => ChallengeUse::Replayed,
            Some((_, expires, None)) if expires < now => ChallengeUse::Expired,
            Some((d, _, None)) if domain != Some(d.as_str()) => ChallengeUse::OtherDomain,
            Some(_) => {
                let sql = "update presentation_challenges set used_at = $2 where challenge = $1";
                on_tx!(&mut tx, t => sqlx::query(sql).bind(challenge).bind(now).execute(t).await.map(|r| r.rows_affected()))?;
                ChallengeUse::Used
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}

/// A presentation request as the verifier page follows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChallengeRecord {
    pub domain: String,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
    /// What was presented in answer (JSON), once it was.
    pub result: Option<String>,
}

impl Store {
    /// A challenge handed out here, while it has not expired.
    pub async fn challenge(
        &self,
        challenge: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<ChallengeRecord>> {
        let sql = "select domain, expires_at, used_at, result from presentation_challenges \
                   where challenge = $1 and expires_at >= $2";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(challenge).bind(now).fetch_optional(p).await)?,
        )
    }

    /// Uses up a challenge with what was presented in answer; `false` if it was already used,
    /// has expired or was never handed out.
    pub async fn answer_challenge(
        &self,
        challenge: &str,
        result: &str,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let sql = "update presentation_challenges set used_at = $2, result = $3 \
                   where challenge = $1 and used_at is null and expires_at >= $2";
        let n = on_writer!(self, p => sqlx::query(sql).bind(challenge).bind(now).bind(result)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
