//! Wallet delivery by OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow.
//!
//! Each provider is a credential issuer, identified by `{public}/providers/{slug}` (its
//! did:web path) and its own authorization server. The school (or the learner) makes an offer
//! of one credential: an `openid-credential-offer://` link carrying the offer by value, with a
//! pre-authorized code and optionally a 6-digit transaction code given through another channel.
//! The wallet exchanges the code for an access token, takes a nonce, proves possession of its
//! did:key in a `jwt` key proof, and receives the credential with its `credentialSubject.id`
//! set to that DID: the same credential (id, status entry), signed again for the holder, as
//! `ldp_vc` (eddsa-rdfc-2022) or `jwt_vc_json` (a VC-JWT 1.1-style token, `typ: JWT`, the
//! credential in the `vc` claim; OID4VCI 1.0 names no format for VC 2.0 `vc+jwt`). Codes, transaction codes and tokens are stored as SHA-256 only; an
//! offer is redeemed once, its token delivers once, and both expire.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, Auth, RawJson, bearer};
use super::learner::LearnerAuth;
use crate::domain::ValidationErrors;
use crate::domain::credential::FORMAT_DI_RDFC;
use crate::domain::credential::{OB_EXTENSIONS, OB_V3, VC_V2};
use crate::domain::provider::Provider;
use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::services::keys::{random_secret, token_hash};
use crate::state::AppState;
use crate::storage::{CredentialDocument, NewOffer, Redemption};

pub const PRE_AUTHORIZED: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
pub const LDP_VC: &str = "OpenBadgeCredential_ldp_vc";
pub const JWT_VC: &str = "OpenBadgeCredential_jwt_vc_json";
pub const PROOF_TYPE: &str = "openid4vci-proof+jwt";
const TOKEN_SECONDS: i64 = 300;
const NONCE_SECONDS: i64 = 300;
/// How far a key proof's `iat` may be from now.
const PROOF_SKEW_SECONDS: i64 = 300;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/.well-known/openid-credential-issuer/providers/{slug}",
            get(issuer_metadata),
        )
        .route(
            "/.well-known/oauth-authorization-server/providers/{slug}",
            get(authorization_server_metadata),
        )
        .route("/v1/credentials/{id}/offer", post(school_offer))
        .route("/learner/v1/credentials/{id}/offer", post(learner_offer))
        .route("/v1/learners/{id}/offer", post(school_offer_all))
        .route("/learner/v1/offer", post(learner_offer_all))
        .route("/providers/{slug}/oid4vci/token", post(token))
        .route("/providers/{slug}/oid4vci/nonce", post(nonce))
        .route("/providers/{slug}/oid4vci/credential", post(credential))
}

fn issuer_id(state: &AppState, p: &Provider) -> String {
    format!("{}/providers/{}", state.config.public_url, p.slug)
}

async fn provider(state: &AppState, slug: &str) -> ApiResult<Provider> {
    state
        .store
        .provider_by_slug(slug)
        .await?
        .ok_or(ApiError::NotFound("provider"))
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// An OAuth / OID4VCI error response.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    no_store(
        (
            status,
            Json(json!({"error": error, "error_description": description})),
        )
            .into_response(),
    )
}

async fn issuer_metadata(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Value>> {
    let p = provider(&state, &slug).await?;
    let issuer = issuer_id(&state, &p);
    Ok(Json(json!({
        "credential_issuer": issuer,
        "credential_endpoint": format!("{issuer}/oid4vci/credential"),
        "nonce_endpoint": format!("{issuer}/oid4vci/nonce"),
        "display": [{"name": p.name, "locale": "fr"}],
        "credential_configurations_supported": {
            LDP_VC: {
                "format": "ldp_vc",
                "scope": "OpenBadgeCredential",
                "cryptographic_binding_methods_supported": ["did:key"],
                "credential_signing_alg_values_supported": ["eddsa-rdfc-2022"],
                "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA"]}},
                "credential_definition": {
                    "@context": [VC_V2, OB_V3, OB_EXTENSIONS],
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                },
                "credential_metadata": {"display": [
                    {"name": "Unité d'acquis d'apprentissage ou certification", "locale": "fr"},
                    {"name": "Unit of learning outcomes or qualification", "locale": "en"}]},
            },
            JWT_VC: {
                "format": "jwt_vc_json",
                "scope": "OpenBadgeCredential",
                "cryptographic_binding_methods_supported": ["did:key"],
                "credential_signing_alg_values_supported": ["EdDSA"],
                "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA"]}},
                "credential_definition": {"type": ["VerifiableCredential", "OpenBadgeCredential"]},
                "credential_metadata": {"display": [
                    {"name": "Unité d'acquis d'apprentissage ou certification", "locale": "fr"},
                    {"name": "Unit of learning outcomes or qualification", "locale": "en"}]},
            }
        },
    })))
}

