//! Staff accounts for the school console: people who sign in with an e-mail address and a
//! password, with the same roles as API tokens.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, Auth};
use crate::domain::ValidationErrors;
use crate::domain::provider::Role;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::NewStaff;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/staff", post(create_staff).get(list_staff))
        .route("/v1/staff/{id}/disable", post(disable_staff))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewStaffRequest {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: String,
    /// A tutor's company (required for a tutor, refused otherwise).
    #[serde(default)]
    pub company_id: Option<Uuid>,
}

impl NewStaffRequest {
    pub fn validate(&self) -> Result<(String, Role), ValidationErrors> {
        let mut e = ValidationErrors::default();
        let email = self.email.trim().to_lowercase();
        let email_ok = email.len() <= 254
            && email
                .split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
            && !email.contains(char::is_whitespace);
        if !email_ok {
            e.push("email", "an e-mail address such as name@school.be");
        }
        if self.name.trim().is_empty() {
            e.push("name", "must not be empty");
        }
        let role = Role::parse(&self.role);
        if role.is_none() {
            e.push("role", "admin, assessor or tutor");
        }
        match (role, self.company_id) {
            (Some(Role::Tutor), None) => e.push("company_id", "a tutor belongs to a company"),
            (Some(Role::Admin | Role::Assessor), Some(_)) => {
                e.push("company_id", "only a tutor belongs to a company")
            }
            _ => {}
        }
        if let Err(why) = crate::crypto::password::check_policy(&self.password) {
            e.push("password", why);
        }
        match role {
            Some(role) if e.0.is_empty() => Ok((email, role)),
            _ => Err(e),
        }
    }
}

/// Adds a staff account (admin). The password is hashed at once; it is never stored or shown.
async fn create_staff(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<NewStaffRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    let (email, role) = input.validate().map_err(ApiError::Validation)?;
    crate::services::workplace::check_company(&state, auth.provider.id, input.company_id).await?;
    let password = input.password;
    let hash = tokio::task::spawn_blocking(move || crate::crypto::password::hash(&password))
        .await
        .map_err(anyhow::Error::from)??;
    let now = state.clock.now();
    let id = Uuid::now_v7();
    let actor = auth.actor();
    let created = state
        .store
        .insert_staff(&NewStaff {
            id,
            provider_id: auth.provider.id,
            email: &email,
            name: input.name.trim(),
            role: role.as_str(),
            password_hash: &hash,
            created_by: &actor,
            created_at: now,
            company_id: input.company_id,
        })
        .await?;
    if !created {
        return Err(ApiError::Conflict(
            "email_taken",
            "a staff account already uses this e-mail address".into(),
        ));
    }
    auth.audit(
        &state,
        now,
        "staff.created",
        id,
        json!({"email": email, "role": role.as_str()}),
    )
    .await?;
    let staff = state
        .store
        .staff_accounts(auth.provider.id)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(ApiError::NotFound("staff account"))?;
    Ok((StatusCode::CREATED, Json(json!({ "staff": staff }))))
}

async fn list_staff(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let staff = state.store.staff_accounts(auth.provider.id).await?;
    Ok(Json(json!({ "staff": staff })))
}

/// Disables an account (admin) and ends its sessions at once.
async fn disable_staff(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let now = state.clock.now();
    let staff = state
        .store
        .disable_staff(auth.provider.id, id, now)
        .await?
        .ok_or(ApiError::NotFound("staff account"))?;
    auth.audit(
        &state,
        now,
        "staff.disabled",
        id,
        json!({"email": staff.email}),
    )
    .await?;
    Ok(Json(json!({ "staff": staff })))
}
