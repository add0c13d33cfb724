//! Qualification profiles (versions) and their units.

use super::*;

impl Store {
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
    /// Code and id of every unit of a stored profile.
    pub async fn unit_ids(&self, profile_id: Uuid) -> StoreResult<Vec<(String, Uuid)>> {
        let sql = "select code, id from units where profile_id = $1";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(profile_id).fetch_all(p).await)?)
    }
}

impl Tx {
    /// Inserts a profile version and its units. A version that already exists is a duplicate.
    pub async fn insert_profile(
        &mut self,
        provider_id: Uuid,
        def: &ProfileDef,
        now: OffsetDateTime,
    ) -> StoreResult<Uuid> {
        self.mark_published().await?;
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
        self.mark_published().await?;
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
        let locked = on_tx!(self, c => sqlx::query("update profiles set locked = true where id = $1 and locked = false")
            .bind(profile_id).execute(c).await.map(|r| r.rows_affected()))?;
        if locked > 0 {
            self.mark_published().await?;
        }
        Ok(())
    }
}
