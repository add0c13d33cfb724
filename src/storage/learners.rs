//! Learners and their assessments.

use super::*;

impl Store {
    pub async fn learner(&self, provider_id: Uuid, id: Uuid) -> StoreResult<Option<Learner>> {
        let sql =
            "select id, document, subject_salt from learners where provider_id = $1 and id = $2";
        let row: Option<LearnerRow> = on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(id).fetch_optional(p).await)?;
        Ok(row.map(Into::into))
    }

    /// The provider's learners in enrolment order: `limit` of them, after the learner `after`
    /// (a cursor: stable when learners are added meanwhile) or skipping `offset`.
    /// With `search`, only learners whose family or given name, e-mail or external
    /// reference contains it (ignoring case).
    pub async fn learners(
        &self,
        provider_id: Uuid,
        limit: i64,
        offset: i64,
        after: Option<Uuid>,
        search: Option<&str>,
    ) -> StoreResult<Vec<Learner>> {
        let field = |f: &str| match self.backend() {
            "sqlite" => format!("lower(coalesce(json_extract(document, '$.{f}'), ''))"),
            _ => format!("lower(coalesce(document->>'{f}', ''))"),
        };
        let matches = ["family_name", "given_name", "email", "external_ref"]
            .iter()
            .map(|f| format!("{} like $5 escape '\\'", field(f)))
            .collect::<Vec<_>>()
            .join(" or ");
        let sql = format!(
            "select id, document, subject_salt from learners where provider_id = $1 \
             and ($4 is null or (created_at, id) > \
                  (select created_at, id from learners where provider_id = $1 and id = $4)) \
             and ($5 is null or {matches}) \
             order by created_at, id limit $2 offset $3"
        );
        // The search text as a LIKE pattern, its own wildcards taken literally.
        let pattern = search.map(|s| {
            let escaped = s
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        });
        let rows: Vec<LearnerRow> = on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(limit).bind(offset).bind(after).bind(&pattern).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn insert_learner(
        &self,
        provider_id: Uuid,
        learner: &Learner,
        created_at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql = "insert into learners (id, provider_id, document, subject_salt, created_at) values ($1, $2, $3, $4, $5)";
        on_writer!(self, p => sqlx::query(sql).bind(learner.id).bind(provider_id).bind(Json(&learner.doc))
            .bind(&learner.subject_salt).bind(created_at).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Every learner of a provider (result imports resolve a whole file against them).
    pub async fn all_learners(&self, provider_id: Uuid) -> StoreResult<Vec<Learner>> {
        let sql = "select id, document, subject_salt from learners where provider_id = $1";
        let rows: Vec<LearnerRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    // ---- assessments and credentials ----
    pub async fn assessments(
        &self,
        provider_id: Uuid,
        learner_id: Uuid,
    ) -> StoreResult<Vec<Assessment>> {
        let sql = format!(
            "{ASSESSMENT_SELECT} where a.provider_id = $1 and a.learner_id = $2 order by a.assessed_on, a.created_at, a.id"
        );
        let rows: Vec<AssessmentRow> = on_pool!(self, p => sqlx::query_as(sql.as_str())
            .bind(provider_id).bind(learner_id).fetch_all(p).await)?;
        rows.into_iter().map(AssessmentRow::into_domain).collect()
    }
}

impl Tx {
    /// Serialises writers per learner. SQLite transactions are already serial (BEGIN
    /// IMMEDIATE); on PostgreSQL the row lock makes a second transaction that completes the
    /// same learner's qualification wait and then see the first one's units.
    /// Locks the learners' rows in one statement, in id order (so that transactions locking
    /// overlapping sets queue instead of deadlocking); a no-op on SQLite, whose writers are
    /// serial.
    pub async fn lock_learners(&mut self, ids: &[Uuid]) -> StoreResult<()> {
        if let Tx::Postgres(t, _) = self {
            let mut ids = ids.to_vec();
            ids.sort();
            ids.dedup();
            sqlx::query("select id from learners where id = any($1) order by id for update")
                .bind(ids)
                .fetch_all(&mut **t)
                .await?;
        }
        Ok(())
    }

    pub async fn lock_learner(&mut self, learner_id: Uuid) -> StoreResult<()> {
        if let Tx::Postgres(t, _) = self {
            sqlx::query("select id from learners where id = $1 for update")
                .bind(learner_id)
                .fetch_optional(&mut **t)
                .await?;
        }
        Ok(())
    }

    /// Returns false (and writes nothing) when an imported row with the same key exists.
    pub async fn insert_assessment(&mut self, a: &NewAssessmentRow<'_>) -> StoreResult<bool> {
        let sql = "insert into assessments (id, provider_id, learner_id, unit_id, assessed_on, outcome, assessor, \
                   assessment_type, remediation_note, created_at, import_key, credential_id, route) \
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict do nothing";
        let n = on_tx!(self, c => sqlx::query(sql).bind(a.id).bind(a.provider_id).bind(a.learner_id).bind(a.unit_id)
            .bind(a.assessed_on).bind(a.outcome.as_str()).bind(a.assessor).bind(a.assessment_type.as_str())
            .bind(a.remediation_note).bind(a.created_at).bind(a.import_key).bind(a.credential_id)
            .bind(a.route.map(Json)).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Inserts many assessments in one statement; returns the ids inserted. A row whose import
    /// key is already recorded is skipped, as in `insert_assessment`.
    pub async fn insert_assessments(
        &mut self,
        rows: &[NewAssessmentRow<'_>],
    ) -> StoreResult<HashSet<Uuid>> {
        if rows.is_empty() {
            return Ok(HashSet::new());
        }
        if let Tx::Postgres(t, _) = self {
            let ids = super::postgres::bulk::assessments(t, rows).await?;
            return Ok(ids.into_iter().collect());
        }
        let head = "insert into assessments (id, provider_id, learner_id, unit_id, assessed_on, outcome, assessor, \
                    assessment_type, remediation_note, created_at, import_key, credential_id) ";
        let ids: Vec<Uuid> = on_tx!(self, c => {
            let mut qb = sqlx::QueryBuilder::new(head);
            qb.push_values(rows, |mut b, a| {
                b.push_bind(a.id).push_bind(a.provider_id).push_bind(a.learner_id).push_bind(a.unit_id)
                    .push_bind(a.assessed_on).push_bind(a.outcome.as_str()).push_bind(a.assessor)
                    .push_bind(a.assessment_type.as_str()).push_bind(a.remediation_note)
                    .push_bind(a.created_at).push_bind(a.import_key).push_bind(a.credential_id);
            });
            qb.push(" on conflict do nothing returning id");
            qb.build_query_scalar().fetch_all(c).await
        })?;
        Ok(ids.into_iter().collect())
    }

    pub async fn link_assessment(
        &mut self,
        assessment_id: Uuid,
        credential_id: Uuid,
    ) -> StoreResult<()> {
        on_tx!(self, c => sqlx::query("update assessments set credential_id = $1 where id = $2")
            .bind(credential_id).bind(assessment_id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
