//! Qualification awards (automatic or by the jury) and idempotent requests.

use super::*;

impl Store {
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

    /// The learner's current award for the profile (pending or issued), else the latest.
    pub async fn award_for(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
        profile_id: Uuid,
    ) -> StoreResult<Option<AwardRecord>> {
        let sql = format!(
            "select {AWARD_COLUMNS} from awards where provider_id = $1 and learner_id = $2 and profile_id = $3 \
             order by case when status in ('pending', 'issued') then 0 else 1 end, created_at desc, id desc limit 1"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(learner_id).bind(profile_id)
            .fetch_optional(p).await)?,
        )
    }
}

impl Tx {
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
}
