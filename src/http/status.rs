//! Credential status: the public status list credentials, and the admin actions on a
//! credential's status (revoke, suspend, reinstate) and on qualification reviews.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, Auth};
use crate::domain::credential::MEDIA_VC;
use crate::domain::credential::digest_multibase;
use crate::domain::status_list::{LIST_TTL, REVOCATION, SUSPENSION};
use crate::error::{ApiError, ApiResult};
use crate::services::status::{self, Action};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/providers/{slug}/status/{purpose}/{list}",
            get(status_list),
        )
        .route("/v1/credentials/{id}/revoke", post(revoke))
        .route("/v1/credentials/{id}/suspend", post(suspend))
        .route("/v1/credentials/{id}/reinstate", post(reinstate))
        .route("/v1/reviews", get(list_reviews))
        .route("/v1/reviews/{id}/decision", post(decide_review))
}

/// A signed `BitstringStatusListCredential`, cacheable by anyone for `LIST_TTL` (a verifier's
/// request is not logged beyond the route template, like every request).
async fn status_list(
    State(state): State<AppState>,
    Path((slug, purpose, list)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    if purpose != REVOCATION && purpose != SUSPENSION {
        return Err(ApiError::NotFound("status list"));
    }
    let list: i32 = list
        .parse()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or(ApiError::NotFound("status list"))?;
    let provider = state
        .store
        .provider_by_slug(&slug)
        .await?
        .ok_or(ApiError::NotFound("provider"))?;
    let published = status::list_credential(&state, &provider, &purpose, list)
        .await?
        .ok_or(ApiError::NotFound("status list"))?;
    let etag = format!("\"{}\"", digest_multibase(&published.body));
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(Body::from(published.body));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(list_media_type(&headers)),
        );
        r
    };
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_str(&format!("public, max-age={}", LIST_TTL.whole_seconds()))
            .map_err(anyhow::Error::from)?,
    );
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).map_err(anyhow::Error::from)?,
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(response)
}

/// `application/vc` (VC 2.0's media type) unless the client asks only for JSON by another
/// name (`application/json`, `application/ld+json`), as JSON-LD document loaders do: the same
/// bytes either way, labelled so that the client parses them.
fn list_media_type(headers: &HeaderMap) -> &'static str {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let types: Vec<&str> = accept
        .split(',')
        .map(|t| t.split(';').next().unwrap_or_default().trim())
        .collect();
    if !types.contains(&MEDIA_VC) && types.iter().any(|t| t.ends_with("json")) {
        "application/json"
    } else {
        MEDIA_VC
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonInput {
    reason: String,
}

/// Revocation is final; the qualification credentials resting on a revoked unit credential
/// are suspended and put up for review.
async fn revoke(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<Value>> {
    change_status(state, auth, id, Action::Revoke, input).await
}

async fn suspend(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<Value>> {
    change_status(state, auth, id, Action::Suspend, input).await
}

async fn reinstate(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ReasonInput>,
) -> ApiResult<Json<Value>> {
    change_status(state, auth, id, Action::Reinstate, input).await
}

async fn change_status(
    state: AppState,
    auth: Auth,
    id: Uuid,
    action: Action,
    input: ReasonInput,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let change = status::change_status(
        &state,
        &auth.provider,
        &auth.actor(),
        id,
        action,
        &input.reason,
    )
    .await?;
    status::republish(&state, &auth.provider, &change.lists).await;
    Ok(Json(change.body))
}

async fn list_reviews(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let reviews = state.store.reviews(auth.provider.id).await?;
    Ok(Json(json!({ "reviews": reviews })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewDecision {
    decision: String,
    reason: String,
}

async fn decide_review(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ReviewDecision>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let change = status::decide_review(
        &state,
        &auth.provider,
        &auth.actor(),
        id,
        &input.decision,
        &input.reason,
    )
    .await?;
    status::republish(&state, &auth.provider, &change.lists).await;
    Ok(Json(change.body))
}
