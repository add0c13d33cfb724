//! Learner access: the school issues a personal code that opens the learner's own data,
//! without any school token; it expires and can be revoked. The link that carries it opens the
//! learner's web page.

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, Auth, bearer};
use crate::domain::ValidationErrors;
use crate::domain::credential::MEDIA_VC;
use crate::domain::provider::Provider;
use crate::error::{ApiError, ApiResult};
use crate::services::forms;
use crate::services::keys::token_hash;
use crate::state::AppState;
use crate::state::SessionPrincipal;
use crate::storage::NewAccess;

/// Default and longest validity of an access code, in days.
const DEFAULT_DAYS: u32 = 90;
const MAX_DAYS: u32 = 730;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/learners/{id}/access",
            post(issue_access).get(list_access),
        )
        .route("/v1/learner-access/{id}/revoke", post(revoke_access))
        .route("/learner/v1/me", get(me))
        .route("/learner/v1/credentials/{id}", get(own_credential))
        .route("/learner/v1/clr", get(own_record))
        .route("/learner/v1/bundle", get(own_bundle))
        .route("/v1/learners/{id}/bundle", get(staff_bundle))
}

/// A learner, authenticated by their personal access code.
pub struct LearnerAuth {
    pub provider: Provider,
    pub learner_id: Uuid,
}

impl FromRequestParts<AppState> for LearnerAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(SessionPrincipal::Learner {
            provider,
            learner_id,
        }) = parts.extensions.get::<SessionPrincipal>()
        {
            return Ok(Self {
                provider: provider.clone(),
                learner_id: *learner_id,
            });
        }
        let code = bearer(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let (provider, learner_id) = state
            .store
            .authenticate_learner(&token_hash(code), state.clock.now())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Self {
            provider,
            learner_id,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAccessRequest {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    valid_days: Option<u32>,
}

/// Issues a code for the learner. The code is shown once; only its hash is kept.
async fn issue_access(
    State(state): State<AppState>,
    auth: Auth,
    Path(learner_id): Path<Uuid>,
    ApiJson(input): ApiJson<NewAccessRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    let days = input.valid_days.unwrap_or(DEFAULT_DAYS);
    if days == 0 || days > MAX_DAYS {
        return Err(ApiError::Validation(ValidationErrors::single(
            "valid_days",
            format!("between 1 and {MAX_DAYS}"),
        )));
    }
    state
        .store
        .learner(auth.provider.id, learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let now = state.clock.now();
    // 256 random bits, recognisable by their prefix.
    let code = format!("ucl_{}", crate::services::keys::random_secret(32));
    let id = Uuid::now_v7();
    let expires_at = now + time::Duration::days(i64::from(days));
    let label = input
        .label
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "learner access".into());
    let actor = auth.actor();
    state
        .store
        .insert_learner_access(&NewAccess {
            id,
            provider_id: auth.provider.id,
            learner_id,
            token_hash: &token_hash(&code),
            label: &label,
            created_by: &actor,
            created_at: now,
            expires_at,
        })
        .await?;
    auth.audit(&state, now, "learner_access.issued", id, json!({"learner_id": learner_id, "label": label, "expires_at": crate::support::clock::format_utc(expires_at)})).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": id, "learner_id": learner_id, "label": label,
            "code": code,
            // The learner's page; the code becomes a session cookie there and leaves the URL.
            "link": format!("{}/learner/open?code={code}", state.config.public_url.trim_end_matches('/')),
            "expires_at": crate::support::clock::format_utc(expires_at),
        })),
    ))
}

async fn list_access(
    State(state): State<AppState>,
    auth: Auth,
    Path(learner_id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    state
        .store
        .learner(auth.provider.id, learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let list = state
        .store
        .learner_accesses(auth.provider.id, learner_id)
        .await?;
    Ok(Json(json!({"access": list})))
}

async fn revoke_access(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let now = state.clock.now();
    let record = state
        .store
        .revoke_learner_access(auth.provider.id, id, now)
        .await?
        .ok_or(ApiError::NotFound("learner access"))?;
    auth.audit(
        &state,
        now,
        "learner_access.revoked",
        id,
        json!({"learner_id": record.learner_id}),
    )
    .await?;
    Ok(Json(json!(record)))
}

/// The learner's own page data: who they are for this school, their progress, their
/// credentials.
async fn me(State(state): State<AppState>, who: LearnerAuth) -> ApiResult<Json<Value>> {
    let learner = state
        .store
        .learner(who.provider.id, who.learner_id)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let progress =
        crate::services::awards::learner_progress(&state, who.provider.id, who.learner_id, None)
            .await?;
    let credentials = state
        .store
        .credentials(who.provider.id, Some(who.learner_id))
        .await?;
    let recognitions = state
        .store
        .recognitions(who.provider.id, who.learner_id)
        .await?;
    // Whether the school can seal: then every credential is also available for Europass.
    let europass = state.store.active_seal(who.provider.id).await?.is_some();
    Ok(Json(json!({
        "learner": {"id": learner.id, "given_name": learner.doc.given_name,
                    "family_name": learner.doc.family_name, "language": learner.doc.language},
        "provider": {"slug": who.provider.slug, "name": who.provider.name, "did": who.provider.did},
        "qualifications": progress["qualifications"],
        "credentials": credentials,
        "europass": europass,
        "recognitions": recognitions.iter().map(|r| json!({"id": r.id, "status": r.status,
            "unit_code": r.unit_code, "foreign_issuer": r.foreign_issuer,
            "refusal_code": r.refusal_code, "reason": r.reason})).collect::<Vec<_>>(),
    })))
}

#[derive(Deserialize)]
struct FormatQuery {
    format: Option<String>,
}

/// One of the learner's own credentials, in the requested signed form (default eddsa-rdfc-2022).
async fn own_credential(
    State(state): State<AppState>,
    who: LearnerAuth,
    Path(id): Path<Uuid>,
    Query(q): Query<FormatQuery>,
) -> ApiResult<Response> {
    let record = state
        .store
        .credential(who.provider.id, id)
        .await?
        .filter(|c| c.learner_id == who.learner_id)
        .ok_or(ApiError::NotFound("credential"))?;
    let format = q
        .format
        .as_deref()
        .unwrap_or(crate::domain::credential::FORMAT_DI_RDFC);
    let doc = forms::credential_document(&state, &who.provider, record.id, format).await?;
    super::school::signed_document(doc)
}

async fn own_record(State(state): State<AppState>, who: LearnerAuth) -> ApiResult<Response> {
    let body =
        crate::services::awards::learner_record(&state, &who.provider, who.learner_id).await?;
    Ok(([(header::CONTENT_TYPE, MEDIA_VC)], body).into_response())
}

fn zip_response(bytes: Vec<u8>, learner_id: Uuid) -> ApiResult<Response> {
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!(
            "attachment; filename=\"unitcred-{learner_id}.zip\""
        ))
        .map_err(anyhow::Error::from)?,
    );
    Ok(r)
}

/// The learner's wallet bundle (zip), for the learner.
async fn own_bundle(State(state): State<AppState>, who: LearnerAuth) -> ApiResult<Response> {
    let bytes = crate::services::wallet::build(&state, &who.provider, who.learner_id).await?;
    zip_response(bytes, who.learner_id)
}

/// The same bundle, for the school's staff.
async fn staff_bundle(
    State(state): State<AppState>,
    auth: Auth,
    Path(learner_id): Path<Uuid>,
) -> ApiResult<Response> {
    let bytes = crate::services::wallet::build(&state, &auth.provider, learner_id).await?;
    zip_response(bytes, learner_id)
}
