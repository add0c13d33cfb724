//! The W3C VC-API surface: `POST /credentials/issue` (and its jcs/jwt siblings),
//! `POST /credentials/status` and `POST /presentations/verify`, driven over HTTP.

use reqwest::StatusCode;
use serde_json::{Value, json};
use unitcred::crypto::di::{self, Cryptosuite, ProofOptions};
use unitcred::crypto::{did, jose, keys};
use unitcred::jsonld::ContextLoader;

use crate::helpers::*;

const V2: &str = "https://www.w3.org/ns/credentials/v2";

/// A holder's wallet key: a did:key from a TEST-ONLY seed.
fn holder_key(seed: &str) -> keys::SigningKeyPair {
    use sha2::Digest;
    let signing = ed25519_dalek::SigningKey::from_bytes(&sha2::Sha256::digest(seed).into());
    let vm = did::did_key_vm(&signing.verifying_key());
    keys::SigningKeyPair::new(vm.clone(), vm, signing)
}

fn holder_did(key: &keys::SigningKeyPair) -> String {
    did::did_key(&key.verifying_key())
}

/// An ordinary VC 2.0 credential (not an Open Badge) for `subject`, issued by `issuer`: only
/// terms of the VC 2.0 context, which has no `@vocab` (an undefined term cannot be signed).
fn credential(issuer: &str, subject: &str) -> Value {
    json!({
        "@context": [V2],
        "id": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "name": "Atelier soudure TIG",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": subject, "name": "Amina Test"},
    })
}

async fn issue(app: &TestApp, p: &Provider, path: &str, body: &Value) -> (StatusCode, Value) {
    let r = app.post(&p.token, path, body).await;
    let status = r.status();
    (status, r.json().await.unwrap())
}

