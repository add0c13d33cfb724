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

const A_URL: &str = "https://school-a.example";
const B_URL: &str = "https://school-b.example";

/// School A seals EDCs; school B trusts A's seal CA, knows A by its eIDAS identifier in the
/// registry, and maps A's units to its own: UAA1 by the EDC's specification id, UAA2 by its
/// title and ECVET points. The learner brings A's EDCs to B; one is accepted from the console,
/// and B's qualification then references A's EDC by digest, like an Open Badges credential.
#[tokio::test]
async fn a_foreign_edc_is_recognised_toward_a_local_qualification() {
    use crate::helpers::spawn_other_app;
    use crate::web::{Browser, PASSWORD, add_staff};
    let a = spawn_other_app(A_URL, vec![]).await;
    let b = spawn_other_app(
        B_URL,
        vec![(A_URL.trim_start_matches("https://").into(), a.base.clone())],
    )
    .await;
    let (pa, a_learner) = school(&a, "ecole-a").await;
    let seal_a = a.install_seal(&pa, "VATBE-0111111111").await;
    let uaa1 = issue_one(&a, &pa, &a_learner, "UAA1").await;
    let uaa2 = issue_one(&a, &pa, &a_learner, "UAA2").await;
    let (_, edc1) = edc_of(&a, &pa, &uaa1).await;
    let (_, edc2) = edc_of(&a, &pa, &uaa2).await;

    let (pb, b_learner) = school(&b, "ecole-b").await;
    b.trust_seal_ca(&seal_a.ca_pem).await;
    let a_meca = format!("{A_URL}/providers/ecole-a/achievements/MECA/v1");
    let registry = json!({"name": "partners", "issuers": [{"eidas_id": "VATBE-0111111111",
        "name": "École A", "country": "BE",
        "authorisations": [{"achievement": a_meca, "scope": "qualification", "from": "2025-09-01",
                            "authority": "ECVET MoU FWB-2025-17"}]}]});
    let r = b.post(OPERATOR, "/v1/trust/registry", &registry).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let (status, table) = put(
        &b,
        &pb.token,
        "/v1/profiles/MECA/1/recognition-table",
        &json!({"lines": [
            {"achievement_id": format!("{a_meca}/UAA1"), "unit_code": "UAA1"},
            {"title": "Freinage", "ecvet_points": 12.5, "unit_code": "UAA2"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{table}");
    assert_eq!(table["lines"][1]["achievement_id"], "title:freinage");

    // Both are proposed with the unit the table names; the subject is matched by name.
    let bring = |sealed: String| {
        let (b, pb, learner) = (&b, &pb, &b_learner);
        async move {
            let r = b
                .post(
                    &pb.token,
                    &format!("/v1/learners/{learner}/recognitions"),
                    &json!({"credential": sealed}),
                )
                .await;
            let status = r.status();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let (status, r1) = bring(edc1.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{r1}");
    assert_eq!(r1["status"], "proposed", "{r1}");
    assert_eq!(r1["unit_code"], "UAA1");
    assert_eq!(r1["media_type"], "application/jose+json");
    assert_eq!(r1["foreign_issuer"], "eidas:VATBE-0111111111");
    assert_eq!(r1["verification"]["subject"]["status"], "matched", "{r1}");
    assert_eq!(r1["verification"]["trust"]["status"], "trusted", "{r1}");
    let (_, r2) = bring(edc2.clone()).await;
    assert_eq!(r2["unit_code"], "UAA2", "{r2}");
    assert_eq!(r2["basis"], "equivalence_table");

    // A changed copy is refused outright, with the reason.
    let mut tampered: Value = serde_json::from_str(&edc2).unwrap();
    tampered["payload"] = json!(
        tampered["payload"]
            .as_str()
            .unwrap()
            .replacen("12.5", "22.5", 1)
    );
    let (_, refused) = bring(tampered.to_string()).await;
    assert_eq!(refused["status"], "refused", "{refused}");
    assert_eq!(refused["refusal_code"], "invalid_signature");

    // UAA1 accepted from the console, UAA2 through the API.
    assert_eq!(
        add_staff(&b, &pb.token, "jury@ecole-b.be", "admin")
            .await
            .status(),
        StatusCode::CREATED
    );
    let mut admin = Browser::new(&b);
    assert_eq!(
        admin.sign_in("jury@ecole-b.be", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let (status, page) = admin.get(&format!("/console/learners/{b_learner}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("eidas:VATBE-0111111111"), "{page}");
    let csrf = admin.csrf();
    let r = admin
        .post(
            &format!(
                "/console/recognitions/{}/decision",
                r1["id"].as_str().unwrap()
            ),
            &[
                ("csrf", &csrf),
                ("learner", &b_learner),
                ("unit", ""),
                ("decision", "accept"),
                ("reason", "Convention de partenariat"),
            ],
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(page.contains("Décision enregistrée"), "{page}");
    let r = b
        .post(
            &pb.token,
            &format!("/v1/recognitions/{}/decision", r2["id"].as_str().unwrap()),
            &json!({"decision": "accept", "reason": "ECVET MoU"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let recognised = r.json::<Value>().await.unwrap()["credential_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The last unit at B completes the qualification, which references A's EDCs by digest.
    let r = b
        .assess(&pb, &b_learner, "SAFE", "validated", "2026-06-29")
        .await;
    let body: Value = r.json().await.unwrap();
    let qualification = body["qualification"]["credential_id"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_owned();
    let q: Value =
        serde_json::from_str(&b.credential_text(&pb, &qualification, "di-rdfc").await).unwrap();
    let related = q["relatedResource"].as_array().unwrap();
    let foreign: Vec<&Value> = related
        .iter()
        .filter(|r| r["mediaType"] == "application/jose+json")
        .collect();
    assert_eq!(foreign.len(), 2, "{q}");
    assert!(
        foreign.iter().any(|r| r["digestMultibase"]
            == unitcred::domain::credential::digest_multibase(edc1.as_bytes()))
    );
    let (status, report) = b.verify(q).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(check(&report, "parts")["status"], "passed", "{report}");

    // B's recognition credential as an EDC says where the unit was certified.
    b.install_seal(&pb, "VATBE-0222222222").await;
    let (status, sealed) = edc_of(&b, &pb, &recognised).await;
    assert_eq!(status, StatusCode::OK, "{sealed}");
    let (edc, _) = open(&sealed);
    let claim = &edc["credentialSubject"]["hasClaim"][0];
    assert_eq!(
        claim["provenBy"][0]["grade"]["noteLiteral"]["en"],
        "Recognised"
    );
    assert!(
        claim["additionalNote"][0]["noteLiteral"]["en"]
            .as_str()
            .unwrap()
            .contains("eidas:VATBE-0111111111"),
        "{claim}"
    );
    let progress: Value = b
        .get(&pb.token, &format!("/v1/learners/{b_learner}/progress"))
        .await
        .json()
        .await
        .unwrap();
    let units = &progress["qualifications"][0]["units"];
    assert_eq!(units[0]["status"], "recognised", "{progress}");
}

/// Runs `unitcred verify` on `bytes` with nothing else (no database, no network).
fn verify_offline(bytes: &[u8], name: &str, extra: &[&str]) -> (bool, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut args = vec![
        "verify".to_owned(),
        path.display().to_string(),
        "--json".into(),
        "--at".into(),
        "2026-07-15T10:00:00Z".into(),
    ];
    for e in extra {
        let file = dir.path().join(format!("extra-{}", args.len()));
        if e.starts_with("-----BEGIN") {
            std::fs::write(&file, e).unwrap();
            args.push(file.display().to_string());
        } else {
            args.push((*e).to_owned());
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unitcred"))
        .args(&args)
        .env_clear()
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.success(), report)
}

#[tokio::test]
async fn the_learner_gets_edcs_in_the_api_and_the_bundle_and_they_verify_offline() {
    use sha2::Digest;
    let app = spawn_app().await;
    let (p, amina) = school(&app, "ecole-a").await;
    let seal = app.install_seal(&p, "VATBE-0123456789").await;
    let mut ids = Vec::new();
    for unit in ["UAA1", "UAA2", "SAFE"] {
        ids.push(issue_one(&app, &p, &amina, unit).await);
    }
    let access: Value = app
        .post(
            &p.token,
            &format!("/v1/learners/{amina}/access"),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let code = access["code"].as_str().unwrap();
    let r = app
        .get(
            code,
            &format!("/learner/v1/credentials/{}?format=edc", ids[0]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let sealed = r.text().await.unwrap();
    assert_eq!(sealed, edc_of(&app, &p, &ids[0]).await.1);

    let bundle = app
        .get(code, "/learner/v1/bundle")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let files =
        unitcred::services::wallet::unzip(&bundle, unitcred::services::wallet::UPLOAD_UNPACKED)
            .unwrap();
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let edcs: Vec<&str> = manifest["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["files"]["edc"].as_str().unwrap())
        .collect();
    assert_eq!(edcs.len(), 4, "three units and the qualification");
    assert_eq!(manifest["seal_cas"].as_array().unwrap().len(), 1);
    assert_eq!(files["seals/0.pem"], seal.ca_pem.as_bytes());
    assert_eq!(
        files[&format!("credentials/{}.edc.json", ids[0])],
        sealed.as_bytes()
    );

    let (ok, report) = verify_offline(&bundle, "bundle.zip", &[]);
    assert!(ok, "{report}");
    let edc_items: Vec<&Value> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["format"] == "edc")
        .collect();
    assert_eq!(edc_items.len(), 4, "{report}");
    for item in &edc_items {
        assert!(
            item["trust"].as_str().unwrap().contains("trusted CA"),
            "{item}"
        );
    }

    // A changed seal in the bundle (manifest updated to match) fails on its own.
    let mut files = files;
    let path = format!("credentials/{}.edc.json", ids[1]);
    let changed = String::from_utf8(files[&path].clone())
        .unwrap()
        .replacen("Amina", "Amino", 1);
    files.insert(path.clone(), changed.into_bytes());
    let mut manifest = manifest;
    for f in manifest["files"].as_array_mut().unwrap() {
        if f["path"] == path.as_str() {
            f["sha256"] = json!(hex::encode(sha2::Sha256::digest(&files[&path])));
        }
    }
    files.insert(
        "manifest.json".into(),
        serde_json::to_vec(&manifest).unwrap(),
    );
    let (ok, report) = verify_offline(&rezip(&files), "bundle.zip", &[]);
    assert!(!ok);
    let failed: Vec<&Value> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["verified"] == false)
        .collect();
    assert_eq!(failed.len(), 1, "{report}");
    assert_eq!(failed[0]["code"], "invalid_signature");

    // One EDC file on its own: the seal verifies, and is trusted with the CA given.
    let (ok, report) = verify_offline(sealed.as_bytes(), "edc.json", &[]);
    assert!(ok, "{report}");
    let (ok, report) = verify_offline(sealed.as_bytes(), "edc.json", &["--seal-ca", &seal.ca_pem]);
    assert!(ok, "{report}");
    assert!(
        report["items"][0]["trust"]
            .as_str()
            .unwrap()
            .contains("trusted CA"),
        "{report}"
    );
}

fn rezip(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        zip.start_file(path.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The learner downloads a credential "for Europass" from their page, and an employer drops
/// that file on the verifier page: a card in plain words, every check green, in the page's
/// language; a changed copy shows the seal check failed.
#[tokio::test]
async fn the_learner_page_offers_europass_files_and_the_verifier_page_reads_them() {
    use crate::web::Browser;
    let app = spawn_app().await;
    let (p, amina) = school(&app, "ecole-a").await;
    let id = issue_one(&app, &p, &amina, "UAA2").await;
    let access: Value = app
        .post(
            &p.token,
            &format!("/v1/learners/{amina}/access"),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let code = access["code"].as_str().unwrap();
    let mut learner = Browser::new(&app);
    assert_eq!(
        learner.get(&format!("/learner/open?code={code}")).await.0,
        StatusCode::SEE_OTHER
    );
    // No seal yet: nothing offered for Europass.
    let (_, page) = learner.get(&format!("/learner/{amina}")).await;
    assert!(!page.contains("/europass"), "{page}");
    app.install_seal(&p, "VATBE-0123456789").await;
    let (_, page) = learner.get(&format!("/learner/{amina}?lang=en")).await;
    let link = format!("/learner/{amina}/credentials/{id}/europass");
    assert!(
        page.contains(&link) && page.contains("Download for Europass"),
        "{page}"
    );
    let r = app
        .http
        .get(app.url(&link))
        .header("cookie", learner.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("europass-{id}.json"))
    );
    let file = r.text().await.unwrap();
    assert_eq!(file, edc_of(&app, &p, &id).await.1);

    let mut employer = Browser::new(&app);
    employer.get("/verify?lang=en").await;
    let csrf = employer.csrf();
    let r = employer
        .post_file(
            "/verify",
            &[("csrf", &csrf)],
            ("file", "europass.json", &file),
        )
        .await;
    let page = r.text().await.unwrap();
    for expected in [
        "European Digital Credential (Europass)",
        "Amina Test",
        "École ecole-a",
        "eidas:VATBE-0123456789",
        "12.5",
        "Electronic seal (JAdES)",
        "Structure (European Learning Model)",
        "Freinage",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    assert!(page.contains(r#"data-verified="true""#), "{page}");
    assert!(!page.contains(r#"class="check failed""#), "{page}");
    let changed = file.replacen("Amina", "Amino", 1);
    let r = employer
        .post_file(
            "/verify",
            &[("csrf", &csrf)],
            ("file", "europass.json", &changed),
        )
        .await;
    let page = r.text().await.unwrap();
    assert!(page.contains(r#"data-verified="false""#), "{page}");
    assert!(
        page.contains(r#"class="check failed" data-check="proof""#),
        "{page}"
    );
}

/// The command line: a development seal made, installed and listed; a trusted list imported;
/// a credential's EDC printed, then verified offline against the seal's CA.
#[tokio::test]
async fn the_command_line_makes_installs_and_lists_seals_and_prints_edcs() {
    let app = spawn_app().await;
    let (p, amina) = school(&app, "ecole-cli").await;
    let id = issue_one(&app, &p, &amina, "UAA1").await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let run = |args: &[&str]| {
        let o = app.cli(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    run(&[
        "seal",
        "dev",
        "--out",
        &out,
        "--organisation",
        "École CLI",
        "--org-id",
        "VATBE-0555555555",
        "--key",
        "ec",
    ]);
    let file = |name: &str| dir.path().join(name).display().to_string();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file("seal-key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let said = run(&[
        "seal",
        "install",
        "--provider",
        "ecole-cli",
        "--chain",
        &file("seal-chain.pem"),
        "--key",
        &file("seal-key.pem"),
    ]);
    assert!(
        said.contains("VATBE-0555555555") && said.contains("ES256"),
        "{said}"
    );
    assert!(run(&["seal", "list", "--provider", "ecole-cli"]).contains("active (seals)"));
    let seals: Value = app.get(&p.token, "/v1/seal").await.json().await.unwrap();
    assert_eq!(
        seals["seals"][0]["organization_identifier"],
        "VATBE-0555555555"
    );
    // A key that is not the certificate's is refused, and nothing changes.
    let other = dev_seal("Other", "VATBE-1");
    std::fs::write(file("other-key.pem"), &other.key_pem).unwrap();
    let o = app.cli(&[
        "seal",
        "install",
        "--provider",
        "ecole-cli",
        "--chain",
        &file("seal-chain.pem"),
        "--key",
        &file("other-key.pem"),
    ]);
    assert!(!o.status.success());

    let ca = openssl::x509::X509::from_pem(&std::fs::read(file("seal-ca.pem")).unwrap()).unwrap();
    std::fs::write(
        file("tl.xml"),
        unitcred::europass::trust_list::sample_list("BE", &[&ca]),
    )
    .unwrap();
    let said = run(&["trust", "seal-cas", "import", &file("tl.xml")]);
    assert!(
        said.contains("EU trusted list BE: 1 seal CA(s) trusted"),
        "{said}"
    );
    assert!(run(&["trust", "seal-cas", "list"]).contains("EU trusted list BE"));

    let printed = run(&[
        "credential",
        "show",
        &id.to_string(),
        "--provider",
        "ecole-cli",
        "--format",
        "edc",
    ]);
    let (edc, header) = open(&printed);
    assert_eq!(header["alg"], "ES256");
    assert_eq!(
        edc["issuer"]["eIDASIdentifier"]["notation"],
        "VATBE-0555555555"
    );
    // The API serves the same stored bytes.
    assert_eq!(edc_of(&app, &p, &id).await.1, printed);
    std::fs::write(file("edc.json"), &printed).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_unitcred"))
        .args([
            "verify",
            &file("edc.json"),
            "--json",
            "--seal-ca",
            &file("seal-ca.pem"),
        ])
        .env_clear()
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(o.status.success(), "{report}");
    assert_eq!(report["items"][0]["format"], "edc");
}

/// The public link of a stored credential (the transcript's QR codes) checks its Europass
/// form with `?format=edc`, for API clients and browsers.
#[tokio::test]
async fn the_public_link_verifies_the_edc_form() {
    let app = spawn_app().await;
    let (p, amina) = school(&app, "ecole-a").await;
    let id = issue_one(&app, &p, &amina, "UAA1").await;
    let get = |accept: &'static str, query: &'static str| {
        let (app, id) = (&app, &id);
        async move {
            app.http
                .get(app.url(&format!("/verify/{id}{query}")))
                .header("accept", accept)
                .send()
                .await
                .unwrap()
        }
    };
    let r = get("application/json", "?format=edc").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "no_seal_certificate"
    );
    assert_eq!(
        get("application/json", "?format=xml").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.install_seal(&p, "VATBE-0123456789").await;
    let body: Value = get("application/json", "?format=edc")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["verified"], true, "{body}");
    assert_eq!(body["format"], "edc");
    let body: Value = get("application/json", "").await.json().await.unwrap();
    assert_eq!(body["format"], "di");
    let page = get("text/html", "?format=edc").await.text().await.unwrap();
    assert!(
        page.contains("European Digital Credential (Europass)")
            || page.contains("Credential européen (Europass)"),
        "{page}"
    );
    assert!(page.contains(r#"data-verified="true""#), "{page}");
    let r = app
        .http
        .get(app.url(&format!("/verify/{}?format=edc", uuid::Uuid::new_v4())))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
