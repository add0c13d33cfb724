//! Credential status storage: index reservation, status changes, published lists, reviews.

use rand::Rng;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{CREDENTIAL_COLUMNS, CredentialRecord, Store, StoreError, StoreResult, Tx};
use crate::domain::status_list::MIN_BITS;
pub use crate::domain::status_list::StatusSlot;

/// Bits per list: the specification's minimum, which is also its herd-privacy floor.
pub const LIST_BITS: i32 = MIN_BITS as i32;
/// Indexes handed out per list before the next one is opened. At most half full, a random
/// pick hits a free index at least every other try, and the used bits stay a minority.
pub const LIST_CAPACITY: i32 = LIST_BITS / 2;
/// Indexes reserved per round: bounds how far concurrent reservations can overshoot
/// `LIST_CAPACITY`.
const ROUND: usize = 1000;

/// A signed list credential as last published.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PublishedList {
    pub version: i32,
    pub valid_until: OffsetDateTime,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReviewRecord {
    pub id: Uuid,
    pub credential_id: Uuid,
    pub cause_credential_id: Uuid,
    pub reason: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub opened_at: OffsetDateTime,
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub decided_at: Option<OffsetDateTime>,
}

const REVIEW_COLUMNS: &str = "id, credential_id, cause_credential_id, reason, opened_at, decision, \
                              decision_reason, decided_by, decided_at";

