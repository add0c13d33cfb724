//! The W3C VC-API routes: `POST /credentials/issue` (eddsa-rdfc-2022 unless the options say
//! otherwise) with its fixed-form siblings `/jcs/credentials/issue` and
//! `/jwt/credentials/issue` (one endpoint per form, as conformance suites register them),
//! `POST /credentials/status`, and `POST /presentations/verify`. Issuing and status need a
//! provider's admin token; verifying a presentation is public like `/credentials/verify`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{MethodRouter, post};
use axum::{Json, Router};
use serde_json::Value;

use super::extract::{Auth, RawJson, idempotency};
use crate::domain::credential::{FORMAT_DI_JCS, FORMAT_JWT};
use crate::error::ApiResult;
use crate::services::vcapi;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/credentials/issue", issue(None))
        .route("/jcs/credentials/issue", issue(Some(FORMAT_DI_JCS)))
        .route("/jwt/credentials/issue", issue(Some(FORMAT_JWT)))
        .route("/credentials/status", post(update_status))
        .route("/presentations/verify", post(verify_presentation))
        .route("/presentations/challenges", post(new_challenge))
        .route(vcapi::oid4vp::RESPONSE_PATH, post(oid4vp_response))
}

/// The issuing route of a form (`None`: the default, or what the options ask for).
fn issue(endpoint: Option<&'static str>) -> MethodRouter<AppState> {
    post(
        move |State(state): State<AppState>,
              auth: Auth,
              headers: HeaderMap,
              RawJson(body): RawJson| issue_as(state, auth, headers, body, endpoint),
    )
}

async fn issue_as(
    state: AppState,
    auth: Auth,
    headers: HeaderMap,
    body: Value,
    endpoint: Option<&'static str>,
) -> ApiResult<Response> {
    auth.require_admin()?;
    let idem = idempotency(&headers, &body)?;
    let recorded =
        vcapi::issue(&state, &auth.provider, &auth.actor(), body, endpoint, idem).await?;
    Ok(super::recorded(recorded))
}

async fn update_status(
    State(state): State<AppState>,
    auth: Auth,
    RawJson(body): RawJson,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    Ok(Json(
        vcapi::update_status(&state, &auth.provider, &auth.actor(), body).await?,
    ))
}

async fn verify_presentation(
    State(state): State<AppState>,
    RawJson(body): RawJson,
) -> ApiResult<Response> {
    let answer = vcapi::presentation::verify(&state, body).await?;
    Ok(super::public::verdict_response(answer))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ChallengeRequest {
    domain: String,
}

/// A single-use challenge (10 minutes) for a presentation the caller will ask a wallet for.
async fn new_challenge(
    State(state): State<AppState>,
    super::extract::ClientAddr(client): super::extract::ClientAddr,
    super::extract::ApiJson(input): super::extract::ApiJson<ChallengeRequest>,
) -> ApiResult<(axum::http::StatusCode, Json<Value>)> {
    // Anyone may ask for a challenge: one address is held to a rate no verifier needs.
    if client.is_some_and(|ip| !state.public_write_throttle.take(ip, state.clock.now())) {
        return Err(crate::error::ApiError::TooMany(
            "too_many_requests",
            "too many challenges from this address; wait a few minutes".into(),
        ));
    }
    let answer = vcapi::presentation::new_challenge(&state, &input.domain).await?;
    Ok((axum::http::StatusCode::CREATED, Json(answer)))
}

/// OpenID4VP `direct_post`: a wallet's `vp_token` for a presentation request of the verifier
/// page. 200 `{}` once kept; 400 with an OAuth error otherwise (the request stays open).
async fn oid4vp_response(
    State(state): State<AppState>,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> ApiResult<(axum::http::StatusCode, Json<Value>)> {
    Ok(match vcapi::oid4vp::receive(&state, &form).await? {
        Ok(body) => (axum::http::StatusCode::OK, Json(body)),
        Err(why) => (
            axum::http::StatusCode::BAD_REQUEST,
            Json(serde_json::json!({"error": "invalid_request", "error_description": why})),
        ),
    })
}
