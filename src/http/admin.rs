//! Provider administration: creating providers (operator), tokens, the referential.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{ApiJson, Auth, Operator, RawJson};
use crate::domain::ValidationErrors;
use crate::domain::provider::{NewProvider, Role};
use crate::domain::referential::ProfileDef;
use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::services::keys::{new_token, token_hash};
use crate::state::AppState;
use crate::support::clock::format_utc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/providers", post(create_provider))
        .route("/v1/provider", get(get_own_provider))
        .route("/v1/tokens", post(create_token))
        .route("/v1/profiles", post(create_profile).get(list_profiles))
        .route(
            "/v1/profiles/{code}/{version}",
            get(get_profile).put(replace_profile),
        )
        .route("/v1/audit", get(audit_log))
        .route("/v1/keys", get(list_keys))
        .route("/v1/keys/rotate", post(rotate_key))
        .route("/v1/keys/{key_ref}/compromised", post(key_compromised))
}

/// The provider's audit log, its head, and whether the chain holds together.
/// With `limit`, the entries come a page at a time (after the entry `cursor`, a `seq`); the
/// chain is checked whole either way.
async fn audit_log(
    State(state): State<AppState>,
    auth: Auth,
    Query(page): Query<AuditPage>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    if page.limit.is_some_and(|l| !(1..=10_000).contains(&l)) {
        return Err(ApiError::Validation(ValidationErrors::single(
            "limit",
            "1 to 10000",
        )));
    }
    let (entries, head) = audit::export(&state.store, auth.provider.id).await?;
    let check = audit::verify(
        auth.provider.id,
        &entries,
        head.as_ref().map(|(seq, hash)| (*seq, hash.as_str())),
    );
    let after = page.cursor.unwrap_or(i64::MIN);
    let mut shown: Vec<&audit::Entry> = entries.iter().filter(|e| e.seq > after).collect();
    let mut next = None;
    if let Some(limit) = page.limit.and_then(|l| usize::try_from(l).ok())
        && shown.len() > limit
    {
        shown.truncate(limit);
        next = shown.last().map(|e| e.seq.to_string());
    }
    Ok(Json(json!({
        "provider_id": auth.provider.id,
        "head": head.map(|(seq, hash)| json!({"seq": seq, "hash": hash})),
        "intact": check.is_ok(),
        "break": check.err(),
        "entries": shown,
        "next_cursor": next,
    })))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditPage {
    limit: Option<i64>,
    /// The `seq` of the last entry of the previous page.
    cursor: Option<i64>,
}

/// The provider's keys, public halves only: which one signs, which are retired or compromised.
async fn list_keys(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let keys: Vec<Value> = state
        .store
        .keys(auth.provider.id)
        .await?
        .into_iter()
        .map(|k| {
            json!({"key_ref": k.key_ref, "active": k.active, "created_at": format_utc(k.created_at),
                   "retired_at": k.retired_at.map(format_utc),
                   "compromised_since": k.compromised_since.map(format_utc),
                   "compromise_reason": k.compromise_reason})
        })
        .collect();
    Ok(Json(json!({ "keys": keys })))
}

async fn rotate_key(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    let change = state
        .keyring
        .rotate(
            &state.store,
            state.clock.as_ref(),
            &auth.provider,
            &auth.actor(),
        )
        .await?;
    tracing::info!(provider = %auth.provider.slug, active = %change.active, "signing key rotated");
    Ok((StatusCode::CREATED, Json(json!(change))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Compromise {
    reason: String,
    /// From when signatures are not to be trusted; now if absent.
    #[serde(default, with = "time::serde::rfc3339::option")]
    since: Option<time::OffsetDateTime>,
}

async fn key_compromised(
    State(state): State<AppState>,
    auth: Auth,
    Path(key_ref): Path<String>,
    ApiJson(input): ApiJson<Compromise>,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    if input.reason.trim().is_empty() {
        return Err(ApiError::Validation(ValidationErrors::single(
            "reason",
            "say why the key is compromised",
        )));
    }
    let now = state.clock.now();
    let since = input.since.unwrap_or(now);
    if since > now {
        return Err(ApiError::Validation(ValidationErrors::single(
            "since",
            "cannot be in the future",
        )));
    }
    let change = state
        .keyring
        .mark_compromised(
            &state.store,
            state.clock.as_ref(),
            &auth.provider,
            &auth.actor(),
            &key_ref,
            since,
            input.reason.trim(),
        )
        .await?;
    tracing::warn!(provider = %auth.provider.slug, key = %key_ref, "key marked compromised");
    Ok(Json(
        json!({"compromised": key_ref, "since": format_utc(since), "keys": change}),
    ))
}

async fn create_provider(
    State(state): State<AppState>,
    _op: Operator,
    ApiJson(input): ApiJson<NewProvider>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    input.validate().map_err(ApiError::Validation)?;
    let (provider, token) = state
        .keyring
        .create_provider(
            &state.store,
            state.clock.as_ref(),
            state.config.public_host(),
            &input,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"provider": provider, "admin_token": token})),
    ))
}

