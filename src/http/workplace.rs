//! Work-based assessment: companies, placements, the tutors' lists and the school's
//! co-signatures. Tutors record results through `POST /v1/assessments`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, Auth, Recorder};
use crate::domain::provider::Role;
use crate::error::{ApiError, ApiResult};
use crate::services::workplace::{self, Cosignature, NewCompany, NewPlacement};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/companies", post(create_company).get(list_companies))
        .route("/v1/companies/{id}/placements", post(place))
        .route("/v1/companies/{id}/learners", get(placed_learners))
        .route("/v1/workplace-results", get(list_results))
        .route("/v1/workplace-results/{id}/cosignature", post(cosign))
}

async fn create_company(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<NewCompany>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    let company = workplace::create_company(&state, &auth.provider, &auth.actor(), input).await?;
    Ok((StatusCode::CREATED, Json(json!(company))))
}

async fn list_companies(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    let companies = state.store.companies(auth.provider.id).await?;
    Ok(Json(json!({ "companies": companies })))
}

async fn place(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<NewPlacement>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let placement = workplace::place(&state, &auth.provider, &auth.actor(), id, input).await?;
    Ok((StatusCode::CREATED, Json(json!(placement))))
}

/// The learners placed with a company: staff see any company's, a tutor only their own.
async fn placed_learners(
    State(state): State<AppState>,
    Recorder(auth): Recorder,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    if auth.role == Role::Tutor && auth.company != Some(id) {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(
        workplace::placed_learners(&state, &auth.provider, id).await?,
    ))
}

#[derive(Deserialize)]
struct ResultQuery {
    /// `pending` (the default), `confirmed`, `refused` or `all`.
    #[serde(default)]
    state: Option<String>,
}

/// Staff see every tutor's results; a tutor those of their company.
async fn list_results(
    State(state): State<AppState>,
    Recorder(auth): Recorder,
    Query(q): Query<ResultQuery>,
) -> ApiResult<Json<Value>> {
    let company = match auth.role {
        Role::Tutor => Some(auth.company.ok_or(ApiError::Forbidden)?),
        _ => None,
    };
    let wanted = match q.state.as_deref() {
        None | Some("pending") => Some("pending"),
        Some("all") => None,
        Some(s @ ("confirmed" | "refused")) => Some(s),
        Some(_) => {
            return Err(ApiError::Validation(
                crate::domain::ValidationErrors::single(
                    "state",
                    "pending, confirmed, refused or all",
                ),
            ));
        }
    };
    let results = state
        .store
        .workplace_results(auth.provider.id, wanted, None, company)
        .await?;
    Ok(Json(json!({ "workplace_results": results })))
}

/// A school assessor confirms (issuing the unit) or refuses a tutor's result.
async fn cosign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<Cosignature>,
) -> ApiResult<Response> {
    let recorded = workplace::cosign(&state, &auth.provider, &auth.actor(), id, input).await?;
    Ok(super::recorded(recorded))
}
