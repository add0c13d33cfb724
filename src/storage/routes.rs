//! The adults' routes to a unit: companies, placements and tutors' results awaiting the
//! school's co-signature; validation procedures, their portfolios and the jury's decisions.

use super::*;
use crate::domain::route::Company;

#[derive(sqlx::FromRow)]
struct CompanyRow {
    id: Uuid,
    name: String,
    country_code: String,
    identifier: Option<String>,
}

impl From<CompanyRow> for Company {
    fn from(r: CompanyRow) -> Self {
        Company {
            id: r.id,
            name: r.name,
            country_code: r.country_code,
            identifier: r.identifier,
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlacementRecord {
    pub id: Uuid,
    pub learner_id: Uuid,
    pub company_id: Uuid,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub created_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
}

/// A tutor's result, with the unit it is for.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct WorkplaceResult {
    pub id: Uuid,
    pub learner_id: Uuid,
    #[serde(skip)]
    pub unit_id: Uuid,
    pub profile_code: String,
    pub profile_version: i32,
    pub unit_code: String,
    pub company_id: Uuid,
    pub tutor: String,
    pub assessed_on: Date,
    pub comment: Option<String>,
    /// `pending`, `confirmed` or `refused`.
    pub state: String,
    pub decided_by: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub decided_at: Option<OffsetDateTime>,
    pub decision_note: Option<String>,
    pub assessment_id: Option<Uuid>,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
}

const WORKPLACE_SELECT: &str = "select w.id, w.learner_id, w.unit_id, p.code as profile_code, \
     p.version as profile_version, u.code as unit_code, w.company_id, w.tutor, w.assessed_on, \
     w.comment, w.state, w.decided_by, w.decided_at, w.decision_note, w.assessment_id, w.created_at \
     from workplace_results w join units u on u.id = w.unit_id join profiles p on p.id = u.profile_id";

pub struct NewWorkplaceResult<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub learner_id: Uuid,
    pub unit_id: Uuid,
    pub company_id: Uuid,
    pub tutor: &'a str,
    pub assessed_on: Date,
    pub comment: Option<&'a str>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ProcedureRecord {
    pub id: Uuid,
    pub learner_id: Uuid,
    #[serde(skip)]
    pub profile_id: Uuid,
    pub profile_code: String,
    pub profile_version: i32,
    pub note: Option<String>,
    pub opened_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub opened_at: OffsetDateTime,
}

const PROCEDURE_SELECT: &str = "select v.id, v.learner_id, v.profile_id, p.code as profile_code, \
     p.version as profile_version, v.note, v.opened_by, v.opened_at \
     from validation_procedures v join profiles p on p.id = v.profile_id";

/// A portfolio document's description and digest (the file is fetched on its own).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PortfolioItem {
    pub id: Uuid,
    pub description: String,
    pub file_name: Option<String>,
    pub media_type: String,
    pub size: i64,
    #[serde(serialize_with = "hex_digest")]
    pub sha256: Vec<u8>,
    pub added_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub added_at: OffsetDateTime,
}

fn hex_digest<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(bytes))
}

pub struct NewPortfolioItem<'a> {
    pub id: Uuid,
    pub procedure_id: Uuid,
    pub description: &'a str,
    pub file_name: Option<&'a str>,
    pub media_type: &'a str,
    pub sha256: &'a [u8],
    pub content: &'a [u8],
    pub added_by: &'a str,
    pub added_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DecisionRecord {
    pub id: Uuid,
    #[serde(skip)]
    pub procedure_id: Uuid,
    pub units: Json<Vec<String>>,
    pub outcome: String,
    pub methods: Json<Vec<AssessmentType>>,
    pub evidence: Json<Vec<Uuid>>,
    pub jury: String,
    pub decided_on: Date,
    pub note: Option<String>,
    pub created_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
}

const DECISION_COLUMNS: &str = "id, procedure_id, units, outcome, methods, evidence, jury, \
     decided_on, note, created_by, created_at";

impl Store {
    pub async fn insert_company(
        &self,
        provider_id: Uuid,
        c: &Company,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql = "insert into companies (id, provider_id, name, country_code, identifier, created_at) \
                   values ($1, $2, $3, $4, $5, $6)";
        on_writer!(self, p => sqlx::query(sql).bind(c.id).bind(provider_id).bind(&c.name)
            .bind(&c.country_code).bind(&c.identifier).bind(at).execute(p).await
            .map(|r| r.rows_affected()))
        .map_err(|e| match e {
            StoreError::Sqlx(e) if unique_violation(&e) => StoreError::Duplicate("company"),
            other => other,
        })?;
        Ok(())
    }

