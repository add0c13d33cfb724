//! OID4VCI storage: credential offers (codes and tokens by hash) and key-proof nonces.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{Store, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfferRecord {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub learner_id: Uuid,
    pub credential_id: Uuid,
    pub expires_at: OffsetDateTime,
    pub redeemed_at: Option<OffsetDateTime>,
    pub delivered_at: Option<OffsetDateTime>,
    pub tx_code_hash: Option<Vec<u8>>,
}

const OFFER_COLUMNS: &str = "id, provider_id, learner_id, credential_id, expires_at, redeemed_at, \
                             delivered_at, tx_code_hash";

pub struct NewOffer<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub learner_id: Uuid,
    /// The first of `items` (the offer's credential when it carries one).
    pub credential_id: Uuid,
    /// Every credential the offer carries.
    pub items: &'a [Uuid],
    pub code_hash: &'a [u8],
    pub tx_code_hash: Option<&'a [u8]>,
    pub created_by: &'a str,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// What the token endpoint makes of a pre-authorized code.
pub enum Redemption {
    Granted(OfferRecord),
    /// Unknown, expired, already used, or a wrong transaction code (OAuth `invalid_grant`).
    InvalidGrant(&'static str),
    /// A transaction code missing or not expected (OAuth `invalid_request`).
    InvalidRequest(&'static str),
}

/// Wrong transaction codes tolerated before the offer is void.
const MAX_ATTEMPTS: i32 = 5;

impl Store {
    pub async fn insert_offer(&self, o: &NewOffer<'_>) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let sql = "insert into credential_offers (id, provider_id, learner_id, credential_id, code_hash, \
                   tx_code_hash, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        on_tx!(&mut tx, t => sqlx::query(sql).bind(o.id).bind(o.provider_id).bind(o.learner_id).bind(o.credential_id)
            .bind(o.code_hash).bind(o.tx_code_hash).bind(o.created_by).bind(o.created_at).bind(o.expires_at)
            .execute(t).await.map(|r| r.rows_affected()))?;
        for item in o.items {
            let sql =
                "insert into credential_offer_items (offer_id, credential_id) values ($1, $2)";
            on_tx!(&mut tx, t => sqlx::query(sql).bind(o.id).bind(item).execute(t).await.map(|r| r.rows_affected()))?;
        }
        tx.commit().await
    }

    /// The credentials of an offer still to deliver, in the order they were offered.
    pub async fn undelivered_items(&self, offer_id: Uuid) -> StoreResult<Vec<Uuid>> {
        let sql = "select i.credential_id from credential_offer_items i join credentials c \
                   on c.id = i.credential_id where i.offer_id = $1 and i.delivered_at is null \
                   order by c.issued_at, c.id";
        Ok(on_pool!(self, p => sqlx::query_scalar(sql).bind(offer_id).fetch_all(p).await)?)
    }

    /// Marks one credential of an offer delivered (false if it was already, or is not in the
    /// offer), and the offer delivered once none is left.
    pub async fn deliver_item(
        &self,
        offer_id: Uuid,
        credential_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let sql = "update credential_offer_items set delivered_at = $3 \
                   where offer_id = $1 and credential_id = $2 and delivered_at is null";
        let n = on_tx!(&mut tx, t => sqlx::query(sql).bind(offer_id).bind(credential_id).bind(now)
            .execute(t).await.map(|r| r.rows_affected()))?;
        let sql = "update credential_offers set delivered_at = $2 where id = $1 and delivered_at is null \
                   and not exists (select 1 from credential_offer_items where offer_id = $1 and delivered_at is null)";
        on_tx!(&mut tx, t => sqlx::query(sql).bind(offer_id).bind(now).execute(t).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(n == 1)
    }

    pub async fn offer(&self, provider_id: Uuid, id: Uuid) -> StoreResult<Option<OfferRecord>> {
        let sql = format!(
            "select {OFFER_COLUMNS} from credential_offers where provider_id = $1 and id = $2"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id).fetch_optional(p).await)?,
        )
    }

    /// Redeems a pre-authorized code once: checks expiry, reuse and the transaction code,
    /// and binds the access token to the offer, in one transaction.
    pub async fn redeem_offer(
        &self,
        provider_id: Uuid,
        code_hash: &[u8],
        tx_code_hash: Option<&[u8]>,
        token_hash: &[u8],
        token_expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<Redemption> {
        let mut tx = self.begin().await?;
        let sql = tx.for_update(format!(
            "select {OFFER_COLUMNS} from credential_offers where provider_id = $1 and code_hash = $2"
        ));
        let offer: Option<OfferRecord> = on_tx!(&mut tx, c => sqlx::query_as(sql.as_str()).bind(provider_id)
            .bind(code_hash).fetch_optional(c).await)?;
        let Some(offer) = offer else {
            return Ok(Redemption::InvalidGrant("unknown pre-authorized code"));
        };
        let attempts: i32 = on_tx!(&mut tx, c => sqlx::query_scalar("select failed_attempts from credential_offers where id = $1")
            .bind(offer.id).fetch_one(c).await)?;
        if offer.redeemed_at.is_some() {
            return Ok(Redemption::InvalidGrant(
                "the pre-authorized code was already used",
            ));
        }
        if offer.expires_at <= now {
            return Ok(Redemption::InvalidGrant(
                "the pre-authorized code has expired",
            ));
        }
        if attempts >= MAX_ATTEMPTS {
            return Ok(Redemption::InvalidGrant("too many wrong transaction codes"));
        }
        match (&offer.tx_code_hash, tx_code_hash) {
            (Some(_), None) => return Ok(Redemption::InvalidRequest("tx_code is required")),
            (None, Some(_)) => return Ok(Redemption::InvalidRequest("tx_code was not expected")),
            (Some(expected), Some(given)) if expected.as_slice() != given => {
                on_tx!(&mut tx, c => sqlx::query("update credential_offers set failed_attempts = failed_attempts + 1 where id = $1")
                    .bind(offer.id).execute(c).await.map(|r| r.rows_affected()))?;
                tx.commit().await?;
                return Ok(Redemption::InvalidGrant("wrong transaction code"));
            }
            _ => {}
        }
        let sql = "update credential_offers set redeemed_at = $2, token_hash = $3, token_expires_at = $4 where id = $1";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(offer.id).bind(now).bind(token_hash).bind(token_expires_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(Redemption::Granted(offer))
    }

    /// The offer an access token was issued for, if the token is live and unused.
    pub async fn offer_by_token(
        &self,
        provider_id: Uuid,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> StoreResult<Option<OfferRecord>> {
        let sql = format!(
            "select {OFFER_COLUMNS} from credential_offers where provider_id = $1 and token_hash = $2 \
             and token_expires_at > $3 and delivered_at is null"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(token_hash).bind(now)
            .fetch_optional(p).await)?,
        )
    }

    pub async fn insert_nonce(
        &self,
        provider_id: Uuid,
        nonce: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql =
            "insert into credential_nonces (nonce, provider_id, expires_at) values ($1, $2, $3)";
        on_writer!(self, p => sqlx::query(sql).bind(nonce).bind(provider_id).bind(expires_at)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Consumes a nonce: true once, for a live nonce of this provider.
    pub async fn use_nonce(
        &self,
        provider_id: Uuid,
        nonce: &str,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let sql = "update credential_nonces set used_at = $3 where nonce = $1 and provider_id = $2 \
                   and used_at is null and expires_at > $3";
        let n = on_writer!(self, p => sqlx::query(sql).bind(nonce).bind(provider_id).bind(now)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
