//! Progress towards qualifications and jury decisions on awards.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, Auth};
use crate::domain::ValidationErrors;
use crate::domain::credential::MEDIA_VC;
use crate::error::{ApiError, ApiResult};
use crate::services::awards::{self, covered_units, evaluate, issue_qualification};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/learners/{id}/progress", get(learner_progress))
        .route("/v1/learners/{id}/clr", get(learner_record))
        .route("/v1/awards", get(list_awards))
        .route("/v1/awards/{id}/decision", post(decide))
}

/// The learner's whole record as a signed CLR 2.0 credential.
async fn learner_record(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let body = awards::learner_record(&state, &auth.provider, id).await?;
    Ok(([(header::CONTENT_TYPE, MEDIA_VC)], body).into_response())
}

#[derive(Deserialize)]
struct ProgressQuery {
    profile_code: Option<String>,
    profile_version: Option<u32>,
}

/// Progress for one profile version, or for every profile version the learner has started.
async fn learner_progress(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    Query(q): Query<ProgressQuery>,
) -> ApiResult<Json<Value>> {
    let only = match (q.profile_code, q.profile_version) {
        (Some(code), Some(version)) => Some((code, version)),
        (None, None) => None,
        _ => {
            return Err(ApiError::Validation(ValidationErrors::single(
                "profile_version",
                "give both profile_code and profile_version, or neither",
            )));
        }
    };
    let progress = awards::learner_progress(&state, auth.provider.id, id, only).await?;
    Ok(Json(progress))
}

#[derive(Deserialize)]
struct AwardQuery {
    status: Option<String>,
}

async fn list_awards(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<AwardQuery>,
) -> ApiResult<Json<Value>> {
    let awards = state
        .store
        .awards(auth.provider.id, q.status.as_deref())
        .await?;
    Ok(Json(json!({ "awards": awards })))
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Decision {
    Confirm,
    Refuse,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionInput {
    decision: Decision,
    decided_by: String,
    #[serde(default)]
    reason: Option<String>,
}

/// A jury confirms (the qualification credential is issued) or refuses (with a reason);
/// either way the decision is recorded, once.
async fn decide(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let mut errors = ValidationErrors::default();
    if input.decided_by.trim().is_empty() {
        errors.push("decided_by", "name who decided");
    }
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if matches!(input.decision, Decision::Refuse) && reason.is_none() {
        errors.push("reason", "a refusal needs a reason");
    }
    errors.into_result().map_err(ApiError::Validation)?;
    let provider = &auth.provider;
    let now = state.clock.now();
    let award = state
        .store
        .awards(provider.id, None)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(ApiError::NotFound("award"))?;
    let learner = state
        .store
        .learner(provider.id, award.learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let profile = state
        .store
        .profile_by_id(provider.id, award.profile_id)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;

    let mut tx = state.store.begin().await?;
    tx.lock_learner(learner.id).await?;
    let current = tx
        .award(provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("award"))?;
    if current.status != "pending" {
        return Err(ApiError::Conflict(
            "award_decided",
            format!("this award was already {}", current.status),
        ));
    }
    let (status, credential_id) = match input.decision {
        Decision::Refuse => ("refused", None),
        Decision::Confirm => {
            let held = tx.held_units(provider.id, learner.id).await?;
            let covered = covered_units(&profile.def, &held);
            if !evaluate(&profile.def, &covered).satisfied {
                return Err(ApiError::Conflict(
                    "rule_not_satisfied",
                    "the learner no longer satisfies the rule".into(),
                ));
            }
            let id =
                issue_qualification(&state, &mut tx, provider, &learner, &profile, &covered, now)
                    .await?
                    .ok_or_else(|| {
                        ApiError::Conflict(
                            "already_issued",
                            "the qualification credential exists".into(),
                        )
                    })?;
            ("issued", Some(id))
        }
    };
    if !tx
        .decide_award(
            id,
            status,
            input.decided_by.trim(),
            reason,
            credential_id,
            now,
        )
        .await?
    {
        return Err(ApiError::Conflict(
            "award_decided",
            "this award was already decided".into(),
        ));
    }
    let event = crate::services::audit::Event::new(
        &auth.actor(),
        if status == "refused" {
            "award.refused"
        } else {
            "award.confirmed"
        },
        id,
        json!({"learner_id": learner.id, "profile": profile.def.code, "version": profile.def.version,
               "decided_by": input.decided_by.trim(), "reason": reason, "credential_id": credential_id}),
    );
    crate::services::audit::append(&mut tx, provider.id, now, &[event]).await?;
    tx.commit().await?;
    Ok(Json(
        json!({"award_id": id, "status": status, "credential_id": credential_id, "reason": reason}),
    ))
}