async fn authorization_server_metadata(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<Json<Value>> {
    let p = provider(&state, &slug).await?;
    let issuer = issuer_id(&state, &p);
    Ok(Json(json!({
        "issuer": issuer,
        "token_endpoint": format!("{issuer}/oid4vci/token"),
        "grant_types_supported": [PRE_AUTHORIZED],
        "pre-authorized_grant_anonymous_access_supported": true,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferRequest {
    /// Ask for a 6-digit transaction code, given to the learner through another channel.
    #[serde(default)]
    tx_code: bool,
    /// Minutes before the offer expires (default 30, at most 1440).
    #[serde(default)]
    valid_minutes: Option<i64>,
}

async fn make_offer(
    state: &AppState,
    provider: &Provider,
    actor: &str,
    credential_ids: &[Uuid],
    learner_only: Option<Uuid>,
    input: OfferRequest,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let minutes = input.valid_minutes.unwrap_or(30);
    if !(1..=1440).contains(&minutes) {
        return Err(ApiError::Validation(ValidationErrors::single(
            "valid_minutes",
            "between 1 and 1440",
        )));
    }
    let mut learner = None;
    for id in credential_ids {
        let record = state
            .store
            .credential(provider.id, *id)
            .await?
            .filter(|c| learner_only.is_none_or(|l| l == c.learner_id))
            .filter(|c| learner.is_none_or(|l| l == c.learner_id))
            .ok_or(ApiError::NotFound("credential"))?;
        if record.status == "revoked" {
            return Err(ApiError::Conflict(
                "credential_revoked",
                "a revoked credential is not delivered".into(),
            ));
        }
        learner = Some(record.learner_id);
    }
    let (Some(learner_id), Some(&credential_id)) = (learner, credential_ids.first()) else {
        return Err(ApiError::Conflict(
            "nothing_to_offer",
            "the learner holds no credential to offer".into(),
        ));
    };
    let now = state.clock.now();
    let expires_at = now + time::Duration::minutes(minutes);
    let code = random_secret(32);
    let tx_code = input.tx_code.then(|| {
        use rand::Rng;
        format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
    });
    let id = Uuid::now_v7();
    state
        .store
        .insert_offer(&NewOffer {
            id,
            provider_id: provider.id,
            learner_id,
            credential_id,
            items: credential_ids,
            code_hash: &token_hash(&code),
            tx_code_hash: tx_code.as_deref().map(token_hash).as_deref(),
            created_by: actor,
            created_at: now,
            expires_at,
        })
        .await?;
    let mut grant = json!({"pre-authorized_code": code});
    if tx_code.is_some() {
        grant["tx_code"] = json!({"input_mode": "numeric", "length": 6,
            "description": "Code reçu de l'école / code given by the school"});
    }
    let offer = json!({
        "credential_issuer": issuer_id(state, provider),
        "credential_configuration_ids": [LDP_VC, JWT_VC],
        "grants": {PRE_AUTHORIZED: grant},
    });
    let link = format!(
        "openid-credential-offer://?credential_offer={}",
        crate::support::url::encode(&offer.to_string())
    );
    let mut tx = state.store.begin().await?;
    let event = audit::Event::new(
        actor,
        "credential.offered",
        credential_id,
        json!({"offer_id": id, "tx_code": tx_code.is_some(), "credentials": credential_ids,
               "expires_at": crate::support::clock::format_utc(expires_at)}),
    );
    audit::append(&mut tx, provider.id, now, &[event]).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "offer_id": id,
            "credential_offer": offer,
            "offer_link": link,
            "qr_svg": crate::support::qr::svg(&link)?,
            "tx_code": tx_code,
            "expires_at": crate::support::clock::format_utc(expires_at),
        })),
    ))
}

/// The school offers one of its credentials to the learner's wallet (admin).
async fn school_offer(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<OfferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    make_offer(&state, &auth.provider, &auth.actor(), &[id], None, input).await
}

/// The school offers all of a learner's live credentials in one offer (admin).
async fn school_offer_all(
    State(state): State<AppState>,
    auth: Auth,
    Path(learner): Path<Uuid>,
    ApiJson(input): ApiJson<OfferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    let ids = live_credentials(&state, &auth.provider, learner).await?;
    make_offer(
        &state,
        &auth.provider,
        &auth.actor(),
        &ids,
        Some(learner),
        input,
    )
    .await
}

/// The learner offers their whole record to their wallet, one scan.
async fn learner_offer_all(
    State(state): State<AppState>,
    who: LearnerAuth,
    ApiJson(input): ApiJson<OfferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let actor = format!("learner:{}", who.learner_id);
    let ids = live_credentials(&state, &who.provider, who.learner_id).await?;
    make_offer(
        &state,
        &who.provider,
        &actor,
        &ids,
        Some(who.learner_id),
        input,
    )
    .await
}

/// The learner's credentials that are not revoked, in issuance order.
async fn live_credentials(
    state: &AppState,
    provider: &Provider,
    learner: Uuid,
) -> ApiResult<Vec<Uuid>> {
    state
        .store
        .learner(provider.id, learner)
        .await?
        .ok_or(ApiError::NotFound("learner"))?;
    Ok(state
        .store
        .credentials(provider.id, Some(learner))
        .await?
        .into_iter()
        .filter(|c| c.status != "revoked")
        .map(|c| c.id)
        .collect())
}

/// The learner offers one of their own credentials to their wallet.
async fn learner_offer(
    State(state): State<AppState>,
    who: LearnerAuth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<OfferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let actor = format!("learner:{}", who.learner_id);
    make_offer(
        &state,
        &who.provider,
        &actor,
        &[id],
        Some(who.learner_id),
        input,
    )
    .await
}

#[derive(Debug, Deserialize)]
struct TokenRequest {
    grant_type: Option<String>,
    #[serde(rename = "pre-authorized_code")]
    pre_authorized_code: Option<String>,
    tx_code: Option<String>,
}

async fn token(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Form(form): Form<TokenRequest>,
) -> ApiResult<Response> {
    let p = provider(&state, &slug).await?;
    if form.grant_type.as_deref() != Some(PRE_AUTHORIZED) {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only the pre-authorized code grant is offered",
        ));
    }
    let Some(code) = form.pre_authorized_code.filter(|c| !c.is_empty()) else {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "pre-authorized_code is required",
        ));
    };
    let now = state.clock.now();
    let access = random_secret(32);
    let redeemed = state
        .store
        .redeem_offer(
            p.id,
            &token_hash(&code),
            form.tx_code.as_deref().map(token_hash).as_deref(),
            &token_hash(&access),
            now + time::Duration::seconds(TOKEN_SECONDS),
            now,
        )
        .await?;
    Ok(match redeemed {
        // Each credential of the offer, by the identifier to ask for it with (OID4VCI 1.0
        // §6.2): one per credential and configuration.
        Redemption::Granted(offer) => {
            let items = state.store.undelivered_items(offer.id).await?;
            let details: Vec<Value> = [(LDP_VC, "ldp"), (JWT_VC, "jwt")]
                .iter()
                .map(|(configuration, prefix)| {
                    json!({"type": "openid_credential", "credential_configuration_id": configuration,
                           "credential_identifiers": items.iter().map(|i| format!("{prefix}:{i}")).collect::<Vec<_>>()})
                })
                .collect();
            no_store(
                Json(json!({"access_token": access, "token_type": "Bearer", "expires_in": TOKEN_SECONDS,
                            "authorization_details": details}))
                .into_response(),
            )
        }
        Redemption::InvalidGrant(why) => oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", why),
        Redemption::InvalidRequest(why) => {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_request", why)
        }
    })
}

