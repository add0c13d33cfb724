//! The credential endpoint: a wallet's key proof checked, then each offered credential
//! signed again with the wallet's DID as its subject and delivered once.

use super::*;
use crate::storage::CredentialDocument;

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

pub(super) async fn credential(
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