    pub async fn companies(&self, provider_id: Uuid) -> StoreResult<Vec<Company>> {
        let sql = "select id, name, country_code, identifier from companies where provider_id = $1 order by name";
        let rows: Vec<CompanyRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn company(&self, provider_id: Uuid, id: Uuid) -> StoreResult<Option<Company>> {
        let sql = "select id, name, country_code, identifier from companies where provider_id = $1 and id = $2";
        let row: Option<CompanyRow> = on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(id).fetch_optional(p).await)?;
        Ok(row.map(Into::into))
    }

    pub async fn insert_placement(
        &self,
        provider_id: Uuid,
        p: &PlacementRecord,
    ) -> StoreResult<()> {
        let sql = "insert into placements (id, provider_id, learner_id, company_id, starts_on, ends_on, \
                   created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)";
        on_writer!(self, c => sqlx::query(sql).bind(p.id).bind(provider_id).bind(p.learner_id)
            .bind(p.company_id).bind(p.starts_on).bind(p.ends_on).bind(&p.created_by)
            .bind(p.created_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// A company's placements (`learner`: only that learner's), newest first.
    pub async fn placements(
        &self,
        provider_id: Uuid,
        company_id: Uuid,
        learner_id: Option<Uuid>,
    ) -> StoreResult<Vec<PlacementRecord>> {
        let sql = "select id, learner_id, company_id, starts_on, ends_on, created_by, created_at \
                   from placements where provider_id = $1 and company_id = $2 \
                   and ($3 is null or learner_id = $3) order by starts_on desc, id";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(provider_id).bind(company_id)
            .bind(learner_id).fetch_all(p).await)?,
        )
    }

    /// Tutors' results of the provider, oldest first: only those in `state`, of `learner`,
    /// from `company`, when given.
    pub async fn workplace_results(
        &self,
        provider_id: Uuid,
        state: Option<&str>,
        learner_id: Option<Uuid>,
        company_id: Option<Uuid>,
    ) -> StoreResult<Vec<WorkplaceResult>> {
        let sql = format!(
            "{WORKPLACE_SELECT} where w.provider_id = $1 and ($2 is null or w.state = $2) \
             and ($3 is null or w.learner_id = $3) and ($4 is null or w.company_id = $4) \
             order by w.created_at, w.id"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(state)
            .bind(learner_id).bind(company_id).fetch_all(p).await)?,
        )
    }