async fn get_own_provider(auth: Auth) -> Json<Value> {
    Json(json!({"provider": auth.provider, "role": auth.role}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewToken {
    role: Role,
    label: String,
    /// A tutor token's company.
    #[serde(default)]
    company_id: Option<uuid::Uuid>,
}

async fn create_token(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<NewToken>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    if input.label.trim().is_empty() {
        return Err(ApiError::Validation(ValidationErrors::single(
            "label",
            "name the token's holder",
        )));
    }
    if (input.role == Role::Tutor) != input.company_id.is_some() {
        return Err(ApiError::Validation(ValidationErrors::single(
            "company_id",
            "a tutor token names its company, no other token does",
        )));
    }
    crate::services::workplace::check_company(&state, auth.provider.id, input.company_id).await?;
    let token = new_token();
    let mut tx = state.store.begin().await?;
    let id = tx
        .insert_token(
            auth.provider.id,
            &token_hash(&token),
            input.role,
            input.label.trim(),
            state.clock.now(),
            input.company_id,
        )
        .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "role": input.role, "token": token})),
    ))
}

/// Schema first (every structural problem with its JSON pointer), then the domain rules.
pub fn parse_profile(state: &AppState, raw: &Value) -> ApiResult<ProfileDef> {
    state
        .schemas
        .check_profile(raw)
        .map_err(ApiError::Validation)?;
    let def: ProfileDef = serde_json::from_value(raw.clone())
        .map_err(|e| ApiError::Validation(ValidationErrors::single("body", e.to_string())))?;
    def.validate().map_err(ApiError::Validation)?;
    Ok(def)
}

async fn create_profile(
    State(state): State<AppState>,
    auth: Auth,
    RawJson(raw): RawJson,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    let def = parse_profile(&state, &raw)?;
    let mut tx = state.store.begin().await?;
    let now = state.clock.now();
    let id = tx.insert_profile(auth.provider.id, &def, now).await?;
    let event = audit::profile(&auth.actor(), "profile.created", id, &def);
    audit::append(&mut tx, auth.provider.id, now, &[event]).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "locked": false, "profile": def})),
    ))
}

async fn list_profiles(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    let profiles = state.store.profiles(auth.provider.id).await?;
    let list: Vec<Value> = profiles
        .into_iter()
        .map(|p| json!({"id": p.id, "locked": p.locked, "profile": p.def}))
        .collect();
    Ok(Json(json!({ "profiles": list })))
}

async fn get_profile(
    State(state): State<AppState>,
    auth: Auth,
    Path((code, version)): Path<(String, u32)>,
) -> ApiResult<Json<Value>> {
    let p = state
        .store
        .profile(auth.provider.id, &code, version)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    Ok(Json(
        json!({"id": p.id, "locked": p.locked, "profile": p.def}),
    ))
}

async fn replace_profile(
    State(state): State<AppState>,
    auth: Auth,
    Path((code, version)): Path<(String, u32)>,
    RawJson(raw): RawJson,
) -> ApiResult<Json<Value>> {
    auth.require_admin()?;
    let def = parse_profile(&state, &raw)?;
    if def.code != code || def.version != version {
        return Err(ApiError::Validation(ValidationErrors::single(
            "code",
            "code and version must match the URL",
        )));
    }
    let existing = state
        .store
        .profile(auth.provider.id, &code, version)
        .await?
        .ok_or(ApiError::NotFound("profile"))?;
    let mut tx = state.store.begin().await?;
    if !tx
        .replace_profile(auth.provider.id, existing.id, &def, state.clock.now())
        .await?
    {
        return Err(ApiError::Conflict(
            "profile_locked",
            format!(
                "{code} v{version} is referenced by issued credentials; publish version {} instead",
                version + 1
            ),
        ));
    }
    let event = audit::profile(&auth.actor(), "profile.replaced", existing.id, &def);
    audit::append(&mut tx, auth.provider.id, state.clock.now(), &[event]).await?;
    tx.commit().await?;
    Ok(Json(
        json!({"id": existing.id, "locked": false, "profile": def}),
    ))
}
