//! Credentials, their signed documents, and the units a learner holds.

use super::*;

impl Store {
    pub async fn credential(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<CredentialRecord>> {
        let sql = format!(
            "select {CREDENTIAL_COLUMNS} from credentials where provider_id = $1 and id = $2"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(id).fetch_optional(p).await)?)
    }

    pub async fn credentials(
        &self,
        provider_id: Uuid,
        learner_id: Option<Uuid>,
    ) -> StoreResult<Vec<CredentialRecord>> {
        let sql = format!(
            "select {CREDENTIAL_COLUMNS} from credentials where provider_id = $1 \
             and ($2 is null or learner_id = $2) order by issued_at, id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(learner_id).fetch_all(p).await)?)
    }

    /// `credentials`, `limit` at a time in issuance order, after the credential `after` (a
    /// cursor, stable when credentials are issued meanwhile).
    pub async fn credentials_page(
        &self,
        provider_id: Uuid,
        learner_id: Option<Uuid>,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<CredentialRecord>> {
        let sql = format!(
            "select {CREDENTIAL_COLUMNS} from credentials where provider_id = $1 \
             and ($2 is null or learner_id = $2) \
             and ($3 is null or (issued_at, id) > \
                  (select issued_at, id from credentials where provider_id = $1 and id = $3)) \
             order by issued_at, id limit $4"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(learner_id).bind(after).bind(limit).fetch_all(p).await)?)
    }

    /// Whether the learner holds a live (not revoked) credential for the unit.
    pub async fn holds_unit(&self, learner_id: Uuid, unit_id: Uuid) -> StoreResult<bool> {
        let sql = "select id from credentials where learner_id = $1 and unit_id = $2 and kind = 'unit' \
                   and status <> 'revoked' limit 1";
        let found: Option<Uuid> = on_pool!(self, p => sqlx::query_scalar(sql).bind(learner_id).bind(unit_id).fetch_optional(p).await)?;
        Ok(found.is_some())
    }

    pub async fn credential_document(
        &self,
        credential_id: Uuid,
        format: &str,
    ) -> StoreResult<Option<CredentialDocument>> {
        let sql = "select format, media_type, body from credential_documents where credential_id = $1 and format = $2";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(credential_id).bind(format).fetch_optional(p).await)?,
        )
    }

    /// Stores another signed form of a credential unless that form is already stored.
    pub async fn insert_credential_document(
        &self,
        credential_id: Uuid,
        doc: &CredentialDocument,
    ) -> StoreResult<()> {
        let sql = "insert into credential_documents (credential_id, format, media_type, body) \
                   values ($1, $2, $3, $4) on conflict do nothing";
        on_writer!(self, p => sqlx::query(sql).bind(credential_id).bind(&doc.format).bind(&doc.media_type)
            .bind(&doc.body).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn held_units(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<HeldUnit>> {
        Ok(
            on_pool!(self, p => sqlx::query_as(HELD_UNITS).bind(provider_id).bind(learner_id).fetch_all(p).await)?,
        )
    }

    /// The learner's revoked unit credentials, with the unit each stood for.
    pub async fn revoked_units(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<RevokedUnit>> {
        let sql = "select c.id as credential_id, p.code as profile_code, p.version as profile_version, \
                   u.code as unit_code, c.status_reason as reason, c.status_changed_at as revoked_at \
                   from credentials c join units u on u.id = c.unit_id join profiles p on p.id = c.profile_id \
                   where c.provider_id = $1 and c.learner_id = $2 and c.kind = 'unit' and c.status = 'revoked' \
                   order by c.status_changed_at, c.id";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(learner_id).fetch_all(p).await)?,
        )
    }

    /// (learner, unit) of every unit credential of a provider.
    pub async fn unit_credential_keys(&self, provider_id: Uuid) -> StoreResult<Vec<(Uuid, Uuid)>> {
        let sql = "select learner_id, unit_id from credentials where provider_id = $1 and kind = 'unit' and status <> 'revoked'";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?)
    }

    pub async fn count_credentials(&self, provider_id: Uuid) -> StoreResult<i64> {
        let sql = "select count(*) from credentials where provider_id = $1";
        Ok(on_pool!(self, p => sqlx::query_scalar(sql).bind(provider_id).fetch_one(p).await)?)
    }
}