    pub async fn workplace_result(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<WorkplaceResult>> {
        let sql = format!("{WORKPLACE_SELECT} where w.provider_id = $1 and w.id = $2");
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id)
            .fetch_optional(p).await)?,
        )
    }

    pub async fn insert_procedure(
        &self,
        provider_id: Uuid,
        r: &ProcedureRecord,
    ) -> StoreResult<()> {
        let sql = "insert into validation_procedures (id, provider_id, learner_id, profile_id, note, \
                   opened_by, opened_at) values ($1, $2, $3, $4, $5, $6, $7)";
        on_writer!(self, c => sqlx::query(sql).bind(r.id).bind(provider_id).bind(r.learner_id)
            .bind(r.profile_id).bind(&r.note).bind(&r.opened_by).bind(r.opened_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn procedure(
        &self,
        provider_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<ProcedureRecord>> {
        let sql = format!("{PROCEDURE_SELECT} where v.provider_id = $1 and v.id = $2");
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id)
            .fetch_optional(p).await)?,
        )
    }

    /// The provider's procedures (`learner`: only theirs), oldest first.
    pub async fn procedures(
        &self,
        provider_id: Uuid,
        learner_id: Option<Uuid>,
    ) -> StoreResult<Vec<ProcedureRecord>> {
        let sql = format!(
            "{PROCEDURE_SELECT} where v.provider_id = $1 and ($2 is null or v.learner_id = $2) \
             order by v.opened_at, v.id"
        );
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(learner_id)
            .fetch_all(p).await)?,
        )
    }

    pub async fn insert_portfolio_item(&self, i: &NewPortfolioItem<'_>) -> StoreResult<()> {
        let sql = "insert into portfolio_items (id, procedure_id, description, file_name, media_type, \
                   size, sha256, content, added_by, added_at) \
                   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        let size = i64::try_from(i.content.len()).unwrap_or(i64::MAX);
        on_writer!(self, c => sqlx::query(sql).bind(i.id).bind(i.procedure_id).bind(i.description)
            .bind(i.file_name).bind(i.media_type).bind(size).bind(i.sha256).bind(i.content)
            .bind(i.added_by).bind(i.added_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn portfolio(&self, procedure_id: Uuid) -> StoreResult<Vec<PortfolioItem>> {
        let sql = "select id, description, file_name, media_type, size, sha256, added_by, added_at \
                   from portfolio_items where procedure_id = $1 order by added_at, id";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(procedure_id).fetch_all(p).await)?)
    }

    /// A portfolio document's media type, file name and bytes.
    pub async fn portfolio_content(
        &self,
        procedure_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<(String, Option<String>, Vec<u8>)>> {
        let sql = "select media_type, file_name, content from portfolio_items \
                   where procedure_id = $1 and id = $2";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(procedure_id).bind(id).fetch_optional(p).await)?,
        )
    }

    /// Removes a portfolio document no decision rests on: `None` if there is no such
    /// document, `Some(false)` if a decision names it (then it stays).
    pub async fn delete_portfolio_item(
        &self,
        procedure_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<bool>> {
        let mut tx = self.begin().await?;
        let sql = "select evidence from validation_decisions where procedure_id = $1";
        let used: Vec<Json<Vec<Uuid>>> =
            on_tx!(&mut tx, c => sqlx::query_scalar(sql).bind(procedure_id).fetch_all(c).await)?;
        let sql = "select count(*) from portfolio_items where procedure_id = $1 and id = $2";
        let found: i64 = on_tx!(&mut tx, c => sqlx::query_scalar(sql).bind(procedure_id).bind(id).fetch_one(c).await)?;
        if found == 0 {
            return Ok(None);
        }
        if used.iter().any(|e| e.0.contains(&id)) {
            return Ok(Some(false));
        }
        let sql = "delete from portfolio_items where procedure_id = $1 and id = $2";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(procedure_id).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(Some(true))
    }

    pub async fn decisions(&self, procedure_id: Uuid) -> StoreResult<Vec<DecisionRecord>> {
        let sql = format!(
            "select {DECISION_COLUMNS} from validation_decisions where procedure_id = $1 \
             order by created_at, id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(procedure_id).fetch_all(p).await)?)
    }
}

impl Tx {
    /// False when a result for that learner and unit already awaits its co-signature.
    pub async fn insert_workplace_result(
        &mut self,
        w: &NewWorkplaceResult<'_>,
    ) -> StoreResult<bool> {
        let sql = "insert into workplace_results (id, provider_id, learner_id, unit_id, company_id, \
                   tutor, assessed_on, comment, state, created_at) \
                   values ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) on conflict do nothing";
        let n = on_tx!(self, c => sqlx::query(sql).bind(w.id).bind(w.provider_id).bind(w.learner_id)
            .bind(w.unit_id).bind(w.company_id).bind(w.tutor).bind(w.assessed_on).bind(w.comment)
            .bind(w.created_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Confirms or refuses a pending result; false when it was no longer pending.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_workplace_result(
        &mut self,
        provider_id: Uuid,
        id: Uuid,
        state: &str,
        by: &str,
        at: OffsetDateTime,
        note: Option<&str>,
        assessment_id: Option<Uuid>,
    ) -> StoreResult<bool> {
        let sql = "update workplace_results set state = $3, decided_by = $4, decided_at = $5, \
                   decision_note = $6, assessment_id = $7 \
                   where provider_id = $1 and id = $2 and state = 'pending'";
        let n = on_tx!(self, c => sqlx::query(sql).bind(provider_id).bind(id).bind(state).bind(by)
            .bind(at).bind(note).bind(assessment_id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    pub async fn insert_decision(&mut self, d: &DecisionRecord) -> StoreResult<()> {
        let sql = format!(
            "insert into validation_decisions ({DECISION_COLUMNS}) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        );
        on_tx!(self, c => sqlx::query(sql.as_str()).bind(d.id).bind(d.procedure_id).bind(&d.units)
            .bind(&d.outcome).bind(&d.methods).bind(&d.evidence).bind(&d.jury).bind(d.decided_on)
            .bind(&d.note).bind(&d.created_by).bind(d.created_at).execute(c).await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
