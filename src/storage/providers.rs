//! Providers, their API tokens, signing keys and audit log rows.

use super::*;

impl Store {
    pub async fn provider_by_slug(&self, slug: &str) -> StoreResult<Option<Provider>> {
        let sql = format!("select {PROVIDER_COLUMNS} from providers where slug = $1");
        let row: Option<ProviderRow> =
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(slug).fetch_optional(p).await)?;
        row.map(ProviderRow::into_domain).transpose()
    }

    pub async fn provider_by_did(&self, did: &str) -> StoreResult<Option<Provider>> {
        let sql = format!("select {PROVIDER_COLUMNS} from providers where did = $1");
        let row: Option<ProviderRow> =
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(did).fetch_optional(p).await)?;
        row.map(ProviderRow::into_domain).transpose()
    }

    pub async fn providers(&self) -> StoreResult<Vec<Provider>> {
        let sql = format!("select {PROVIDER_COLUMNS} from providers order by slug");
        let rows: Vec<ProviderRow> =
            on_pool!(self, p => sqlx::query_as(sql.as_str()).fetch_all(p).await)?;
        rows.into_iter().map(ProviderRow::into_domain).collect()
    }

    /// The provider and role behind an API token hash, if the token is live.
    /// The provider, role and label of a live token.
    pub async fn authenticate(&self, token_hash: &[u8]) -> StoreResult<Option<TokenOwner>> {
        let sql = format!(
            "select {}, t.role, t.label, t.company_id from api_tokens t join providers p on p.id = t.provider_id \
             where t.token_hash = $1 and t.revoked_at is null",
            PROVIDER_COLUMNS
                .split(", ")
                .map(|c| format!("p.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let row: Option<AuthRow> = on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(token_hash).fetch_optional(p).await)?;
        let Some(AuthRow {
            provider,
            role,
            label,
            company_id,
        }) = row
        else {
            return Ok(None);
        };
        let provider = provider.into_domain()?;
        let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?;
        Ok(Some(TokenOwner {
            provider,
            role,
            label,
            company_id,
        }))
    }

    pub async fn audit_rows(&self, provider_id: Uuid) -> StoreResult<Vec<AuditRow>> {
        let sql = "select seq, at, actor, action, subject, detail, prev_hash, hash from audit_log \
                   where provider_id = $1 order by seq";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?)
    }

    pub async fn audit_head(&self, provider_id: Uuid) -> StoreResult<Option<(i64, Vec<u8>)>> {
        let sql = "select seq, hash from audit_heads where provider_id = $1";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_optional(p).await)?)
    }

    pub async fn keys(&self, provider_id: Uuid) -> StoreResult<Vec<KeyRecord>> {
        let sql = "select id, key_ref, public_key, sealed_secret, active, created_at, retired_at, \
                   compromised_since, compromise_reason from provider_keys where provider_id = $1 order by created_at";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?)
    }

    // ---- referential ----
}

impl Tx {
    pub async fn insert_provider(
        &mut self,
        p: &Provider,
        created_at: OffsetDateTime,
    ) -> StoreResult<()> {
        self.mark_published().await?;
        let sql = "insert into providers (id, slug, name, country_code, url, did_method, did, quality_assurance, created_at) \
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing";
        let done = on_tx!(self, c => sqlx::query(sql).bind(p.id).bind(&p.slug).bind(&p.name).bind(&p.country_code)
            .bind(&p.url).bind(p.did_method.as_str()).bind(&p.did).bind(&p.quality_assurance).bind(created_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::Duplicate("provider"));
        }
        Ok(())
    }