impl Tx {
    pub async fn held_units(
        &mut self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<HeldUnit>> {
        Ok(
            on_tx!(self, c => sqlx::query_as(HELD_UNITS).bind(provider_id).bind(learner_id).fetch_all(c).await)?,
        )
    }

    /// `held_units` for many learners of a provider at once, keyed by learner.
    pub async fn held_units_of(
        &mut self,
        provider_id: Uuid,
        learners: &[Uuid],
    ) -> StoreResult<HashMap<Uuid, Vec<HeldUnit>>> {
        let mut out: HashMap<Uuid, Vec<HeldUnit>> = HashMap::new();
        for part in learners.chunks(1000) {
            let rows: Vec<LearnerHeldUnit> = on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "select c.learner_id, c.id as credential_id, p.code as profile_code, p.version as profile_version, \
                     u.code as unit_code, r.foreign_credential_id as foreign_id, r.digest as foreign_digest, \
                     r.media_type as foreign_media_type from credentials c join units u on u.id = c.unit_id \
                     join profiles p on p.id = c.profile_id left join recognitions r on r.credential_id = c.id where c.kind = 'unit' and c.status <> 'revoked' and c.provider_id = ",
                );
                qb.push_bind(provider_id).push(" and c.learner_id in (");
                let mut ids = qb.separated(", ");
                for id in part {
                    ids.push_bind(*id);
                }
                qb.push(") order by c.issued_at, c.id");
                qb.build_query_as().fetch_all(c).await
            })?;
            for r in rows {
                out.entry(r.learner_id).or_default().push(r.unit);
            }
        }
        Ok(out)
    }

    /// The stored bodies of many credentials in one format.
    pub async fn credential_bodies(
        &mut self,
        ids: &[Uuid],
        format: &str,
    ) -> StoreResult<HashMap<Uuid, Vec<u8>>> {
        let mut out = HashMap::new();
        for part in ids.chunks(1000) {
            let rows: Vec<(Uuid, Vec<u8>)> = on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "select credential_id, body from credential_documents where format = ",
                );
                qb.push_bind(format).push(" and credential_id in (");
                let mut list = qb.separated(", ");
                for id in part {
                    list.push_bind(*id);
                }
                qb.push(")");
                qb.build_query_as().fetch_all(c).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    pub async fn credential_body(
        &mut self,
        credential_id: Uuid,
        format: &str,
    ) -> StoreResult<Vec<u8>> {
        let sql = "select body from credential_documents where credential_id = $1 and format = $2";
        Ok(
            on_tx!(self, c => sqlx::query_scalar(sql).bind(credential_id).bind(format).fetch_one(c).await)?,
        )
    }

    /// Stores many credentials with their documents in three statements; returns the ids
    /// stored. One the unique indexes refuse (unit or qualification already held) is skipped.
    pub async fn insert_credentials(
        &mut self,
        creds: &[NewCredential<'_>],
    ) -> StoreResult<HashSet<Uuid>> {
        if creds.is_empty() {
            return Ok(HashSet::new());
        }
        if let Tx::Postgres(t, _) = self {
            let stored: HashSet<Uuid> = postgres::bulk::credentials(t, creds)
                .await?
                .into_iter()
                .collect();
            let docs = documents_of(creds, &stored);
            postgres::bulk::documents(t, &docs).await?;
            return Ok(stored);
        }
        let head = "insert into credentials (id, provider_id, learner_id, kind, unit_id, profile_id, key_ref, issued_at, \
                    status_list, status_index) ";
        let ids: Vec<Uuid> = on_tx!(self, c => {
            let mut qb = sqlx::QueryBuilder::new(head);
            qb.push_values(creds, |mut b, cred| {
                b.push_bind(cred.id).push_bind(cred.provider_id).push_bind(cred.learner_id).push_bind(cred.kind)
                    .push_bind(cred.unit_id).push_bind(cred.profile_id).push_bind(cred.key_ref)
                    .push_bind(cred.issued_at).push_bind(cred.status.list).push_bind(cred.status.index);
            });
            qb.push(" on conflict do nothing returning id");
            qb.build_query_scalar().fetch_all(c).await
        })?;
        let stored: HashSet<Uuid> = ids.into_iter().collect();
        let docs = documents_of(creds, &stored);
        // Four parameters per document: stay far below either driver's limit per statement.
        for part in docs.chunks(1000) {
            on_tx!(self, c => {
                let mut qb = sqlx::QueryBuilder::new(
                    "insert into credential_documents (credential_id, format, media_type, body) ",
                );
                qb.push_values(part, |mut b, (id, d)| {
                    b.push_bind(*id).push_bind(d.format.as_str()).push_bind(d.media_type.as_str())
                        .push_bind(d.body.as_slice());
                });
                qb.build().execute(c).await.map(|_| ())
            })?;
        }
        Ok(stored)
    }

    pub async fn unit_credential_id(
        &mut self,
        learner_id: Uuid,
        unit_id: Uuid,
    ) -> StoreResult<Option<Uuid>> {
        let sql = "select id from credentials where learner_id = $1 and unit_id = $2 and kind = 'unit' and status <> 'revoked'";
        Ok(
            on_tx!(self, c => sqlx::query_scalar(sql).bind(learner_id).bind(unit_id).fetch_optional(c).await)?,
        )
    }

    /// Stores a credential with all its signed renderings, or nothing: returns false (and
    /// writes nothing) when the learner already holds a credential for that unit.
    pub async fn insert_credential(&mut self, cred: &NewCredential<'_>) -> StoreResult<bool> {
        let sql = "insert into credentials (id, provider_id, learner_id, kind, unit_id, profile_id, key_ref, issued_at, \
                   status_list, status_index) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing";
        let done = on_tx!(self, c => sqlx::query(sql).bind(cred.id).bind(cred.provider_id).bind(cred.learner_id)
            .bind(cred.kind).bind(cred.unit_id).bind(cred.profile_id).bind(cred.key_ref).bind(cred.issued_at)
            .bind(cred.status.list).bind(cred.status.index)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if done == 0 {
            return Ok(false);
        }
        for doc in &cred.documents {
            let sql = "insert into credential_documents (credential_id, format, media_type, body) values ($1, $2, $3, $4)";
            on_tx!(self, c => sqlx::query(sql).bind(cred.id).bind(&doc.format).bind(&doc.media_type).bind(&doc.body)
                .execute(c).await.map(|r| r.rows_affected()))?;
        }
        Ok(true)
    }
}

/// The documents of the credentials stored, with their credential's id.
fn documents_of<'a>(
    creds: &'a [NewCredential<'_>],
    stored: &HashSet<Uuid>,
) -> Vec<(Uuid, &'a CredentialDocument)> {
    creds
        .iter()
        .filter(|c| stored.contains(&c.id))
        .flat_map(|c| c.documents.iter().map(move |d| (c.id, d)))
        .collect()
}

/// A unit credential of a learner, located in the referential.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeldUnit {
    pub credential_id: Uuid,
    pub profile_code: String,
    pub profile_version: i32,
    pub unit_code: String,
    /// For a recognition credential: the foreign credential it recognises (id, digest of
    /// the exact bytes submitted, media type).
    pub foreign_id: Option<String>,
    pub foreign_digest: Option<String>,
    pub foreign_media_type: Option<String>,
}

/// A unit credential that was revoked: the unit it stood for, why and when.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RevokedUnit {
    pub credential_id: Uuid,
    pub profile_code: String,
    pub profile_version: i32,
    pub unit_code: String,
    pub reason: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub revoked_at: Option<OffsetDateTime>,
}

const HELD_UNITS: &str = "select c.id as credential_id, p.code as profile_code, p.version as profile_version, \
     u.code as unit_code, r.foreign_credential_id as foreign_id, r.digest as foreign_digest, \
     r.media_type as foreign_media_type from credentials c join units u on u.id = c.unit_id \
     join profiles p on p.id = c.profile_id left join recognitions r on r.credential_id = c.id \
     where c.provider_id = $1 and c.learner_id = $2 and c.kind = 'unit' and c.status <> 'revoked' order by c.issued_at, c.id";
