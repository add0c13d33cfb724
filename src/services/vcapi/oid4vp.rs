//! Presentation requests of the verifier page, by OpenID for Verifiable Presentations 1.0: an
//! unsigned request by value (client identifier prefix `redirect_uri`, response mode
//! `direct_post`) asking, with a DCQL query, for the learner's unit credentials as `ldp_vc`
//! (Data Integrity presentations; `jwt_vc_json` presentations are accepted too). The wallet
//! posts its `vp_token` to [`RESPONSE_PATH`]; each presentation must answer the request's
//! `nonce` (the proof's `challenge`, or the JWT's `nonce`) for its `client_id` (the proof's
//! `domain`, or the JWT's `aud`). The answer is kept with the request until it expires, so the
//! employer's page can show it.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::presentation::{CHALLENGE_TTL, verify_bound};
use crate::error::ApiResult;
use crate::services::Services;
use crate::support::clock::format_utc;

/// Where wallets post their answers.
pub const RESPONSE_PATH: &str = "/oid4vp/response";

/// The verifier's client identifier: its response URI under the `redirect_uri` prefix.
pub fn client_id(public_url: &str) -> String {
    format!("redirect_uri:{public_url}{RESPONSE_PATH}")
}

/// What the learner's wallet is asked for: Open Badges credentials (the unit and
/// qualification credentials), as many as the learner chooses.
fn dcql_query() -> Value {
    json!({"credentials": [{
        "id": "units", "format": "ldp_vc", "multiple": true,
        "meta": {"type_values": [["https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"]]}
    }]})
}

/// A presentation request: its identifier (also its `nonce` and `state`), the
/// `openid4vp://` URL a wallet opens (the QR code), and when it expires.
pub struct PresentationRequest {
    pub id: String,
    pub url: String,
    pub expires: String,
}

pub async fn new_request(state: &Services) -> ApiResult<PresentationRequest> {
    let public_url = &state.settings.public_url;
    let client = client_id(public_url);
    let id = crate::services::keys::random_secret(24);
    let now = state.clock.now();
    let expires = now + CHALLENGE_TTL;
    state
        .store
        .insert_challenge(&id, &client, now, expires)
        .await?;
    Ok(PresentationRequest {
        url: request_url(public_url, &id),
        id,
        expires: format_utc(expires),
    })
}

/// The `openid4vp://` authorization request (by value) for request `id`.
pub fn request_url(public_url: &str, id: &str) -> String {
    let client = client_id(public_url);
    let params = [
        ("client_id", client.as_str()),
        ("response_type", "vp_token"),
        ("response_mode", "direct_post"),
        ("response_uri", &format!("{public_url}{RESPONSE_PATH}")),
        ("nonce", id),
        ("state", id),
        ("dcql_query", &dcql_query().to_string()),
    ];
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::support::url::encode(v)))
        .collect();
    format!("openid4vp://?{}", query.join("&"))
}

/// A wallet's answer (the form fields of the `direct_post`): `Ok(Err(why))` when it does not
/// answer an open request with presentations bound to it (nothing is kept then, and the
/// request stays open); else the verdict, kept for the employer's page.
pub async fn receive(
    state: &Services,
    form: &HashMap<String, String>,
) -> ApiResult<Result<Value, String>> {
    let Some(id) = form.get("state") else {
        return Ok(Err("state is required".into()));
    };
    let now = state.clock.now();
    let Some(request) = state.store.challenge(id, now).await? else {
        return Ok(Err("no open presentation request has this state".into()));
    };
    if request.used_at.is_some() {
        return Ok(Err("this presentation request was already answered".into()));
    }
    let Some(token) = form.get("vp_token") else {
        return Ok(Err("vp_token is required".into()));
    };
    let Ok(Value::Object(token)) = serde_json::from_str::<Value>(token) else {
        return Ok(Err(
            "vp_token must be a JSON object of presentations by query id".into(),
        ));
    };
    let mut presentations = Vec::new();
    for (query, answer) in token {
        if query != "units" {
            return Ok(Err(format!("no credential query is named {query:?}")));
        }
        match answer {
            Value::Array(items) => presentations.extend(items),
            one => presentations.push(one),
        }
    }
    if presentations.is_empty() {
        return Ok(Err("vp_token holds no presentation".into()));
    }
    let mut answers = Vec::new();
    let mut credentials = Vec::new();
    for vp in presentations {
        let answer =
            verify_bound(state, vp.clone(), id.clone(), Some(request.domain.clone())).await?;
        // A presentation not bound to this request, or not the holder's, is refused whole.
        let bound = answer["checks"].as_array().is_some_and(|checks| {
            checks
                .iter()
                .filter(|c| c["check"] != "credentials")
                .all(|c| c["status"] == "passed")
        });
        if !bound {
            return Ok(Err(format!(
                "a presentation is not bound to this request: {}",
                answer["detail"].as_str().unwrap_or_default()
            )));
        }
        credentials.extend(presented_credentials(&vp));
        answers.push(answer);
    }
    let verified = answers.iter().all(|a| a["verified"] == true);
    let result = json!({"verified": verified, "presentations": answers, "credentials": credentials,
                        "received": format_utc(now)});
    if !state
        .store
        .answer_challenge(id, &result.to_string(), now)
        .await?
    {
        return Ok(Err("this presentation request was already answered".into()));
    }
    Ok(Ok(json!({})))
}

/// The credentials a presentation carries (a `vp+jwt`'s from its payload).
fn presented_credentials(vp: &Value) -> Vec<Value> {
    let payload;
    let vp = match vp {
        Value::String(token) => {
            payload = crate::crypto::jose::unverified_payload(token).unwrap_or(Value::Null);
            &payload
        }
        other => other,
    };
    match vp.get("verifiableCredential") {
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    }
}