    pub async fn insert_token(
        &mut self,
        provider_id: Uuid,
        token_hash: &[u8],
        role: Role,
        label: &str,
        created_at: OffsetDateTime,
        company_id: Option<Uuid>,
    ) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        let sql = "insert into api_tokens (id, provider_id, token_hash, role, label, created_at, company_id) \
                   values ($1, $2, $3, $4, $5, $6, $7)";
        on_tx!(self, c => sqlx::query(sql).bind(id).bind(provider_id).bind(token_hash).bind(role.as_str())
            .bind(label).bind(created_at).bind(company_id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(id)
    }

    /// The provider's chain head (0 and 32 zero bytes before the first entry), locked until
    /// the transaction ends.
    pub async fn lock_audit_head(&mut self, provider_id: Uuid) -> StoreResult<(i64, Vec<u8>)> {
        // Create the head if missing, then lock it: concurrent appenders queue on this row.
        on_tx!(self, c => sqlx::query("insert into audit_heads (provider_id, seq, hash) values ($1, 0, $2) \
                                       on conflict do nothing")
            .bind(provider_id).bind(vec![0u8; 32]).execute(c).await.map(|r| r.rows_affected()))?;
        let row: (i64, Vec<u8>) = match self {
            Tx::Sqlite(t, _) => {
                sqlx::query_as("select seq, hash from audit_heads where provider_id = $1")
                    .bind(provider_id)
                    .fetch_one(&mut **t)
                    .await?
            }
            Tx::Postgres(t, _) => {
                sqlx::query_as(
                    "select seq, hash from audit_heads where provider_id = $1 for update",
                )
                .bind(provider_id)
                .fetch_one(&mut **t)
                .await?
            }
        };
        Ok(row)
    }

    pub async fn set_audit_head(
        &mut self,
        provider_id: Uuid,
        seq: i64,
        hash: &[u8],
    ) -> StoreResult<()> {
        on_tx!(self, c => sqlx::query("update audit_heads set seq = $2, hash = $3 where provider_id = $1")
            .bind(provider_id).bind(seq).bind(hash).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn insert_audit_rows(
        &mut self,
        provider_id: Uuid,
        rows: &[AuditRow],
    ) -> StoreResult<()> {
        if let Tx::Postgres(t, _) = self {
            return Ok(super::postgres::bulk::audit_rows(t, provider_id, rows).await?);
        }
        for part in rows.chunks(1000) {
            on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "insert into audit_log (provider_id, seq, at, actor, action, subject, detail, prev_hash, hash) ",
                );
                qb.push_values(part, |mut b, r| {
                    b.push_bind(provider_id).push_bind(r.seq).push_bind(r.at).push_bind(r.actor.as_str())
                        .push_bind(r.action.as_str()).push_bind(r.subject.as_deref()).push_bind(r.detail.as_str())
                        .push_bind(r.prev_hash.as_slice()).push_bind(r.hash.as_slice());
                });
                qb.build().execute(c).await.map(|_| ())
            })?;
        }
        Ok(())
    }

    /// Serialises key changes of one provider (a no-op on SQLite, whose writers are serial).
    pub async fn lock_provider(&mut self, provider_id: Uuid) -> StoreResult<()> {
        if let Tx::Postgres(t, _) = self {
            sqlx::query("select id from providers where id = $1 for update")
                .bind(provider_id)
                .fetch_optional(&mut **t)
                .await?;
        }
        Ok(())
    }

    /// Stops the active key(s) signing; they stay published.
    pub async fn retire_active_keys(
        &mut self,
        provider_id: Uuid,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        self.mark_published().await?;
        on_tx!(self, c => sqlx::query("update provider_keys set active = false, retired_at = $2 \
                                       where provider_id = $1 and active")
            .bind(provider_id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Marks a key compromised; false if there is no such key or it already is.
    pub async fn mark_key_compromised(
        &mut self,
        provider_id: Uuid,
        key_ref: &str,
        since: OffsetDateTime,
        reason: &str,
    ) -> StoreResult<bool> {
        self.mark_published().await?;
        let n = on_tx!(self, c => sqlx::query("update provider_keys set compromised_since = $3, compromise_reason = $4 \
                                               where provider_id = $1 and key_ref = $2 and compromised_since is null")
            .bind(provider_id).bind(key_ref).bind(since).bind(reason).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    pub async fn insert_key(&mut self, provider_id: Uuid, key: &KeyRecord) -> StoreResult<()> {
        self.mark_published().await?;
        let sql = "insert into provider_keys (id, provider_id, key_ref, public_key, sealed_secret, active, created_at) \
                   values ($1, $2, $3, $4, $5, $6, $7)";
        on_tx!(self, c => sqlx::query(sql).bind(key.id).bind(provider_id).bind(&key.key_ref).bind(&key.public_key)
            .bind(&key.sealed_secret).bind(key.active).bind(key.created_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
