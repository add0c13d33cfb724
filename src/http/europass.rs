//! Europass: each provider's e-seal (installed by its admin, never returned), and the seal
//! CAs this server trusts when it verifies European Digital Credentials (the operator's).

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::limit::RequestBodyLimitLayer;

use super::extract::{ApiJson, Auth, Operator};
use crate::domain::ValidationErrors;
use crate::error::{ApiError, ApiResult};
use crate::europass::seal::SealKey;
use crate::europass::trust_list;
use crate::state::AppState;
use crate::storage::SealRecord;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/seal", get(list_seals).put(install_seal))
        .route("/trust/seal-cas", get(list_anchors))
        .route("/v1/trust/seal-cas/{sha256}", delete(delete_anchor))
}

/// Trusted lists are large XML files: they take the upload limit, like result files.
pub fn upload_router(limit: usize) -> Router<AppState> {
    Router::new()
        .route("/v1/trust/seal-cas", post(import_anchors))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limit))
}

/// A seal as the API shows it: the certificates (public) and what they say, never the key.
fn seal_view(r: &SealRecord) -> Value {
    json!({
        "sha256": r.sha256, "alg": r.alg, "subject": r.subject,
        "organization_identifier": r.organization_identifier,
        "not_before": crate::support::clock::format_utc(r.not_before),
        "not_after": crate::support::clock::format_utc(r.not_after),
        "active": r.active,
        "installed_at": crate::support::clock::format_utc(r.created_at),
        "retired_at": r.retired_at.map(crate::support::clock::format_utc),
        "certificate_chain": r.chain_pem,
    })
}

async fn list_seals(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let seals: Vec<Value> = state
        .store
        .seals(auth.provider.id)
        .await?
        .iter()
        .map(seal_view)
        .collect();
    Ok(Json(json!({ "seals": seals })))
}

/// The seal as the operator's trust service provider delivered it: PEM texts, or a PKCS#12
/// file in base64 with its password.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSeal {
    #[serde(default)]
    certificate_chain: Option<String>,
    #[serde(default)]
    private_key: Option<String>,
    #[serde(default)]
    pkcs12: Option<String>,
    #[serde(default)]
    password: Option<String>,
    /// `RS256` (default for RSA), `PS256`, or `ES256` (P-256 keys).
    #[serde(default)]
    alg: Option<String>,
}

/// Reads a seal from what an operator supplies; the errors name the field at fault.
pub fn read_seal(
    chain_pem: Option<&str>,
    key_pem: Option<&str>,
    pkcs12: Option<&[u8]>,
    password: Option<&str>,
    alg: Option<&str>,
) -> ApiResult<SealKey> {
    let invalid = |f: &str, m: String| ApiError::Validation(ValidationErrors::single(f, m));
    let key = match (chain_pem, key_pem, pkcs12) {
        (Some(chain), Some(key), None) => SealKey::from_pem(chain.as_bytes(), key.as_bytes())
            .map_err(|e| invalid("private_key", e.to_string()))?,
        (None, None, Some(p12)) => SealKey::from_pkcs12(p12, password.unwrap_or_default())
            .map_err(|e| invalid("pkcs12", e.to_string()))?,
        _ => {
            return Err(invalid(
                "body",
                "give certificate_chain and private_key (PEM), or pkcs12 (base64) and password"
                    .into(),
            ));
        }
    };
    match alg {
        Some(alg) => key.with_alg(alg).map_err(|e| invalid("alg", e.to_string())),
        None => Ok(key),
    }
}

async fn install_seal(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<NewSeal>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    use base64::Engine;
    auth.require_admin()?;
    let pkcs12 = match &input.pkcs12 {
        Some(b64) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(b64.split_whitespace().collect::<String>())
                .map_err(|_| {
                    ApiError::Validation(ValidationErrors::single("pkcs12", "not base64"))
                })?,
        ),
        None => None,
    };
    let key = read_seal(
        input.certificate_chain.as_deref(),
        input.private_key.as_deref(),
        pkcs12.as_deref(),
        input.password.as_deref(),
        input.alg.as_deref(),
    )?;
    let record = state
        .keyring
        .install_seal(
            &state.store,
            state.clock.as_ref(),
            &auth.provider,
            &auth.actor(),
            key,
        )
        .await?;
    tracing::info!(provider = %auth.provider.slug, sha256 = %record.sha256, "e-seal installed");
    Ok((StatusCode::CREATED, Json(seal_view(&record))))
}

async fn list_anchors(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let anchors = state.store.seal_anchors().await?;
    Ok(Json(json!({ "seal_cas": anchors })))
}

/// `{"pem": "…"}` (the operator's own anchors, added) or `{"trusted_list": "<xml>"}` (an EU
/// trusted list: its qualified e-seal CAs replace those of the same territory).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAnchors {
    #[serde(default)]
    pem: Option<String>,
    #[serde(default)]
    trusted_list: Option<String>,
}

async fn import_anchors(
    State(state): State<AppState>,
    _: Operator,
    ApiJson(input): ApiJson<NewAnchors>,
) -> ApiResult<Json<Value>> {
    let (certs, source, replace, skipped) = match (&input.pem, &input.trusted_list) {
        (Some(pem), None) => (
            trust_list::from_pem(pem)
                .map_err(|e| ApiError::Validation(ValidationErrors::single("pem", e)))?,
            "operator".to_owned(),
            false,
            0,
        ),
        (None, Some(xml)) => {
            let list = trust_list::from_trusted_list(xml)
                .map_err(|e| ApiError::Validation(ValidationErrors::single("trusted_list", e)))?;
            (list.anchors.clone(), list.source(), true, list.skipped)
        }
        _ => {
            return Err(ApiError::Validation(ValidationErrors::single(
                "body",
                "give pem or trusted_list",
            )));
        }
    };
    let now = state.clock.now();
    let records = certs
        .iter()
        .map(|c| trust_list::record(c, &source, now))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?;
    let (stored, removed) = state
        .store
        .replace_seal_anchors(&source, &records, replace)
        .await?;
    tracing::info!(%source, stored, removed, "seal CAs imported");
    Ok(Json(json!({
        "source": source, "stored": stored, "removed": removed, "skipped_services": skipped,
        "seal_cas": records.iter().map(|r| json!({"sha256": r.sha256, "subject": r.subject})).collect::<Vec<_>>(),
    })))
}

async fn delete_anchor(
    State(state): State<AppState>,
    _: Operator,
    Path(sha256): Path<String>,
) -> ApiResult<StatusCode> {
    if state.store.delete_seal_anchor(&sha256).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("seal CA"))
    }
}
