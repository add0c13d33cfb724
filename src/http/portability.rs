//! Portability: the trust registry (operator), recognition tables and recognitions
//! (providers), and bundle verification (public).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, Auth, Operator, RawJson};
use crate::domain::ValidationErrors;
use crate::domain::trust::IssuerEntry;
use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::services::recognition::{Decision, Submission};
use crate::services::trust::RegistryInput;
use crate::state::AppState;
use crate::storage::NewEquivalence;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/trust/issuers", get(list_issuers))
        .route("/v1/trust/registry", post(import_registry))
        .route("/v1/trust/issuers", axum::routing::put(put_issuer))
        .route("/v1/trust/issuers/{did}", delete(delete_issuer))
        .route(
            "/v1/profiles/{code}/{version}/recognition-table",
            get(get_table).put(put_table),
        )
        .route(
            "/v1/learners/{id}/recognitions",
            post(submit).get(list_recognitions),
        )
        .route("/v1/recognitions/{id}", get(get_recognition))
        .route("/v1/recognitions/{id}/decision", post(decide))
        .route("/credentials/verify-bundle", post(verify_bundle))
}

/// The registry as the verifier sees it: stored entries and this server's providers.
async fn list_issuers(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let stored = state.store.trusted_issuer_records().await?;
    let local: Vec<Value> = state
        .store
        .providers()
        .await?
        .iter()
        .map(|p| {
            json!({"did": p.did, "entry": crate::domain::trust::local_entry(&state.config.public_url, p),
                   "source": "this server"})
        })
        .collect();
    Ok(Json(json!({"issuers": stored, "providers": local})))
}

/// A registry file: the JSON document, or `{"jws": "<compact JWS>"}` signed by a trust anchor.
async fn import_registry(
    State(state): State<AppState>,
    _: Operator,
    RawJson(body): RawJson,
) -> ApiResult<Json<Value>> {
    let input = match body.get("jws") {
        Some(Value::String(token)) if body.as_object().is_some_and(|o| o.len() == 1) => {
            RegistryInput::Signed(token.clone())
        }
        Some(_) => {
            return Err(ApiError::Validation(ValidationErrors::single(
                "jws",
                "a compact JWS string, alone in the body",
            )));
        }
        None => RegistryInput::Plain(body),
    };
    let (file, source) =
        crate::services::trust::read_registry(&state, input, &state.config.trust_anchors).await?;
    let (stored, removed) = state
        .store
        .replace_registry(&source, &file.issuers, state.clock.now())
        .await?;
    tracing::info!(%source, stored, removed, "trust registry imported");
    Ok(Json(
        json!({"source": source, "issuers": stored, "removed": removed}),
    ))
}

/// One issuer, entered by the operator.
async fn put_issuer(
    State(state): State<AppState>,
    _: Operator,
    RawJson(body): RawJson,
) -> ApiResult<Json<Value>> {
    let file = json!({"name": "operator", "issuers": [body]});
    state
        .schemas
        .check_trust_registry(&file)
        .map_err(ApiError::Validation)?;
    let entry: IssuerEntry = serde_json::from_value(file["issuers"][0].clone())
        .map_err(|e| ApiError::Validation(ValidationErrors::single("/", e.to_string())))?;
    let mut errors = ValidationErrors::default();
    entry.check_dates(&mut errors, "");
    errors.into_result().map_err(ApiError::Validation)?;
    state
        .store
        .put_trusted_issuer(&entry, "operator", state.clock.now())
        .await?;
    Ok(Json(json!({"did": entry.did, "source": "operator"})))
}

async fn delete_issuer(
    State(state): State<AppState>,
    _: Operator,
    Path(did): Path<String>,
) -> ApiResult<StatusCode> {
    if state.store.delete_trusted_issuer(&did).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("trusted issuer"))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableLine {
    /// The foreign achievement's id (Open Badges) or specification id (EDC)...
    #[serde(default)]
    achievement_id: Option<String>,
    #[serde(default)]
    achievement_version: Option<String>,
    /// ...or, for an EDC whose specification has no stable id, its title and ECVET points.
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    ecvet_points: Option<f64>,
    unit_code: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    lines: Vec<TableLine>,
}

async fn get_table(
    State(state): State<AppState>,
    auth: Auth,
    Path((code, version)): Path<(String, u32)>,
) -> ApiResult<Json<Value>> {
    let profile = state
        .store
        .profile(auth.provider.id, &code, version)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    let lines = state
        .store
        .recognition_table(auth.provider.id, profile.id)
        .await?;
    Ok(Json(
        json!({"profile_code": code, "profile_version": version, "lines": lines}),
    ))
}