async fn issued(app: &TestApp, p: &Provider, path: &str, vc: &Value) -> Value {
    let (status, body) = issue(app, p, path, &json!({"credential": vc})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["verifiableCredential"].clone()
}

#[tokio::test]
async fn any_vc2_credential_is_issued_in_each_form_with_a_status_entry_and_verifies() {
    let app = spawn_app().await;
    let p = app.create_provider("centre-a").await;
    let vc = credential(&p.did, "did:example:learner-1");

    // Default: eddsa-rdfc-2022, the credential as sent plus its status entry.
    let di_vc = issued(&app, &p, "/credentials/issue", &vc).await;
    // One proof, as an object (Open Badges credentials keep their one-item array).
    assert_eq!(di_vc["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    for member in [
        "@context",
        "id",
        "type",
        "issuer",
        "validFrom",
        "credentialSubject",
    ] {
        assert_eq!(di_vc[member], vc[member], "{member} changed");
    }
    let status = &di_vc["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusPurpose"], "revocation");
    assert!(
        status["statusListIndex"]
            .as_str()
            .unwrap()
            .parse::<u32>()
            .is_ok()
    );
    let (code, body) = app.verify(di_vc).await;
    assert_eq!(code, StatusCode::OK, "{body}");

    // eddsa-jcs-2022: by its endpoint, or by the options of the default one.
    let jcs = issued(&app, &p, "/jcs/credentials/issue", &vc).await;
    assert_eq!(jcs["proof"]["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(app.verify(jcs).await.0, StatusCode::OK);
    let (code, body) = issue(
        &app,
        &p,
        "/credentials/issue",
        &json!({"credential": vc, "options": {"cryptosuite": "eddsa-jcs-2022"}}),
    )
    .await;
    assert_eq!(code, StatusCode::CREATED);
    assert_eq!(
        body["verifiableCredential"]["proof"]["cryptosuite"],
        "eddsa-jcs-2022"
    );

    // An embedded context may define the credential's own terms (VC 2.0 §4.3).
    let mut own_terms = vc.clone();
    own_terms["@context"] = json!([V2, {"Attendance": "https://centre-a.example/vocab#Attendance",
                                        "hours": "https://centre-a.example/vocab#hours"}]);
    own_terms["type"] = json!(["VerifiableCredential", "Attendance"]);
    own_terms["credentialSubject"]["hours"] = json!(24);
    let secured = issued(&app, &p, "/credentials/issue", &own_terms).await;
    let (code, body) = app.verify(secured).await;
    assert_eq!(code, StatusCode::OK, "{body}");

    // A status entry of another status service is kept as given, beside the issuer's own.
    let mut foreign = vc.clone();
    foreign["@context"] =
        json!([V2, {"ExternalStatus": "https://status.example/vocab#ExternalStatus"}]);
    foreign["credentialStatus"] =
        json!({"id": "https://status.example/lists/7#3", "type": "ExternalStatus"});
    let secured = issued(&app, &p, "/credentials/issue", &foreign).await;
    let entries = secured["credentialStatus"].as_array().unwrap();
    assert_eq!(entries[0], foreign["credentialStatus"]);
    assert_eq!(entries[1]["type"], "BitstringStatusListEntry");

    // vc+jwt, enveloped.
    let jwt = issued(&app, &p, "/jwt/credentials/issue", &vc).await;
    assert_eq!(jwt["type"], "EnvelopedVerifiableCredential");
    assert_eq!(jwt["@context"], json!([V2]));
    assert!(
        jwt["id"]
            .as_str()
            .unwrap()
            .starts_with("data:application/vc+jwt,ey")
    );
    let (code, body) = app.verify(jwt).await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["format"], "vc+jwt");

    // A form the endpoint does not issue, an unknown option: refused.
    let (code, body) = issue(
        &app,
        &p,
        "/jwt/credentials/issue",
        &json!({"credential": vc, "options": {"format": "di-rdfc"}}),
    )
    .await;
    assert_eq!(
        (code, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_option"))
    );
    let (code, _) = issue(
        &app,
        &p,
        "/credentials/issue",
        &json!({"credential": vc, "options": {"mandatoryPointers": ["/issuer"]}}),
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST);

    // Issuing needs the provider's admin token; each issuance is in the audit log.
    let r = app
        .http
        .post(app.url("/credentials/issue"))
        .json(&json!({"credential": vc}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let audit: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    assert_eq!(audit["intact"], true);
    let issued_entries = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "credential.issued_vcapi")
        .count();
    assert_eq!(issued_entries, 6);
}

#[tokio::test]
async fn every_violation_of_the_data_model_is_refused_with_400_before_signing() {
    let app = spawn_app().await;
    let p = app.create_provider("centre-b").await;
    let good = credential(&p.did, "did:example:learner-2");
    let mut cases: Vec<(&str, Value)> = Vec::new();
    let mut with = |name: &'static str, edit: &dyn Fn(&mut Value)| {
        let mut vc = good.clone();
        edit(&mut vc);
        cases.push((name, vc));
    };
    with("@context", &|vc| {
        vc["@context"] = json!(["https://www.w3.org/2018/credentials/v1"])
    });
    with("@context", &|vc| {
        vc["@context"] = json!([V2, "https://example.org/unknown/v1"])
    });
    with("@context", &|vc| vc["@context"] = json!([V2, 5]));
    with("type", &|vc| vc["type"] = json!(["Attendance"]));
    with("credential", &|vc| {
        vc["credentialSubject"]["attended"] = json!("an undefined term")
    });
    with("issuer", &|vc| {
        vc["issuer"] = json!("did:web:someone.else.example")
    });
    with("issuer", &|vc| {
        vc.as_object_mut().unwrap().remove("issuer");
    });
    with("id", &|vc| vc["id"] = json!("not a url"));
    with("validFrom", &|vc| vc["validFrom"] = json!("2026-01-01"));
    with("validUntil", &|vc| {
        vc["validUntil"] = json!("2025-12-31T23:59:59Z")
    });
    with("credentialSubject", &|vc| {
        vc["credentialSubject"] = json!({})
    });
    with("credentialSubject.id", &|vc| {
        vc["credentialSubject"]["id"] = json!("learner 2")
    });
    with("credentialSchema.id", &|vc| {
        vc["credentialSchema"] = json!({"type": "JsonSchema"})
    });
    with("proof", &|vc| {
        vc["proof"] = json!({"type": "DataIntegrityProof"})
    });
    with("credentialStatus", &|vc| {
        vc["credentialStatus"] = json!({"type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "1", "statusListCredential": format!("{PUBLIC_URL}/providers/centre-b/status/revocation/0")})
    });
    with("statusEntry", &|vc| {
        vc["statusEntry"] = json!({"type": "BitstringStatusListEntry",
        "statusListIndex": true})
    });
    for (field, vc) in &cases {
        let (code, body) = issue(&app, &p, "/credentials/issue", &json!({"credential": vc})).await;
        assert_eq!(code, StatusCode::BAD_REQUEST, "{field}: {body}");
        assert_eq!(body["code"], "invalid_credential", "{field}");
        assert!(
            body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["field"] == *field),
            "{field} not named: {body}"
        );
    }
    // Several violations at once: each is listed.
    let mut vc = good.clone();
    vc["validFrom"] = json!("yesterday");
    vc["issuer"] = json!("did:web:someone.else.example");
    let (_, body) = issue(&app, &p, "/credentials/issue", &json!({"credential": vc})).await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");
    // A body that is not {"credential", "options"}.
    for bad in [
        json!({"credentials": good}),
        json!({"credential": "x"}),
        json!([good]),
    ] {
        let (code, body) = issue(&app, &p, "/credentials/issue", &bad).await;
        assert_eq!(
            (code, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("malformed_request"))
        );
    }
    // Nothing was recorded.
    let audit: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    assert!(
        !audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "credential.issued_vcapi")
    );
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_issues_once() {
    let app = spawn_app().await;
    let p = app.create_provider("centre-c").await;
    let body = json!({"credential": credential(&p.did, "did:example:l3")});
    let send = |body: Value| {
        app.http
            .post(app.url("/credentials/issue"))
            .bearer_auth(&p.token)
            .header("idempotency-key", "issue-42")
            .json(&body)
            .send()
    };
    let first = send(body.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = first.text().await.unwrap();
    let again = send(body.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap(), first);
    let other = send(json!({"credential": credential(&p.did, "did:example:l4")}))
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let audit: Value = app.get(&p.token, "/v1/audit").await.json().await.unwrap();
    let n = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "credential.issued_vcapi")
        .count();
    assert_eq!(n, 1);
}

async fn set_status(app: &TestApp, p: &Provider, id: &str, status: &str) -> (StatusCode, Value) {
    let r = app
        .post(
            &p.token,
            "/credentials/status",
            &json!({"credentialId": id,
        "credentialStatus": [{"type": "BitstringStatusListCredential", "status": status}],
        "reason": "contrôle qualité"}),
        )
        .await;
    let code = r.status();
    (code, r.json().await.unwrap())
}

#[tokio::test]
async fn the_status_endpoint_revokes_suspends_and_reinstates_what_was_issued() {
    let app = spawn_app().await;
    let p = app.create_provider("centre-d").await;
    let vc = credential(&p.did, "did:example:l5");
    let secured = issued(&app, &p, "/credentials/issue", &vc).await;
    let id = vc["id"].as_str().unwrap();

    let (code, body) = set_status(&app, &p, id, "suspended").await;
    assert_eq!(
        (code, body["status"].as_str()),
        (StatusCode::OK, Some("suspended")),
        "{body}"
    );
    let (code, body) = app.verify(secured.clone()).await;
    assert_eq!(
        (code, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("suspended"))
    );
    let (code, _) = set_status(&app, &p, id, "active").await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(app.verify(secured.clone()).await.0, StatusCode::OK);
    let (code, _) = set_status(&app, &p, id, "revoked").await;
    assert_eq!(code, StatusCode::OK);
    let (code, body) = app.verify(secured).await;
    assert_eq!(
        (code, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("revoked"))
    );
    let (code, body) = set_status(&app, &p, id, "active").await;
    assert_eq!(
        (code, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("credential_revoked"))
    );

    // A credential whose entry is for suspension only cannot be revoked.
    let vc2 = credential(&p.did, "did:example:l6");
    let (code, body) = issue(&app, &p, "/credentials/issue", &json!({"credential": vc2,
        "options": {"credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"}}})).await;
    assert_eq!(code, StatusCode::CREATED);
    assert_eq!(
        body["verifiableCredential"]["credentialStatus"]["statusPurpose"],
        "suspension"
    );
    let (code, _) = set_status(&app, &p, vc2["id"].as_str().unwrap(), "revoked").await;
    assert_eq!(code, StatusCode::CONFLICT);

    // Two credentials with one id: named by their record instead.
    let twin = credential(&p.did, "did:example:l7");
    let a = issue(&app, &p, "/credentials/issue", &json!({"credential": twin}))
        .await
        .1;
    issued(&app, &p, "/credentials/issue", &twin).await;
    let (code, body) = set_status(&app, &p, twin["id"].as_str().unwrap(), "suspended").await;
    assert_eq!(
        (code, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("ambiguous_credential"))
    );
    let (code, _) = set_status(
        &app,
        &p,
        a["credentialRecord"].as_str().unwrap(),
        "suspended",
    )
    .await;
    assert_eq!(code, StatusCode::OK);

    // The school's own credentials, named urn:uuid:<id>, go through the same revocation.
    let (school_p, learner) = school(&app, "ecole-vcapi").await;
    let unit = issue_one(&app, &school_p, &learner, "UAA1").await;
    let (code, body) = set_status(&app, &school_p, &format!("urn:uuid:{unit}"), "revoked").await;
    assert_eq!(
        (code, body["status"].as_str()),
        (StatusCode::OK, Some("revoked")),
        "{body}"
    );

    // Another provider's credential is not found; bad bodies are refused.
    let (code, _) = set_status(&app, &school_p, id, "suspended").await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (code, _) = set_status(&app, &p, id, "expired").await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .http
        .post(app.url("/credentials/status"))
        .json(&json!({"credentialId": id}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

/// A presentation of `vcs` by `key`, proved for authentication with `challenge` and `domain`.
fn present(
    key: &keys::SigningKeyPair,
    holder: Option<&str>,
    vcs: &[Value],
    challenge: &str,
    domain: Option<&str>,
) -> Value {
    let mut vp = json!({"@context": [V2], "type": ["VerifiablePresentation"],
                        "verifiableCredential": vcs});
    if let Some(h) = holder {
        vp["holder"] = json!(h);
    }
    let options = ProofOptions {
        suite: Cryptosuite::EddsaRdfc2022,
        verification_method: key.vm_id(),
        created: time::OffsetDateTime::now_utc(),
        proof_purpose: "authentication",
    };
    di::add_presentation_proof(
        &vp,
        &options,
        challenge,
        domain,
        key,
        ContextLoader::pinned(),
    )
    .unwrap()
}

async fn verify_vp(app: &TestApp, vp: &Value, options: Value) -> (StatusCode, Value) {
    let r = app
        .http
        .post(app.url("/presentations/verify"))
        .json(&json!({"verifiablePresentation": vp, "options": options}))
        .send()
        .await
        .unwrap();
    let code = r.status();
    (code, r.json().await.unwrap())
}

#[tokio::test]
async fn a_presentation_proves_its_presenter_holds_the_credentials() {
    let app = spawn_app().await;
    let p = app.create_provider("centre-e").await;
    let wallet = holder_key("TEST-ONLY wallet A");
    let holder = holder_did(&wallet);
    let mine = issued(&app, &p, "/credentials/issue", &credential(&p.did, &holder)).await;
    let jwt_mine = issued(
        &app,
        &p,
        "/jwt/credentials/issue",
        &credential(&p.did, &holder),
    )
    .await;
    let domain = "employeur.example";

    let vp = present(
        &wallet,
        Some(&holder),
        &[mine.clone(), jwt_mine.clone()],
        "c-1",
        Some(domain),
    );
    let (code, body) = verify_vp(&app, &vp, json!({"challenge": "c-1", "domain": domain})).await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["holder"], holder.as_str());
    assert_eq!(body["credentials"].as_array().unwrap().len(), 2);
    assert!(
        body["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["holderBinding"] == "passed")
    );

    let refused = |code: &'static str| {
        move |(status, body): (StatusCode, Value)| {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(body["code"], code, "{body}");
            assert_eq!(body["verified"], false);
        }
    };
    // The verifier must give a challenge; the proof must answer it and the domain.
    let (code, body) = verify_vp(&app, &vp, json!({"domain": domain})).await;
    assert_eq!(
        (code, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed_request"))
    );
    refused("challenge_mismatch")(
        verify_vp(&app, &vp, json!({"challenge": "c-2", "domain": domain})).await,
    );
    refused("domain_mismatch")(
        verify_vp(
            &app,
            &vp,
            json!({"challenge": "c-1", "domain": "other.example"}),
        )
        .await,
    );
    let unbound = present(
        &wallet,
        Some(&holder),
        std::slice::from_ref(&mine),
        "c-1",
        None,
    );
    refused("domain_mismatch")(
        verify_vp(
            &app,
            &unbound,
            json!({"challenge": "c-1", "domain": domain}),
        )
        .await,
    );
    // Not proved for authentication.
    let options = ProofOptions {
        suite: Cryptosuite::EddsaRdfc2022,
        verification_method: wallet.vm_id(),
        created: time::OffsetDateTime::now_utc(),
        proof_purpose: "assertionMethod",
    };
    let asserted = di::add_presentation_proof(
        &json!({"@context": [V2], "type": ["VerifiablePresentation"]}),
        &options,
        "c-1",
        None,
        &wallet,
        ContextLoader::pinned(),
    )
    .unwrap();
    refused("wrong_proof_purpose")(verify_vp(&app, &asserted, json!({"challenge": "c-1"})).await);
    // Signed by another key than the holder's.
    let thief = holder_key("TEST-ONLY wallet B");
    let stolen = present(
        &thief,
        Some(&holder),
        std::slice::from_ref(&mine),
        "c-1",
        None,
    );
    refused("holder_mismatch")(verify_vp(&app, &stolen, json!({"challenge": "c-1"})).await);
    // Presented by its signer, but the credential is someone else's.
    let not_theirs = present(&thief, None, std::slice::from_ref(&mine), "c-1", None);
    let (code, body) = verify_vp(&app, &not_theirs, json!({"challenge": "c-1"})).await;
    refused("not_holder")((code, body.clone()));
    assert_eq!(body["credentials"][0]["holderBinding"], "failed");
    // Verified as the data model defines it, without the binding, when the caller says so.
    let (code, body) = verify_vp(
        &app,
        &not_theirs,
        json!({"challenge": "c-1", "holderBinding": false}),
    )
    .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["credentials"][0]["holderBinding"], "not_checked");
    // A self-asserted credential (no proof of its own) stands when its issuer is the holder
    // the presentation names: the presentation's proof signs its claims.
    let thief_did = holder_did(&thief);
    let claim = |issuer: &str| {
        json!({"@context": [V2], "type": ["VerifiableCredential"],
        "issuer": issuer, "credentialSubject": {"id": thief_did, "name": "Self"}})
    };
    let own = present(&thief, Some(&thief_did), &[claim(&thief_did)], "c-1", None);
    let (code, body) = verify_vp(&app, &own, json!({"challenge": "c-1"})).await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["credentials"][0]["format"], "self-asserted");
    let unnamed = present(&thief, None, &[claim(&thief_did)], "c-1", None);
    let (code, body) = verify_vp(&app, &unnamed, json!({"challenge": "c-1"})).await;
    refused("credential_invalid")((code, body.clone()));
    assert_eq!(body["credentials"][0]["code"], "unsecured_credential");
    let forged = present(&thief, Some(&thief_did), &[claim(&p.did)], "c-1", None);
    refused("credential_invalid")(verify_vp(&app, &forged, json!({"challenge": "c-1"})).await);
    // Tampered after signing.
    let mut tampered = vp.clone();
    tampered["holder"] = json!(holder_did(&thief));
    let (code, body) = verify_vp(
        &app,
        &tampered,
        json!({"challenge": "c-1", "domain": domain}),
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    assert!(
        matches!(
            body["code"].as_str(),
            Some("holder_mismatch" | "invalid_signature")
        ),
        "{body}"
    );
    // A revoked credential in the presentation fails it.
    set_status(&app, &p, mine["id"].as_str().unwrap(), "revoked").await;
    refused("credential_invalid")(
        verify_vp(&app, &vp, json!({"challenge": "c-1", "domain": domain})).await,
    );
}

#[tokio::test]
async fn a_challenge_handed_out_here_answers_one_presentation_and_vp_jwt_is_accepted() {
    let app = spawn_app().await;
    let p = app.create_provider("centre-f").await;
    let wallet = holder_key("TEST-ONLY wallet C");
    let holder = holder_did(&wallet);
    let mine = issued(&app, &p, "/credentials/issue", &credential(&p.did, &holder)).await;

    let r = app
        .http
        .post(app.url("/presentations/challenges"))
        .json(&json!({"domain": "rh.employeur.example"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let asked: Value = r.json().await.unwrap();
    let challenge = asked["challenge"].as_str().unwrap();
    let options = json!({"challenge": challenge, "domain": "rh.employeur.example"});

    // vp+jwt: nonce = challenge, aud = domain, signed by the holder's key.
    let payload = json!({"@context": [V2], "type": ["VerifiablePresentation"], "holder": holder,
        "verifiableCredential": [mine], "nonce": challenge, "aud": "rh.employeur.example",
        "iss": holder});
    let token =
        jose::sign_typed(&serde_json::to_vec(&payload).unwrap(), &wallet, "vp+jwt").unwrap();
    let enveloped = json!({"@context": [V2], "type": "EnvelopedVerifiablePresentation",
                           "id": format!("data:application/vp+jwt,{token}")});
    let (code, body) = verify_vp(&app, &enveloped, options.clone()).await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["format"], "vp+jwt");

    // The same challenge again: replayed, whatever the form.
    let (code, body) = verify_vp(&app, &Value::String(token.clone()), options.clone()).await;
    assert_eq!(
        (code, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("challenge_replayed")),
        "{body}"
    );
    let di_vp = present(
        &wallet,
        Some(&holder),
        &[],
        challenge,
        Some("rh.employeur.example"),
    );
    let (_, body) = verify_vp(&app, &di_vp, options).await;
    assert_eq!(body["code"], "challenge_replayed");

    // A vp+jwt whose nonce is another challenge, or signed by another key.
    let other = json!({"challenge": "c-9"});
    assert_eq!(
        verify_vp(&app, &Value::String(token), other).await.1["code"],
        "challenge_mismatch"
    );
    let thief = holder_key("TEST-ONLY wallet D");
    let mut forged = payload.clone();
    forged["nonce"] = json!("c-9");
    let forged = jose::sign_typed(&serde_json::to_vec(&forged).unwrap(), &thief, "vp+jwt").unwrap();
    let (_, body) = verify_vp(&app, &Value::String(forged), json!({"challenge": "c-9"})).await;
    assert_eq!(body["code"], "holder_mismatch", "{body}");
    // A challenge request needs a domain.
    let r = app
        .http
        .post(app.url("/presentations/challenges"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The `openid4vp://` request the verifier page shows, as a wallet reads it from the QR code.
fn request_params(page: &str) -> std::collections::HashMap<String, String> {
    let start = page
        .find("openid4vp://?")
        .expect("request link on the page");
    let link = page[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    reqwest::Url::parse(&link)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn the_verifier_page_asks_a_wallet_for_a_presentation_by_openid4vp() {
    let app = spawn_app().await;
    let p = app.create_provider("centre-g").await;
    let wallet = holder_key("TEST-ONLY wallet E");
    let holder = holder_did(&wallet);
    let mine = issued(&app, &p, "/credentials/issue", &credential(&p.did, &holder)).await;

    // The employer asks: a request page with its QR code.
    let mut employer = crate::web::Browser::new(&app);
    let (status, _) = employer.get("/verify/request").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = employer.csrf();
    let r = employer.post("/verify/request", &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let follow = r.headers()["location"].to_str().unwrap().to_owned();
    let (status, page) = employer.get(&follow).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<svg"), "QR code shown");
    let request = request_params(&page);
    assert_eq!(request["response_type"], "vp_token");
    assert_eq!(request["response_mode"], "direct_post");
    let client_id = &request["client_id"];
    assert_eq!(
        client_id,
        &format!("redirect_uri:{}", request["response_uri"])
    );
    let dcql: Value = serde_json::from_str(&request["dcql_query"]).unwrap();
    assert_eq!(dcql["credentials"][0]["format"], "ldp_vc");
    let response_uri = request["response_uri"].replace(PUBLIC_URL, &app.base);

    // A presentation bound to another nonce is refused, and the request stays open.
    let answer = |vp: Value, state: &str| {
        let vp_token = json!({"units": [vp]}).to_string();
        let form = [("vp_token", vp_token), ("state", state.to_owned())];
        app.http.post(&response_uri).form(&form).send()
    };
    let wrong = present(
        &wallet,
        Some(&holder),
        std::slice::from_ref(&mine),
        "another",
        Some(client_id),
    );
    let r = answer(wrong, &request["state"]).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_request");
    let (_, page) = employer.get(&follow).await;
    assert!(page.contains("openid4vp://"), "still waiting");

    // The wallet answers: nonce as challenge, client_id as domain.
    let vp = present(
        &wallet,
        Some(&holder),
        std::slice::from_ref(&mine),
        &request["nonce"],
        Some(client_id),
    );
    let r = answer(vp.clone(), &request["state"]).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let (_, page) = employer.get(&follow).await;
    assert!(page.contains(&holder), "presenter shown");
    assert!(page.contains("verdict ok"), "{page}");
    // What was checked of the presentation itself, in the page's language.
    let (_, page) = employer.get(&format!("{follow}?lang=fr")).await;
    assert!(
        page.contains("Signature du titulaire") && page.contains("présentée par"),
        "{page}"
    );
    // The same answer again: the request is used up.
    let r = answer(vp, &request["state"]).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // An unknown request.
    let (status, _) = employer.get("/verify/request/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_address_cannot_flood_the_challenges() {
    let app = spawn_app().await;
    let ask = |client: reqwest::Client| {
        let url = app.url("/presentations/challenges");
        async move {
            client
                .post(url)
                .json(&json!({"domain": "rh.employeur.example"}))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..600 {
        assert_eq!(ask(app.http.clone()).await.status(), StatusCode::CREATED);
    }
    let r = ask(app.http.clone()).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "too_many_requests"
    );
    // Another address is not held back.
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    assert_eq!(ask(other).await.status(), StatusCode::CREATED);
}