impl Store {
    /// Reserves `n` unused status indexes of the provider, picked at random, in a transaction
    /// of its own: the primary key of `status_slots` is what keeps two processes from ever
    /// handing out the same index. Lists are opened as earlier ones fill.
    pub async fn reserve_status_slots(
        &self,
        provider_id: Uuid,
        n: usize,
        now: OffsetDateTime,
    ) -> StoreResult<Vec<StatusSlot>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let want = (n - out.len()).min(ROUND);
            let mut tx = self.begin().await?;
            out.extend(tx.reserve_status_slots(provider_id, want, now).await?);
            tx.commit().await?;
        }
        Ok(out)
    }

    /// The version of a list (bumped on every status change in it), if the list exists.
    pub async fn status_list_version(
        &self,
        provider_id: Uuid,
        list: i32,
    ) -> StoreResult<Option<i32>> {
        let sql = "select version from status_lists where provider_id = $1 and list_no = $2";
        Ok(
            on_pool!(self, p => sqlx::query_scalar(sql).bind(provider_id).bind(list).fetch_optional(p).await)?,
        )
    }

    /// The indexes of a list whose credential is in `status`.
    pub async fn status_indexes(
        &self,
        provider_id: Uuid,
        list: i32,
        status: &str,
    ) -> StoreResult<Vec<i32>> {
        // The school's credentials and those issued through the VC-API share the lists.
        let sql = "select status_index from credentials where provider_id = $1 and status_list = $2 \
                   and status = $3 union all select status_index from api_credentials \
                   where provider_id = $1 and status_list = $2 and status = $3";
        Ok(
            on_pool!(self, p => sqlx::query_scalar(sql).bind(provider_id).bind(list).bind(status).fetch_all(p).await)?,
        )
    }

    pub async fn published_list(
        &self,
        provider_id: Uuid,
        list: i32,
        purpose: &str,
    ) -> StoreResult<Option<PublishedList>> {
        let sql = "select version, valid_until, body from status_list_documents \
                   where provider_id = $1 and list_no = $2 and purpose = $3";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(list).bind(purpose).fetch_optional(p).await)?,
        )
    }

    /// Keeps a newly signed list unless one built from a later version is already stored.
    pub async fn publish_list(
        &self,
        provider_id: Uuid,
        list: i32,
        purpose: &str,
        doc: &PublishedList,
    ) -> StoreResult<()> {
        let sql = "insert into status_list_documents (provider_id, list_no, purpose, version, valid_until, body) \
                   values ($1, $2, $3, $4, $5, $6) on conflict (provider_id, list_no, purpose) do update \
                   set version = excluded.version, valid_until = excluded.valid_until, body = excluded.body \
                   where status_list_documents.version <= excluded.version";
        on_writer!(self, p => sqlx::query(sql).bind(provider_id).bind(list).bind(purpose).bind(doc.version)
            .bind(doc.valid_until).bind(&doc.body).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn reviews(&self, provider_id: Uuid) -> StoreResult<Vec<ReviewRecord>> {
        let sql = format!(
            "select {REVIEW_COLUMNS} from qualification_reviews where provider_id = $1 order by opened_at, id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).fetch_all(p).await)?)
    }
}

fn random_picks(n: usize) -> Vec<i32> {
    let mut rng = rand::thread_rng();
    let mut picks = std::collections::BTreeSet::new();
    while picks.len() < n {
        picks.insert(rng.gen_range(0..LIST_BITS));
    }
    picks.into_iter().collect()
}

impl Tx {
    /// `sql` locking the rows it reads (PostgreSQL); SQLite transactions are serial already.
    pub(super) fn for_update(&self, sql: String) -> String {
        match self {
            Tx::Sqlite(..) => sql,
            Tx::Postgres(..) => format!("{sql} for update"),
        }
    }

    /// `Store::reserve_status_slots` inside this transaction, for issuance that happens in a
    /// transaction already open (a qualification awarded with its last unit).
    pub async fn reserve_status_slots(
        &mut self,
        provider_id: Uuid,
        n: usize,
        now: OffsetDateTime,
    ) -> StoreResult<Vec<StatusSlot>> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let want = (n - out.len()).min(ROUND);
            let list = self.claim_list_room(provider_id, want as i32, now).await?;
            let mut got = 0;
            for _ in 0..64 {
                if got == want {
                    break;
                }
                let taken = self
                    .insert_slots(provider_id, list, &random_picks(want - got), now)
                    .await?;
                got += taken.len();
                out.extend(taken.into_iter().map(|index| StatusSlot { list, index }));
            }
            if got < want {
                return Err(StoreError::Conflict(format!(
                    "status list {list} has no free index left"
                )));
            }
        }
        Ok(out)
    }

    /// Locks the provider's open list (opening the next one when it is full) and counts
    /// `want` more indexes in it; returns its number. The row lock comes first, so concurrent
    /// reservations queue here instead of deadlocking on each other's index rows.
    async fn claim_list_room(
        &mut self,
        provider_id: Uuid,
        want: i32,
        now: OffsetDateTime,
    ) -> StoreResult<i32> {
        loop {
            let sql = "select list_no, allocated from status_lists where provider_id = $1 \
                       order by list_no desc limit 1";
            let current: Option<(i32, i32)> =
                on_tx!(self, c => sqlx::query_as(sql).bind(provider_id).fetch_optional(c).await)?;
            let list = match current {
                Some((list, allocated)) if allocated < LIST_CAPACITY => list,
                Some((list, _)) => list + 1,
                None => 0,
            };
            let sql = "insert into status_lists (provider_id, list_no, allocated, version, created_at) \
                       values ($1, $2, 0, 0, $3) on conflict do nothing";
            on_tx!(self, c => sqlx::query(sql).bind(provider_id).bind(list).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
            let sql = "update status_lists set allocated = allocated + $3 \
                       where provider_id = $1 and list_no = $2 returning allocated";
            let allocated: i32 = on_tx!(self, c => sqlx::query_scalar(sql).bind(provider_id).bind(list).bind(want).fetch_one(c).await)?;
            // Another process filled it while this one waited for the lock: take the next.
            if allocated - want < LIST_CAPACITY {
                return Ok(list);
            }
        }
    }

    async fn insert_slots(
        &mut self,
        provider_id: Uuid,
        list: i32,
        picks: &[i32],
        now: OffsetDateTime,
    ) -> StoreResult<Vec<i32>> {
        if let Tx::Postgres(t, _) = self {
            return Ok(
                super::postgres::bulk::status_slots(t, provider_id, list, picks, now).await?,
            );
        }
        Ok(on_tx!(self, c => {
            let mut qb = sqlx::QueryBuilder::new(
                "insert into status_slots (provider_id, list_no, idx, reserved_at) ",
            );
            qb.push_values(picks, |mut b, idx| {
                b.push_bind(provider_id).push_bind(list).push_bind(*idx).push_bind(now);
            });
            qb.push(" on conflict do nothing returning idx");
            qb.build_query_scalar().fetch_all(c).await
        })?)
    }

    /// The credential, its row locked until the transaction ends.
    pub async fn credential_for_update(
        &mut self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<CredentialRecord>> {
        let sql = self.for_update(format!(
            "select {CREDENTIAL_COLUMNS} from credentials where provider_id = $1 and id = $2"
        ));
        Ok(
            on_tx!(self, c => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id).fetch_optional(c).await)?,
        )
    }

    /// Sets a credential's status and bumps its list's version, so the published lists are
    /// rebuilt before they are served again.
    pub async fn set_credential_status(
        &mut self,
        provider_id: Uuid,
        id: Uuid,
        status: &str,
        reason: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        self.set_status_row("credentials", provider_id, id, status, reason, at)
            .await?;
        if status == "revoked" {
            // A revoked qualification no longer stands as an award (a new one may follow).
            let sql = "update awards set status = 'revoked' where provider_id = $1 and credential_id = $2";
            on_tx!(self, c => sqlx::query(sql).bind(provider_id).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// Sets the status of a row of `table` (`credentials` or `api_credentials`, whose status
    /// columns are the same) and marks its list changed, so the published forms are rebuilt
    /// before they are served again.
    pub(super) async fn set_status_row(
        &mut self,
        table: &'static str,
        provider_id: Uuid,
        id: Uuid,
        status: &str,
        reason: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        self.mark_published().await?;
        let sql = format!(
            "update {table} set status = $3, status_reason = $4, status_changed_at = $5 \
             where provider_id = $1 and id = $2 returning status_list"
        );
        let list: Option<i32> = on_tx!(self, c => sqlx::query_scalar(sql.as_str()).bind(provider_id).bind(id)
            .bind(status).bind(reason).bind(at).fetch_one(c).await)?;
        if let Some(list) = list {
            let sql = "update status_lists set version = version + 1 where provider_id = $1 and list_no = $2";
            on_tx!(self, c => sqlx::query(sql).bind(provider_id).bind(list).execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// The learner's qualification credentials with their default signed form.
    pub async fn qualification_documents(
        &mut self,
        provider_id: Uuid,
        learner_id: Uuid,
        format: &str,
    ) -> StoreResult<Vec<(CredentialRecord, Vec<u8>)>> {
        let sql = format!(
            "select {CREDENTIAL_COLUMNS} from credentials where provider_id = $1 and learner_id = $2 \
             and kind = 'qualification' order by issued_at, id"
        );
        let records: Vec<CredentialRecord> = on_tx!(self, c => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(learner_id).fetch_all(c).await)?;
        let mut out = Vec::with_capacity(records.len());
        for r in records {
            let body = self.credential_body(r.id, format).await?;
            out.push((r, body));
        }
        Ok(out)
    }

    pub async fn insert_review(
        &mut self,
        provider_id: Uuid,
        credential_id: Uuid,
        cause_credential_id: Uuid,
        reason: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        let id = Uuid::now_v7();
        let sql = "insert into qualification_reviews (id, provider_id, credential_id, cause_credential_id, reason, opened_at) \
                   values ($1, $2, $3, $4, $5, $6)";
        on_tx!(self, c => sqlx::query(sql).bind(id).bind(provider_id).bind(credential_id).bind(cause_credential_id)
            .bind(reason).bind(at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(id)
    }

    pub async fn review_for_update(
        &mut self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<ReviewRecord>> {
        let sql = self.for_update(format!(
            "select {REVIEW_COLUMNS} from qualification_reviews where provider_id = $1 and id = $2"
        ));
        Ok(
            on_tx!(self, c => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id).fetch_optional(c).await)?,
        )
    }

    pub async fn decide_review(
        &mut self,
        id: Uuid,
        decision: &str,
        reason: &str,
        by: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql = "update qualification_reviews set decision = $2, decision_reason = $3, decided_by = $4, \
                   decided_at = $5 where id = $1";
        on_tx!(self, c => sqlx::query(sql).bind(id).bind(decision).bind(reason).bind(by).bind(at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