/// Replaces the profile's recognition table: foreign achievement (id, optional version) →
/// local unit.
async fn put_table(
    State(state): State<AppState>,
    auth: Auth,
    Path((code, version)): Path<(String, u32)>,
    ApiJson(table): ApiJson<Table>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let profile = state
        .store
        .profile(auth.provider.id, &code, version)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    let own = format!(
        "{}/providers/{}/",
        state.config.public_url, auth.provider.slug
    );
    let mut errors = ValidationErrors::default();
    let mut seen = std::collections::HashSet::new();
    let mut lines = Vec::with_capacity(table.lines.len());
    if table.lines.len() > 1000 {
        errors.push("lines", "at most 1000 lines");
    }
    for (i, l) in table.lines.into_iter().enumerate() {
        let field = |f: &str| format!("lines/{i}/{f}");
        let (aid, v) = match (l.achievement_id, l.title, l.ecvet_points) {
            (Some(aid), None, None) => (
                aid.trim().to_owned(),
                l.achievement_version.unwrap_or_default().trim().to_owned(),
            ),
            (None, Some(title), Some(points))
                if !title.trim().is_empty() && points > 0.0 && l.achievement_version.is_none() =>
            {
                (
                    crate::europass::read::title_key(&title),
                    crate::domain::credential::format_points(points),
                )
            }
            _ => {
                errors.push(
                    &field("achievement_id"),
                    "an achievement id (and optional version), or a title and ecvet_points",
                );
                continue;
            }
        };
        if aid.starts_with("title:") {
            if aid.len() > 1000 {
                errors.push(&field("title"), "at most 1000 characters");
            }
        } else if !(aid.contains(':') && aid.len() <= 1000) || aid.chars().any(char::is_whitespace)
        {
            errors.push(&field("achievement_id"), "an achievement id (a URI)");
        } else if aid.starts_with(&own) {
            errors.push(
                &field("achievement_id"),
                "this provider's own achievements need no recognition",
            );
        }
        if profile.def.unit(&l.unit_code).is_none() {
            errors.push(
                &field("unit_code"),
                format!("no unit {} in {code} v{version}", l.unit_code),
            );
        }
        if !seen.insert((aid.clone(), v.clone())) {
            errors.push(&field("achievement_id"), "listed twice for this version");
        }
        lines.push(NewEquivalence {
            achievement_id: aid,
            achievement_version: v,
            unit_code: l.unit_code,
            note: l.note.filter(|n| !n.trim().is_empty()),
        });
    }
    errors.into_result().map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let actor = auth.actor();
    let mut tx = state.store.begin().await?;
    tx.lock_profile(profile.id).await?;
    tx.replace_recognition_table(auth.provider.id, profile.id, &lines, &actor, now)
        .await?;
    let event = audit::Event::new(
        &actor,
        "recognition_table.replaced",
        profile.id,
        json!({"profile": code, "version": version,
               "lines": lines.iter().map(|l| json!({"achievement_id": l.achievement_id,
                   "achievement_version": l.achievement_version, "unit_code": l.unit_code})).collect::<Vec<_>>()}),
    );
    audit::append(&mut tx, auth.provider.id, now, &[event]).await?;
    tx.commit().await?;
    let stored = state
        .store
        .recognition_table(auth.provider.id, profile.id)
        .await?;
    Ok(Json(
        json!({"profile_code": code, "profile_version": version, "lines": stored}),
    ))
}

async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(learner): Path<Uuid>,
    ApiJson(input): ApiJson<Submission>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let (record, fresh) =
        crate::services::recognition::submit(&state, &auth.provider, &auth.actor(), learner, input)
            .await?;
    let status = if fresh {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!(record))))
}

async fn list_recognitions(
    State(state): State<AppState>,
    auth: Auth,
    Path(learner): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    state
        .store
        .learner(auth.provider.id, learner)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    let list = state.store.recognitions(auth.provider.id, learner).await?;
    Ok(Json(json!({"recognitions": list})))
}

async fn get_recognition(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Value>> {
    let r = state
        .store
        .recognition(auth.provider.id, id)
        .await?
        .ok_or(ApiError::NotFound("recognition"))?;
    Ok(Json(json!(r)))
}

async fn decide(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<Decision>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let done =
        crate::services::recognition::decide(&state, &auth.provider, &auth.actor(), id, input)
            .await?;
    Ok(Json(json!({
        "recognition": done.record,
        "credential_id": done.credential_id,
        "qualification": done.qualification,
    })))
}

/// `{"profile": "<qualification achievement id>", "credentials": <presentation | CLR | array>}`.
async fn verify_bundle(
    State(state): State<AppState>,
    RawJson(body): RawJson,
) -> ApiResult<Json<Value>> {
    let (Some(profile), Some(set)) = (
        body.get("profile").and_then(Value::as_str),
        body.get("credentials"),
    ) else {
        return Err(ApiError::BadRequest(
            "malformed_request",
            "the body must be {\"profile\": \"<qualification achievement id>\", \"credentials\": <presentation, CLR or array>}".into(),
        ));
    };
    Ok(Json(
        crate::services::coverage::verify_bundle(&state, profile, set).await?,
    ))
}
