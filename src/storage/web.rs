//! Staff accounts, browser sessions (staff and learners) and background result imports.

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{PROVIDER_COLUMNS, ProviderRow, Store, StoreResult};
use crate::domain::provider::Provider;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StaffRecord {
    pub id: Uuid,
    #[serde(skip)]
    pub provider_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: String,
    pub created_by: String,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
    #[serde(serialize_with = "crate::support::clock::utc_option")]
    pub disabled_at: Option<OffsetDateTime>,
    /// A tutor's company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
}

const STAFF_COLUMNS: &str =
    "id, provider_id, email, name, role, created_by, created_at, disabled_at, company_id";

/// What signing in needs to know about an account.
#[derive(sqlx::FromRow)]
pub struct StaffLogin {
    #[sqlx(flatten)]
    pub staff: StaffRecord,
    pub password_hash: String,
    pub locked_until: Option<OffsetDateTime>,
}

/// Failed sign-ins in a row that lock an account.
pub const MAX_FAILED_LOGINS: i32 = 5;

pub struct NewStaff<'a> {
    pub id: Uuid,
    pub provider_id: Uuid,
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub created_by: &'a str,
    pub created_at: OffsetDateTime,
    pub company_id: Option<Uuid>,
}

/// Who a live browser session belongs to.
pub enum SessionOwner {
    Staff(Provider, StaffRecord),
    Learner(Provider, Uuid),
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    provider: ProviderRow,
    staff_id: Option<Uuid>,
    learner_id: Option<Uuid>,
    access_id: Option<Uuid>,
    expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ImportJob {
    pub id: Uuid,
    #[serde(skip)]
    pub provider_id: Uuid,
    pub created_by: String,
    /// `running`, `done`, `failed` or `interrupted` (the server stopped during the import).
    pub state: String,
    pub total: i64,
    pub written: i64,
    pub credentials_issued: i64,
    #[serde(skip)]
    pub report: Option<String>,
    pub error: Option<String>,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub created_at: OffsetDateTime,
    #[serde(serialize_with = "crate::support::clock::utc")]
    pub updated_at: OffsetDateTime,
}

const JOB_COLUMNS: &str = "id, provider_id, created_by, state, total, written, credentials_issued, \
                           report, error, created_at, updated_at";

fn prefixed(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Adds a staff account; `false` when the e-mail address is already taken.
    pub async fn insert_staff(&self, s: &NewStaff<'_>) -> StoreResult<bool> {
        let sql = "insert into staff_accounts (id, provider_id, email, name, role, password_hash, \
                   created_by, created_at, company_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                   on conflict (email) do nothing";
        let n = on_writer!(self, p => sqlx::query(sql).bind(s.id).bind(s.provider_id).bind(s.email)
            .bind(s.name).bind(s.role).bind(s.password_hash).bind(s.created_by).bind(s.created_at)
            .bind(s.company_id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Sets a new password hash (the demo, and the CLI's password reset) and ends the
    /// account's sessions: whoever knew the old password is signed out.
    pub async fn set_staff_password(&self, email: &str, password_hash: &str) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let sql = "update staff_accounts set password_hash = $2 where email = $1";
        let n = on_tx!(&mut tx, c => sqlx::query(sql).bind(email).bind(password_hash)
            .execute(c).await.map(|r| r.rows_affected()))?;
        let sql = "delete from web_sessions where staff_id in (select id from staff_accounts where email = $1)";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(email).execute(c).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(n == 1)
    }

    pub async fn staff_accounts(&self, provider_id: Uuid) -> StoreResult<Vec<StaffRecord>> {
        let sql = format!(
            "select {STAFF_COLUMNS} from staff_accounts where provider_id = $1 order by email"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).fetch_all(p).await)?)
    }

    /// An enabled account, its password hash and until when it is locked, for signing in.
    pub async fn staff_login(&self, email: &str) -> StoreResult<Option<StaffLogin>> {
        let sql = format!(
            "select {STAFF_COLUMNS}, password_hash, locked_until from staff_accounts \
             where email = $1 and disabled_at is null"
        );
        Ok(on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(email).fetch_optional(p).await)?)
    }

    /// Claims one sign-in attempt of the account from `client` (its address) before the
    /// password is checked, the count in one statement so that concurrent attempts cannot all
    /// pass a lock check made before any of them is counted. The `MAX_FAILED_LOGINS`-th claim
    /// in a row from that address locks the account for that address until `lock_until` (a
    /// success clears it); a lock that has run out starts a new count. Other addresses are
    /// not affected, so failing on purpose cannot lock the owner out. `false`: locked, do not
    /// check the password. Counts whose last attempt is a day old, and not locked, are swept
    /// first: they would have started over anyway.
    pub async fn claim_staff_login(
        &self,
        id: Uuid,
        client: &str,
        now: OffsetDateTime,
        lock_until: OffsetDateTime,
    ) -> StoreResult<bool> {
        let sql = "delete from staff_login_locks where (last_attempt_at is null or last_attempt_at < $1) \
                   and (locked_until is null or locked_until <= $2)";
        let stale = now - time::Duration::days(1);
        on_writer!(self, p => sqlx::query(sql).bind(stale).bind(now).execute(p).await.map(|r| r.rows_affected()))?;
        let sql = "insert into staff_login_locks (staff_id, client, failed_logins) values ($1, $2, 0) \
                   on conflict do nothing";
        on_writer!(self, p => sqlx::query(sql).bind(id).bind(client).execute(p).await.map(|r| r.rows_affected()))?;
        let sql = "update staff_login_locks set \
                   failed_logins = case when locked_until is null then failed_logins + 1 else 1 end, \
                   locked_until = case when (case when locked_until is null then failed_logins + 1 else 1 end) >= $4 \
                   then $5 else null end, last_attempt_at = $3 \
                   where staff_id = $1 and client = $2 and (locked_until is null or locked_until <= $3)";
        let n = on_writer!(self, p => sqlx::query(sql).bind(id).bind(client).bind(now).bind(MAX_FAILED_LOGINS)
            .bind(lock_until).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// A successful sign-in clears the count of that address.
    pub async fn staff_login_succeeded(&self, id: Uuid, client: &str) -> StoreResult<()> {
        let sql = "delete from staff_login_locks where staff_id = $1 and client = $2";
        on_writer!(self, p => sqlx::query(sql).bind(id).bind(client).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Disables an account and ends its sessions; `None` if the provider has no such account.
    pub async fn disable_staff(
        &self,
        provider_id: Uuid,
        id: Uuid,
        at: OffsetDateTime,
    ) -> StoreResult<Option<StaffRecord>> {
        let mut tx = self.begin().await?;
        let sql = "update staff_accounts set disabled_at = coalesce(disabled_at, $3) \
                   where provider_id = $1 and id = $2";
        let n = on_tx!(&mut tx, c => sqlx::query(sql).bind(provider_id).bind(id).bind(at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Ok(None);
        }
        let sql = "delete from web_sessions where staff_id = $1";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        let sql = format!("select {STAFF_COLUMNS} from staff_accounts where id = $1");
        let record =
            on_tx!(&mut tx, c => sqlx::query_as(sql.as_str()).bind(id).fetch_optional(c).await)?;
        tx.commit().await?;
        Ok(record)
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_web_session(
        &self,
        token_hash: &[u8],
        provider_id: Uuid,
        staff_id: Option<Uuid>,
        learner: Option<(Uuid, Uuid)>,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        // Expired sessions go as new ones come: the table holds live sessions only.
        let mut tx = self.begin().await?;
        let sql = "delete from web_sessions where expires_at <= $1";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(created_at).execute(c).await.map(|r| r.rows_affected()))?;
        let sql = "insert into web_sessions (token_hash, provider_id, staff_id, learner_id, access_id, \
                   created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7)";
        let (learner_id, access_id) = learner.unzip();
        on_tx!(&mut tx, c => sqlx::query(sql).bind(token_hash).bind(provider_id).bind(staff_id)
            .bind(learner_id).bind(access_id).bind(created_at).bind(expires_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(())
    }

    /// The owner of a live session at `now`: the staff account must still be enabled, the
    /// learner's access code still valid.
    pub async fn web_session(
        &self,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> StoreResult<Option<SessionOwner>> {
        let sql = format!(
            "select {}, s.staff_id, s.learner_id, s.access_id, s.expires_at from web_sessions s \
             join providers p on p.id = s.provider_id where s.token_hash = $1",
            prefixed(PROVIDER_COLUMNS, "p")
        );
        let row: Option<SessionRow> = on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(token_hash).fetch_optional(p).await)?;
        let Some(row) = row.filter(|r| r.expires_at > now) else {
            return Ok(None);
        };
        let provider = row.provider.into_domain()?;
        if let Some(staff_id) = row.staff_id {
            let sql = format!(
                "select {STAFF_COLUMNS} from staff_accounts where id = $1 and disabled_at is null"
            );
            let staff: Option<StaffRecord> = on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(staff_id).fetch_optional(p).await)?;
            return Ok(staff.map(|s| SessionOwner::Staff(provider, s)));
        }
        let (Some(learner_id), Some(access_id)) = (row.learner_id, row.access_id) else {
            return Ok(None);
        };
        let sql = "select count(*) from learner_access where id = $1 and revoked_at is null and expires_at > $2";
        let live: i64 = on_pool!(self, p => sqlx::query_scalar(sql).bind(access_id).bind(now).fetch_one(p).await)?;
        Ok((live == 1).then_some(SessionOwner::Learner(provider, learner_id)))
    }

    /// A live access code's provider, learner and id, to open a learner's browser session.
    pub async fn learner_access_by_code(
        &self,
        token_hash: &[u8],
        now: OffsetDateTime,
    ) -> StoreResult<Option<(Uuid, Uuid, Uuid)>> {
        let sql = "select provider_id, learner_id, id from learner_access \
                   where token_hash = $1 and revoked_at is null and expires_at > $2";
        Ok(
            on_pool!(self, p => sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(p).await)?,
        )
    }

    pub async fn delete_web_session(&self, token_hash: &[u8]) -> StoreResult<()> {
        let sql = "delete from web_sessions where token_hash = $1";
        on_writer!(self, p => sqlx::query(sql).bind(token_hash).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn insert_import_job(&self, job: &ImportJob) -> StoreResult<()> {
        let sql = "insert into import_jobs (id, provider_id, created_by, state, total, written, \
                   credentials_issued, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        on_writer!(self, p => sqlx::query(sql).bind(job.id).bind(job.provider_id).bind(&job.created_by)
            .bind(&job.state).bind(job.total).bind(job.written).bind(job.credentials_issued)
            .bind(job.created_at).bind(job.updated_at)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn update_import_progress(
        &self,
        id: Uuid,
        total: i64,
        written: i64,
        credentials_issued: i64,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql = "update import_jobs set total = $2, written = $3, credentials_issued = $4, updated_at = $5 \
                   where id = $1 and state = 'running'";
        on_writer!(self, p => sqlx::query(sql).bind(id).bind(total).bind(written).bind(credentials_issued)
            .bind(at).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Ends a job: `done` with its report (as JSON text) or `failed` with the error.
    pub async fn finish_import_job(
        &self,
        id: Uuid,
        state: &str,
        report: Option<&str>,
        error: Option<&str>,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let sql = "update import_jobs set state = $2, report = $3, error = $4, updated_at = $5 where id = $1";
        on_writer!(self, p => sqlx::query(sql).bind(id).bind(state).bind(report).bind(error).bind(at)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn import_job(&self, provider_id: Uuid, id: Uuid) -> StoreResult<Option<ImportJob>> {
        let sql =
            format!("select {JOB_COLUMNS} from import_jobs where provider_id = $1 and id = $2");
        Ok(
            on_pool!(self, p => sqlx::query_as(sql.as_str()).bind(provider_id).bind(id).fetch_optional(p).await)?,
        )
    }

    /// Jobs a previous process left running can no longer finish: say so at start-up.
    pub async fn interrupt_import_jobs(&self, at: OffsetDateTime) -> StoreResult<u64> {
        let sql =
            "update import_jobs set state = 'interrupted', updated_at = $1 where state = 'running'";
        Ok(
            on_writer!(self, p => sqlx::query(sql).bind(at).execute(p).await.map(|r| r.rows_affected()))?,
        )
    }
}
