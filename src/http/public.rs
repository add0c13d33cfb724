//! Public endpoints: the verifier, DID documents, JWKS, achievements, schemas, OpenAPI, health.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::RawJson;
use crate::domain::credential::{qualification_achievement_id, unit_achievement_id};
use crate::error::{ApiError, ApiResult};
use crate::services::verification::{problem_body, stored_form, verification};
use crate::state::AppState;
use crate::verify::Message;

pub const OPENAPI: &str = include_str!("../../schemas/openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/credentials/verify", post(verify_credential))
        .route("/providers/{slug}/did.json", get(did_document))
        .route("/providers/{slug}/jwks.json", get(jwks))
        .route(
            "/providers/{slug}/achievements/{code}/{version}",
            get(qualification_achievement),
        )
        .route(
            "/providers/{slug}/achievements/{code}/{version}/{unit}",
            get(unit_achievement),
        )
        .route("/schemas/{name}", get(schema))
        .route("/openapi.json", get(openapi))
        .route("/health", get(health))
}

fn with_cors(mut r: Response) -> Response {
    // did:web documents must be readable from any origin (did:web method spec §2.5).
    r.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    r
}

async fn provider(state: &AppState, slug: &str) -> ApiResult<crate::domain::provider::Provider> {
    state
        .store
        .provider_by_slug(slug)
        .await?
        .ok_or(ApiError::NotFound("provider"))
}

async fn did_document(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<Response> {
    let p = provider(&state, &slug).await?;
    let doc = state.keyring.did_document(&state.store, &p).await?;
    let mut r = Json(doc).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/did+json"),
    );
    Ok(with_cors(r))
}

async fn jwks(State(state): State<AppState>, Path(slug): Path<String>) -> ApiResult<Response> {
    let p = provider(&state, &slug).await?;
    Ok(with_cors(
        Json(state.keyring.jwks(&state.store, &p).await?).into_response(),
    ))
}

fn parse_version(v: &str) -> ApiResult<u32> {
    v.strip_prefix('v')
        .and_then(|n| n.parse().ok())
        .ok_or(ApiError::NotFound("profile"))
}

/// The Achievement behind a unit credential's `achievement.id`, so the id dereferences.
async fn unit_achievement(
    State(state): State<AppState>,
    Path((slug, code, version, unit)): Path<(String, String, String, String)>,
) -> ApiResult<Response> {
    let p = provider(&state, &slug).await?;
    let profile = state
        .store
        .profile(p.id, &code, parse_version(&version)?)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    let u = profile.def.unit(&unit).ok_or(ApiError::NotFound("unit"))?;
    let id = unit_achievement_id(&state.config.public_url, &p.slug, &profile.def, &u.code);
    let lang = "fr";
    Ok(with_cors(
        Json(json!({
            "@context": [crate::domain::credential::VC_V2, crate::domain::credential::OB_V3],
            "id": id, "type": ["Achievement"], "achievementType": "MicroCredential",
            "name": u.title.get(lang), "humanCode": u.code,
            "description": u.description.as_ref().map(|d| d.get(lang)).unwrap_or(u.title.get(lang)),
            "criteria": {"narrative": u.learning_outcomes.iter().map(|l| format!("- {}", l.get(lang))).collect::<Vec<_>>().join("\n")},
            "creditsAvailable": u.ecvet_points,
            "version": profile.def.version.to_string(),
            "title": u.title, "learningOutcomes": u.learning_outcomes,
            "isPartOf": qualification_achievement_id(&state.config.public_url, &p.slug, &profile.def),
        }))
        .into_response(),
    ))
}

