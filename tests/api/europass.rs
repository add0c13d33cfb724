//! Europass: the sealed European Digital Credential form of unit, recognition and
//! qualification credentials, the providers' e-seals (installed, rotated, never shown), the
//! trusted seal CAs (PEM and EU trusted lists), and EDCs verified and recognised.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{OPERATOR, Provider, TestApp, dev_seal, issue_one, school, spawn_app};

async fn edc_of(app: &TestApp, p: &Provider, id: &str) -> (StatusCode, String) {
    let r = app
        .get(&p.token, &format!("/v1/credentials/{id}?format=edc"))
        .await;
    let status = r.status();
    if status == StatusCode::OK {
        assert_eq!(
            r.headers()["content-type"].to_str().unwrap(),
            "application/jose+json"
        );
    }
    (status, r.text().await.unwrap())
}

/// The sealed credential's payload and protected header.
fn open(sealed: &str) -> (Value, Value) {
    let jws: Value = serde_json::from_str(sealed).unwrap();
    let payload: Value = serde_json::from_str(jws["payload"].as_str().unwrap()).unwrap();
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(jws["signatures"][0]["protected"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    (payload, header)
}

fn check<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {body}"))
}

async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    let r = app
        .http
        .put(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_unit_credential_has_a_sealed_edc_form_that_verifies() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let id = issue_one(&app, &p, &learner, "UAA2").await;

    // No seal yet: no EDC, and the answer says what to do.
    let (status, body) = edc_of(&app, &p, &id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("no_seal_certificate"), "{body}");

    let seal = dev_seal("École ecole-a", "VATBE-0123456789");
    let (status, installed) = put(
        &app,
        &p.token,
        "/v1/seal",
        &json!({"certificate_chain": seal.chain_pem, "private_key": seal.key_pem}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{installed}");
    assert_eq!(installed["organization_identifier"], "VATBE-0123456789");
    assert_eq!(installed["alg"], "RS256");
    let listed = app.get(&p.token, "/v1/seal").await.text().await.unwrap();
    for text in [installed.to_string(), listed.clone()] {
        assert!(!text.contains("PRIVATE KEY"), "{text}");
        assert!(!text.contains(&seal.key_pem[40..80]), "{text}");
    }

    let (status, sealed) = edc_of(&app, &p, &id).await;
    assert_eq!(status, StatusCode::OK, "{sealed}");
    let (edc, header) = open(&sealed);
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["b64"], false);
    assert_eq!(header["crit"], json!(["b64", "sigT"]));
    assert_eq!(header["sigT"], "2026-06-30T09:00:00Z");
    assert_eq!(header["x5c"].as_array().unwrap().len(), 2);
    assert_eq!(
        edc["type"],
        json!(["VerifiableCredential", "EuropeanDigitalCredential"])
    );
    assert_eq!(edc["id"], format!("urn:credential:{id}"));
    assert_eq!(
        edc["issuer"]["eIDASIdentifier"]["notation"],
        "VATBE-0123456789"
    );
    let claim = &edc["credentialSubject"]["hasClaim"][0];
    assert_eq!(
        claim["specifiedBy"]["id"],
        "https://certif.test.example/providers/ecole-a/achievements/MECA/v1/UAA2"
    );
    assert_eq!(claim["specifiedBy"]["creditPoint"][0]["point"], "12.5");
    assert_eq!(
        claim["provenBy"][0]["specifiedBy"]["dcType"]["id"],
        "http://data.europa.eu/snb/assessment/d30284d7df"
    );
    assert_eq!(
        edc["credentialSubject"]["fullName"],
        json!({"fr": "Amina Test"})
    );
    // The same status entry as the Open Badges form.
    let ob: Value = serde_json::from_str(&app.credential_text(&p, &id, "di-rdfc").await).unwrap();
    assert_eq!(
        edc["credentialStatus"]["@value"],
        ob["credentialStatus"]["id"]
    );
    let image = &edc["displayParameter"]["individualDisplay"][0]["displayDetail"][0]["image"];
    let png = STANDARD.decode(image["content"].as_str().unwrap()).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // Produced once, then the same bytes.
    assert_eq!(edc_of(&app, &p, &id).await.1, sealed);

    // The seal is intact; its CA is not trusted yet: a warning, not a failure.
    let jws: Value = serde_json::from_str(&sealed).unwrap();
    let (status, body) = app.verify(jws.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["format"], "edc");
    assert_eq!(check(&body, "proof")["status"], "passed");
    assert_eq!(check(&body, "trust")["status"], "warning", "{body}");
    assert!(
        check(&body, "trust")["detail"]
            .as_str()
            .unwrap()
            .contains("not trusted"),
        "{body}"
    );
    app.trust_seal_ca(&seal.ca_pem).await;
    let (status, body) = app.verify(jws.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for c in body["checks"].as_array().unwrap() {
        assert_eq!(c["status"], "passed", "{c} in {body}");
    }
    assert_eq!(body["issuer"], "eidas:VATBE-0123456789");
    assert_eq!(body["trust"]["status"], "trusted");
    assert_eq!(body["seal"]["level"], "B-B");
    assert_eq!(
        body["seal"]["certificate"]["organization_identifier"],
        "VATBE-0123456789"
    );
    // One byte of the payload changed: the seal breaks.
    let mut tampered = jws.clone();
    tampered["payload"] = json!(
        jws["payload"]
            .as_str()
            .unwrap()
            .replacen("Amina", "Amino", 1)
    );
    let (status, body) = app.verify(tampered).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "invalid_signature", "{body}");
    // A header the seal does not cover, an algorithm it does not allow.
    let mut none = jws.clone();
    let mut h = header.clone();
    h["alg"] = json!("none");
    none["signatures"][0]["protected"] = json!(URL_SAFE_NO_PAD.encode(h.to_string()));
    let (_, body) = app.verify(none).await;
    assert_eq!(body["code"], "unsupported_algorithm", "{body}");
    // The EDC without its seal is not accepted.
    let (status, body) = app.verify(edc.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "malformed_credential", "{body}");

    // Revoked: the EDC's status is the credential's.
    let r = app
        .post(
            &p.token,
            &format!("/v1/credentials/{id}/revoke"),
            &json!({"reason": "fraud at the exam"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (status, body) = app.verify(jws).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "revoked", "{body}");
}

#[tokio::test]
async fn seals_install_from_pem_or_pkcs12_rotate_with_history_and_old_edcs_still_verify() {
    let app = spawn_app().await;
    let (p, learner) = school(&app, "ecole-a").await;
    let first = app.install_seal(&p, "VATBE-0123456789").await;
    let uaa1 = issue_one(&app, &p, &learner, "UAA1").await;
    let (_, before) = edc_of(&app, &p, &uaa1).await;

    // Refusals: an assessor, a key that is not the certificate's, a wrong PKCS#12 password,
    // an algorithm that does not fit the key, nothing usable.
    let r = app
        .post(
            &p.token,
            "/v1/tokens",
            &json!({"role": "assessor", "label": "jury"}),
        )
        .await;
    let assessor = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = dev_seal("École ecole-a", "VATBE-0123456789");
    let (status, _) = put(
        &app,
        &assessor,
        "/v1/seal",
        &json!({"certificate_chain": other.chain_pem, "private_key": other.key_pem}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = put(
        &app,
        &p.token,
        "/v1/seal",
        &json!({"certificate_chain": other.chain_pem, "private_key": first.key_pem}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.to_string().contains("not the seal certificate"),
        "{body}"
    );
    let (status, body) = put(
        &app,
        &p.token,
        "/v1/seal",
        &json!({"certificate_chain": other.chain_pem, "private_key": other.key_pem, "alg": "ES256"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = put(&app, &p.token, "/v1/seal", &json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A PKCS#12 file, as trust service providers deliver seals: the new active seal, PS256.
    let key = openssl::pkey::PKey::private_key_from_pem(other.key_pem.as_bytes()).unwrap();
    let chain = openssl::x509::X509::stack_from_pem(other.chain_pem.as_bytes()).unwrap();
    let mut cas = openssl::stack::Stack::new().unwrap();
    cas.push(chain[1].clone()).unwrap();
    let p12 = openssl::pkcs12::Pkcs12::builder()
        .name("seal")
        .pkey(&key)
        .cert(&chain[0])
        .ca(cas)
        .build2("s3cret")
        .unwrap()
        .to_der()
        .unwrap();
    let (status, body) = put(
        &app,
        &p.token,
        "/v1/seal",
        &json!({"pkcs12": STANDARD.encode(&p12), "password": "wrong"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = put(
        &app,
        &p.token,
        "/v1/seal",
        &json!({"pkcs12": STANDARD.encode(&p12), "password": "s3cret", "alg": "PS256"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["alg"], "PS256");
    app.trust_seal_ca(&other.ca_pem).await;

    let seals: Value = app.get(&p.token, "/v1/seal").await.json().await.unwrap();
    let seals = seals["seals"].as_array().unwrap();
    assert_eq!(seals.len(), 2);
    assert_eq!(seals[0]["active"], false);
    assert!(seals[0]["retired_at"].is_string());
    assert_eq!(seals[1]["active"], true);

    // New EDCs carry the new seal; the one sealed before still verifies, and is unchanged.
    let uaa2 = issue_one(&app, &p, &learner, "UAA2").await;
    let (status, after) = edc_of(&app, &p, &uaa2).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let (_, header) = open(&after);
    assert_eq!(header["alg"], "PS256");
    assert_eq!(header["x5t#S256"], body_x5t(&seals[1]));
    assert_eq!(edc_of(&app, &p, &uaa1).await.1, before);
    for sealed in [&before, &after] {
        let (status, body) = app.verify(serde_json::from_str(sealed).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(check(&body, "trust")["status"], "passed", "{body}");
    }
    let audit: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    let installs = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "seal.installed")
        .count();
    assert_eq!(installs, 2);
    assert_eq!(audit["intact"], true);
}

/// `x5t#S256` of a seal as the API lists it (hex SHA-256 → base64url).
fn body_x5t(seal: &Value) -> String {
    URL_SAFE_NO_PAD.encode(hex::decode(seal["sha256"].as_str().unwrap()).unwrap())
}

#[tokio::test]
async fn the_ec_signed_sample_verifies_as_intact_from_an_untrusted_issuer() {
    let app = spawn_app().await;
    let text = std::fs::read_to_string("tests/fixtures/europass/ec-sample-mc-annex1-signed.jsonld")
        .unwrap();
    let sample: Value = serde_json::from_str(&text).unwrap();
    let (status, body) = app.verify(sample.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["format"], "edc");
    assert_eq!(check(&body, "proof")["status"], "passed", "{body}");
    assert_eq!(check(&body, "controller")["status"], "passed", "{body}");
    assert_eq!(check(&body, "schema")["status"], "passed", "{body}");
    assert_eq!(check(&body, "trust")["status"], "warning", "{body}");
    assert_eq!(body["trust"]["status"], "unknown");
    assert_eq!(body["seal"]["level"], "B-T");
    assert_eq!(
        body["seal"]["certificate"]["organization_identifier"],
        "VATES-A00000000"
    );
    assert_eq!(body["issuer"], "eidas:VATES-A00000000");
    // One character of the sealed payload changed.
    let mut tampered = sample.clone();
    tampered["payload"] = json!(sample["payload"].as_str().unwrap().replacen(
        "Andromeda",
        "Andromedb",
        1
    ));
    let (status, body) = app.verify(tampered).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "invalid_signature", "{body}");
}

#[tokio::test]
async fn the_operator_trusts_seal_cas_from_pem_and_eu_trusted_lists() {
    let app = spawn_app().await;
    let a = dev_seal("A", "VATBE-1");
    let b = dev_seal("B", "VATBE-2");
    let x509 = |pem: &str| openssl::x509::X509::from_pem(pem.as_bytes()).unwrap();
    let (ca_a, ca_b) = (x509(&a.ca_pem), x509(&b.ca_pem));
    let xml = unitcred::europass::trust_list::sample_list("BE", &[&ca_a, &ca_b]);
    // Only the operator.
    let r = app
        .post(
            "someone",
            "/v1/trust/seal-cas",
            &json!({"trusted_list": xml}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = app
        .post(
            OPERATOR,
            "/v1/trust/seal-cas",
            &json!({"trusted_list": xml}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["source"], "EU trusted list BE");
    assert_eq!(body["stored"], 2);
    assert_eq!(body["skipped_services"], 1);
    // A newer list of the same territory replaces the older one.
    let newer = unitcred::europass::trust_list::sample_list("BE", &[&ca_b]);
    let body: Value = app
        .post(
            OPERATOR,
            "/v1/trust/seal-cas",
            &json!({"trusted_list": newer}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["removed"], 1, "{body}");
    let listed: Value = app
        .http
        .get(app.url("/trust/seal-cas"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cas = listed["seal_cas"].as_array().unwrap();
    assert_eq!(cas.len(), 1);
    assert!(cas[0]["subject"].as_str().unwrap().contains("development"));
    // Bad input is refused with the field at fault.
    for body in [
        json!({"trusted_list": "<html/>"}),
        json!({"pem": "nothing"}),
        json!({}),
    ] {
        let r = app.post(OPERATOR, "/v1/trust/seal-cas", &body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let sha = cas[0]["sha256"].as_str().unwrap();
    let r = app
        .http
        .delete(app.url(&format!("/v1/trust/seal-cas/{sha}")))
        .bearer_auth(OPERATOR)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}
