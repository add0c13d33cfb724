//! Public endpoints: the verifier, DID documents, JWKS, achievements, schemas, OpenAPI, health.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::RawJson;
use crate::app::state::AppState;
use crate::domain::credential::{qualification_achievement_id, unit_achievement_id};
use crate::error::{ApiError, ApiResult};

pub const OPENAPI: &str = include_str!("../../schemas/openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/credentials/verify", post(verify_credential))
        .route("/verify/{id}", get(verify_stored))
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
    RawJson(body): RawJson,
) -> ApiResult<Response> {
    let Some(vc) = body.get("verifiableCredential") else {
        return Ok(problem(
            "https://www.w3.org/TR/vc-data-model#PARSING_ERROR",
            "Parsing error",
            "malformed_request",
            "the body must be {\"verifiableCredential\": …}",
            Value::Null,
        ));
    };
    let inline = body
        .get("options")
        .and_then(|o| o.get("relatedCredentials"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    verify_value(&state, vc, &inline).await
}

/// The verifier for a credential stored on this server, by its id: where the QR codes of a
/// learner's transcript lead. Anyone holding the id (a random UUID the learner shares) can
/// check it; the answer is the same as `POST /credentials/verify` with that credential.
/// `?format=edc` checks its Europass form instead (made now if it was never asked for).
async fn verify_stored(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<StoredQuery>,
    headers: axum::http::HeaderMap,
) -> ApiResult<Response> {
    let edc = match q.format.as_deref() {
        None | Some(crate::domain::credential::FORMAT_DI_RDFC) => false,
        Some(crate::domain::credential::FORMAT_EDC) => true,
        Some(_) => {
            return Err(ApiError::Validation(
                crate::domain::ValidationErrors::single("format", "di-rdfc (the default) or edc"),
            ));
        }
    };
    if crate::web::wants_html(&headers) {
        return Ok(crate::web::verifier::stored_page(&state, &headers, id, edc).await);
    }
    let vc = stored_form(&state, id, edc)
        .await?
        .ok_or(ApiError::NotFound("credential"))?;
    Ok(with_cors(verify_value(&state, &vc, &[]).await?))
}

#[derive(serde::Deserialize)]
struct StoredQuery {
    #[serde(default)]
    format: Option<String>,
}

/// A stored credential's default form, or its sealed EDC (made if needed); `None` if there is
/// no such credential.
pub async fn stored_form(state: &AppState, id: Uuid, edc: bool) -> ApiResult<Option<Value>> {
    let doc = if edc {
        let Some(provider) = state.store.credential_issuer(id).await? else {
            return Ok(None);
        };
        crate::services::forms::credential_document(
            state,
            &provider,
            id,
            crate::domain::credential::FORMAT_EDC,
        )
        .await?
    } else {
        match state
            .store
            .credential_document(id, crate::domain::credential::FORMAT_DI_RDFC)
            .await?
        {
            Some(doc) => doc,
            None => return Ok(None),
        }
    };
    Ok(Some(
        serde_json::from_slice(&doc.body).map_err(anyhow::Error::from)?,
    ))
}

async fn verify_value(state: &AppState, vc: &Value, inline: &[Value]) -> ApiResult<Response> {
    let body = verification(state, vc, inline).await?;
    if body["verified"] == true {
        Ok(Json(body).into_response())
    } else {
        Ok(problem_response(body))
    }
}

/// The verifier's answer as a document: `verified`, the checks, trust and parts, and for a
/// failure the RFC 9457 problem fields. Shared by the API and the verifier page.
pub async fn verification(state: &AppState, vc: &Value, inline: &[Value]) -> ApiResult<Value> {
    let (owned, vc, inline) = (state.clone(), vc.clone(), inline.to_vec());
    state
        .offload
        .run(async move { verify_here(&owned, &vc, &inline).await })
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
}

async fn verify_here(state: &AppState, vc: &Value, inline: &[Value]) -> ApiResult<Value> {
    let server = crate::services::verification::ServerVerification::new(state).await?;
    let verifier = server.verifier();
    let result = verifier
        .verify(vc)
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    // A qualification credential's parts: the unit credentials it names in relatedResource,
    // given inline in options.relatedCredentials or stored on this server.
    let mut parts = Vec::new();
    if let (None, Some(credential)) = (&result.failure, &result.credential) {
        parts =
            crate::verify::parts::verify_parts(&verifier, credential, inline, Some(&state.store))
                .await
                .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    }
    let mut checks = json!(result.checks);
    let failed_part = parts.iter().find(|p| p.status == "failed");
    if !parts.is_empty() {
        let doubtful = parts
            .iter()
            .any(|p| p.status == "unavailable" || p.status == "warning");
        let status = match (failed_part, doubtful) {
            (Some(_), _) => "failed",
            (None, true) => "warning",
            (None, false) => "passed",
        };
        if let Some(list) = checks.as_array_mut() {
            list.push(json!({"check": "parts", "status": status,
                             "detail": format!("{} referenced unit credential(s)", parts.len())}));
        }
    }
    if let Some(part) = failed_part {
        let detail = format!(
            "unit credential {}: {}",
            part.id,
            part.detail.clone().unwrap_or_default()
        );
        let mut body = problem_body(
            "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR",
            "A referenced unit credential is invalid",
            "invalid_part",
            &detail,
            checks,
        );
        body["parts"] = json!(parts);
        return Ok(body);
    }
    match &result.failure {
        None => Ok(json!({
            "verified": true, "format": result.format, "credentialId": result.credential_id,
            "issuer": result.issuer, "checks": checks, "trust": result.trust, "parts": parts, "warnings": result.checks.iter()
                .filter(|c| c.status == crate::verify::CheckStatus::Warning).map(|c| c.detail.clone()).collect::<Vec<_>>(),
            "seal": result.seal,
        })),
        Some((failure, detail)) => {
            let mut body = problem_body(
                failure.problem_type(),
                title(failure.code()),
                failure.code(),
                detail,
                checks,
            );
            if let Some(trust) = &result.trust {
                body["trust"] = json!(trust);
            }
            if let Some(seal) = &result.seal {
                body["seal"] = json!(seal);
            }
            Ok(body)
        }
    }
}

fn title(code: &str) -> &'static str {
    match code {
        "malformed_credential" => "Malformed credential",
        "unknown_context" => "Unknown JSON-LD context",
        "invalid_json_ld" => "Invalid JSON-LD",
        "unsupported_proof" => "Unsupported proof",
        "unsupported_algorithm" => "Unsupported algorithm",
        "malformed_proof" => "Malformed proof",
        "unknown_key" => "Unknown verification key",
        "controller_mismatch" => "Key not controlled by the issuer",
        "invalid_signature" => "Invalid signature",
        "not_yet_valid" => "Credential not yet valid",
        "expired" => "Credential expired",
        "schema_violation" => "Schema violation",
        "issuer_not_authorised" => "Issuer not authorised for this achievement",
        "limit_exceeded" => "Credential exceeds the verifier's limits",
        "certificate_invalid" => "Seal certificate not valid at the signing time",
        _ => "Verification failed",
    }
}

fn problem_body(kind: &str, title: &str, code: &str, detail: &str, checks: Value) -> Value {
    let mut body = json!({"type": kind, "title": title, "status": 400, "detail": detail, "code": code, "verified": false});
    if !checks.is_null() {
        body["checks"] = checks;
    }
    body
}

fn problem_response(body: Value) -> Response {
    let mut r = (StatusCode::BAD_REQUEST, Json(body)).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    r
}

fn problem(kind: &str, title: &str, code: &str, detail: &str, checks: Value) -> Response {
    problem_response(problem_body(kind, title, code, detail, checks))
}
