use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn issued(app: &TestApp, slug: &str, unit: &str) -> (Provider, String, Value, String) {
    let (p, learner) = school(app, slug).await;
    let id = issue_one(app, &p, &learner, unit).await;
    let vc: Value = serde_json::from_str(&app.credential_text(&p, &id, "di-rdfc").await).unwrap();
    let jwt = app.credential_text(&p, &id, "vc-jwt").await;
    (p, id, vc, jwt)
}

fn assert_problem(status: StatusCode, body: &Value, code: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], 400);
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .starts_with("https://www.w3.org/TR/vc-data-model#"),
        "{body}"
    );
    assert!(body["detail"].is_string());
}

fn check<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap()
}

#[tokio::test]
async fn issued_credentials_verify_in_every_form() {
    let app = spawn_app().await;
    let (p, id, vc, jwt) = issued(&app, "ecole-a", "UAA1").await;
    let (status, body) = app.verify(vc).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["verified"], true);
    assert_eq!(body["issuer"], p.did.as_str());
    for name in [
        "parsing",
        "contexts",
        "key_resolution",
        "controller",
        "proof",
        "validity_period",
        "schema",
    ] {
        assert_eq!(check(&body, name)["status"], "passed", "{name}: {body}");
    }
    assert!(
        check(&body, "proof")["detail"]
            .as_str()
            .unwrap()
            .contains("eddsa-rdfc-2022")
    );

    let jcs: Value = serde_json::from_str(&app.credential_text(&p, &id, "di-jcs").await).unwrap();
    let (status, body) = app.verify(jcs).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        check(&body, "proof")["detail"]
            .as_str()
            .unwrap()
            .contains("eddsa-jcs-2022")
    );

    let (status, body) = app.verify(Value::String(jwt.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["format"], "vc+jwt");
    let enveloped = json!({"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
                           "id": format!("data:application/vc+jwt,{jwt}")});
    let (status, _) = app.verify(enveloped).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn did_key_providers_verify_offline() {
    let app = spawn_app().await;
    let r = app
        .post(
            OPERATOR,
            "/v1/providers",
            &json!({"slug": "solo", "name": "Solo", "did_method": "key"}),
        )
        .await;
    let body: Value = r.json().await.unwrap();
    let p = Provider {
        slug: "solo".into(),
        did: body["provider"]["did"].as_str().unwrap().into(),
        token: body["admin_token"].as_str().unwrap().into(),
    };
    assert!(p.did.starts_with("did:key:z6Mk"));
    app.create_profile(&p, &profile()).await;
    let learner = app.create_learner(&p, "Lucas").await;
    let id = issue_one(&app, &p, &learner, "UAA1").await;
    for format in ["di-rdfc", "di-jcs"] {
        let vc: Value = serde_json::from_str(&app.credential_text(&p, &id, format).await).unwrap();
        assert_eq!(
            vc["proof"][0]["verificationMethod"]
                .as_str()
                .unwrap()
                .split('#')
                .next()
                .unwrap(),
            p.did
        );
        let (status, body) = app.verify(vc).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, _) = app
        .verify(Value::String(app.credential_text(&p, &id, "vc-jwt").await))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn tampered_credentials_are_rejected() {
    let app = spawn_app().await;
    let (_, _, vc, jwt) = issued(&app, "ecole-a", "UAA1").await;

    let mut t = vc.clone();
    t["credentialSubject"]["achievement"]["creditsAvailable"] = json!(60);
    let (status, body) = app.verify(t).await;
    assert_problem(status, &body, "invalid_signature");
    assert_eq!(check(&body, "proof")["status"], "failed");
    assert_eq!(check(&body, "validity_period")["status"], "skipped");

    let mut t = vc.clone();
    t["validFrom"] = json!("2020-01-01T00:00:00Z");
    let (status, body) = app.verify(t).await;
    assert_problem(status, &body, "invalid_signature");

    let mut t = vc.clone();
    let pv = t["proof"][0]["proofValue"].as_str().unwrap().to_owned();
    let flipped = if pv.ends_with('A') { "B" } else { "A" };
    t["proof"][0]["proofValue"] = json!(format!("{}{flipped}", &pv[..pv.len() - 1]));
    let (status, body) = app.verify(t).await;
    assert!(
        matches!(
            body["code"].as_str(),
            Some("invalid_signature" | "malformed_proof")
        ),
        "{body}"
    );
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The JWT with one payload character changed.
    let parts: Vec<&str> = jwt.split('.').collect();
    let mut payload: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
    payload["name"] = json!("UAA1 – forged");
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        B64.encode(serde_json::to_vec(&payload).unwrap()),
        parts[2]
    );
    let (status, body) = app.verify(Value::String(forged)).await;
    assert_problem(status, &body, "invalid_signature");
}

#[tokio::test]
async fn wrong_and_unknown_keys_are_rejected() {
    let app = spawn_app().await;
    let (a, _, vc, jwt) = issued(&app, "ecole-a", "UAA1").await;
    let b = app.create_provider("ecole-b").await;
    let b_doc: Value = app
        .http
        .get(app.url("/providers/ecole-b/did.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let b_vm = b_doc["assertionMethod"][0].as_str().unwrap().to_owned();

    // A's credential claiming B's key: the key is real but not the issuer's.
    let mut t = vc.clone();
    t["proof"][0]["verificationMethod"] = json!(b_vm);
    let (status, body) = app.verify(t).await;
    assert_problem(status, &body, "controller_mismatch");

    // Re-attributed to B (issuer and key both B's): the signature no longer matches.
    let mut t = vc.clone();
    t["issuer"]["id"] = json!(b.did);
    t["proof"][0]["verificationMethod"] = json!(b_vm);
    let (status, body) = app.verify(t).await;
    assert_problem(status, &body, "invalid_signature");

    // A key id that the issuer never published.
    let mut t = vc.clone();
    t["proof"][0]["verificationMethod"] = json!(format!("{}#key-deadbeef", a.did));
    let (status, body) = app.verify(t).await;
    assert_problem(status, &body, "unknown_key");

    // A did:web that is not one of this server's providers cannot be resolved offline.
    let mut t = vc.clone();
    t["issuer"]["id"] = json!("did:web:elsewhere.example");
    t["proof"][0]["verificationMethod"] = json!("did:web:elsewhere.example#key-1");
    let (status, body) = app.verify(t).await;
    assert_problem(status, &body, "unknown_key");

    // JWT with an unknown kid.
    let parts: Vec<&str> = jwt.split('.').collect();
    let header = json!({"alg": "EdDSA", "typ": "vc+jwt", "kid": format!("{}#jwk-deadbeef", a.did)});
    let token = format!(
        "{}.{}.{}",
        B64.encode(header.to_string()),
        parts[1],
        parts[2]
    );
    let (status, body) = app.verify(Value::String(token)).await;
    assert_problem(status, &body, "unknown_key");
}

#[tokio::test]
async fn only_eddsa_is_accepted() {
    let app = spawn_app().await;
    let (_, _, _, jwt) = issued(&app, "ecole-a", "UAA1").await;
    let parts: Vec<&str> = jwt.split('.').collect();
    let kid =
        serde_json::from_slice::<Value>(&B64.decode(parts[0]).unwrap()).unwrap()["kid"].clone();
    for alg in ["none", "HS256", "ES256", "RS256", "eddsa"] {
        let header = json!({"alg": alg, "typ": "vc+jwt", "kid": kid});
        let sig = if alg == "none" { "" } else { parts[2] };
        let token = format!("{}.{}.{sig}", B64.encode(header.to_string()), parts[1]);
        let (status, body) = app.verify(Value::String(token)).await;
        assert_problem(status, &body, "unsupported_algorithm");
    }
    // A proof from a cryptosuite we do not accept.
    let (_, _, vc, _) = issued(&app, "ecole-b", "UAA2").await;
    let mut t = vc.clone();
    t["proof"][0]["cryptosuite"] = json!("ecdsa-rdfc-2019");
    let (status, body) = app.verify(t).await;
    assert_problem(status, &body, "unsupported_proof");
}

#[tokio::test]
async fn validity_period_is_enforced() {
    let app = spawn_app().await;
    // SAFE has a 30-day validity: issued 2026-06-30 for an assessment of 2026-06-28.
    let (_, _, vc, jwt) = issued(&app, "ecole-a", "SAFE").await;
    assert_eq!(vc["validUntil"], "2026-07-28T00:00:00Z");
    assert_eq!(app.verify(vc.clone()).await.0, StatusCode::OK);
    app.clock.advance(time::Duration::days(40));
    for input in [vc.clone(), Value::String(jwt.clone())] {
        let (status, body) = app.verify(input).await;
        assert_problem(status, &body, "expired");
        assert_eq!(check(&body, "proof")["status"], "passed");
    }
    app.clock
        .set(time::macros::datetime!(2026-06-01 00:00:00 UTC));
    let (status, body) = app.verify(vc).await;
    assert_problem(status, &body, "not_yet_valid");
}

#[tokio::test]
async fn malformed_input_gets_a_problem_never_a_500() {
    let app = spawn_app().await;
    let (_, _, vc, _) = issued(&app, "ecole-a", "UAA1").await;
    let mut unknown_ctx = vc.clone();
    unknown_ctx["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://evil.example/context.json"));
    let mut v1 = vc.clone();
    v1["@context"][0] = json!("https://www.w3.org/2018/credentials/v1");
    let mut no_proof = vc.clone();
    no_proof.as_object_mut().unwrap().remove("proof");
    let mut bad_proof = vc.clone();
    bad_proof["proof"][0]["proofValue"] = json!("not-multibase");
    let mut bad_date = vc.clone();
    bad_date["validFrom"] = json!("yesterday");
    let mut undefined_term = vc.clone();
    undefined_term["credentialSubject"]["@id"] = json!("relative/iri");
    let cases: Vec<(Value, &[&str])> = vec![
        (json!("garbage"), &["malformed_credential"]),
        (json!("a.b.c"), &["malformed_credential"]),
        (json!(42), &["malformed_credential"]),
        (json!([]), &["malformed_credential"]),
        (json!({}), &["malformed_credential"]),
        (
            json!({"type": "EnvelopedVerifiableCredential", "id": "data:text/plain,x"}),
            &["malformed_credential"],
        ),
        (unknown_ctx, &["unknown_context"]),
        (v1, &["malformed_credential"]),
        (no_proof, &["malformed_proof"]),
        (bad_proof, &["malformed_proof"]),
        (bad_date, &["invalid_signature", "malformed_credential"]),
        (undefined_term, &["invalid_json_ld", "invalid_signature"]),
    ];
    for (input, codes) in cases {
        let (status, body) = app.verify(input.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{input}: {body}");
        assert!(
            codes.contains(&body["code"].as_str().unwrap()),
            "{input}: {body}"
        );
    }
    let r = app
        .http
        .post(app.url("/credentials/verify"))
        .json(&json!({"credential": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}
