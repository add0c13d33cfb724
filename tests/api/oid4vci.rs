//! OID4VCI 1.0 pre-authorized code flow, end to end, with the test acting as the wallet.

use reqwest::StatusCode;
use serde_json::{Value, json};
use unitcred::crypto::{did, jose, keys};

use crate::helpers::{TestApp, issue_one, school, spawn_app};

/// The wallet's key: a did:key from a fixed TEST-ONLY seed.
fn wallet_key() -> keys::SigningKeyPair {
    use sha2::Digest;
    let signing = ed25519_dalek::SigningKey::from_bytes(
        &sha2::Sha256::digest(b"TEST-ONLY wallet seed").into(),
    );
    let vm = did::did_key_vm(&signing.verifying_key());
    keys::SigningKeyPair::new(vm.clone(), vm, signing)
}

/// What a wallet reads from an `openid-credential-offer://` link.
fn parse_offer(link: &str) -> Value {
    let url = reqwest::Url::parse(link).unwrap();
    assert_eq!(url.scheme(), "openid-credential-offer");
    let (_, offer) = url
        .query_pairs()
        .find(|(k, _)| k == "credential_offer")
        .unwrap();
    serde_json::from_str(&offer).unwrap()
}

/// A URL of the issuer, reached on the test server.
fn local(app: &TestApp, url: &str) -> String {
    url.replace("https://certif.test.example", &app.base)
}