async fn nonce(State(state): State<AppState>, Path(slug): Path<String>) -> ApiResult<Response> {
    let p = provider(&state, &slug).await?;
    let nonce = random_secret(24);
    state
        .store
        .insert_nonce(
            p.id,
            &nonce,
            state.clock.now() + time::Duration::seconds(NONCE_SECONDS),
        )
        .await?;
    Ok(no_store(Json(json!({"c_nonce": nonce})).into_response()))
}

/// Checks a `jwt` key proof; the holder's DID, or the OID4VCI error code and why.
async fn holder_of(
    state: &AppState,
    p: &Provider,
    proof: &str,
) -> ApiResult<Result<String, (&'static str, String)>> {
    use crate::crypto::{did, jose};
    let bad = |m: String| Ok(Err(("invalid_proof", m)));
    let header = match jose::check_header_typed(proof, &[PROOF_TYPE]) {
        Ok(h) if h.typ.is_some() => h,
        Ok(_) => return bad(format!("the proof's typ must be {PROOF_TYPE}")),
        Err(e) => return bad(e.to_string()),
    };
    let holder = header.kid.split('#').next().unwrap_or_default().to_owned();
    if !holder.starts_with("did:key:") {
        return bad("the proof's kid must be a did:key DID URL".into());
    }
    let key = match did::resolve_did_key(&holder) {
        Ok(k) => did::did_key_document(&k),
        Err(e) => return bad(e.to_string()),
    };
    let method = match did::find_method(&key, &header.kid, "authentication") {
        Ok(m) => m,
        Err(e) => return bad(e.to_string()),
    };
    let payload = match jose::verify(proof, &method.key) {
        Ok(p) => p,
        Err(e) => return bad(e.to_string()),
    };
    let Ok(claims) = serde_json::from_slice::<Value>(&payload) else {
        return bad("the proof's payload is not JSON".into());
    };
    let issuer = issuer_id(state, p);
    let aud_ok = match &claims["aud"] {
        Value::String(a) => *a == issuer,
        Value::Array(a) => a.iter().any(|v| v.as_str() == Some(issuer.as_str())),
        _ => false,
    };
    if !aud_ok {
        return bad(format!("the proof's aud must be {issuer}"));
    }
    let now = state.clock.now();
    match claims["iat"].as_i64() {
        Some(iat) if (now.unix_timestamp() - iat).abs() <= PROOF_SKEW_SECONDS => {}
        _ => return bad("the proof's iat is missing or too far from now".into()),
    }
    let Some(nonce) = claims["nonce"].as_str() else {
        return Ok(Err(("invalid_nonce", "the proof carries no nonce".into())));
    };
    if !state.store.use_nonce(p.id, nonce, now).await? {
        return Ok(Err((
            "invalid_nonce",
            "unknown, used or expired c_nonce; ask the nonce endpoint for a new one".into(),
        )));
    }
    Ok(Ok(holder))
}

