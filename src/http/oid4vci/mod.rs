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
use crate::storage::{NewOffer, Redemption};

mod delivery;
use delivery::credential;

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

/// What an offer carries: the learner's credentials, checked by the caller (theirs, not
/// revoked), in issuance order.
struct Offered {
    learner_id: Uuid,
    credential_ids: Vec<Uuid>,
}

impl Offered {
    /// One credential of the provider (of `learner_only`, when given) that is not revoked.
    async fn one(
        state: &AppState,
        provider: &Provider,
        id: Uuid,
        learner_only: Option<Uuid>,
    ) -> ApiResult<Self> {
        let record = state
            .store
            .credential(provider.id, id)
            .await?
            .filter(|c| learner_only.is_none_or(|l| l == c.learner_id))
            .ok_or(ApiError::NotFound("credential"))?;
        if record.status == "revoked" {
            return Err(ApiError::Conflict(
                "credential_revoked",
                "a revoked credential is not delivered".into(),
            ));
        }
        Ok(Self {
            learner_id: record.learner_id,
            credential_ids: vec![id],
        })
    }

    /// Every credential of the learner that is not revoked: the whole record.
    async fn all(state: &AppState, provider: &Provider, learner: Uuid) -> ApiResult<Self> {
        state
            .store
            .learner(provider.id, learner)
            .await?
            .ok_or(ApiError::NotFound("learner"))?;
        let credential_ids: Vec<Uuid> = state
            .store
            .credentials(provider.id, Some(learner))
            .await?
            .into_iter()
            .filter(|c| c.status != "revoked")
            .map(|c| c.id)
            .collect();
        if credential_ids.is_empty() {
            return Err(ApiError::Conflict(
                "nothing_to_offer",
                "the learner holds no credential to offer".into(),
            ));
        }
        Ok(Self {
            learner_id: learner,
            credential_ids,
        })
    }
}

async fn make_offer(
    state: &AppState,
    provider: &Provider,
    actor: &str,
    offered: Offered,
    input: OfferRequest,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let minutes = input.valid_minutes.unwrap_or(30);
    if !(1..=1440).contains(&minutes) {
        return Err(ApiError::Validation(ValidationErrors::single(
            "valid_minutes",
            "between 1 and 1440",
        )));
    }
    let Offered {
        learner_id,
        credential_ids,
    } = offered;
    let credential_id = *credential_ids
        .first()
        .ok_or_else(|| anyhow::anyhow!("an offer of nothing"))?;
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
            items: &credential_ids,
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
    let offered = Offered::one(&state, &auth.provider, id, None).await?;
    make_offer(&state, &auth.provider, &auth.actor(), offered, input).await
}

/// The school offers all of a learner's live credentials in one offer (admin).
async fn school_offer_all(
    State(state): State<AppState>,
    auth: Auth,
    Path(learner): Path<Uuid>,
    ApiJson(input): ApiJson<OfferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    auth.require_admin()?;
    let offered = Offered::all(&state, &auth.provider, learner).await?;
    make_offer(&state, &auth.provider, &auth.actor(), offered, input).await
}

/// The learner offers one of their own credentials to their wallet.
async fn learner_offer(
    State(state): State<AppState>,
    who: LearnerAuth,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<OfferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let offered = Offered::one(&state, &who.provider, id, Some(who.learner_id)).await?;
    let actor = format!("learner:{}", who.learner_id);
    make_offer(&state, &who.provider, &actor, offered, input).await
}

/// The learner offers their whole record to their wallet, one scan.
async fn learner_offer_all(
    State(state): State<AppState>,
    who: LearnerAuth,
    ApiJson(input): ApiJson<OfferRequest>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let offered = Offered::all(&state, &who.provider, who.learner_id).await?;
    let actor = format!("learner:{}", who.learner_id);
    make_offer(&state, &who.provider, &actor, offered, input).await
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