async fn qualification_achievement(
    State(state): State<AppState>,
    Path((slug, code, version)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let p = provider(&state, &slug).await?;
    let profile = state
        .store
        .profile(p.id, &code, parse_version(&version)?)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    let id = qualification_achievement_id(&state.config.public_url, &p.slug, &profile.def);
    let units: Vec<String> = profile
        .def
        .units
        .iter()
        .map(|u| unit_achievement_id(&state.config.public_url, &p.slug, &profile.def, &u.code))
        .collect();
    Ok(with_cors(
        Json(json!({
            "id": id, "type": ["Achievement"], "achievementType": "Certificate",
            "name": profile.def.title.get("fr"), "title": profile.def.title,
            "eqfLevel": profile.def.eqf_level, "ecvetPoints": profile.def.required_ecvet_points(),
            "hasPart": units,
        }))
        .into_response(),
    ))
}

async fn schema(Path(name): Path<String>) -> ApiResult<Response> {
    let body = match name.as_str() {
        "profile.schema.json" => crate::domain::schema::PROFILE,
        "referential.schema.json" => crate::domain::schema::REFERENTIAL,
        "ob-achievement-credential.schema.json" => crate::domain::schema::OB_ACHIEVEMENT_CREDENTIAL,
        "trust-registry.schema.json" => crate::domain::schema::TRUST_REGISTRY,
        _ => return Err(ApiError::NotFound("schema")),
    };
    Ok(([(header::CONTENT_TYPE, "application/schema+json")], body).into_response())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(json!({"status": "ok", "storage": state.store.backend()})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: storage unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// VC-API `POST /credentials/verify`: 200 with the checks when verified, 400 with RFC 9457
/// problem details (and the same checks) when not.
async fn verify_credential(
    State(state): State<AppState>,
    RawJson(mut body): RawJson,
) -> ApiResult<Response> {
    let Some(vc) = body.get_mut("verifiableCredential").map(Value::take) else {
        return Ok(problem(
            "https://www.w3.org/TR/vc-data-model#PARSING_ERROR",
            "Parsing error",
            "malformed_request",
            &Message::new("v-body_shape"),
            Value::Null,
        ));
    };
    let inline = body
        .get("options")
        .and_then(|o| o.get("relatedCredentials"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    verify_value(&state, vc, inline).await
}

/// The verifier's JSON answer for a credential stored on this server, by its id: where the QR
/// codes of a learner's transcript lead (browsers get the page instead, see `app::startup`).
/// Anyone holding the id (a random UUID the learner shares) can check it; the answer is the
/// same as `POST /credentials/verify` with that credential. `?format=edc` checks its Europass
/// form instead (made now if it was never asked for).
pub async fn verify_stored(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<StoredQuery>,
) -> ApiResult<Response> {
    let vc = stored_form(&state, id, q.edc()?)
        .await?
        .ok_or(ApiError::NotFound("credential"))?;
    Ok(with_cors(verify_value(&state, vc, Vec::new()).await?))
}

#[derive(serde::Deserialize)]
pub struct StoredQuery {
    #[serde(default)]
    format: Option<String>,
}

impl StoredQuery {
    /// Whether the Europass form is asked for.
    pub fn edc(&self) -> ApiResult<bool> {
        match self.format.as_deref() {
            None | Some(crate::domain::credential::FORMAT_DI_RDFC) => Ok(false),
            Some(crate::domain::credential::FORMAT_EDC) => Ok(true),
            Some(_) => Err(ApiError::Validation(
                crate::domain::ValidationErrors::single("format", "di-rdfc (the default) or edc"),
            )),
        }
    }
}

async fn verify_value(state: &AppState, vc: Value, inline: Vec<Value>) -> ApiResult<Response> {
    Ok(verdict_response(verification(state, vc, inline).await?))
}

/// A verifier's answer: 200 when verified, else 400 with the same body as a problem (never
/// 200 with `verified: false`, which clients would read as verified).
pub fn verdict_response(body: Value) -> Response {
    if body["verified"] == true {
        Json(body).into_response()
    } else {
        problem_response(body)
    }
}

fn problem_response(body: Value) -> Response {
    let mut r = (StatusCode::BAD_REQUEST, Json(body)).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    r
}

fn problem(kind: &str, title: &str, code: &str, detail: &Message, checks: Value) -> Response {
    problem_response(problem_body(kind, title, code, detail, checks))
}