async fn credential(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: axum::http::HeaderMap,
    RawJson(body): RawJson,
) -> ApiResult<Response> {
    let p = provider(&state, &slug).await?;
    let now = state.clock.now();
    let Some(offer) = (match bearer(&headers) {
        Some(t) => {
            state
                .store
                .offer_by_token(p.id, &token_hash(t), now)
                .await?
        }
        None => None,
    }) else {
        let mut r = oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "no live access token for a credential still to deliver",
        );
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return Ok(r);
    };
    // By `credential_identifier` (from the token response: `ldp:<id>` or `jwt:<id>`), or by
    // `credential_configuration_id`, which takes the offer's next credential.
    let (configuration, target) = match body["credential_identifier"].as_str() {
        Some(identifier) => {
            let parsed = identifier.split_once(':').and_then(|(prefix, id)| {
                let configuration = match prefix {
                    "ldp" => LDP_VC,
                    "jwt" => JWT_VC,
                    _ => return None,
                };
                Some((configuration, Uuid::parse_str(id).ok()?))
            });
            let pending = state.store.undelivered_items(offer.id).await?;
            match parsed {
                Some((configuration, id)) if pending.contains(&id) => (configuration, id),
                _ => {
                    return Ok(oauth_error(
                        StatusCode::BAD_REQUEST,
                        "unknown_credential_identifier",
                        "not a credential of this offer still to deliver",
                    ));
                }
            }
        }
        None => {
            let configuration = body["credential_configuration_id"]
                .as_str()
                .unwrap_or_default();
            if configuration != LDP_VC && configuration != JWT_VC {
                return Ok(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unknown_credential_configuration",
                    &format!("credential_configuration_id must be {LDP_VC} or {JWT_VC}"),
                ));
            }
            let configuration = if configuration == LDP_VC {
                LDP_VC
            } else {
                JWT_VC
            };
            match state.store.undelivered_items(offer.id).await?.first() {
                Some(id) => (configuration, *id),
                None => {
                    return Ok(oauth_error(
                        StatusCode::UNAUTHORIZED,
                        "invalid_token",
                        "this token's credentials were all delivered",
                    ));
                }
            }
        }
    };
    let proofs: Vec<&str> = body["proofs"]["jwt"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let [proof] = proofs.as_slice() else {
        return Ok(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_proof",
            "give exactly one key proof in proofs.jwt",
        ));
    };
    let holder = match holder_of(&state, &p, proof).await? {
        Ok(h) => h,
        Err((code, why)) => return Ok(oauth_error(StatusCode::BAD_REQUEST, code, &why)),
    };
    // The stored credential, signed again with the holder as its subject.
    let stored = state
        .store
        .credential_document(target, FORMAT_DI_RDFC)
        .await?
        .ok_or(ApiError::NotFound("credential"))?;
    let mut vc: Value = serde_json::from_slice(&stored.body).map_err(anyhow::Error::from)?;
    if let Some(o) = vc.as_object_mut() {
        o.remove("proof");
    }
    match vc
        .get_mut("credentialSubject")
        .and_then(Value::as_object_mut)
    {
        Some(subject) => {
            // `id` first, as in every credential this server writes.
            let mut bound = serde_json::Map::new();
            bound.insert("id".into(), Value::String(holder.clone()));
            for (k, v) in subject.iter().filter(|(k, _)| *k != "id") {
                bound.insert(k.clone(), v.clone());
            }
            *subject = bound;
        }
        None => return Err(anyhow::anyhow!("stored credential without a subject").into()),
    }
    let key = state.keyring.signing_key(&state.store, &p).await?;
    let signed = if configuration == JWT_VC {
        let ts = |name: &str| {
            vc[name]
                .as_str()
                .and_then(crate::support::clock::parse_datetime)
                .map(|t| t.unix_timestamp())
        };
        let mut claims =
            json!({"iss": p.did, "sub": holder, "jti": vc["id"], "iat": now.unix_timestamp()});
        if let Some(nbf) = ts("validFrom") {
            claims["nbf"] = json!(nbf);
        }
        if let Some(exp) = ts("validUntil") {
            claims["exp"] = json!(exp);
        }
        claims["vc"] = vc.clone();
        let token = crate::crypto::jose::sign_typed(
            &serde_json::to_vec(&claims).map_err(anyhow::Error::from)?,
            &key,
            "JWT",
        )
        .map_err(anyhow::Error::from)?;
        CredentialDocument {
            format: format!("holder-jwt:{holder}"),
            media_type: "application/jwt".into(),
            body: token.into_bytes(),
        }
    } else {
        let mut doc = crate::services::forms::sign_form(&state, &vc, &key, now, FORMAT_DI_RDFC)?;
        doc.format = format!("holder:{holder}");
        doc
    };
    if !state.store.deliver_item(offer.id, target, now).await? {
        return Ok(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "this credential was already delivered",
        ));
    }
    state
        .store
        .insert_credential_document(target, &signed)
        .await?;
    let mut tx = state.store.begin().await?;
    let event = audit::Event::new(
        "wallet",
        "credential.delivered",
        target,
        json!({"offer_id": offer.id, "holder": holder,
               "format": if configuration == JWT_VC { "jwt_vc_json" } else { "ldp_vc" },
               "digestMultibase": crate::domain::credential::digest_multibase(&signed.body)}),
    );
    audit::append(&mut tx, p.id, now, &[event]).await?;
    tx.commit().await?;
    let credential: Value = if configuration == JWT_VC {
        Value::String(String::from_utf8(signed.body).map_err(anyhow::Error::from)?)
    } else {
        serde_json::from_slice(&signed.body).map_err(anyhow::Error::from)?
    };
    Ok(no_store(
        Json(json!({"credentials": [{"credential": credential}]})).into_response(),
    ))
}