async fn token(
    app: &TestApp,
    endpoint: &str,
    code: &str,
    tx_code: Option<&str>,
) -> (StatusCode, Value) {
    let mut form = vec![
        (
            "grant_type",
            "urn:ietf:params:oauth:grant-type:pre-authorized_code",
        ),
        ("pre-authorized_code", code),
    ];
    if let Some(t) = tx_code {
        form.push(("tx_code", t));
    }
    let r = app
        .http
        .post(local(app, endpoint))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

fn proof(key: &keys::SigningKeyPair, aud: &str, nonce: &str, iat: i64) -> String {
    let claims = json!({"aud": aud, "iat": iat, "nonce": nonce});
    jose::sign_typed(
        &serde_json::to_vec(&claims).unwrap(),
        key,
        "openid4vci-proof+jwt",
    )
    .unwrap()
}

async fn nonce(app: &TestApp, endpoint: &str) -> String {
    let r = app.http.post(local(app, endpoint)).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    r.json::<Value>().await.unwrap()["c_nonce"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn request(
    app: &TestApp,
    endpoint: &str,
    access: &str,
    proofs: Value,
) -> (StatusCode, Value) {
    let r = app
        .http
        .post(local(app, endpoint))
        .bearer_auth(access)
        .json(
            &json!({"credential_configuration_id": "OpenBadgeCredential_ldp_vc", "proofs": proofs}),
        )
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn a_wallet_takes_an_offer_and_receives_a_credential_bound_to_its_key() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let id = issue_one(&app, &p, &learner, "UAA1").await;
    let wallet = wallet_key();
    let holder = did::did_key(&wallet.verifying_key());

    // The school makes an offer with a transaction code.
    let r = app
        .post(
            &p.token,
            &format!("/v1/credentials/{id}/offer"),
            &json!({"tx_code": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let made: Value = r.json().await.unwrap();
    let tx_code = made["tx_code"].as_str().unwrap().to_owned();
    assert_eq!(tx_code.len(), 6);
    assert!(made["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let offer = parse_offer(made["offer_link"].as_str().unwrap());
    assert_eq!(offer, made["credential_offer"]);
    let issuer = offer["credential_issuer"].as_str().unwrap();
    assert_eq!(issuer, "https://certif.test.example/providers/ecole-a");
    let grant = &offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"];
    assert_eq!(grant["tx_code"]["length"], 6);
    let code = grant["pre-authorized_code"].as_str().unwrap();

    // Metadata, where the spec puts it.
    let meta: Value = app
        .http
        .get(app.url("/.well-known/openid-credential-issuer/providers/ecole-a"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(meta["credential_issuer"], issuer);
    let config = &meta["credential_configurations_supported"]["OpenBadgeCredential_ldp_vc"];
    assert_eq!(config["format"], "ldp_vc");
    assert_eq!(
        config["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"],
        json!(["EdDSA"])
    );
    let as_meta: Value = app
        .http
        .get(app.url("/.well-known/oauth-authorization-server/providers/ecole-a"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        as_meta["pre-authorized_grant_anonymous_access_supported"],
        true
    );
    let token_endpoint = as_meta["token_endpoint"].as_str().unwrap();
    let credential_endpoint = meta["credential_endpoint"].as_str().unwrap();
    let nonce_endpoint = meta["nonce_endpoint"].as_str().unwrap();

    // The token: without the transaction code, with a wrong one, then right.
    let (status, body) = token(&app, token_endpoint, code, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
    let wrong = if tx_code == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, body) = token(&app, token_endpoint, code, Some(wrong)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let (status, body) = token(&app, token_endpoint, code, Some(&tx_code)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    let access = body["access_token"].as_str().unwrap().to_owned();
    // The offer is single-use.
    let (status, body) = token(&app, token_endpoint, code, Some(&tx_code)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    // Key proofs that do not hold.
    let now = 1_782_810_000; // 2026-06-30T09:00:00Z
    let n = nonce(&app, nonce_endpoint).await;
    let (status, body) = request(
        &app,
        credential_endpoint,
        &access,
        json!({"jwt": [proof(&wallet, "https://elsewhere.example", &n, now)]}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_proof")),
        "{body}"
    );
    let (status, body) = request(
        &app,
        credential_endpoint,
        &access,
        json!({"jwt": [proof(&wallet, issuer, "not-a-nonce", now)]}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_nonce"))
    );
    let (status, body) = request(
        &app,
        credential_endpoint,
        "wrong-token",
        json!({"jwt": [proof(&wallet, issuer, &n, now)]}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );

    // The credential, bound to the wallet's DID.
    let (status, body) = request(
        &app,
        credential_endpoint,
        &access,
        json!({"jwt": [proof(&wallet, issuer, &n, now)]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let vc = body["credentials"][0]["credential"].clone();
    assert_eq!(vc["credentialSubject"]["id"], holder);
    assert_eq!(vc["id"], format!("urn:uuid:{id}"));
    let (status, verified) = app.verify(vc.clone()).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    // The same nonce and token do not work twice.
    let n2 = nonce(&app, nonce_endpoint).await;
    let (status, body) = request(
        &app,
        credential_endpoint,
        &access,
        json!({"jwt": [proof(&wallet, issuer, &n2, now)]}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );

    // The JWT format, from an offer without a transaction code.
    let r = app
        .post(&p.token, &format!("/v1/credentials/{id}/offer"), &json!({}))
        .await;
    let made: Value = r.json().await.unwrap();
    let offer = parse_offer(made["offer_link"].as_str().unwrap());
    assert_eq!(
        offer["credential_configuration_ids"],
        json!([
            "OpenBadgeCredential_ldp_vc",
            "OpenBadgeCredential_jwt_vc_json"
        ])
    );
    let code = offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]["pre-authorized_code"]
        .as_str().unwrap().to_owned();
    let (status, body) = token(&app, token_endpoint, &code, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let access = body["access_token"].as_str().unwrap().to_owned();
    let n = nonce(&app, nonce_endpoint).await;
    let r = app
        .http
        .post(local(&app, credential_endpoint))
        .bearer_auth(&access)
        .json(
            &json!({"credential_configuration_id": "OpenBadgeCredential_jwt_vc_json",
                      "proofs": {"jwt": [proof(&wallet, issuer, &n, now)]}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    let jwt = body["credentials"][0]["credential"]
        .as_str()
        .unwrap()
        .to_owned();
    let claims = jose::unverified_payload(&jwt).unwrap();
    assert_eq!(claims["sub"], holder);
    assert_eq!(claims["iss"], p.did);
    assert_eq!(claims["vc"]["credentialSubject"]["id"], holder);
    let (status, verified) = app.verify(json!(jwt)).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["format"], "jwt_vc_json");
    // Claims that disagree with the credential, or a changed byte, are refused.
    let mut parts: Vec<String> = jwt.split('.').map(str::to_owned).collect();
    let mut forged = claims.clone();
    forged["sub"] = json!("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    use base64::Engine;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&forged).unwrap());
    let (status, body) = app.verify(json!(parts.join("."))).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed_credential")),
        "{body}"
    );
    let mut forged = claims.clone();
    forged["vc"]["credentialSubject"]["creditsEarned"] = json!(60);
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(serde_json::to_vec(&forged).unwrap());
    let (_, body) = app.verify(json!(parts.join("."))).await;
    assert_eq!(body["code"], "invalid_signature", "{body}");

    // An offer without a transaction code, taken too late.
    let r = app
        .post(
            &p.token,
            &format!("/v1/credentials/{id}/offer"),
            &json!({"valid_minutes": 10}),
        )
        .await;
    let made: Value = r.json().await.unwrap();
    assert!(made["tx_code"].is_null());
    let offer = parse_offer(made["offer_link"].as_str().unwrap());
    let code = offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]["pre-authorized_code"]
        .as_str().unwrap().to_owned();
    let (status, body) = token(&app, token_endpoint, &code, Some("123456")).await;
    assert_eq!(body["error"], "invalid_request", "{status}");
    app.clock.advance(time::Duration::minutes(11));
    let (status, body) = token(&app, token_endpoint, &code, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    // The learner can offer their own credential with their code, nobody else's.
    let (_, access_code) = {
        let r = app
            .post(
                &p.token,
                &format!("/v1/learners/{learner}/access"),
                &json!({}),
            )
            .await;
        (r.status(), r.json::<Value>().await.unwrap())
    };
    let code = access_code["code"].as_str().unwrap();
    let r = app
        .post(
            code,
            &format!("/learner/v1/credentials/{id}/offer"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let other = app.create_learner(&p, "Bilal").await;
    let theirs = issue_one(&app, &p, &other, "UAA1").await;
    let r = app
        .post(
            code,
            &format!("/learner/v1/credentials/{theirs}/offer"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let audit: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    assert!(
        audit["entries"]
            .to_string()
            .contains("credential.delivered")
    );
}

/// One offer carries the learner's whole record: the token lists each credential by
/// identifier, each is delivered once, bound to the wallet, and then the token is spent.
#[tokio::test]
async fn one_offer_delivers_the_whole_record_in_one_scan() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let mut ids = Vec::new();
    for unit in ["UAA1", "UAA2", "SAFE"] {
        ids.push(issue_one(&app, &p, &learner, unit).await);
    }
    let wallet = wallet_key();
    let holder = did::did_key(&wallet.verifying_key());
    let r = app
        .post(
            &p.token,
            &format!("/v1/learners/{learner}/offer"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let made: Value = r.json().await.unwrap();
    let offer = parse_offer(made["offer_link"].as_str().unwrap());
    let code = offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]
        ["pre-authorized_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let base = "https://certif.test.example/providers/ecole-a/oid4vci";
    let (status, granted) = token(&app, &format!("{base}/token"), &code, None).await;
    assert_eq!(status, StatusCode::OK, "{granted}");
    let access = granted["access_token"].as_str().unwrap().to_owned();
    // Three units and the qualification they complete, in each configuration.
    let details = granted["authorization_details"].as_array().unwrap();
    assert_eq!(details.len(), 2);
    let identifiers: Vec<String> = details[0]["credential_identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(identifiers.len(), 4);
    for id in &ids {
        assert!(
            identifiers.contains(&format!("ldp:{id}")),
            "{identifiers:?}"
        );
    }
    let ask = |identifier: String, proof: String| {
        let url = local(&app, &format!("{base}/credential"));
        let http = app.http.clone();
        let access = access.clone();
        async move {
            let r = http
                .post(url)
                .bearer_auth(access)
                .json(&json!({"credential_identifier": identifier, "proofs": {"jwt": [proof]}}))
                .send()
                .await
                .unwrap();
            let status = r.status();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let aud = "https://certif.test.example/providers/ecole-a";
    // An identifier that is not of this offer.
    let n = nonce(&app, &format!("{base}/nonce")).await;
    let (status, body) = ask(
        format!("ldp:{}", uuid::Uuid::new_v4()),
        proof(&wallet, aud, &n, 1_782_810_000),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("unknown_credential_identifier")
        )
    );
    let mut delivered = Vec::new();
    for identifier in &identifiers {
        let n = nonce(&app, &format!("{base}/nonce")).await;
        let proof = proof(&wallet, aud, &n, 1_782_810_000);
        let (status, body) = ask(identifier.clone(), proof).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let vc = body["credentials"][0]["credential"].clone();
        assert_eq!(vc["credentialSubject"]["id"], holder.as_str());
        assert_eq!(app.verify(vc.clone()).await.0, StatusCode::OK);
        delivered.push(vc["id"].clone());
    }
    delivered.dedup();
    assert_eq!(delivered.len(), 4, "each credential once");
    // Everything delivered: the token is spent, whatever is asked.
    let n = nonce(&app, &format!("{base}/nonce")).await;
    let (status, body) = ask(
        identifiers[0].clone(),
        proof(&wallet, aud, &n, 1_782_810_000),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    // The learner makes the same offer with their own code.
    let access_code: Value = app
        .post(
            &p.token,
            &format!("/v1/learners/{learner}/access"),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let r = app
        .post(
            access_code["code"].as_str().unwrap(),
            "/learner/v1/offer",
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // A learner with nothing to offer: refused.
    let empty = app.create_learner(&p, "Vide").await;
    let r = app
        .post(&p.token, &format!("/v1/learners/{empty}/offer"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}
